package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// CampaignState is where a campaign is in its life. Values match the API.
type CampaignState int

// The campaign states: draft → scheduled → open → closed → archived.
const (
	CampaignDraft CampaignState = iota + 1
	CampaignOpen
	CampaignClosed
	CampaignScheduled
	CampaignArchived
)

// Launched reports whether a campaign in state s has its submissions.
func (s CampaignState) Launched() bool { return s != CampaignDraft }

// SignOff says who may sign off and submit a return. Values match the API.
type SignOff int

// Who signs off.
const (
	SignOffLead SignOff = iota + 1
	SignOffAnyRespondent
)

// Campaign is one round of an audit sent to a set of organisations.
type Campaign struct {
	ID            string
	PartnershipID string // the owner (for a consortium campaign, its lead)
	CampaignSpec
	// Partnerships take part: the owner, or the consortium's partnerships.
	Partnerships    []string
	State           CampaignState
	CreateTime      time.Time
	LaunchTime      time.Time // zero until launched
	ClosedTime      time.Time // zero until closed
	SubmissionCount int
	Version         int64
}

// CampaignSpec is what the business unit decides about a campaign.
type CampaignSpec struct {
	DisplayName     string
	TemplateVersion string
	// Organisations are the audience named one by one (organisation ids);
	// once launched, every organisation that has a submission.
	Organisations []string
	// AudienceTypes adds, at launch, every organisation of these types in
	// the campaign's partnerships.
	AudienceTypes  []string
	OpenTime       time.Time // zero: at launch
	DueTime        time.Time
	CloseTime      time.Time // zero: the due time
	AllowLate      bool
	SourceCampaign string // partnerships/{p}/campaigns/{c}, or empty
	QARequired     bool
	SignOff        SignOff
	Consortium     string // hubs/{h}/consortia/{c}, or empty
}

// FinalClose is when the campaign stops taking answers.
func (c *Campaign) FinalClose() time.Time {
	if c.CloseTime.IsZero() {
		return c.DueTime
	}
	return c.CloseTime
}

// StateAt is the state at time now: a scheduled campaign past its open
// time is open, and an open one past its final close is closed, even
// before the clock has recorded it.
func (c *Campaign) StateAt(now time.Time) CampaignState {
	s := c.State
	if s == CampaignScheduled && !now.Before(c.OpenTime) {
		s = CampaignOpen
	}
	if s == CampaignOpen && !now.Before(c.FinalClose()) {
		s = CampaignClosed
	}
	return s
}

// AcceptsAnswers fails unless returns may be saved and submitted at now.
func (c *Campaign) AcceptsAnswers(now time.Time) error {
	switch c.StateAt(now) {
	case CampaignOpen:
		return nil
	case CampaignScheduled:
		return failure.FailedPrecondition("the campaign opens at %s", c.OpenTime.Format(time.RFC3339))
	case CampaignDraft:
		return failure.FailedPrecondition("the campaign has not been launched")
	default:
		return failure.FailedPrecondition("the campaign closed at %s and takes no more answers", c.FinalClose().Format(time.RFC3339))
	}
}

// Overdue reports whether a return not yet submitted is late at now.
func (c *Campaign) Overdue(now time.Time) bool { return now.After(c.DueTime) }

// Participant reports whether partnership p takes part in the campaign.
func (c *Campaign) Participant(p string) bool {
	return p == c.PartnershipID || slices.Contains(c.Partnerships, p)
}

// NewCampaign checks and builds a draft campaign of partnership pid.
func NewCampaign(id, pid string, spec CampaignSpec, now time.Time) (Campaign, error) {
	if spec.SignOff == 0 {
		spec.SignOff = SignOffLead
	}
	c := Campaign{ID: id, PartnershipID: pid, CampaignSpec: spec, Partnerships: []string{pid},
		State: CampaignDraft, CreateTime: now, Version: 1}
	c.DisplayName = strings.TrimSpace(c.DisplayName)
	c.normaliseTimes()
	var v failure.Violations
	c.checkSpec(&v, now, true)
	if err := v.Err(); err != nil {
		return Campaign{}, err
	}
	return c, nil
}

func (c *Campaign) normaliseTimes() {
	c.OpenTime, c.DueTime, c.CloseTime = c.OpenTime.UTC(), c.DueTime.UTC(), c.CloseTime.UTC()
}

