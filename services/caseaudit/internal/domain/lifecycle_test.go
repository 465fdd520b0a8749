package domain

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/testinfra"
)

var (
	created = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	later   = created.Add(time.Hour)
	due     = time.Date(2026, 10, 30, 17, 0, 0, 0, time.UTC)
	meeting = time.Date(2026, 11, 12, 10, 0, 0, 0, time.UTC)
)

func planned(t *testing.T) Round {
	t.Helper()
	r, err := NewRound("r1", "p1", "Neglect", Details{}, []Case{{Reference: "C-1", Agencies: []string{"police"}}}, created)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// ready is a round with everything opening the returns needs.
var ready = Details{TemplateVersion: "partnerships/p1/templates/mcfa/versions/2", ReturnsDue: due, Chair: "chair-1"}

func TestRoundUpdate(t *testing.T) {
	r := planned(t)
	changed, err := r.Update(" Neglect in under-fives ", Details{Methodology: " Sixty cases ", PracticeFrom: "2026-01-01", PracticeTo: "2026-06-30",
		TemplateVersion: ready.TemplateVersion, ReturnsDue: due, ModerationTime: meeting, Chair: "chair-1", KeyReaders: []string{"dsl-1"}, RetentionDays: 365, SampleSeed: 42},
		nil, DetailFields, later)
	if err != nil || len(changed) != len(DetailFields) || r.Version != 2 || !r.UpdateTime.Equal(later) ||
		r.Theme != "Neglect in under-fives" || r.Methodology != "Sixty cases" || r.PracticeTo != "2026-06-30" {
		t.Fatalf("update: %v %v %+v", changed, err, r)
	}
	// Only the fields of the mask; the same values change nothing.
	changed, err = r.Update("ignored", Details{Chair: "chair-2", Methodology: "ignored"}, nil, []string{"chair"}, later)
	if err != nil || !slices.Equal(changed, []string{"chair"}) || r.Chair != "chair-2" || r.Methodology != "Sixty cases" || r.Theme != "Neglect in under-fives" || r.Version != 3 {
		t.Fatalf("chair only: %v %v %+v", changed, err, r)
	}
	if changed, err = r.Update("", Details{Chair: "chair-2"}, nil, []string{"chair"}, later); err != nil || len(changed) != 0 || r.Version != 3 {
		t.Fatalf("no change: %v %v %d", changed, err, r.Version)
	}

	for _, tt := range []struct {
		name   string
		theme  string
		d      Details
		mask   []string
		fields []string
	}{
		{"no mask", "", Details{}, nil, []string{"update_mask"}},
		{"unknown field", "", Details{}, []string{"state"}, []string{"update_mask"}},
		{"empty theme", " ", Details{}, []string{"theme"}, []string{"round.theme"}},
		{"bad date", "", Details{PracticeFrom: "2026-13-01"}, []string{"practice_period_start"}, []string{"round.practice_period_start"}},
		// Clearing the due date leaves moderation alone, but moving it
		// after the meeting does not.
		{"due after the meeting", "", Details{ReturnsDue: meeting.Add(time.Hour)}, []string{"returns_due_time"}, []string{"round.moderation_time"}},
		{"key readers", "", Details{KeyReaders: []string{"dsl-1", "Jane Smith", "dsl-1"}}, []string{"key_readers"},
			[]string{"round.key_readers[1]", "round.key_readers[2]"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := r
			_, err := r.Update(tt.theme, tt.d, nil, tt.mask, later)
			testinfra.WantViolations(t, err, tt.fields)
			if r.Version != before.Version {
				t.Fatalf("a refused update changed the round: %+v", r)
			}
		})
	}
}

func TestRoundAdvance(t *testing.T) {
	r := planned(t)
	// Opening the returns needs the template version, due date and chair.
	err := r.Advance(ReturnsOpen, later)
	if failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("opening an unplanned round: %v", err)
	}
	e, _ := failure.As(err)
	var fields []string
	for _, v := range e.Violations {
		fields = append(fields, v.Field)
	}
	if strings.Join(fields, " ") != "round.template_version round.returns_due_time round.chair" || r.State != Planning {
		t.Fatalf("violations %v, state %s", fields, r.State)
	}
	if _, err := r.Update("", ready, nil, []string{"template_version", "returns_due_time", "chair"}, later); err != nil {
		t.Fatal(err)
	}
	// One step at a time, forward only.
	for _, to := range []State{QA, Planning, Closed} {
		if err := r.Advance(to, later); failure.KindOf(err) != failure.KindFailedPrecondition {
			t.Fatalf("planning to %s: %v", to, err)
		}
	}
	// A due date already past does not open returns.
	if err := r.Advance(ReturnsOpen, due.Add(time.Minute)); err == nil || !strings.Contains(err.Error(), "has passed") {
		t.Fatalf("past due date: %v", err)
	}
	v := r.Version
	if err := r.Advance(ReturnsOpen, later); err != nil || r.State != ReturnsOpen || r.Version != v+1 {
		t.Fatalf("open: %v %s", err, r.State)
	}
	// The template version is fixed now; the rest still changes.
	if _, err := r.Update("", Details{TemplateVersion: "partnerships/p1/templates/mcfa/versions/3"}, nil, []string{"template_version"}, later); err == nil {
		t.Fatal("the template version changed after returns opened")
	}
	if err := r.Advance(QA, later); err != nil {
		t.Fatal(err)
	}
	// Moderation needs the meeting.
	if err := r.Advance(Moderation, later); err == nil || !strings.Contains(err.Error(), "round.moderation_time") {
		t.Fatalf("moderation without a meeting: %v", err)
	}
	if _, err := r.Update("", Details{ModerationTime: meeting}, nil, []string{"moderation_time"}, later); err != nil {
		t.Fatal(err)
	}
	for _, to := range []State{Moderation, Findings, Closed} {
		if err := r.Advance(to, later); err != nil || r.State != to {
			t.Fatalf("to %s: %v", to, err)
		}
	}
	if err := r.Advance(Closed+1, later); failure.KindOf(err) != failure.KindFailedPrecondition {
		t.Fatalf("past closed: %v", err)
	}
	if _, err := r.Update("Another", Details{}, nil, []string{"theme"}, later); err == nil {
		t.Fatal("a closed round changed")
	}
}

