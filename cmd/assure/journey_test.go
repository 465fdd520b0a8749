package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/testinfra"
)

// TestRESTJourney takes a respondent's and a business unit's whole journey
// over REST through the real gateway: a consortium campaign of two
// partnerships answered by a police force that belongs to both (per-answer
// saves and conflicts, evidence, sign-off, QA return and acceptance,
// actions, campaign changes, the calendar, the respondent's own list and
// the answer history), the read models downstream, and a campaign of one
// partnership. It runs on the embedded default (-target=all, as make run
// starts it) and with every service as its own process on PostgreSQL,
// NATS JetStream and Redis.
func TestRESTJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	for _, setup := range []string{"embedded", "separate"} {
		t.Run(setup, func(t *testing.T) {
			start := time.Now()
			admin, l, stop := startJourneySetup(t, setup)
			j := &journey{t: t, admin: admin, links: l}
			j.directory()
			j.consortiumCampaign()
			j.answering()
			j.evidence()
			j.review()
			j.actions()
			j.campaignAndLists()
			j.downstream()
			j.exports()
			j.caseAudit()
			j.singlePartnership()
			stop()
			t.Logf("%s journey took %s", setup, time.Since(start).Round(time.Millisecond))
		})
	}
}

// startJourneySetup starts the platform the one way or the other and
// returns the bootstrap hub admin signed in, where sign-in links appear,
// and a stop that expects every process to exit cleanly.
func startJourneySetup(t *testing.T, setup string) (client, links, func()) {
	t.Helper()
	switch setup {
	case "embedded":
		env := []string{"ASSURE_BOOTSTRAP_ADMIN_PASSWORD=" + bootstrapPassword}
		p := startProc(t, "all", env, "-target=all", "-data-dir", t.TempDir())
		p.waitReady(t)
		c := signInWithPassword(t, client{t: t, base: "http://" + p.http}, bootstrapEmail, bootstrapPassword)
		return c, logFile(p.log), func() { p.stop(t) }
	case "separate":
		sp := startSeparate(t, sharedInfraEnv(t, testinfra.Postgres(t), ""), nil)
		c := signInWithPassword(t, client{t: t, base: "http://" + sp.gateway.http}, bootstrapEmail, bootstrapPassword)
		return c, logFile(sp.services[Directory].log), func() { sp.stop(t) }
	}
	t.Fatalf("unknown setup %q", setup)
	return client{}, nil, nil
}

// journey is the state the steps share.
type journey struct {
	t     *testing.T
	admin client
	links links

	lead, helper, qa, southAdmin, schoolLead client
	version                                  string // the template version

	campaign, police, northSchool, southSchool string // the consortium campaign and its submissions
	evidenceName                               string
	evidenceContent                            []byte
	action                                     string
}

const (
	jHub        = "hubs/default"
	jNorth      = "partnerships/north"
	jSouth      = "partnerships/south"
	jConsortium = "hubs/default/consortia/ns"
)

// unexpected records behaviour the journey did not expect and lets it go
// on, so one run reports every such place.
func (j *journey) unexpected(format string, args ...any) {
	j.t.Helper()
	j.t.Errorf("UNEXPECTED: "+format, args...)
}

