package domain

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// CampaignState is where a campaign is in its life. Values match the API.
type CampaignState int

// The campaign states.
const (
	CampaignDraft CampaignState = iota + 1
	CampaignOpen
	CampaignClosed
)

// Campaign is one round of an audit sent to a set of organisations.
type Campaign struct {
	ID              string
	PartnershipID   string
	DisplayName     string
	TemplateVersion string
	Organisations   []string // organisation ids
	DueTime         time.Time
	State           CampaignState
	CreateTime      time.Time
	LaunchTime      time.Time // zero until launched
	Version         int64
}

// NewCampaign checks and builds a draft campaign.
func NewCampaign(id, partnershipID, displayName, templateVersion string, orgs []string, due, now time.Time) (Campaign, error) {
	var v failure.Violations
	displayName = strings.TrimSpace(displayName)
	switch n := utf8.RuneCountInString(displayName); {
	case n == 0:
		v.Add("campaign.display_name", "must not be empty")
	case n > 200:
		v.Add("campaign.display_name", "must be at most 200 characters")
	}
	if !strings.HasPrefix(templateVersion, "partnerships/"+partnershipID+"/templates/") {
		v.Add("campaign.template_version", "must be a template version of the same partnership")
	}
	if len(orgs) == 0 {
		v.Add("campaign.organisations", "must name at least one organisation")
	}
	seen := map[string]bool{}
	for _, o := range orgs {
		if seen[o] {
			v.Addf("campaign.organisations", "names organisations/%s twice", o)
		}
		seen[o] = true
	}
	if due.IsZero() {
		v.Add("campaign.due_time", "is required")
	} else if !due.After(now) {
		v.Add("campaign.due_time", "must be in the future")
	}
	if err := v.Err(); err != nil {
		return Campaign{}, err
	}
	return Campaign{ID: id, PartnershipID: partnershipID, DisplayName: displayName, TemplateVersion: templateVersion,
		Organisations: orgs, DueTime: due.UTC(), State: CampaignDraft, CreateTime: now, Version: 1}, nil
}

// Launch opens a draft campaign and returns the submissions to create, one
// per organisation. Launching an open campaign again returns nothing and
// changes nothing, so a retried launch is harmless.
func (c *Campaign) Launch(now time.Time) ([]Submission, bool, error) {
	switch c.State {
	case CampaignOpen:
		return nil, false, nil
	case CampaignDraft:
	default:
		return nil, false, failure.FailedPrecondition("campaign is closed and cannot be launched")
	}
	c.State = CampaignOpen
	c.LaunchTime = now
	c.Version++
	subs := make([]Submission, len(c.Organisations))
	for i, o := range c.Organisations {
		subs[i] = Submission{ID: o, PartnershipID: c.PartnershipID, CampaignID: c.ID, OrganisationID: o,
			State: NotStarted, Answers: map[string]form.Answer{}, UpdateTime: now, Version: 1}
	}
	return subs, true, nil
}
