package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

const testTemplate = "partnerships/p/templates/t/versions/1"

// testSpec is a valid campaign spec due in 30 days of t0.
func testSpec() CampaignSpec {
	return CampaignSpec{DisplayName: "S11 2026", TemplateVersion: testTemplate, Organisations: []string{"a", "b"},
		DueTime: t0.Add(30 * day)}
}

// newCampaign builds draft campaign c of partnership p at t0 from testSpec
// changed by mod.
func newCampaign(t *testing.T, mod func(*CampaignSpec)) Campaign {
	t.Helper()
	spec := testSpec()
	if mod != nil {
		mod(&spec)
	}
	c, err := NewCampaign("c", "p", spec, t0)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// launchedCampaign is newCampaign launched at t0 to organisations a and b.
func launchedCampaign(t *testing.T, mod func(*CampaignSpec)) Campaign {
	t.Helper()
	c := newCampaign(t, mod)
	if _, ok, err := c.Launch([]string{"a", "b"}, nil, t0); err != nil || !ok {
		t.Fatalf("launch: %v %v", ok, err)
	}
	return c
}

func TestNewCampaignViolations(t *testing.T) {
	due := t0.Add(30 * day)
	tests := []struct {
		name string
		mod  func(*CampaignSpec)
		want []string // nil: valid
	}{
		{"valid", func(*CampaignSpec) {}, nil},
		{"empty name", func(s *CampaignSpec) { s.DisplayName = "  " }, []string{"campaign.display_name"}},
		{"name too long", func(s *CampaignSpec) { s.DisplayName = strings.Repeat("é", 201) }, []string{"campaign.display_name"}},
		{"name of 200 characters", func(s *CampaignSpec) { s.DisplayName = strings.Repeat("é", 200) }, nil},
		{"template of another partnership", func(s *CampaignSpec) { s.TemplateVersion = "partnerships/other/templates/t/versions/1" },
			[]string{"campaign.template_version"}},
		{"hub template", func(s *CampaignSpec) { s.TemplateVersion = "hubs/h/templates/t/versions/1" }, []string{"campaign.template_version"}},
		{"partnership id prefix", func(s *CampaignSpec) { s.TemplateVersion = "partnerships/p2/templates/t/versions/1" },
			[]string{"campaign.template_version"}},
		{"no audience", func(s *CampaignSpec) { s.Organisations = nil }, []string{"campaign.organisations"}},
		{"audience types only", func(s *CampaignSpec) { s.Organisations, s.AudienceTypes = nil, []string{"school"} }, nil},
		{"duplicate organisation", func(s *CampaignSpec) { s.Organisations = []string{"a", "b", "a"} }, []string{"campaign.organisations[2]"}},
		{"no due time", func(s *CampaignSpec) { s.DueTime = time.Time{} }, []string{"campaign.due_time"}},
		{"due in the past", func(s *CampaignSpec) { s.DueTime = t0.Add(-time.Hour) }, []string{"campaign.due_time"}},
		{"due now", func(s *CampaignSpec) { s.DueTime = t0 }, []string{"campaign.due_time"}},
		{"open after due", func(s *CampaignSpec) { s.OpenTime = due.Add(time.Hour) }, []string{"campaign.open_time"}},
		{"open at due", func(s *CampaignSpec) { s.OpenTime = due }, []string{"campaign.open_time"}},
		{"open before due", func(s *CampaignSpec) { s.OpenTime = due.Add(-time.Hour) }, nil},
		{"close before due", func(s *CampaignSpec) { s.CloseTime = due.Add(-time.Hour) }, []string{"campaign.close_time"}},
		{"close after due without allow_late", func(s *CampaignSpec) { s.CloseTime = due.Add(day) }, []string{"campaign.close_time"}},
		{"close after due with allow_late", func(s *CampaignSpec) { s.CloseTime, s.AllowLate = due.Add(day), true }, nil},
		{"close at due", func(s *CampaignSpec) { s.CloseTime = due }, nil},
		{"source is itself", func(s *CampaignSpec) { s.SourceCampaign = "partnerships/p/campaigns/c" }, []string{"campaign.source_campaign"}},
		{"source is another", func(s *CampaignSpec) { s.SourceCampaign = "partnerships/p/campaigns/c0" }, nil},
		{"bad sign-off", func(s *CampaignSpec) { s.SignOff = 3 }, []string{"campaign.sign_off"}},
		{"negative sign-off", func(s *CampaignSpec) { s.SignOff = -1 }, []string{"campaign.sign_off"}},
		{"every problem", func(s *CampaignSpec) {
			*s = CampaignSpec{DisplayName: " ", TemplateVersion: "partnerships/other/templates/t/versions/1",
				DueTime: t0.Add(-time.Hour), OpenTime: t0, CloseTime: t0.Add(-2 * time.Hour),
				SourceCampaign: "partnerships/p/campaigns/c", SignOff: 9}
		}, []string{"campaign.display_name", "campaign.template_version", "campaign.organisations", "campaign.due_time",
			"campaign.open_time", "campaign.close_time", "campaign.source_campaign", "campaign.sign_off"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec()
			tt.mod(&spec)
			c, err := NewCampaign("c", "p", spec, t0)
			wantFields(t, err, tt.want)
			if err != nil && !reflect.DeepEqual(c, Campaign{}) {
				t.Fatalf("a refused campaign must be empty: %+v", c)
			}
		})
	}
}

func TestNewCampaignDefaults(t *testing.T) {
	zone := time.FixedZone("BST", 3600)
	spec := testSpec()
	spec.DisplayName = "  S11 2026 "
	spec.DueTime = time.Date(2026, 4, 1, 18, 0, 0, 0, zone)
	c, err := NewCampaign("c", "p", spec, t0)
	if err != nil {
		t.Fatal(err)
	}
	if c.SignOff != SignOffLead {
		t.Errorf("sign-off %v, want lead by default", c.SignOff)
	}
	if c.DisplayName != "S11 2026" {
		t.Errorf("display name %q not trimmed", c.DisplayName)
	}
	if c.State != CampaignDraft || c.Version != 1 || !c.CreateTime.Equal(t0) || c.ID != "c" || c.PartnershipID != "p" {
		t.Errorf("campaign %+v", c)
	}
	if !slices.Equal(c.Partnerships, []string{"p"}) {
		t.Errorf("partnerships %v, want the owner", c.Partnerships)
	}
	if c.DueTime.Location() != time.UTC || !c.DueTime.Equal(spec.DueTime) {
		t.Errorf("due %v not kept in UTC", c.DueTime)
	}
	if !c.OpenTime.IsZero() || !c.CloseTime.IsZero() {
		t.Errorf("unset times must stay zero: %v %v", c.OpenTime, c.CloseTime)
	}
	if !c.FinalClose().Equal(c.DueTime) {
		t.Errorf("final close %v, want the due time", c.FinalClose())
	}

	spec.SignOff = SignOffAnyRespondent
	if c, err = NewCampaign("c", "p", spec, t0); err != nil || c.SignOff != SignOffAnyRespondent {
		t.Errorf("any respondent: %v %v", c.SignOff, err)
	}
}

func TestLaunch(t *testing.T) {
	tests := []struct {
		name      string
		open      time.Time
		wantState CampaignState
	}{
		{"open now", time.Time{}, CampaignOpen},
		{"open time passed", t0.Add(-time.Hour), CampaignOpen},
		{"open time is now", t0, CampaignOpen},
		{"scheduled", t0.Add(day), CampaignScheduled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCampaign(t, func(s *CampaignSpec) { s.OpenTime = tt.open })
			c.Partnerships = []string{"p", "q"} // a consortium campaign
			orgPs := map[string][]string{"a": {"p", "x"}, "b": {"q", "x", "p"}}
			subs, launched, err := c.Launch([]string{"a", "b", "c", "a"}, orgPs, t0)
			if err != nil || !launched {
				t.Fatalf("launch: %v %v", launched, err)
			}
			if c.State != tt.wantState || !c.LaunchTime.Equal(t0) || c.Version != 2 {
				t.Fatalf("campaign %v launched %v version %d", c.State, c.LaunchTime, c.Version)
			}
			if !slices.Equal(c.Organisations, []string{"a", "b", "c"}) || c.SubmissionCount != 3 || len(subs) != 3 {
				t.Fatalf("organisations %v, count %d, %d submissions", c.Organisations, c.SubmissionCount, len(subs))
			}
			wantPs := map[string][]string{"a": {"p"}, "b": {"q", "p"}, "c": nil}
			for _, s := range subs {
				if s.ID != s.OrganisationID || s.PartnershipID != "p" || s.CampaignID != "c" || s.State != NotStarted ||
					s.Version != 1 || !s.UpdateTime.Equal(t0) {
					t.Errorf("submission %+v", s)
				}
				if !slices.Equal(s.Partnerships, wantPs[s.OrganisationID]) {
					t.Errorf("submission %s partnerships %v, want %v", s.ID, s.Partnerships, wantPs[s.OrganisationID])
				}
			}

			// A second launch is harmless.
			before := c
			subs, launched, err = c.Launch([]string{"a", "b", "d"}, orgPs, t0.Add(time.Minute))
			if err != nil || launched || subs != nil || !reflect.DeepEqual(c, before) {
				t.Fatalf("second launch: %v %v %v, version %d", subs, launched, err, c.Version)
			}
		})
	}
}

