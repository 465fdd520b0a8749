package events

import (
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"google.golang.org/protobuf/proto"
)

// TestLargeLaunchFitsTheBroker launches to 10,000 organisations: the launch
// becomes events of at most 500 submissions, each well within what an
// event may carry, and together naming every submission once.
func TestLargeLaunchFitsTheBroker(t *testing.T) {
	now := time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)
	c, err := domain.NewCampaign("s175-2026", "northshire", domain.CampaignSpec{DisplayName: "Section 175 audit 2026",
		TemplateVersion: "partnerships/northshire/templates/s175/versions/3", AudienceTypes: []string{"school"},
		DueTime: now.AddDate(0, 2, 0)}, now)
	if err != nil {
		t.Fatal(err)
	}
	orgs := make([]string, 10000)
	ps := map[string][]string{}
	for i := range orgs {
		orgs[i] = fmt.Sprintf("school-%05d-of-the-northshire-area", i)
		ps[orgs[i]] = []string{"northshire"}
	}
	subs, _, err := c.Launch(orgs, ps, now)
	if err != nil {
		t.Fatal(err)
	}
	evs := domain.LaunchEvents(c, subs)
	if len(evs) != 20 {
		t.Fatalf("%d events, want 20", len(evs))
	}
	seen := map[string]bool{}
	for _, ev := range evs {
		name, msg, err := Encode(ev)
		if err != nil || name != "campaign.launched" {
			t.Fatal(name, err)
		}
		b, _ := proto.Marshal(msg)
		if len(b) > outbox.MaxEventBytes/4 {
			t.Fatalf("one launch event is %d bytes", len(b))
		}
		m := msg.(*submissionv1.CampaignLaunched)
		if len(m.GetCampaign().GetOrganisations()) != 0 {
			t.Fatal("a launched campaign's events must not list its organisations")
		}
		for _, s := range m.GetSubmissions() {
			if seen[s.GetName()] {
				t.Fatalf("%s twice", s.GetName())
			}
			seen[s.GetName()] = true
		}
	}
	if len(seen) != len(orgs) {
		t.Fatalf("%d submissions in the events, want %d", len(seen), len(orgs))
	}
	if evs := domain.AddedEvents(c, nil); len(evs) != 1 {
		t.Fatalf("adding nobody: %d events, want 1", len(evs))
	}
}
