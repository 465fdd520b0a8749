package webapp

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(Handler())
	defer srv.Close()
	get := func(method, path string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}

	resp, index := get("GET", "/")
	if resp.StatusCode != 200 || !strings.Contains(index, `<div id="app">`) {
		t.Fatalf("GET /: %d %q", resp.StatusCode, index)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	// Every page path answers the index, which routes in the browser.
	for _, p := range []string{"/sign-in?token=abc", "/audits", "/respond/partnerships/n/campaigns/c/submissions/o/-/review"} {
		if resp, body := get("GET", p); resp.StatusCode != 200 || body != index {
			t.Errorf("GET %s: %d, index %v", p, resp.StatusCode, body == index)
		}
	}
	// The assets the index names are served, cached for good.
	refs := regexp.MustCompile(`/assets/[A-Za-z0-9._-]+`).FindAllString(index, -1)
	if len(refs) < 2 {
		t.Fatalf("index names %d assets: %s", len(refs), index)
	}
	for _, ref := range refs {
		resp, body := get("GET", ref)
		if resp.StatusCode != 200 || len(body) == 0 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("GET %s: %d, %d bytes, Cache-Control %q", ref, resp.StatusCode, len(body), resp.Header.Get("Cache-Control"))
		}
	}
	// Browsers that take gzip get the assets compressed, and the same bytes
	// once inflated.
	for _, ref := range refs {
		req, _ := http.NewRequest("GET", srv.URL+ref, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		z, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Fatalf("GET %s with gzip: Content-Encoding %q, Vary %q", ref, resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatal(err)
		}
		inflated, _ := io.ReadAll(zr)
		_, plain := get("GET", ref)
		if string(inflated) != plain || len(z) >= len(plain) {
			t.Errorf("GET %s: gzip of %d bytes inflates to %d, plain %d", ref, len(z), len(inflated), len(plain))
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") && !strings.HasPrefix(ct, "text/javascript") {
			t.Errorf("GET %s: Content-Type %q", ref, ct)
		}
	}
	if resp, _ := get("GET", "/assets/missing.js"); resp.StatusCode != 404 {
		t.Errorf("missing asset: %d", resp.StatusCode)
	}
	// A path climbing out of the app gets the index, never a file beside it.
	if resp, body := get("GET", "/assets/../../webapp.go"); resp.StatusCode != 200 || body != index {
		t.Errorf("path escape: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get("POST", "/audits"); resp.StatusCode != 405 {
		t.Errorf("POST a page: %d", resp.StatusCode)
	}
}

// FuzzHandler: any path answers the index, an asset, 404 or 405, and
// nothing from outside the built app.
func FuzzHandler(f *testing.F) {
	for _, p := range []string{"/", "/assets/x.js", "/assets/../webapp.go", "/%2e%2e/go.mod", "/sign-in?token=a", "//x", "/assets/"} {
		f.Add("GET", p)
	}
	f.Add("POST", "/audits")
	h := Handler()
	f.Fuzz(func(t *testing.T, method, target string) {
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		req, err := http.NewRequest(method, "http://assure.test"+target, nil)
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 304, 404, 405:
		default:
			t.Fatalf("%s %s: %d", method, target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "package webapp") {
			t.Fatalf("%s %s served a source file", method, target)
		}
	})
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{"": false, "gzip": true, "deflate, gzip;q=0.5": true, "GZIP": true, "gzip;q=0": false, "br": false, "x-gzip": false} {
		r, _ := http.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", h)
		if got := acceptsGzip(r); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}