// checkSpec adds a violation for every bad field. Dates in the past are
// refused only when pastChecked (at creation, or when a date changes).
func (c *Campaign) checkSpec(v *failure.Violations, now time.Time, pastChecked bool) {
	switch n := utf8.RuneCountInString(c.DisplayName); {
	case n == 0:
		v.Add("campaign.display_name", "must not be empty")
	case n > 200:
		v.Add("campaign.display_name", "must be at most 200 characters")
	}
	if !strings.HasPrefix(c.TemplateVersion, "partnerships/"+c.PartnershipID+"/templates/") {
		v.Add("campaign.template_version", "must be a template version of the same partnership (copy a hub template into it first)")
	}
	if len(c.Organisations) == 0 && len(c.AudienceTypes) == 0 {
		v.Add("campaign.organisations", "name at least one organisation or give audience_types")
	}
	seen := map[string]bool{}
	for i, o := range c.Organisations {
		if seen[o] {
			v.Addf("campaign.organisations["+strconv.Itoa(i)+"]", "names organisations/%s twice", o)
		}
		seen[o] = true
	}
	switch {
	case c.DueTime.IsZero() || c.DueTime.Unix() <= 0:
		v.Add("campaign.due_time", "is required")
	case pastChecked && !c.DueTime.After(now):
		v.Add("campaign.due_time", "must be in the future")
	}
	if !c.OpenTime.IsZero() && !c.DueTime.IsZero() && !c.OpenTime.Before(c.DueTime) {
		v.Add("campaign.open_time", "must be before the due time")
	}
	if !c.CloseTime.IsZero() {
		switch {
		case c.CloseTime.Before(c.DueTime):
			v.Add("campaign.close_time", "must not be before the due time")
		case c.CloseTime.After(c.DueTime) && !c.AllowLate:
			v.Add("campaign.close_time", "can be after the due time only when allow_late is set")
		}
	}
	if c.SourceCampaign == "partnerships/"+c.PartnershipID+"/campaigns/"+c.ID {
		v.Add("campaign.source_campaign", "must be an earlier campaign, not this one")
	}
	if c.SignOff != SignOffLead && c.SignOff != SignOffAnyRespondent {
		v.Add("campaign.sign_off", "must be ORGANISATION_LEAD or ANY_RESPONDENT")
	}
}

// Launch sends a draft campaign to the organisations given (the resolved
// audience): it opens at once, or is scheduled to open at its open time.
// It returns the submissions to create. Launching a launched campaign
// again returns nothing and changes nothing, so a retried launch is
// harmless.
func (c *Campaign) Launch(orgs []string, orgPartnerships map[string][]string, now time.Time) ([]Submission, bool, error) {
	switch c.State {
	case CampaignDraft:
	case CampaignScheduled, CampaignOpen:
		return nil, false, nil
	default:
		return nil, false, failure.FailedPrecondition("the campaign is closed and cannot be launched")
	}
	if !c.DueTime.After(now) {
		return nil, false, failure.FailedPrecondition("the due time %s has passed: move it before launching", c.DueTime.Format(time.RFC3339))
	}
	if len(orgs) == 0 {
		return nil, false, failure.FailedPrecondition("the audience has no organisations")
	}
	c.State = CampaignOpen
	if c.OpenTime.After(now) {
		c.State = CampaignScheduled
	}
	c.LaunchTime = now
	c.Organisations = nil
	subs := c.add(orgs, orgPartnerships, now)
	c.Version++
	return subs, true, nil
}

func (c *Campaign) add(orgs []string, orgPartnerships map[string][]string, now time.Time) []Submission {
	have := make(map[string]bool, len(c.Organisations))
	for _, o := range c.Organisations {
		have[o] = true
	}
	var subs []Submission
	for _, o := range orgs {
		if have[o] {
			continue
		}
		have[o] = true
		c.Organisations = append(c.Organisations, o)
		if c.State.Launched() {
			subs = append(subs, Submission{ID: o, PartnershipID: c.PartnershipID, CampaignID: c.ID, OrganisationID: o,
				Partnerships: c.sharedPartnerships(orgPartnerships[o]), State: NotStarted, UpdateTime: now, Version: 1})
		}
	}
	c.SubmissionCount += len(subs)
	return subs
}

// sharedPartnerships are the campaign's partnerships among ps.
func (c *Campaign) sharedPartnerships(ps []string) []string {
	var out []string
	for _, p := range ps {
		if c.Participant(p) {
			out = append(out, p)
		}
	}
	return out
}

// AddOrganisations adds organisations to the audience. In a launched
// campaign their submissions are returned to create; one already in the
// audience is left as it is.
func (c *Campaign) AddOrganisations(orgs []string, orgPartnerships map[string][]string, now time.Time) ([]Submission, error) {
	switch c.StateAt(now) {
	case CampaignClosed, CampaignArchived:
		return nil, failure.FailedPrecondition("the campaign is closed: organisations can no longer be added")
	}
	before := len(c.Organisations)
	subs := c.add(orgs, orgPartnerships, now)
	if len(c.Organisations) != before {
		c.Version++
	}
	return subs, nil
}

// Close closes an open or scheduled campaign at now; closing a closed one
// is a no-op.
func (c *Campaign) Close(now time.Time) (bool, error) {
	switch c.State {
	case CampaignClosed, CampaignArchived:
		return false, nil
	case CampaignDraft:
		return false, failure.FailedPrecondition("a draft campaign cannot be closed; it was never sent")
	}
	if _, closed := c.Tick(now); closed {
		return true, nil // the clock had closed it already, at its final close
	}
	c.State = CampaignClosed
	c.ClosedTime = now
	c.Version++
	return true, nil
}