// await polls a GET as c every quarter second, for up to 90 seconds (the
// gateway allows 600 calls a minute from one address), until check
// accepts the body.
func (j *journey) await(c client, path, what string, check func(map[string]any) bool) map[string]any {
	j.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		r := c.do("GET", path, nil)
		if r.code == http.StatusOK && check(r.body) {
			return r.body
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("GET %s: %s never happened; last answer %d %s", path, what, r.code, r.raw)
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// want insists on a status code, returning the reply.
func (j *journey) want(code int, r reply, what string) reply {
	j.t.Helper()
	if r.code != code {
		j.t.Fatalf("%s: want %d, got %d %s", what, code, r.code, r.raw)
	}
	return r
}

// violation reports whether a google.rpc.Status body names field in a
// BadRequest detail.
func jViolation(body map[string]any, field string) bool {
	for _, d := range jList(body["details"]) {
		for _, v := range jList(jObj(d)["fieldViolations"]) {
			if fv := jObj(v); fv["field"] == field && fv["description"] != "" {
				return true
			}
		}
	}
	return false
}

// fields lists the fields a google.rpc.Status body names.
func jFields(body map[string]any) []string {
	var out []string
	for _, d := range jList(body["details"]) {
		for _, v := range jList(jObj(d)["fieldViolations"]) {
			out = append(out, fmt.Sprint(jObj(v)["field"]))
		}
	}
	return out
}

func jList(v any) []any         { l, _ := v.([]any); return l }
func jObj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func jStr(v any) string         { s, _ := v.(string); return s }
func jNames(v any, key string) []string {
	var out []string
	for _, x := range jList(v) {
		out = append(out, jStr(jObj(x)[key]))
	}
	sort.Strings(out)
	return out
}

// answerOf finds the answer to key in a submission or save response.
func jAnswer(body map[string]any, key string) map[string]any {
	for _, a := range jList(body["answers"]) {
		if jObj(a)["questionKey"] == key {
			return jObj(a)
		}
	}
	return nil
}

// directory creates the partnerships, the consortium, the organisations,
// the people and their roles, and the template.
func (j *journey) directory() {
	t, c := j.t, j.admin
	for _, id := range []string{"north", "south"} {
		c.ok("POST", "/v1/partnerships?partnershipId="+id, map[string]any{"displayName": strings.ToUpper(id[:1]) + id[1:] + "shire", "hub": jHub})
	}
	cons := c.ok("POST", "/v1/"+jHub+"/consortia?consortiumId=ns", map[string]any{
		"displayName": "North and South consortium", "partnerships": []string{jNorth, jSouth}})
	if cons["name"] != jConsortium {
		t.Fatalf("consortium: %v", cons)
	}
	for _, o := range []struct {
		id, typ string
		ps      []string
	}{
		{"police", "ORGANISATION_TYPE_POLICE", []string{jNorth, jSouth}},
		{"north-school", "ORGANISATION_TYPE_SCHOOL", []string{jNorth}},
		{"south-school", "ORGANISATION_TYPE_SCHOOL", []string{jSouth}},
	} {
		c.ok("POST", "/v1/organisations?organisationId="+o.id, map[string]any{"displayName": "Org " + o.id, "type": o.typ, "partnerships": o.ps})
	}
	people := []struct{ id, email, role, scope, where string }{
		{"police-lead", "lead@police.example.org", "ROLE_ORGANISATION_LEAD", "organisation", "organisations/police"},
		{"police-helper", "helper@police.example.org", "ROLE_CONTRIBUTOR", "organisation", "organisations/police"},
		{"north-qa", "qa@north.example.org", "ROLE_QA_OFFICER", "partnership", jNorth},
		{"south-admin", "admin@south.example.org", "ROLE_PARTNERSHIP_ADMIN", "partnership", jSouth},
		{"north-head", "head@north-school.example.org", "ROLE_ORGANISATION_LEAD", "organisation", "organisations/north-school"},
	}
	signed := map[string]client{}
	for _, p := range people {
		c.ok("POST", "/v1/people?personId="+p.id, map[string]any{"email": p.email, "displayName": p.id})
		c.ok("POST", "/v1/people/"+p.id+"/memberships", map[string]any{"role": p.role, p.scope: p.where})
	}
	for _, p := range people {
		signed[p.id] = signInByLink(t, c, j.links, p.email)
	}
	j.lead, j.helper, j.qa, j.southAdmin, j.schoolLead =
		signed["police-lead"], signed["police-helper"], signed["north-qa"], signed["south-admin"], signed["north-head"]

	rating := map[string]any{"grades": []any{
		map[string]any{"value": "red", "label": "Not met", "colour": "#d4351c", "score": 1},
		map[string]any{"value": "amber", "label": "Partly met", "colour": "#f47738", "score": 2},
		map[string]any{"value": "green", "label": "Fully met", "colour": "#00703c", "score": 3}}}
	tmpl := c.ok("POST", "/v1/"+jNorth+"/templates?templateId=s11", map[string]any{
		"displayName": "Section 11 self-assessment", "kind": "TEMPLATE_KIND_SECTION_11",
		"sections": []any{
			map[string]any{"code": "S1", "title": "Leadership", "questions": []any{
				map[string]any{"key": "q_rating", "text": "How well is the standard met?", "required": true, "rating": rating},
				map[string]any{"key": "q_plan", "text": "What is your plan?", "required": true, "actionRow": true,
					"textAnswer": map[string]any{"maxLength": 2000, "multiline": true}},
				map[string]any{"key": "q_staff", "text": "How many staff are trained?", "number": map[string]any{"min": "0", "max": "100", "integer": true}},
			}},
			map[string]any{"code": "S2", "title": "Safer recruitment", "questions": []any{
				map[string]any{"key": "q_dbs", "text": "Are all staff checked?", "required": true, "yesNo": map[string]any{}},
				map[string]any{"key": "q_declare", "text": "I confirm these answers are accurate", "declaration": map[string]any{}},
			}},
		}})
	v := c.ok("POST", "/v1/"+jNorth+"/templates/s11:publish", map[string]any{"etag": tmpl["etag"]})
	if v["name"] != jNorth+"/templates/s11/versions/1" {
		t.Fatalf("publish: %v", v)
	}
	j.version = v["name"].(string)
}

// consortiumCampaign launches a campaign of the consortium owned by north
// and checks who sees which of its submissions.
func (j *journey) consortiumCampaign() {
	t, c := j.t, j.admin
	due := time.Now().Add(60 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	camp := c.ok("POST", "/v1/"+jNorth+"/campaigns?campaignId=pan-2026", map[string]any{
		"displayName": "Pan-area Section 11 2026", "templateVersion": j.version, "consortium": jConsortium,
		"organisations": []string{"organisations/police"}, "audienceTypes": []string{"school"},
		"dueTime": due, "qaRequired": true})
	j.campaign = camp["name"].(string)
	launched := c.ok("POST", "/v1/"+j.campaign+":launch", map[string]any{})
	if launched["state"] != "CAMPAIGN_STATE_OPEN" {
		t.Fatalf("launch: %v", launched)
	}
	if ps := launched["partnerships"]; fmt.Sprint(ps) != fmt.Sprint([]any{jNorth, jSouth}) {
		j.unexpected("consortium campaign's partnerships: %v", ps)
	}
	subs := c.ok("GET", "/v1/"+j.campaign+"/submissions", nil)
	got := jNames(subs["submissions"], "name")
	j.police, j.northSchool, j.southSchool = j.campaign+"/submissions/police", j.campaign+"/submissions/north-school", j.campaign+"/submissions/south-school"
	if want := []string{j.northSchool, j.police, j.southSchool}; !slices.Equal(got, want) {
		t.Fatalf("consortium campaign's submissions (police once): want %v, got %v", want, got)
	}
	if orgs := jNames(subs["submissions"], "organisation"); !slices.Equal(orgs, []string{"organisations/north-school", "organisations/police", "organisations/south-school"}) {
		t.Fatalf("submissions' organisations: %v", orgs)
	}

	// South's admin sees the police (which is also south's) and its own
	// school, not north's school.
	south := j.southAdmin.ok("GET", "/v1/"+j.campaign+"/submissions", nil)
	if got, want := jNames(south["submissions"], "name"), []string{j.police, j.southSchool}; !slices.Equal(got, want) {
		j.unexpected("south admin lists %v, want %v", got, want)
	}
	j.want(404, j.southAdmin.do("GET", "/v1/"+j.northSchool, nil), "south admin reading north's school")
	j.southAdmin.ok("GET", "/v1/"+j.southSchool, nil)
	j.southAdmin.ok("GET", "/v1/"+j.police, nil)
}

// answering: per-answer saves by two people, a conflict with its detail,
// and bad values.
func (j *journey) answering() {
	t := j.t
	leadRead := j.lead.ok("GET", "/v1/"+j.police, nil)
	helperRead := j.helper.ok("GET", "/v1/"+j.police, nil)
	if leadRead["etag"] != helperRead["etag"] || leadRead["state"] != "SUBMISSION_STATE_NOT_STARTED" {
		t.Fatalf("two reads: %v / %v", leadRead, helperRead)
	}
	// Different questions from the same read never conflict.
	a := j.helper.ok("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"etag": helperRead["etag"], "answers": []any{
		map[string]any{"questionKey": "q_rating", "grade": "amber", "version": 0}}})
	if num(jAnswer(a, "q_rating")["version"]) != 1 || a["state"] != "SUBMISSION_STATE_IN_PROGRESS" {
		j.unexpected("contributor's save answered %v", a)
	}
	b := j.lead.ok("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"etag": leadRead["etag"], "answers": []any{
		map[string]any{"questionKey": "q_plan", "text": "Refresh the policy by March", "version": 0}}})
	if num(jAnswer(b, "q_plan")["version"]) != 1 {
		j.unexpected("lead's save answered %v", b)
	}

	// The contributor, not having seen the lead's answer, saves over it.
	r := j.helper.do("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"answers": []any{
		map[string]any{"questionKey": "q_plan", "text": "Rewrite the policy", "version": 0}}})
	j.want(http.StatusConflict, r, "save over someone else's answer")
	if num(r.body["code"]) != 10 {
		j.unexpected("conflict status code %v (want 10 ABORTED): %s", r.body["code"], r.raw)
	}
	var current map[string]any
	for _, d := range jList(r.body["details"]) {
		if jObj(d)["@type"] == "type.googleapis.com/assure.submission.v1.AnswerConflicts" {
			for _, cur := range jList(jObj(d)["current"]) {
				if jObj(cur)["questionKey"] == "q_plan" {
					current = jObj(cur)
				}
			}
		}
	}
	if current == nil {
		t.Fatalf("409 without an AnswerConflicts detail for q_plan: %s", r.raw)
	}
	if current["text"] != "Refresh the policy by March" || current["updatePerson"] != "people/police-lead" || num(current["version"]) != 1 {
		j.unexpected("conflict detail %v: want the lead's text, updatePerson people/police-lead, version 1", current)
	}
	again := j.helper.ok("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"answers": []any{
		map[string]any{"questionKey": "q_plan", "text": "Refresh the policy by March; train all staff", "version": current["version"]}}})
	if got := jAnswer(again, "q_plan"); num(got["version"]) != 2 || got["updatePerson"] != "people/police-helper" {
		j.unexpected("save with the version from the conflict answered %v", again)
	}

	// Bad values name the field.
	for _, bad := range []struct {
		what   string
		answer map[string]any
		fields []string
	}{
		{"a grade not on the scale", map[string]any{"questionKey": "q_rating", "grade": "purple", "version": 1}, []string{"answers[0].grade"}},
		{"a number out of bounds", map[string]any{"questionKey": "q_staff", "number": "1000", "version": 0}, []string{"answers[0].number"}},
		{"an unknown question", map[string]any{"questionKey": "q_nope", "text": "x", "version": 0}, []string{"answers[0].key", "answers[0].question_key"}},
	} {
		r := j.helper.do("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"answers": []any{bad.answer}})
		if r.code != http.StatusBadRequest {
			j.unexpected("%s: want 400, got %d %s", bad.what, r.code, r.raw)
			continue
		}
		if !jViolation(r.body, bad.fields[0]) {
			if len(bad.fields) > 1 && jViolation(r.body, bad.fields[1]) {
				t.Logf("note: %s names %s, not %s: %s", bad.what, bad.fields[1], bad.fields[0], r.raw)
				continue
			}
			j.unexpected("%s: no violation of %s in %s", bad.what, bad.fields[0], r.raw)
		}
	}
}