func TestLaunchReplacesNamedAudience(t *testing.T) {
	c := newCampaign(t, func(s *CampaignSpec) { s.Organisations, s.AudienceTypes = []string{"a"}, []string{"school"} })
	subs, _, err := c.Launch([]string{"s1", "a", "s2"}, nil, t0)
	if err != nil || len(subs) != 3 || !slices.Equal(c.Organisations, []string{"s1", "a", "s2"}) {
		t.Fatalf("launch: %v %v %v", err, subs, c.Organisations)
	}
}

func TestLaunchRefused(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) Campaign
		orgs  []string
		now   time.Time
	}{
		{"due passed", func(t *testing.T) Campaign { return newCampaign(t, nil) }, []string{"a"}, t0.Add(30 * day)},
		{"no organisations", func(t *testing.T) Campaign { return newCampaign(t, nil) }, nil, t0},
		{"closed", func(t *testing.T) Campaign {
			c := launchedCampaign(t, nil)
			if _, err := c.Close(t0); err != nil {
				t.Fatal(err)
			}
			return c
		}, []string{"a"}, t0},
		{"archived", func(t *testing.T) Campaign {
			c := launchedCampaign(t, nil)
			c.Close(t0)
			if _, err := c.Archive(t0); err != nil {
				t.Fatal(err)
			}
			return c
		}, []string{"a"}, t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.setup(t)
			before := c
			subs, launched, err := c.Launch(tt.orgs, nil, tt.now)
			wantKind(t, err, failure.KindFailedPrecondition)
			if subs != nil || launched || !reflect.DeepEqual(c, before) {
				t.Fatalf("a refused launch changed the campaign: %+v", c)
			}
		})
	}
}