// TestRoundCases: every case needs an agency before the returns open; the
// cases change while the round is planned, checked as at its creation,
// and not after.
func TestRoundCases(t *testing.T) {
	r, err := NewRound("r1", "p1", "T", ready, []Case{{Reference: "C-1", Agencies: []string{"police"}}, {Reference: "C-2"}}, created)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Advance(ReturnsOpen, later); err == nil || !strings.Contains(err.Error(), "round.cases[1].agencies") {
		t.Fatalf("a case without agencies: %v", err)
	}
	_, err = r.Update("", Details{}, []Case{{Reference: "C-1"}, {Reference: "C-1"}}, []string{"cases"}, later)
	testinfra.WantViolations(t, err, []string{"round.cases[1].reference"})
	_, err = r.Update("", Details{}, nil, []string{"cases"}, later)
	testinfra.WantViolations(t, err, []string{"round.cases"})
	changed, err := r.Update("", Details{}, []Case{{Reference: "C-1", Agencies: []string{"police"}},
		{Reference: "C-3", Agencies: []string{"health"}, SamplingNotes: " a second referral "}}, []string{"cases"}, later)
	if err != nil || !slices.Equal(changed, []string{"cases"}) || len(r.Cases) != 2 || r.Cases[1].SamplingNotes != "a second referral" {
		t.Fatalf("new cases: %v %v %+v", changed, err, r.Cases)
	}
	if err := r.Advance(ReturnsOpen, later); err != nil {
		t.Fatal(err)
	}
	_, err = r.Update("", Details{}, []Case{{Reference: "C-9", Agencies: []string{"police"}}}, []string{"cases"}, later)
	testinfra.WantViolations(t, err, []string{"round.cases"})
}