// upload posts a file as multipart/form-data, part "file".
func (j *journey) upload(c client, submission, fileName, contentType string, content []byte) reply {
	j.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, fileName))
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		j.t.Fatal(err)
	}
	part.Write(content)
	mw.Close()
	req, err := http.NewRequest("POST", c.base+"/v1/"+submission+"/evidence", &body)
	if err != nil {
		j.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	return j.send(req)
}

// download gets an evidence file, returning the reply and its headers.
func (j *journey) download(c client, evidence string) (reply, http.Header) {
	j.t.Helper()
	req, err := http.NewRequest("GET", c.base+"/v1/"+evidence+":download", nil)
	if err != nil {
		j.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	return roundTrip(j.t, req)
}

// send sends req and reads its reply.
func (j *journey) send(req *http.Request) reply {
	j.t.Helper()
	r, _ := roundTrip(j.t, req)
	return r
}

// evidence uploads, lists and downloads a file, and checks who may.
func (j *journey) evidence() {
	t := j.t
	j.evidenceContent = []byte("%PDF-1.4\n% the police safeguarding policy\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	sum := sha256.Sum256(j.evidenceContent)
	r := j.want(200, j.upload(j.lead, j.police, "policy.pdf", "application/pdf", j.evidenceContent), "upload policy.pdf")
	if r.body["sha256"] != hex.EncodeToString(sum[:]) || num(r.body["sizeBytes"]) != len(j.evidenceContent) ||
		r.body["fileName"] != "policy.pdf" || r.body["contentType"] != "application/pdf" || r.body["uploadPerson"] != "people/police-lead" {
		j.unexpected("uploaded evidence: %s", r.raw)
	}
	j.evidenceName = jStr(r.body["name"])
	if !strings.HasPrefix(j.evidenceName, j.police+"/evidence/") {
		t.Fatalf("evidence name %q", j.evidenceName)
	}

	got, h := j.download(j.lead, j.evidenceName)
	j.want(200, got, "download as the lead")
	if got.raw != string(j.evidenceContent) {
		j.unexpected("downloaded %d bytes that differ from the %d uploaded", len(got.raw), len(j.evidenceContent))
	}
	if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "policy.pdf") {
		j.unexpected("Content-Disposition %q", cd)
	}
	if ct := h.Get("Content-Type"); ct != "application/pdf" {
		j.unexpected("download Content-Type %q", ct)
	}

	exe := j.upload(j.lead, j.police, "setup.exe", "application/x-msdownload", []byte("MZ\x90\x00\x03\x00\x00\x00"))
	if exe.code != 400 || !jViolation(exe.body, "content_type") {
		j.unexpected("uploading an .exe: want 400 naming content_type, got %d %s", exe.code, exe.raw)
	}

	listed := j.lead.ok("GET", "/v1/"+j.police+"/evidence", nil)
	if ev := jNames(listed["evidence"], "name"); !slices.Equal(ev, []string{j.evidenceName}) {
		j.unexpected("evidence list %v", listed)
	}

	// South's admin may read the police's file (the police is south's too);
	// north's school's lead may not even know it exists.
	s, _ := j.download(j.southAdmin, j.evidenceName)
	if s.code != 200 || s.raw != string(j.evidenceContent) {
		j.unexpected("south admin downloading the police's file: %d %.200s", s.code, s.raw)
	}
	n, _ := j.download(j.schoolLead, j.evidenceName)
	if n.code != 404 {
		j.unexpected("north school lead downloading the police's file: want 404, got %d %s", n.code, n.raw)
	}
	if r := j.schoolLead.do("GET", "/v1/"+j.police+"/evidence", nil); r.code != 404 {
		j.unexpected("north school lead listing the police's files: want 404, got %d %s", r.code, r.raw)
	}
}

// review: sign-off by the lead only, a QA return reopening one question,
// a resubmission and acceptance.
func (j *journey) review() {
	t := j.t
	cur := j.lead.ok("GET", "/v1/"+j.police, nil)
	saved := j.lead.ok("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"etag": cur["etag"], "answers": []any{
		map[string]any{"questionKey": "q_dbs", "yesNo": "yes", "version": 0},
		map[string]any{"questionKey": "q_declare", "confirmed": true, "version": 0},
		map[string]any{"questionKey": "q_staff", "number": "42", "version": 0}}})
	full := j.lead.ok("GET", "/v1/"+j.police, nil)
	if p := jObj(full["progress"]); num(p["answered"]) != num(p["required"]) || num(p["required"]) == 0 {
		j.unexpected("progress before submitting: %v", full["progress"])
	}
	if full["etag"] != saved["etag"] {
		j.unexpected("etag after save %v, on read %v", saved["etag"], full["etag"])
	}

	if r := j.helper.do("POST", "/v1/"+j.police+":submit", map[string]any{"etag": full["etag"]}); r.code != 403 {
		j.unexpected("contributor submitting: want 403, got %d %s", r.code, r.raw)
	}
	sub := j.lead.ok("POST", "/v1/"+j.police+":submit", map[string]any{"etag": full["etag"]})
	if sub["state"] != "SUBMISSION_STATE_SUBMITTED" || sub["submitPerson"] != "people/police-lead" {
		t.Fatalf("submit: %v", sub)
	}

	qaRead := j.qa.ok("GET", "/v1/"+j.police, nil)
	ret := j.qa.ok("POST", "/v1/"+j.police+":return", map[string]any{"etag": qaRead["etag"],
		"comments": []any{map[string]any{"questionKey": "q_plan", "text": "Which staff, and by when?"}}})
	if ret["state"] != "SUBMISSION_STATE_RETURNED" || fmt.Sprint(ret["reopenedKeys"]) != "[q_plan]" ||
		len(jList(ret["qaComments"])) != 1 {
		t.Fatalf("return: %v", ret)
	}

	// Only the question commented on may change.
	r := j.lead.do("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"answers": []any{
		map[string]any{"questionKey": "q_dbs", "yesNo": "no", "version": 1}}})
	if r.code != 400 {
		j.unexpected("saving a question QA did not reopen: want 400, got %d %s", r.code, r.raw)
	} else if !jViolation(r.body, "answers[0].question_key") {
		j.unexpected("saving a question QA did not reopen names %v: %s", jFields(r.body), r.raw)
	}
	plan := jAnswer(j.lead.ok("GET", "/v1/"+j.police, nil), "q_plan")
	fixed := j.lead.ok("POST", "/v1/"+j.police+":saveAnswers", map[string]any{"answers": []any{
		map[string]any{"questionKey": "q_plan", "text": "Train all 42 front-line staff by 31 March", "version": plan["version"]}}})
	if fixed["state"] != "SUBMISSION_STATE_RETURNED" {
		j.unexpected("state after fixing a returned answer: %v", fixed["state"])
	}
	again := j.lead.ok("POST", "/v1/"+j.police+":submit", map[string]any{"etag": fixed["etag"]})
	if again["state"] != "SUBMISSION_STATE_SUBMITTED" {
		t.Fatalf("resubmit: %v", again)
	}
	qaRead = j.qa.ok("GET", "/v1/"+j.police, nil)
	acc := j.qa.ok("POST", "/v1/"+j.police+":accept", map[string]any{"etag": qaRead["etag"]})
	if acc["state"] != "SUBMISSION_STATE_ACCEPTED" || acc["acceptPerson"] != "people/north-qa" {
		t.Fatalf("accept: %v", acc)
	}
}