// Archive files away a closed campaign; archiving an archived one is a
// no-op.
func (c *Campaign) Archive(now time.Time) (bool, error) {
	switch c.StateAt(now) {
	case CampaignArchived:
		return false, nil
	case CampaignClosed:
	default:
		return false, failure.FailedPrecondition("only a closed campaign can be archived")
	}
	if c.ClosedTime.IsZero() {
		c.ClosedTime = c.FinalClose()
	}
	c.State = CampaignArchived
	c.Version++
	return true, nil
}

// Tick records at now the transitions that time has made: a scheduled
// campaign opens and an open one closes at its final close. It returns
// whether it opened and whether it closed.
func (c *Campaign) Tick(now time.Time) (opened, closed bool) {
	if c.State == CampaignScheduled && !now.Before(c.OpenTime) {
		c.State = CampaignOpen
		opened = true
	}
	if c.State == CampaignOpen && !now.Before(c.FinalClose()) {
		c.State = CampaignClosed
		c.ClosedTime = c.FinalClose()
		closed = true
	}
	if opened || closed {
		c.Version++
	}
	return opened, closed
}

// Mutable fields of a campaign, by their API names.
var (
	campaignFieldsAlways = []string{"display_name", "due_time", "close_time", "allow_late", "qa_required", "sign_off", "open_time"}
	campaignFieldsDraft  = []string{"organisations", "audience_types", "source_campaign", "template_version", "consortium"}
)

// Update applies the fields named in mask from spec. A draft changes
// freely; a launched campaign only its display name, dates, late returns,
// QA and sign-off (its open time only while scheduled). It returns the
// fields that changed.
func (c *Campaign) Update(spec CampaignSpec, mask []string, now time.Time) ([]string, error) {
	var v failure.Violations
	next := *c
	var changed []string
	dueChanged := false
	for _, f := range mask {
		switch {
		case slices.Contains(campaignFieldsAlways, f):
		case slices.Contains(campaignFieldsDraft, f):
			if c.State != CampaignDraft {
				v.Add("update_mask", f+" cannot change once the campaign is launched")
				continue
			}
		default:
			v.Add("update_mask", f+" is not a field that can be updated")
			continue
		}
		switch f {
		case "display_name":
			next.DisplayName = strings.TrimSpace(spec.DisplayName)
		case "due_time":
			next.DueTime = spec.DueTime.UTC()
			dueChanged = dueChanged || !next.DueTime.Equal(c.DueTime)
		case "close_time":
			next.CloseTime = spec.CloseTime.UTC()
		case "open_time":
			if st := c.StateAt(now); st != CampaignDraft && st != CampaignScheduled {
				v.Add("campaign.open_time", "cannot change once the campaign has opened")
				continue
			}
			next.OpenTime = spec.OpenTime.UTC()
		case "allow_late":
			next.AllowLate = spec.AllowLate
		case "qa_required":
			next.QARequired = spec.QARequired
		case "sign_off":
			next.SignOff = spec.SignOff
			if next.SignOff == 0 {
				next.SignOff = SignOffLead
			}
		case "organisations":
			next.Organisations = spec.Organisations
		case "audience_types":
			next.AudienceTypes = spec.AudienceTypes
		case "source_campaign":
			next.SourceCampaign = spec.SourceCampaign
		case "template_version":
			next.TemplateVersion = spec.TemplateVersion
		case "consortium":
			next.Consortium = spec.Consortium
		}
		if !sameField(c, &next, f) && !slices.Contains(changed, f) {
			changed = append(changed, f)
		}
	}
	if c.StateAt(now) == CampaignClosed || c.State == CampaignArchived {
		if len(changed) > 0 && !(len(changed) == 1 && changed[0] == "display_name") {
			v.Add("campaign", "a closed campaign can only be renamed")
		}
	}
	// A due date is refused in the past only when it is being moved.
	next.checkSpec(&v, now, dueChanged)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(changed) == 0 {
		return nil, nil
	}
	next.Version++
	*c = next
	return changed, nil
}

func sameField(a, b *Campaign, f string) bool {
	switch f {
	case "display_name":
		return a.DisplayName == b.DisplayName
	case "due_time":
		return a.DueTime.Equal(b.DueTime)
	case "close_time":
		return a.CloseTime.Equal(b.CloseTime)
	case "open_time":
		return a.OpenTime.Equal(b.OpenTime)
	case "allow_late":
		return a.AllowLate == b.AllowLate
	case "qa_required":
		return a.QARequired == b.QARequired
	case "sign_off":
		return a.SignOff == b.SignOff
	case "organisations":
		return slices.Equal(a.Organisations, b.Organisations)
	case "audience_types":
		return slices.Equal(a.AudienceTypes, b.AudienceTypes)
	case "source_campaign":
		return a.SourceCampaign == b.SourceCampaign
	case "template_version":
		return a.TemplateVersion == b.TemplateVersion
	case "consortium":
		return a.Consortium == b.Consortium
	}
	return true
}
