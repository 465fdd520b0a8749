package main

import (
	"bufio"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// bootstrapPassword is the first hub admin's password in the end-to-end
// tests.
const (
	bootstrapEmail    = "admin@localhost"
	bootstrapPassword = "correct horse battery staple"
)

// signInWithPassword signs the bootstrap admin in and returns a client
// carrying the token.
func signInWithPassword(t *testing.T, c client, email, password string) client {
	t.Helper()
	body := c.ok("POST", "/v1/signIn:password", map[string]any{"email": email, "password": password})
	tok, _ := body["accessToken"].(string)
	if tok == "" {
		t.Fatalf("no access token in %v", body)
	}
	return c.as(tok)
}

// links finds the sign-in links the directory wrote to its log.
type links interface {
	latest(email string) string
}

var linkLine = regexp.MustCompile(`msg="?sign-in link"?.*`)
var linkAttr = regexp.MustCompile(`link=("[^"]+"|\S+)`)
var emailAttr = regexp.MustCompile(`email=("[^"]+"|\S+)`)

// parseLinks returns email → last link found in log text.
func parseLinks(text string) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !linkLine.MatchString(line) {
			continue
		}
		l, e := linkAttr.FindStringSubmatch(line), emailAttr.FindStringSubmatch(line)
		if l == nil || e == nil {
			continue
		}
		out[strings.Trim(e[1], `"`)] = strings.Trim(l[1], `"`)
	}
	return out
}

// logFile reads links from a process's log file.
type logFile string

func (f logFile) latest(email string) string {
	b, _ := os.ReadFile(string(f))
	return parseLinks(string(b))[email]
}

// logBuffer collects an in-process log.
type logBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) latest(email string) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return parseLinks(b.buf.String())[email]
}

// signInByLink asks for a sign-in link for email, finds it in the log (as
// the person would in their inbox) and redeems it.
func signInByLink(t *testing.T, c client, l links, email string) client {
	t.Helper()
	before := l.latest(email)
	c.as("").ok("POST", "/v1/signIn:requestLink", map[string]any{"email": email})
	var link string
	deadline := time.Now().Add(10 * time.Second)
	for link = l.latest(email); link == "" || link == before; link = l.latest(email) {
		if time.Now().After(deadline) {
			t.Fatalf("no sign-in link for %s appeared in the log", email)
		}
		time.Sleep(20 * time.Millisecond)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	body := c.as("").ok("POST", "/v1/signIn:redeemLink", map[string]any{"token": u.Query().Get("token")})
	// A link works once.
	if r := c.as("").do("POST", "/v1/signIn:redeemLink", map[string]any{"token": u.Query().Get("token")}); r.code != 401 {
		t.Fatalf("second use of a sign-in link: %d %s", r.code, r.raw)
	}
	return c.as(body["accessToken"].(string))
}