// actions: a past due date is refused; an action is created, updated and
// has a trail.
func (j *journey) actions() {
	t := j.t
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	r := j.lead.do("POST", "/v1/"+j.police+"/actions", map[string]any{"questionKey": "q_rating", "title": "Refresh training",
		"owner": "Head of safeguarding", "dueDate": yesterday})
	if r.code != 400 {
		j.unexpected("an action due yesterday: want 400, got %d %s", r.code, r.raw)
	} else if !jViolation(r.body, "action.due_date") {
		j.unexpected("an action due yesterday names %v, want action.due_date: %s", jFields(r.body), r.raw)
	} else {
		t.Logf("a past due date is refused naming %v", jFields(r.body))
	}
	due := time.Now().UTC().AddDate(0, 2, 0).Format(time.DateOnly)
	act := j.lead.ok("POST", "/v1/"+j.police+"/actions", map[string]any{"questionKey": "q_rating", "title": "Refresh training",
		"owner": "Head of safeguarding", "dueDate": due})
	j.action = jStr(act["name"])
	if !strings.HasPrefix(j.action, j.police+"/actions/") || act["section"] != "S1" || act["status"] != "ACTION_STATUS_NOT_STARTED" {
		t.Fatalf("create action: %v", act)
	}
	body := map[string]any{"etag": act["etag"], "status": "ACTION_STATUS_ON_TRACK", "progressNote": "Training booked for May"}
	r = j.lead.do("PATCH", "/v1/"+j.action+"?updateMask=status,progressNote", body)
	if r.code != 200 {
		j.unexpected("PATCH %s?updateMask=status,progressNote (the JSON names): %d %s", j.action, r.code, r.raw)
		r = j.want(200, j.lead.do("PATCH", "/v1/"+j.action+"?updateMask=status,progress_note", body),
			"PATCH with updateMask=status,progress_note (the proto names)")
	}
	if r.body["status"] != "ACTION_STATUS_ON_TRACK" || r.body["progressNote"] != "Training booked for May" {
		j.unexpected("updated action: %s", r.raw)
	}
	got := j.lead.ok("GET", "/v1/"+j.action, nil)
	trail := jList(got["updates"])
	if len(trail) != 2 {
		t.Fatalf("trail of %d, want 2: %v", len(trail), got)
	}
	last := jObj(trail[1])
	if last["status"] != "ACTION_STATUS_ON_TRACK" || last["note"] != "Training booked for May" || last["person"] != "people/police-lead" {
		j.unexpected("last update of the trail: %v", last)
	}
	if all := j.qa.ok("GET", "/v1/"+j.police+"/actions", nil); !slices.Equal(jNames(all["actions"], "name"), []string{j.action}) {
		j.unexpected("QA listing the plan: %v", all)
	}
}