func TestAddOrganisations(t *testing.T) {
	orgPs := map[string][]string{"c": {"p"}, "d": {"x"}}
	t.Run("draft changes the audience only", func(t *testing.T) {
		c := newCampaign(t, nil)
		subs, err := c.AddOrganisations([]string{"b", "c"}, orgPs, t0)
		if err != nil || subs != nil || !slices.Equal(c.Organisations, []string{"a", "b", "c"}) || c.Version != 2 || c.SubmissionCount != 0 {
			t.Fatalf("add: %v %v %v version %d", err, subs, c.Organisations, c.Version)
		}
		subs, err = c.AddOrganisations([]string{"a", "c"}, orgPs, t0)
		if err != nil || subs != nil || c.Version != 2 {
			t.Fatalf("adding nothing new: %v %v version %d", err, subs, c.Version)
		}
	})
	for _, open := range []time.Time{{}, t0.Add(day)} {
		t.Run("launched "+map[bool]string{true: "open", false: "scheduled"}[open.IsZero()], func(t *testing.T) {
			c := launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime = open })
			subs, err := c.AddOrganisations([]string{"a", "c", "d", "c"}, orgPs, t0.Add(time.Hour))
			if err != nil || len(subs) != 2 || subs[0].OrganisationID != "c" || subs[1].OrganisationID != "d" {
				t.Fatalf("add: %v %+v", err, subs)
			}
			if !slices.Equal(subs[0].Partnerships, []string{"p"}) || subs[1].Partnerships != nil ||
				!subs[0].UpdateTime.Equal(t0.Add(time.Hour)) || subs[0].State != NotStarted || subs[0].CampaignID != "c" {
				t.Fatalf("new submissions %+v", subs)
			}
			if !slices.Equal(c.Organisations, []string{"a", "b", "c", "d"}) || c.SubmissionCount != 4 || c.Version != 3 {
				t.Fatalf("campaign organisations %v count %d version %d", c.Organisations, c.SubmissionCount, c.Version)
			}
			subs, err = c.AddOrganisations([]string{"b", "d"}, orgPs, t0.Add(time.Hour))
			if err != nil || subs != nil || c.Version != 3 || c.SubmissionCount != 4 {
				t.Fatalf("adding nothing new: %v %v version %d", err, subs, c.Version)
			}
		})
	}
	refused := []struct {
		name  string
		setup func(*Campaign)
		now   time.Time
	}{
		{"closed", func(c *Campaign) { c.Close(t0) }, t0},
		{"closed by the clock", func(*Campaign) {}, t0.Add(30 * day)},
		{"archived", func(c *Campaign) { c.Close(t0); c.Archive(t0) }, t0},
	}
	for _, tt := range refused {
		t.Run("refused when "+tt.name, func(t *testing.T) {
			c := launchedCampaign(t, nil)
			tt.setup(&c)
			before := c
			subs, err := c.AddOrganisations([]string{"c"}, orgPs, tt.now)
			wantKind(t, err, failure.KindFailedPrecondition)
			if subs != nil || !reflect.DeepEqual(c, before) {
				t.Fatalf("a refused add changed the campaign: %+v", c)
			}
		})
	}
}

