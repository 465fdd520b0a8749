package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// client speaks REST to a running gateway, as one signed-in person (or
// as nobody when token is empty).
type client struct {
	t     *testing.T
	base  string
	token string
}

// as returns the same client for another token.
func (c client) as(token string) client { c.token = token; return c }

type reply struct {
	code int
	body map[string]any
	raw  string
}

func (c client) do(method, path string, body any) reply {
	c.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	r, _ := roundTrip(c.t, req)
	return r
}

// roundTrip sends req and reads its reply, and the reply's headers.
func roundTrip(t *testing.T, req *http.Request) (reply, http.Header) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{code: resp.StatusCode, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r, resp.Header
}

// ok calls and insists on 200, returning the body.
func (c client) ok(method, path string, body any) map[string]any {
	c.t.Helper()
	r := c.do(method, path, body)
	if r.code != http.StatusOK {
		c.t.Fatalf("%s %s: %d %s", method, path, r.code, r.raw)
	}
	return r.body
}

// eventually polls a GET until check accepts the body.
func (c client) eventually(path string, what string, check func(map[string]any) bool) map[string]any {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := c.do("GET", path, nil)
		if r.code == http.StatusOK && check(r.body) {
			return r.body
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("GET %s: %s never happened; last answer %d %s", path, what, r.code, r.raw)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func num(v any) int {
	switch x := v.(type) {
	case float64:
		return int(x)
	case string:
		var n int
		_, _ = fmt.Sscan(x, &n)
		return n
	}
	return 0
}

// slice is what walkSlice created, for checks after a restart.
type slice struct {
	partnership, campaign, round string
	submissions                  []string
}

// walkSlice takes the thin slice through every service over REST:
// directory, template, submission, reminder, reporting and case audit.
func walkSlice(t *testing.T, c client, l links, id string) slice {
	t.Helper()
	p := "partnerships/" + id
	c.ok("POST", "/v1/partnerships?partnershipId="+id, map[string]any{"displayName": "Northshire " + id, "hub": "hubs/default"})
	if got := c.ok("GET", "/v1/"+p, nil); got["displayName"] != "Northshire "+id {
		t.Fatalf("get partnership: %v", got)
	}
	orgs := []string{id + "-police", id + "-school", id + "-nhs"}
	types := []string{"ORGANISATION_TYPE_POLICE", "ORGANISATION_TYPE_SCHOOL", "ORGANISATION_TYPE_HEALTH_TRUST"}
	for i, o := range orgs {
		c.ok("POST", "/v1/organisations?organisationId="+o, map[string]any{
			"displayName": "Org " + o, "type": types[i], "partnerships": []string{p}})
	}
	// The leads of two organisations, who answer for them.
	leads := map[string]client{}
	for _, o := range []string{orgs[0], orgs[2]} {
		email := "lead@" + o + ".example.org"
		person := c.ok("POST", "/v1/people", map[string]any{"email": email, "displayName": "Lead of " + o})
		c.ok("POST", "/v1/"+person["name"].(string)+"/memberships", map[string]any{
			"role": "ROLE_ORGANISATION_LEAD", "organisation": "organisations/" + o})
		leads[o] = signInByLink(t, c, l, email)
	}
	list := c.ok("GET", "/v1/organisations?partnership="+p+"&pageSize=2", nil)
	if n := len(list["organisations"].([]any)); n != 2 || list["nextPageToken"] == "" {
		t.Fatalf("first page of organisations: %v", list)
	}

	tmpl := c.ok("POST", "/v1/"+p+"/templates?templateId=s11", map[string]any{
		"displayName": "Section 11 self-assessment", "kind": "TEMPLATE_KIND_SECTION_11",
		"sections": []any{map[string]any{"code": "S1", "title": "Senior management commitment", "questions": []any{
			map[string]any{"key": "s1_rating", "text": "How well is the standard met?", "required": true,
				"rating": map[string]any{"grades": []any{
					map[string]any{"value": "red", "label": "Not met", "colour": "#d4351c", "score": 1},
					map[string]any{"value": "amber", "label": "Partly met", "colour": "#f47738", "score": 2},
					map[string]any{"value": "green", "label": "Fully met", "colour": "#00703c", "score": 3}}}},
			map[string]any{"key": "s1_evidence", "text": "What evidence supports the rating?", "textAnswer": map[string]any{"maxLength": 2000, "multiline": true}},
		}}}})
	version := c.ok("POST", "/v1/"+p+"/templates/s11:publish", map[string]any{"etag": tmpl["etag"]})
	if version["name"] != p+"/templates/s11/versions/1" {
		t.Fatalf("publish: %v", version)
	}
	// The hub's shared library over REST: a hub template, published and
	// copied into the partnership as its own draft.
	hub := "hubs/default/templates/lib-" + id
	libT := c.ok("POST", "/v1/hubs/default/templates?templateId=lib-"+id, map[string]any{
		"displayName": "Library case audit", "kind": "TEMPLATE_KIND_CASE_AUDIT",
		"sections": []any{map[string]any{"code": "C1", "title": "Voice of the child", "questions": []any{
			map[string]any{"key": "c1_voice", "text": "Is the child's voice heard?", "yesNo": map[string]any{}}}}}})
	libV := c.ok("POST", "/v1/"+hub+":publish", map[string]any{"etag": libT["etag"]})
	if got := c.ok("GET", "/v1/"+hub+"/versions/1", nil); libV["name"] != hub+"/versions/1" || got["name"] != libV["name"] {
		t.Fatalf("hub version: %v %v", libV, got)
	}
	copied := c.ok("POST", "/v1/"+p+"/templates:copy", map[string]any{"source": libV["name"], "templateId": "case-audit"})
	if copied["name"] != p+"/templates/case-audit" || copied["sourceVersion"] != libV["name"] {
		t.Fatalf("copy: %v", copied)
	}

	orgNames := make([]string, len(orgs))
	for i, o := range orgs {
		orgNames[i] = "organisations/" + o
	}
	due := time.Now().Add(60 * 24 * time.Hour).UTC().Format(time.RFC3339)
	camp := c.ok("POST", "/v1/"+p+"/campaigns?campaignId=s11-2026", map[string]any{
		"displayName": "Section 11 audit 2026", "templateVersion": version["name"], "organisations": orgNames, "dueTime": due})
	cname := camp["name"].(string)
	for i := 0; i < 2; i++ { // launching twice creates the submissions once
		if got := c.ok("POST", "/v1/"+cname+":launch", map[string]any{}); got["state"] != "CAMPAIGN_STATE_OPEN" {
			t.Fatalf("launch: %v", got)
		}
	}
	subs := c.ok("GET", "/v1/"+cname+"/submissions", nil)["submissions"].([]any)
	if len(subs) != 3 {
		t.Fatalf("want 3 submissions, got %d", len(subs))
	}
	var names []string
	for _, s := range subs {
		names = append(names, s.(map[string]any)["name"].(string))
	}

	// The first organisation answers and submits; the second saves a draft.
	// Submissions are named by organisation: nhs, police, school.
	nhs, police := leads[orgs[2]], leads[orgs[0]]
	first := nhs.ok("GET", "/v1/"+names[0], nil)
	saved := nhs.ok("POST", "/v1/"+names[0]+":saveAnswers", map[string]any{"etag": first["etag"], "answers": []any{
		map[string]any{"questionKey": "s1_rating", "grade": "amber"},
		map[string]any{"questionKey": "s1_evidence", "text": "Board minutes, March 2026"}}})
	stale := nhs.do("POST", "/v1/"+names[0]+":saveAnswers", map[string]any{"etag": first["etag"], "answers": []any{
		map[string]any{"questionKey": "s1_rating", "grade": "green"}}})
	if stale.code != http.StatusConflict {
		t.Fatalf("stale save: want 409, got %d %s", stale.code, stale.raw)
	}
	if got := nhs.ok("POST", "/v1/"+names[0]+":submit", map[string]any{"etag": saved["etag"]}); got["state"] != "SUBMISSION_STATE_SUBMITTED" {
		t.Fatalf("submit: %v", got)
	}
	second := police.ok("GET", "/v1/"+names[1], nil)
	police.ok("POST", "/v1/"+names[1]+":saveAnswers", map[string]any{"etag": second["etag"], "answers": []any{
		map[string]any{"questionKey": "s1_rating", "grade": "red"}}})
	// Another organisation's return answers exactly as a missing one.
	foreign := police.do("GET", "/v1/"+names[0], nil)
	missing := police.do("GET", "/v1/"+cname+"/submissions/nobody", nil)
	if foreign.code != 404 || missing.code != 404 ||
		strings.ReplaceAll(foreign.raw, names[0], "X") != strings.ReplaceAll(missing.raw, cname+"/submissions/nobody", "X") {
		t.Fatalf("foreign %d %s, missing %d %s", foreign.code, foreign.raw, missing.code, missing.raw)
	}
	// A lead cannot launch campaigns.
	if r := police.do("POST", "/v1/"+cname+":launch", map[string]any{}); r.code != 404 {
		t.Fatalf("lead launching: %d %s", r.code, r.raw)
	}

	// Reminder: the two not submitted are outstanding.
	c.eventually("/v1/"+cname+"/outstandingSubmissions", "two outstanding", func(b map[string]any) bool {
		s, _ := b["submissions"].([]any)
		return len(s) == 2 && num(b["totalSize"]) == 2
	})
	// Reporting: one of each state.
	c.eventually("/v1/"+cname+"/completionReport", "the completion report", func(b map[string]any) bool {
		return num(b["total"]) == 3 && num(b["submitted"]) == 1 && num(b["inProgress"]) == 1 && num(b["notStarted"]) == 1
	})

	round := c.ok("POST", "/v1/"+p+"/rounds?roundId=neglect-2026", map[string]any{"theme": "Neglect in under-fives",
		"cases": []any{map[string]any{"reference": "CASE-2026-001", "agencies": orgNames[:2]},
			map[string]any{"reference": "CASE-2026-002", "agencies": orgNames[1:]}}})
	if got := c.ok("GET", "/v1/"+round["name"].(string), nil); len(got["cases"].([]any)) != 2 {
		t.Fatalf("round: %v", got)
	}
	if rounds := c.ok("GET", "/v1/"+p+"/rounds", nil); len(rounds["rounds"].([]any)) != 1 {
		t.Fatalf("rounds: %v", rounds)
	}
	return slice{partnership: p, campaign: cname, round: round["name"].(string), submissions: names}
}

// checkSliceKept checks what walkSlice created is all still there.
func checkSliceKept(t *testing.T, c client, s slice) {
	t.Helper()
	c.ok("GET", "/v1/"+s.partnership, nil)
	if got := c.ok("GET", "/v1/"+s.submissions[0], nil); got["state"] != "SUBMISSION_STATE_SUBMITTED" || len(got["answers"].([]any)) != 2 {
		t.Fatalf("submission after restart: %v", got)
	}
	c.ok("GET", "/v1/"+s.round, nil)
	c.eventually("/v1/"+s.campaign+"/completionReport", "the report after restart", func(b map[string]any) bool {
		return num(b["total"]) == 3 && num(b["submitted"]) == 1
	})
	c.eventually("/v1/"+s.campaign+"/outstandingSubmissions", "outstanding after restart", func(b map[string]any) bool {
		return num(b["totalSize"]) == 2
	})
}

// checkBadInput sends the kinds of bad input a person or a buggy client
// sends and expects a clear 4xx naming the field, never a 5xx.
func checkBadInput(t *testing.T, c client) {
	t.Helper()
	b64 := base64.RawURLEncoding.EncodeToString
	algNone := b64([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		b64([]byte(`{"iss":"http://localhost:8080","sub":"anyone","aud":"assure","exp":4102444800}`)) + "."
	tampered := strings.Split(c.token, ".")
	tampered[1] = b64([]byte(`{"iss":"http://localhost:8080","sub":"someone-else","aud":"assure","exp":4102444800}`))
	tests := []struct {
		name, method, path string
		body               any
		code               int
		field              string
		token              string
	}{
		{"no token", "GET", "/v1/partnerships", nil, 401, "", "-"},
		{"garbage token", "GET", "/v1/partnerships", nil, 401, "", "not-a-token"},
		{"alg none token", "GET", "/v1/partnerships", nil, 401, "", algNone},
		{"tampered token", "GET", "/v1/partnerships", nil, 401, "", strings.Join(tampered, ".")},
		{"unknown field", "POST", "/v1/partnerships", `{"displayName":"x","colour":"red"}`, 400, "colour", ""},
		{"wrong type", "POST", "/v1/partnerships", `{"displayName":42}`, 400, "displayName", ""},
		{"not JSON", "POST", "/v1/partnerships", `{"displayName":`, 400, "body", ""},
		{"missing required", "POST", "/v1/partnerships", `{}`, 400, "partnership.display_name", ""},
		{"bad enum", "POST", "/v1/organisations", `{"displayName":"x","type":"ORGANISATION_TYPE_PIRATE","partnerships":["partnerships/a"]}`, 400, "type", ""},
		{"out of range", "GET", "/v1/partnerships?pageSize=100000", nil, 400, "page_size", ""},
		{"bad page token", "GET", "/v1/partnerships?pageToken=forged", nil, 400, "page_token", ""},
		{"bad name", "GET", "/v1/partnerships/NOT_VALID", nil, 400, "name", ""},
		{"too large", "POST", "/v1/partnerships", `{"displayName":"` + strings.Repeat("x", 2<<20) + `"}`, 413, "", ""},
		{"unknown resource", "GET", "/v1/partnerships/nobody-here", nil, 404, "", ""},
		{"unknown path", "GET", "/v1/nothing/here/at/all", nil, 404, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := c
			switch tt.token {
			case "":
			case "-":
				cl = c.as("")
			default:
				cl = c.as(tt.token)
			}
			r := cl.do(tt.method, tt.path, tt.body)
			if r.code != tt.code {
				t.Fatalf("want %d, got %d %s", tt.code, r.code, r.raw)
			}
			if _, ok := r.body["code"]; !ok {
				t.Fatalf("body is not a google.rpc.Status: %s", r.raw)
			}
			if tt.field == "" {
				return
			}
			for _, d := range r.body["details"].([]any) {
				for _, v := range d.(map[string]any)["fieldViolations"].([]any) {
					fv := v.(map[string]any)
					if fv["field"] == tt.field && fv["description"] != "" {
						return
					}
				}
			}
			t.Fatalf("no violation for %s in %s", tt.field, r.raw)
		})
	}
}