// campaignAndLists moves the due date and checks the calendar, the
// respondent's own list and the answer history.
func (j *journey) campaignAndLists() {
	t, c := j.t, j.admin
	camp := c.ok("GET", "/v1/"+j.campaign, nil)
	newDue := time.Now().Add(90 * 24 * time.Hour).UTC().Truncate(time.Second)
	body := map[string]any{"etag": camp["etag"], "dueTime": newDue.Format(time.RFC3339)}
	r := c.do("PATCH", "/v1/"+j.campaign+"?updateMask=dueTime", body)
	if r.code != 200 {
		j.unexpected("PATCH %s?updateMask=dueTime (the JSON name): %d %s", j.campaign, r.code, r.raw)
		r = j.want(200, c.do("PATCH", "/v1/"+j.campaign+"?updateMask=due_time", body), "PATCH with updateMask=due_time (the proto name)")
	}
	if due, _ := time.Parse(time.RFC3339, jStr(r.body["dueTime"])); !due.Equal(newDue) {
		t.Fatalf("patched campaign's due time %v, want %v", r.body["dueTime"], newDue)
	}
	if r.body["etag"] == camp["etag"] {
		j.unexpected("etag unchanged by an update: %v", r.body["etag"])
	}
	// A stale etag is refused.
	if stale := c.do("PATCH", "/v1/"+j.campaign+"?updateMask=due_time", body); stale.code != 409 {
		j.unexpected("PATCH with a stale etag: want 409, got %d %s", stale.code, stale.raw)
	}

	cal := c.ok("GET", "/v1/"+jHub+"/campaignCalendar", nil)
	var entry map[string]any
	for _, e := range jList(cal["entries"]) {
		if jObj(e)["campaign"] == j.campaign {
			entry = jObj(e)
		}
	}
	if entry == nil {
		t.Fatalf("calendar without %s: %v", j.campaign, cal)
	}
	if due, _ := time.Parse(time.RFC3339, jStr(entry["dueTime"])); !due.Equal(newDue) || num(entry["organisationCount"]) != 3 ||
		fmt.Sprint(entry["partnerships"]) != fmt.Sprint([]any{jNorth, jSouth}) {
		j.unexpected("calendar entry %v", entry)
	}

	mine := j.lead.ok("GET", "/v1/caller/submissions", nil)
	var ret map[string]any
	for _, s := range jList(mine["submissions"]) {
		if jObj(s)["name"] == j.police {
			ret = jObj(s)
		}
	}
	if ret == nil {
		t.Fatalf("the lead's own list lacks %s: %v", j.police, mine)
	}
	p := jObj(ret["progress"])
	if ret["state"] != "SUBMISSION_STATE_ACCEPTED" || num(p["required"]) == 0 || num(p["answered"]) != num(p["required"]) ||
		ret["campaignDisplayName"] != "Pan-area Section 11 2026" {
		j.unexpected("the lead's own list shows %v", ret)
	}
	if due, _ := time.Parse(time.RFC3339, jStr(ret["dueTime"])); !due.Equal(newDue) {
		j.unexpected("the lead's own list shows due %v, want the moved %v", ret["dueTime"], newDue)
	}
	if other := j.schoolLead.ok("GET", "/v1/caller/submissions", nil); slices.Contains(jNames(other["submissions"], "name"), j.police) {
		j.unexpected("north school's lead lists the police's return: %v", other)
	}

	hist := j.lead.ok("GET", "/v1/"+j.police+":answerHistory", nil)
	who := map[string][]string{}
	for _, ch := range jList(hist["changes"]) {
		a := jObj(jObj(ch)["answer"])
		who[jStr(a["questionKey"])] = append(who[jStr(a["questionKey"])], jStr(a["updatePerson"]))
	}
	// Newest first: q_plan by the lead (after the return), the contributor
	// (after the conflict), the lead (first).
	if !slices.Equal(who["q_plan"], []string{"people/police-lead", "people/police-helper", "people/police-lead"}) ||
		!slices.Equal(who["q_rating"], []string{"people/police-helper"}) || !slices.Equal(who["q_dbs"], []string{"people/police-lead"}) {
		j.unexpected("answer history by question: %v", who)
	}
	planOnly := j.qa.ok("GET", "/v1/"+j.police+":answerHistory?questionKey=q_plan", nil)
	if ch := jList(planOnly["changes"]); len(ch) != 3 || jObj(jObj(ch[0])["previous"])["text"] != "Refresh the policy by March; train all staff" {
		j.unexpected("q_plan's history as QA: %v", planOnly)
	}
}