func TestStateAtAndAcceptsAnswers(t *testing.T) {
	open := t0.Add(day)
	due := t0.Add(10 * day)
	late := due.Add(2 * day)
	scheduled := func(t *testing.T, mod func(*CampaignSpec)) Campaign {
		return launchedCampaign(t, func(s *CampaignSpec) {
			s.OpenTime, s.DueTime = open, due
			if mod != nil {
				mod(s)
			}
		})
	}
	withLate := func(s *CampaignSpec) { s.CloseTime, s.AllowLate = late, true }
	tests := []struct {
		name      string
		campaign  func(t *testing.T) Campaign
		at        time.Time
		want      CampaignState
		wantClose time.Time
	}{
		{"draft", func(t *testing.T) Campaign { return newCampaign(t, nil) }, t0, CampaignDraft, t0.Add(30 * day)},
		{"draft past due stays draft", func(t *testing.T) Campaign { return newCampaign(t, nil) }, t0.Add(40 * day), CampaignDraft, t0.Add(30 * day)},
		{"scheduled", func(t *testing.T) Campaign { return scheduled(t, nil) }, t0, CampaignScheduled, due},
		{"just before opening", func(t *testing.T) Campaign { return scheduled(t, nil) }, open.Add(-time.Nanosecond), CampaignScheduled, due},
		{"at the open time", func(t *testing.T) Campaign { return scheduled(t, nil) }, open, CampaignOpen, due},
		{"just before due", func(t *testing.T) Campaign { return scheduled(t, nil) }, due.Add(-time.Nanosecond), CampaignOpen, due},
		{"at the due time", func(t *testing.T) Campaign { return scheduled(t, nil) }, due, CampaignClosed, due},
		{"late returns after due", func(t *testing.T) Campaign { return scheduled(t, withLate) }, due.Add(day), CampaignOpen, late},
		{"just before the close time", func(t *testing.T) Campaign { return scheduled(t, withLate) }, late.Add(-time.Nanosecond), CampaignOpen, late},
		{"at the close time", func(t *testing.T) Campaign { return scheduled(t, withLate) }, late, CampaignClosed, late},
		{"close time equal to due", func(t *testing.T) Campaign {
			return scheduled(t, func(s *CampaignSpec) { s.CloseTime = due })
		}, due, CampaignClosed, due},
		{"closed early", func(t *testing.T) Campaign {
			c := scheduled(t, nil)
			c.Close(open.Add(time.Hour))
			return c
		}, open.Add(2 * time.Hour), CampaignClosed, due},
		{"archived", func(t *testing.T) Campaign {
			c := scheduled(t, nil)
			c.Archive(due)
			return c
		}, due.Add(day), CampaignArchived, due},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.campaign(t)
			if got := c.StateAt(tt.at); got != tt.want {
				t.Fatalf("StateAt = %v, want %v", got, tt.want)
			}
			if !c.FinalClose().Equal(tt.wantClose) {
				t.Fatalf("FinalClose = %v, want %v", c.FinalClose(), tt.wantClose)
			}
			err := c.AcceptsAnswers(tt.at)
			if tt.want == CampaignOpen {
				if err != nil {
					t.Fatalf("AcceptsAnswers: %v", err)
				}
				return
			}
			wantKind(t, err, failure.KindFailedPrecondition)
		})
	}
}

func TestOverdue(t *testing.T) {
	c := launchedCampaign(t, func(s *CampaignSpec) { s.CloseTime, s.AllowLate = s.DueTime.Add(day), true })
	for _, tt := range []struct {
		at   time.Time
		want bool
	}{{t0, false}, {c.DueTime, false}, {c.DueTime.Add(time.Second), true}, {c.CloseTime, true}} {
		if got := c.Overdue(tt.at); got != tt.want {
			t.Errorf("Overdue(%v) = %v, want %v", tt.at, got, tt.want)
		}
	}
}

func TestParticipant(t *testing.T) {
	c := newCampaign(t, nil)
	c.PartnershipID, c.Partnerships = "lead", []string{"lead", "q"}
	for p, want := range map[string]bool{"lead": true, "q": true, "x": false} {
		if c.Participant(p) != want {
			t.Errorf("Participant(%s) = %v", p, !want)
		}
	}
}