// FuzzRoundUpdate: any details are refused with the fields at fault or
// kept as given, checked, and a refused update leaves the round as it was.
func FuzzRoundUpdate(f *testing.F) {
	f.Add("Neglect", "notes", "2026-01-01", "2026-06-30", "partnerships/p1/templates/t/versions/1", "chair-1", int64(100), int64(200), "chair")
	f.Add("", "", "2026-02-30", "x", "templates/t", "Jane Smith", int64(200), int64(100), "theme,cases")
	f.Fuzz(func(t *testing.T, theme, methodology, from, to, version, chair string, dueSec, meetSec int64, mask string) {
		r := planned(t)
		before := r
		d := Details{Methodology: methodology, PracticeFrom: from, PracticeTo: to, TemplateVersion: version, Chair: chair}
		if dueSec > 0 {
			d.ReturnsDue = time.Unix(dueSec%1e10, 0).UTC()
		}
		if meetSec > 0 {
			d.ModerationTime = time.Unix(meetSec%1e10, 0).UTC()
		}
		changed, err := r.Update(theme, d, []Case{{Reference: "C-1"}}, strings.Split(mask, ","), later)
		if err != nil {
			e, ok := failure.As(err)
			if !ok || e.Kind != failure.KindInvalid || len(e.Violations) == 0 {
				t.Fatalf("err = %v", err)
			}
			if r.Version != before.Version || r.Theme != before.Theme || r.Chair != before.Chair {
				t.Fatalf("a refused update changed the round: %+v", r)
			}
			return
		}
		if len(changed) > 0 && r.Version != before.Version+1 {
			t.Fatalf("changed %v at version %d", changed, r.Version)
		}
		var v failure.Violations
		checkDetails(&v, "", r.Details)
		if len(v) > 0 || r.Theme == "" {
			t.Fatalf("kept bad details %+v: %v", r, v)
		}
	})
}

func TestCaseKeys(t *testing.T) {
	r := planned(t) // C-1, the police's
	r.KeyReaders = []string{"dsl-1"}
	k, err := r.NewCaseKey("C-1", "police", " LCS-000123 ", "police-lead", later)
	if err != nil || k.Identifier != "LCS-000123" || k.SetBy != "police-lead" {
		t.Fatalf("key: %+v %v", k, err)
	}
	_, err = r.NewCaseKey("C-9", "health", "\x00", "x", later)
	testinfra.WantViolations(t, err, []string{"case_reference", "identifier"})
	_, err = r.NewCaseKey("C-1", "health", "H-1", "x", later)
	testinfra.WantViolations(t, err, []string{"agency"})
	if !r.MayReadKeys("dsl-1") || r.MayReadKeys("police-lead") || r.MayReadKeys("") {
		t.Fatal("key readers")
	}
}

func TestPurgeDue(t *testing.T) {
	r := planned(t)
	r.State, r.CloseTime = Closed, created
	for _, tt := range []struct {
		retention int
		at        time.Time
		want      bool
	}{
		{0, created.AddDate(0, 0, 729), false},
		{0, created.AddDate(0, 0, 730), true},
		{30, created.AddDate(0, 0, 29), false},
		{30, created.AddDate(0, 0, 30), true},
	} {
		r.RetentionDays = tt.retention
		if got := r.PurgeDue(tt.at); got != tt.want {
			t.Errorf("retention %d at %v: %v", tt.retention, tt.at, got)
		}
	}
	r.PurgeTime = later
	if r.PurgeDue(created.AddDate(5, 0, 0)) {
		t.Error("purged twice")
	}
	open := planned(t)
	if open.PurgeDue(created.AddDate(5, 0, 0)) {
		t.Error("an open round purged")
	}
	_, err := open.Update("", Details{RetentionDays: 4000}, nil, []string{"retention_days"}, later)
	testinfra.WantViolations(t, err, []string{"round.retention_days"})
}