// downstream: the reminder's outstanding list and the completion report
// reflect the accepted police return and the two schools still to answer.
func (j *journey) downstream() {
	schools := []string{j.northSchool, j.southSchool}
	j.await(j.admin, "/v1/"+j.campaign+"/outstandingSubmissions", "the two schools outstanding", func(b map[string]any) bool {
		return num(b["totalSize"]) == 2 && slices.Equal(jNames(b["submissions"], "submission"), schools)
	})
	rep := j.await(j.admin, "/v1/"+j.campaign+"/completionReport", "the accepted return in the report", func(b map[string]any) bool {
		if num(b["total"]) != 3 || num(b["submitted"]) != 1 || num(b["notStarted"]) != 2 || num(b["inProgress"]) != 0 {
			return false
		}
		for _, o := range jList(b["organisations"]) {
			if jObj(o)["organisation"] == "organisations/police" {
				return jObj(o)["state"] == "ACCEPTED"
			}
		}
		return false
	})
	j.t.Logf("completion report: %v", rep["organisations"])
	// The reminder also follows the moved due date.
	newDue := jStr(j.admin.ok("GET", "/v1/"+j.campaign, nil)["dueTime"])
	j.await(j.admin, "/v1/"+j.campaign+"/outstandingSubmissions", "the moved due date in the reminder", func(b map[string]any) bool {
		for _, s := range jList(b["submissions"]) {
			d1, _ := time.Parse(time.RFC3339, jStr(jObj(s)["dueTime"]))
			d2, _ := time.Parse(time.RFC3339, newDue)
			if !d1.Equal(d2) {
				return false
			}
		}
		return len(jList(b["submissions"])) == 2
	})
	// South's admin reads the campaign it takes part in (GetCampaign and
	// ListCampaigns show it); whether the read models downstream show it
	// too is not declared, so it is only logged.
	for _, path := range []string{"/completionReport", "/outstandingSubmissions"} {
		if r := j.southAdmin.do("GET", "/v1/"+j.campaign+path, nil); r.code != 200 {
			j.t.Logf("note: south admin GET %s%s: %d %s", j.campaign, path, r.code, r.raw)
		}
	}
}