func TestTick(t *testing.T) {
	open := t0.Add(day)
	due := t0.Add(10 * day)
	tests := []struct {
		name                   string
		campaign               func(t *testing.T) Campaign
		at                     time.Time
		wantOpened, wantClosed bool
		wantState              CampaignState
	}{
		{"draft", func(t *testing.T) Campaign { return newCampaign(t, nil) }, t0.Add(40 * day), false, false, CampaignDraft},
		{"scheduled, not yet", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime, s.DueTime = open, due })
		}, open.Add(-time.Second), false, false, CampaignScheduled},
		{"opens", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime, s.DueTime = open, due })
		}, open, true, false, CampaignOpen},
		{"open, not yet", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
		}, due.Add(-time.Second), false, false, CampaignOpen},
		{"closes", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
		}, due, false, true, CampaignClosed},
		{"opens and closes", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime, s.DueTime = open, due })
		}, due.Add(day), true, true, CampaignClosed},
		{"late window keeps it open", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.DueTime, s.CloseTime, s.AllowLate = due, due.Add(day), true })
		}, due.Add(time.Hour), false, false, CampaignOpen},
		{"closed already", func(t *testing.T) Campaign {
			c := launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
			c.Close(t0)
			return c
		}, due.Add(day), false, false, CampaignClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.campaign(t)
			version, closedTime := c.Version, c.ClosedTime
			opened, closed := c.Tick(tt.at)
			if opened != tt.wantOpened || closed != tt.wantClosed || c.State != tt.wantState {
				t.Fatalf("Tick = %v, %v, state %v; want %v, %v, %v", opened, closed, c.State, tt.wantOpened, tt.wantClosed, tt.wantState)
			}
			wantVersion := version
			if opened || closed {
				wantVersion++
			}
			if c.Version != wantVersion {
				t.Fatalf("version %d, want %d", c.Version, wantVersion)
			}
			switch {
			case closed && !c.ClosedTime.Equal(c.FinalClose()):
				t.Fatalf("closed at %v, want the final close %v", c.ClosedTime, c.FinalClose())
			case !closed && !c.ClosedTime.Equal(closedTime):
				t.Fatalf("closed time changed to %v", c.ClosedTime)
			}
			// The same tick again changes nothing.
			before := c
			if o, cl := c.Tick(tt.at); o || cl || !reflect.DeepEqual(c, before) {
				t.Fatalf("second tick: %v %v", o, cl)
			}
		})
	}
}

func TestClose(t *testing.T) {
	tests := []struct {
		name      string
		campaign  func(t *testing.T) Campaign
		want      bool
		wantError bool
	}{
		{"draft", func(t *testing.T) Campaign { return newCampaign(t, nil) }, false, true},
		{"open", func(t *testing.T) Campaign { return launchedCampaign(t, nil) }, true, false},
		{"scheduled", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime = t0.Add(day) })
		}, true, false},
		{"closed", func(t *testing.T) Campaign {
			c := launchedCampaign(t, nil)
			c.Close(t0)
			return c
		}, false, false},
		{"archived", func(t *testing.T) Campaign {
			c := launchedCampaign(t, nil)
			c.Close(t0)
			c.Archive(t0)
			return c
		}, false, false},
	}
	at := t0.Add(time.Hour)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.campaign(t)
			before := c
			closed, err := c.Close(at)
			if tt.wantError {
				wantKind(t, err, failure.KindFailedPrecondition)
			} else if err != nil {
				t.Fatal(err)
			}
			if closed != tt.want {
				t.Fatalf("closed = %v", closed)
			}
			if !closed {
				if !reflect.DeepEqual(c, before) {
					t.Fatalf("a no-op close changed the campaign: %+v", c)
				}
				return
			}
			if c.State != CampaignClosed || !c.ClosedTime.Equal(at) || c.Version != before.Version+1 {
				t.Fatalf("closed campaign %v at %v version %d", c.State, c.ClosedTime, c.Version)
			}
		})
	}
}

func TestArchive(t *testing.T) {
	due := t0.Add(10 * day)
	tests := []struct {
		name           string
		campaign       func(t *testing.T) Campaign
		at             time.Time
		want           bool
		wantError      bool
		wantClosedTime time.Time
	}{
		{"draft", func(t *testing.T) Campaign { return newCampaign(t, nil) }, t0, false, true, time.Time{}},
		{"open", func(t *testing.T) Campaign { return launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due }) },
			t0, false, true, time.Time{}},
		{"scheduled", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime, s.DueTime = t0.Add(day), due })
		}, t0, false, true, time.Time{}},
		{"closed", func(t *testing.T) Campaign {
			c := launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
			c.Close(t0.Add(time.Hour))
			return c
		}, t0.Add(2 * time.Hour), true, false, t0.Add(time.Hour)},
		{"closed by the clock", func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
		}, due.Add(day), true, false, due},
		{"archived", func(t *testing.T) Campaign {
			c := launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
			c.Close(t0)
			c.Archive(t0)
			return c
		}, t0.Add(day), false, false, t0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.campaign(t)
			before := c
			archived, err := c.Archive(tt.at)
			if tt.wantError {
				wantKind(t, err, failure.KindFailedPrecondition)
			} else if err != nil {
				t.Fatal(err)
			}
			if archived != tt.want {
				t.Fatalf("archived = %v", archived)
			}
			if !archived {
				if !reflect.DeepEqual(c, before) {
					t.Fatalf("a refused or repeated archive changed the campaign: %+v", c)
				}
				return
			}
			if c.State != CampaignArchived || !c.ClosedTime.Equal(tt.wantClosedTime) || c.Version != before.Version+1 {
				t.Fatalf("archived campaign %v closed %v version %d", c.State, c.ClosedTime, c.Version)
			}
		})
	}
}

