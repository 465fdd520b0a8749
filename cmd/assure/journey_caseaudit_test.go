package main

import (
	"fmt"
	"strings"
	"time"
)

// caseAudit draws a sample over REST, plans a round of north's with it,
// opens its returns, and checks south's admin can do none of it to north.
func (j *journey) caseAudit() {
	c := j.admin
	candidates := []map[string]any{
		{"reference": "CASE-2026-001", "agency": "organisations/police", "ageBand": "0-4"},
		{"reference": "CASE-2026-002", "agency": "organisations/police", "ageBand": "5-10"},
		{"reference": "CASE-2026-003", "agency": "organisations/north-school", "ageBand": "5-10"},
	}
	ask := map[string]any{"size": 2, "stratifyBy": []string{"agency"}, "seed": "42", "candidates": candidates}
	sample := c.ok("POST", "/v1/"+jNorth+"/rounds:sampleCases", ask)
	again := c.ok("POST", "/v1/"+jNorth+"/rounds:sampleCases", ask)
	if sample["seed"] != "42" || len(asAnyList(sample["cases"])) != 2 || fmt.Sprint(sample["cases"]) != fmt.Sprint(again["cases"]) {
		j.unexpected("sample over REST: %v, then %v", sample, again)
	}
	var cases []map[string]any
	for _, cs := range asAnyList(sample["cases"]) {
		m, _ := cs.(map[string]any)
		cases = append(cases, map[string]any{"reference": m["reference"], "agencies": []any{m["agency"]}, "samplingNotes": caseMarker + " seed 42"})
	}
	round := c.ok("POST", "/v1/"+jNorth+"/rounds?roundId=neglect", map[string]any{"theme": "Neglect", "methodology": "Two cases", "cases": cases})
	name := round["name"].(string)
	due := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	meeting := time.Now().Add(40 * 24 * time.Hour).UTC().Truncate(time.Second).Format(time.RFC3339)
	planned := c.ok("PATCH", "/v1/"+name+"?updateMask=templateVersion,returnsDueTime,moderationTime,chair", map[string]any{
		"etag": round["etag"], "templateVersion": j.version, "returnsDueTime": due, "moderationTime": meeting, "chair": "people/police-lead"})
	if planned["templateVersion"] != j.version || planned["chair"] != "people/police-lead" || planned["methodology"] != "Two cases" {
		j.unexpected("planned round: %v", planned)
	}
	advance := map[string]any{"etag": planned["etag"], "state": "ROUND_STATE_RETURNS_OPEN"}
	if r := j.southAdmin.do("POST", "/v1/"+name+":advance", advance); r.code == 200 {
		j.unexpected("south's admin opened north's round: %s", r.raw)
	}
	if r := j.southAdmin.do("POST", "/v1/"+jNorth+"/rounds:sampleCases", ask); r.code == 200 {
		j.unexpected("south's admin sampled for north: %s", r.raw)
	}
	open := c.ok("POST", "/v1/"+name+":advance", advance)
	if open["state"] != "ROUND_STATE_RETURNS_OPEN" {
		j.unexpected("opened round: %v", open)
	}
	j.want(409, c.do("POST", "/v1/"+name+":advance", advance), "advancing with a stale etag")

	// On to the findings, written over REST and printed by whoever may
	// read them.
	etag := open["etag"]
	for _, state := range []string{"ROUND_STATE_QA", "ROUND_STATE_MODERATION", "ROUND_STATE_FINDINGS"} {
		etag = c.ok("POST", "/v1/"+name+":advance", map[string]any{"etag": etag, "state": state})["etag"]
	}
	c.ok("POST", "/v1/"+name+"/findings:save", map[string]any{"etag": "0", "workingWell": []string{"Timely strategy discussions"},
		"recommendations": []map[string]any{{"text": "Think family", "actions": []map[string]any{
			{"title": "Briefing", "owner": "Police", "dueDate": "2027-03-31"}}}}})
	page := c.do("GET", "/v1/"+name+"/findings.html", nil)
	if page.code != 200 || !strings.Contains(page.raw, "Timely strategy discussions") || !strings.Contains(page.raw, "Think family") ||
		strings.Contains(page.raw, "CASE-2026-00") || strings.Contains(page.raw, caseMarker) {
		j.unexpected("the printable findings: %d %.300s", page.code, page.raw)
	}
	if r := j.southAdmin.do("GET", "/v1/"+name+"/findings.html", nil); r.code == 200 {
		j.unexpected("south's admin printed north's findings")
	}
}

// caseMarker is planted in case detail (why a case was sampled) to be
// looked for where it must not be: the printable findings.
const caseMarker = "SAMPLING-MARKER-9C1"

func asAnyList(v any) []any {
	l, _ := v.([]any)
	return l
}