// exports fetches the consortium campaign's answers as CSV, its reports as
// a workbook and as a printable page, through the whole platform: the
// police's final plan is in the CSV, each caller may fetch an export
// exactly when it may read the ratings report, and south's admin finds
// only the organisations in south in them (the police is in both; north's
// school is north's alone; the printable summary names no organisation
// but those of its moderation table).
func (j *journey) exports() {
	// North's school starts its return, so each export has a north-only
	// organisation in it.
	read := j.schoolLead.ok("GET", "/v1/"+j.northSchool, nil)
	j.schoolLead.ok("POST", "/v1/"+j.northSchool+":saveAnswers", map[string]any{"etag": read["etag"], "answers": []any{
		map[string]any{"questionKey": "q_rating", "grade": "red", "version": 0}}})
	csvPath := "/v1/" + j.campaign + "/answers.csv"
	plan := "Train all 42 front-line staff by 31 March"
	deadline := time.Now().Add(90 * time.Second)
	for {
		r := j.admin.do("GET", csvPath, nil)
		if r.code == 200 && strings.HasPrefix(r.raw, "organisation,organisation_name,") &&
			strings.Contains(r.raw, j.police+",") && strings.Contains(r.raw, ",q_plan,") && strings.Contains(r.raw, plan) &&
			strings.Contains(r.raw, j.northSchool+",") {
			break
		}
		if time.Now().After(deadline) {
			j.unexpected("the police's plan never reached the CSV export: %d %s", r.code, r.raw)
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	for name, c := range map[string]client{"admin": j.admin, "qa": j.qa, "south admin": j.southAdmin,
		"police lead": j.lead, "school lead": j.schoolLead} {
		want := c.do("GET", "/v1/"+j.campaign+"/ratingsReport", nil).code
		j.t.Logf("%s reads the ratings report: %d", name, want)
		if r := c.do("GET", "/v1/"+j.campaign+"/submissions.csv", nil); r.code == 200 && c == j.admin &&
			(!strings.HasPrefix(r.raw, "organisation,organisation_name,organisation_type,submission,state,overdue,hand_in_time,last_activity_time,") ||
				!strings.Contains(r.raw, ",q_plan: ") || !strings.Contains(r.raw, plan) || !strings.Contains(r.raw, j.police+",")) {
			j.unexpected("the CSV of returns lacks its columns or the police's plan: %s", r.raw)
		}
		for _, export := range []string{"/answers.csv", "/submissions.csv", "/report.xlsx", "/report.html"} {
			r := c.do("GET", "/v1/"+j.campaign+export, nil)
			if (r.code == 200) != (want == 200) || (r.code != 200 && r.code != 403 && r.code != 404) {
				j.unexpected("%s GET %s: %d, but the ratings report answers %d: %s", name, export, r.code, want, r.raw)
			}
			switch {
			case r.code != 200:
			case c == j.southAdmin && (strings.Contains(r.raw, "Org north-school") || strings.Contains(r.raw, j.northSchool)):
				j.unexpected("south's admin sees north's school in %s: %s", export, r.raw)
			case c == j.admin && strings.HasSuffix(export, ".csv") && !strings.Contains(r.raw, "Org north-school"):
				j.unexpected("north's admin does not see its school in %s", export)
			case c == j.southAdmin && strings.HasSuffix(export, ".csv") && !strings.Contains(r.raw, "Org police"):
				j.unexpected("south's admin does not see the police, which is in south too, in %s", export)
			case export == "/report.xlsx" && !strings.HasPrefix(r.raw, "PK"):
				j.unexpected("%s: the workbook is not an XLSX (zip) file", name)
			case export == "/report.html" && !strings.Contains(r.raw, "<html"):
				j.unexpected("%s: the summary is not HTML", name)
			}
		}
	}
}

// singlePartnership runs a campaign of north alone: launch, the lead saves
// and submits, QA accepts.
func (j *journey) singlePartnership() {
	t, c := j.t, j.admin
	due := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	camp := c.ok("POST", "/v1/"+jNorth+"/campaigns?campaignId=north-2026", map[string]any{
		"displayName": "North Section 11 2026", "templateVersion": j.version,
		"organisations": []string{"organisations/police", "organisations/north-school"}, "dueTime": due, "qaRequired": true})
	name := camp["name"].(string)
	launched := c.ok("POST", "/v1/"+name+":launch", map[string]any{})
	if launched["state"] != "CAMPAIGN_STATE_OPEN" || fmt.Sprint(launched["partnerships"]) != fmt.Sprint([]any{jNorth}) {
		j.unexpected("single-partnership launch: %v", launched)
	}
	subs := c.ok("GET", "/v1/"+name+"/submissions", nil)
	police := name + "/submissions/police"
	if got := jNames(subs["submissions"], "name"); !slices.Equal(got, []string{name + "/submissions/north-school", police}) {
		t.Fatalf("single-partnership submissions: %v", got)
	}
	// South's admin has no part in it, though the police is south's too.
	if r := j.southAdmin.do("GET", "/v1/"+police, nil); r.code != 404 {
		j.unexpected("south admin reading north's own campaign's police return: want 404, got %d %s", r.code, r.raw)
	}
	read := j.lead.ok("GET", "/v1/"+police, nil)
	saved := j.lead.ok("POST", "/v1/"+police+":saveAnswers", map[string]any{"etag": read["etag"], "answers": []any{
		map[string]any{"questionKey": "q_rating", "grade": "green"},
		map[string]any{"questionKey": "q_plan", "text": "Keep going"},
		map[string]any{"questionKey": "q_dbs", "yesNo": "yes"},
		map[string]any{"questionKey": "q_declare", "confirmed": true}}})
	sub := j.lead.ok("POST", "/v1/"+police+":submit", map[string]any{"etag": saved["etag"]})
	if sub["state"] != "SUBMISSION_STATE_SUBMITTED" {
		t.Fatalf("single-partnership submit: %v", sub)
	}
	acc := j.qa.ok("POST", "/v1/"+police+":accept", map[string]any{"etag": sub["etag"]})
	if acc["state"] != "SUBMISSION_STATE_ACCEPTED" {
		t.Fatalf("single-partnership accept: %v", acc)
	}
	mine := j.lead.ok("GET", "/v1/caller/submissions", nil)
	if got := jNames(mine["submissions"], "name"); !slices.Contains(got, police) || !slices.Contains(got, j.police) {
		j.unexpected("the lead's own list across both campaigns: %v", got)
	}
	j.await(c, "/v1/"+name+"/completionReport", "the single-partnership report", func(b map[string]any) bool {
		return num(b["total"]) == 2 && num(b["submitted"]) == 1 && num(b["notStarted"]) == 1
	})
	j.await(c, "/v1/"+name+"/outstandingSubmissions", "the school outstanding", func(b map[string]any) bool {
		return num(b["totalSize"]) == 1 && slices.Equal(jNames(b["submissions"], "submission"), []string{name + "/submissions/north-school"})
	})
}