func TestUpdate(t *testing.T) {
	due := t0.Add(30 * day)
	draft := func(t *testing.T) Campaign { return newCampaign(t, nil) }
	open := func(t *testing.T) Campaign { return launchedCampaign(t, nil) }
	scheduled := func(t *testing.T) Campaign {
		return launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime = t0.Add(day) })
	}
	closed := func(t *testing.T) Campaign {
		c := launchedCampaign(t, nil)
		c.Close(t0)
		return c
	}
	archived := func(t *testing.T) Campaign {
		c := closed(t)
		c.Archive(t0)
		return c
	}
	tests := []struct {
		name        string
		campaign    func(t *testing.T) Campaign
		mod         func(*CampaignSpec)
		mask        []string
		now         time.Time
		wantChanged []string
		wantFields  []string
		check       func(t *testing.T, c Campaign)
	}{
		// Fields that change in any state.
		{name: "rename a draft", campaign: draft, mod: func(s *CampaignSpec) { s.DisplayName = " S11 2027 " },
			mask: []string{"display_name"}, wantChanged: []string{"display_name"},
			check: func(t *testing.T, c Campaign) {
				if c.DisplayName != "S11 2027" {
					t.Errorf("name %q", c.DisplayName)
				}
			}},
		{name: "rename an open campaign", campaign: open, mod: func(s *CampaignSpec) { s.DisplayName = "S11 2027" },
			mask: []string{"display_name"}, wantChanged: []string{"display_name"}},
		{name: "every always field of an open campaign", campaign: open, mod: func(s *CampaignSpec) {
			s.DisplayName, s.DueTime, s.CloseTime, s.AllowLate, s.QARequired, s.SignOff =
				"New", due.Add(day), due.Add(3*day), true, true, SignOffAnyRespondent
		}, mask: []string{"display_name", "due_time", "close_time", "allow_late", "qa_required", "sign_off"},
			wantChanged: []string{"display_name", "due_time", "close_time", "allow_late", "qa_required", "sign_off"},
			check: func(t *testing.T, c Campaign) {
				if !c.DueTime.Equal(due.Add(day)) || !c.CloseTime.Equal(due.Add(3*day)) || !c.AllowLate || !c.QARequired ||
					c.SignOff != SignOffAnyRespondent {
					t.Errorf("campaign %+v", c.CampaignSpec)
				}
			}},
		{name: "draft-only fields of a draft", campaign: draft, mod: func(s *CampaignSpec) {
			s.Organisations, s.AudienceTypes, s.SourceCampaign, s.TemplateVersion, s.Consortium =
				[]string{"x"}, []string{"school"}, "partnerships/p/campaigns/c0", "partnerships/p/templates/t/versions/2", "hubs/h/consortia/k"
		}, mask: []string{"organisations", "audience_types", "source_campaign", "template_version", "consortium"},
			wantChanged: []string{"organisations", "audience_types", "source_campaign", "template_version", "consortium"},
			check: func(t *testing.T, c Campaign) {
				if !slices.Equal(c.Organisations, []string{"x"}) || c.TemplateVersion != "partnerships/p/templates/t/versions/2" ||
					c.Consortium != "hubs/h/consortia/k" {
					t.Errorf("campaign %+v", c.CampaignSpec)
				}
			}},
		{name: "open time of a draft", campaign: draft, mod: func(s *CampaignSpec) { s.OpenTime = t0.Add(day) },
			mask: []string{"open_time"}, wantChanged: []string{"open_time"}},
		{name: "open time of a scheduled campaign", campaign: scheduled, mod: func(s *CampaignSpec) { s.OpenTime = t0.Add(2 * day) },
			mask: []string{"open_time"}, wantChanged: []string{"open_time"}},
		{name: "sign-off unset means lead", campaign: func(t *testing.T) Campaign {
			return newCampaign(t, func(s *CampaignSpec) { s.SignOff = SignOffAnyRespondent })
		}, mod: func(s *CampaignSpec) { s.SignOff = 0 }, mask: []string{"sign_off"}, wantChanged: []string{"sign_off"},
			check: func(t *testing.T, c Campaign) {
				if c.SignOff != SignOffLead {
					t.Errorf("sign-off %v", c.SignOff)
				}
			}},
		{name: "only what changed is listed", campaign: open, mod: func(s *CampaignSpec) { s.QARequired, s.AllowLate = true, true },
			mask:        []string{"display_name", "qa_required", "due_time", "allow_late", "qa_required"},
			wantChanged: []string{"qa_required", "allow_late"}},
		{name: "due moved later", campaign: open, mod: func(s *CampaignSpec) { s.DueTime = due.Add(7 * day) },
			mask: []string{"due_time"}, wantChanged: []string{"due_time"}},
		{name: "due moved earlier but still future", campaign: open, mod: func(s *CampaignSpec) { s.DueTime = t0.Add(day) },
			mask: []string{"due_time"}, wantChanged: []string{"due_time"}},
		{name: "closed campaign renamed", campaign: closed, mod: func(s *CampaignSpec) { s.DisplayName = "Old round" },
			mask: []string{"display_name"}, wantChanged: []string{"display_name"}},
		{name: "archived campaign renamed", campaign: archived, mod: func(s *CampaignSpec) { s.DisplayName = "Old round" },
			mask: []string{"display_name"}, wantChanged: []string{"display_name"}},
		{name: "campaign closed by the clock renamed", campaign: open, now: due.Add(day),
			mod: func(s *CampaignSpec) { s.DisplayName = "Old round" }, mask: []string{"display_name"}, wantChanged: []string{"display_name"}},
		{name: "a draft past its due can be renamed", campaign: draft, now: due.Add(day),
			mod: func(s *CampaignSpec) { s.DisplayName = "Late" }, mask: []string{"display_name"}, wantChanged: []string{"display_name"}},

		// Nothing changes.
		{name: "unchanged values", campaign: open, mod: func(s *CampaignSpec) { s.DisplayName = "  S11 2026 " },
			mask: []string{"display_name", "due_time", "close_time", "allow_late", "qa_required", "sign_off"}},
		{name: "empty mask", campaign: draft, mod: func(s *CampaignSpec) { s.DisplayName = "ignored" }},
		{name: "unchanged draft-only fields of a draft", campaign: draft,
			mask: []string{"organisations", "template_version", "source_campaign"}},

		// Refused.
		{name: "draft-only fields after launch", campaign: open, mod: func(s *CampaignSpec) { s.Organisations = []string{"x"} },
			mask:       []string{"organisations", "audience_types", "source_campaign", "template_version", "consortium"},
			wantFields: []string{"update_mask", "update_mask", "update_mask", "update_mask", "update_mask"}},
		{name: "draft-only field of a scheduled campaign", campaign: scheduled, mask: []string{"template_version"},
			wantFields: []string{"update_mask"}},
		{name: "unknown mask field", campaign: draft, mask: []string{"state"}, wantFields: []string{"update_mask"}},
		{name: "unknown mask field after launch", campaign: open, mask: []string{"display_name", "launch_time"},
			wantFields: []string{"update_mask"}},
		{name: "open time once open", campaign: open, mod: func(s *CampaignSpec) { s.OpenTime = t0.Add(day) },
			mask: []string{"open_time"}, wantFields: []string{"campaign.open_time"}},
		{name: "open time of a closed campaign", campaign: closed, mask: []string{"open_time"},
			wantFields: []string{"campaign.open_time"}},
		{name: "open time after due", campaign: draft, mod: func(s *CampaignSpec) { s.OpenTime = due.Add(day) },
			mask: []string{"open_time"}, wantFields: []string{"campaign.open_time"}},
		{name: "closed campaign given a new due time", campaign: closed, mod: func(s *CampaignSpec) { s.DueTime = due.Add(day) },
			mask: []string{"due_time"}, wantFields: []string{"campaign"}},
		{name: "closed campaign renamed and changed", campaign: closed, mod: func(s *CampaignSpec) { s.DisplayName, s.QARequired = "x", true },
			mask: []string{"display_name", "qa_required"}, wantFields: []string{"campaign"}},
		{name: "campaign closed by the clock given late returns", campaign: open, now: due.Add(day),
			mod: func(s *CampaignSpec) { s.AllowLate = true }, mask: []string{"allow_late"}, wantFields: []string{"campaign"}},
		{name: "due moved into the past", campaign: open, now: t0.Add(2 * day), mod: func(s *CampaignSpec) { s.DueTime = t0.Add(day) },
			mask: []string{"due_time"}, wantFields: []string{"campaign.due_time"}},
		{name: "draft due moved into the past", campaign: draft, mod: func(s *CampaignSpec) { s.DueTime = t0.Add(-day) },
			mask: []string{"due_time"}, wantFields: []string{"campaign.due_time"}},
		{name: "empty name", campaign: open, mod: func(s *CampaignSpec) { s.DisplayName = " " },
			mask: []string{"display_name"}, wantFields: []string{"campaign.display_name"}},
		{name: "bad sign-off", campaign: open, mod: func(s *CampaignSpec) { s.SignOff = 5 },
			mask: []string{"sign_off"}, wantFields: []string{"campaign.sign_off"}},
		{name: "close after due without allow_late", campaign: open, mod: func(s *CampaignSpec) { s.CloseTime = due.Add(day) },
			mask: []string{"close_time"}, wantFields: []string{"campaign.close_time"}},
		{name: "due moved past the close time", campaign: func(t *testing.T) Campaign {
			return launchedCampaign(t, func(s *CampaignSpec) { s.CloseTime = s.DueTime })
		}, mod: func(s *CampaignSpec) { s.DueTime = due.Add(day) }, mask: []string{"due_time"}, wantFields: []string{"campaign.close_time"}},
		{name: "duplicate organisations in a draft", campaign: draft, mod: func(s *CampaignSpec) { s.Organisations = []string{"a", "a"} },
			mask: []string{"organisations"}, wantFields: []string{"campaign.organisations[1]"}},
		{name: "audience emptied", campaign: draft, mod: func(s *CampaignSpec) { s.Organisations = nil },
			mask: []string{"organisations"}, wantFields: []string{"campaign.organisations"}},
		{name: "every refusal reported", campaign: open, mod: func(s *CampaignSpec) { s.DisplayName = "" },
			mask:       []string{"organisations", "bogus", "open_time", "display_name"},
			wantFields: []string{"update_mask", "update_mask", "campaign.open_time", "campaign.display_name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.campaign(t)
			now := tt.now
			if now.IsZero() {
				now = t0.Add(time.Hour)
			}
			spec := c.CampaignSpec
			spec.Organisations = slices.Clone(spec.Organisations)
			if tt.mod != nil {
				tt.mod(&spec)
			}
			before := c
			before.Organisations = slices.Clone(c.Organisations)
			changed, err := c.Update(spec, tt.mask, now)
			if tt.wantFields != nil {
				wantFields(t, err, tt.wantFields)
				if changed != nil || !reflect.DeepEqual(c, before) {
					t.Fatalf("a refused update changed the campaign: %v %+v", changed, c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(changed, tt.wantChanged) {
				t.Fatalf("changed %v, want %v", changed, tt.wantChanged)
			}
			if len(tt.wantChanged) == 0 {
				if changed != nil || !reflect.DeepEqual(c, before) {
					t.Fatalf("an update changing nothing changed the campaign: %+v", c)
				}
				return
			}
			if c.Version != before.Version+1 || c.State != before.State {
				t.Fatalf("version %d state %v, want %d %v", c.Version, c.State, before.Version+1, before.State)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}

// The open time may change only while the campaign has not opened; a
// scheduled campaign whose open time has passed is open (StateAt, which
// AcceptsAnswers uses) even before Tick has recorded it.
func TestUpdateOpenTimeOnceOpenedByTheClock(t *testing.T) {
	c := launchedCampaign(t, func(s *CampaignSpec) { s.OpenTime = t0.Add(day) })
	now := t0.Add(2 * day) // open by the clock; no tick yet
	if err := c.AcceptsAnswers(now); err != nil {
		t.Fatalf("the campaign should take answers: %v", err)
	}
	spec := c.CampaignSpec
	spec.OpenTime = t0.Add(5 * day)
	_, err := c.Update(spec, []string{"open_time"}, now)
	wantFields(t, err, []string{"campaign.open_time"})
}

// A launched campaign taking late returns (due passed, close time ahead)
// may have its close time moved: its due time is not changed, so it must
// not be refused for being in the past.
func TestUpdateCloseTimeAfterDuePassed(t *testing.T) {
	due := t0.Add(10 * day)
	c := launchedCampaign(t, func(s *CampaignSpec) { s.DueTime, s.CloseTime, s.AllowLate = due, due.Add(7*day), true })
	now := due.Add(day)
	if c.StateAt(now) != CampaignOpen {
		t.Fatalf("state %v, want open for late returns", c.StateAt(now))
	}
	spec := c.CampaignSpec
	spec.CloseTime = due.Add(14 * day)
	changed, err := c.Update(spec, []string{"close_time"}, now)
	if err != nil || !slices.Equal(changed, []string{"close_time"}) {
		t.Fatalf("extend the late window: %v %v", changed, err)
	}
}

// A campaign past its final close is closed (StateAt) even before Tick
// has recorded it: closing it must record when it really closed, as Tick
// and Archive do, not the later time someone pressed close.
func TestCloseCampaignClosedByTheClock(t *testing.T) {
	due := t0.Add(10 * day)
	c := launchedCampaign(t, func(s *CampaignSpec) { s.DueTime = due })
	now := due.Add(3 * day)
	if c.StateAt(now) != CampaignClosed {
		t.Fatalf("state %v", c.StateAt(now))
	}
	if _, err := c.Close(now); err != nil {
		t.Fatal(err)
	}
	if c.State != CampaignClosed || !c.ClosedTime.Equal(due) {
		t.Fatalf("closed %v at %v, want closed at the final close %v", c.State, c.ClosedTime, due)
	}
}
