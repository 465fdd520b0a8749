package app

import (
	"context"
	"sort"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// GetCampaign returns one campaign.
func (a *App) GetCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	return a.repo.GetCampaign(ctx, partnershipID, campaignID)
}

// ListCampaigns returns one page of the campaigns a partnership owns or
// takes part in.
func (a *App) ListCampaigns(ctx context.Context, partnershipID string, page resource.Page) ([]domain.Campaign, string, error) {
	cs, err := a.repo.ListCampaigns(ctx, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return cs, page.Next(len(cs)), nil
}

// SubmissionView is a submission with what its campaign says about it.
type SubmissionView struct {
	domain.Submission
	Campaign domain.Campaign
	Overdue  bool
	// Progress (with the questions not shown) is set when the answers
	// were read.
	Progress *form.Progress
}

func (a *App) view(c domain.Campaign, s domain.Submission) SubmissionView {
	v := SubmissionView{Submission: s, Campaign: c}
	v.Overdue = (s.State == domain.NotStarted || s.State == domain.InProgress || s.State == domain.Returned) && c.Overdue(a.clock())
	return v
}

// withProgress adds the progress of a submission read with its answers.
func (a *App) withProgress(ctx context.Context, v SubmissionView) (SubmissionView, error) {
	f, _, err := a.compiledForm(ctx, "name", v.Campaign.TemplateVersion)
	if err != nil {
		return v, err
	}
	org, err := a.organisation(ctx, "name", v.OrganisationID)
	if err != nil {
		org = domain.Organisation{ID: v.OrganisationID}
	}
	p := f.Progress(v.Values(), org.Type)
	v.Progress = &p
	return v, nil
}

// GetSubmission returns one submission with its answers and progress.
func (a *App) GetSubmission(ctx context.Context, partnershipID, campaignID, submissionID string) (SubmissionView, error) {
	c, err := a.repo.CampaignHeader(ctx, partnershipID, campaignID)
	if err != nil {
		return SubmissionView{}, err
	}
	s, err := a.repo.GetSubmission(ctx, partnershipID, campaignID, submissionID, true)
	if err != nil {
		return SubmissionView{}, err
	}
	return a.withProgress(ctx, a.view(c, s))
}

// ListSubmissions returns one page of a campaign's submissions; a caller
// who sees the campaign only as a partner in a consortium (seenBy set)
// sees only their partnership's organisations' returns.
func (a *App) ListSubmissions(ctx context.Context, partnershipID, campaignID, seenBy string, page resource.Page) ([]SubmissionView, string, error) {
	c, err := a.repo.CampaignHeader(ctx, partnershipID, campaignID)
	if err != nil {
		return nil, "", err
	}
	ss, err := a.repo.ListSubmissions(ctx, partnershipID, campaignID, seenBy, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	out := make([]SubmissionView, len(ss))
	for i, s := range ss {
		out[i] = a.view(c, s)
	}
	return out, page.Next(len(ss)), nil
}

// ListMySubmissions returns the submissions the caller's organisations
// owe or made across partnerships, those still to do soonest due first,
// each with its progress.
func (a *App) ListMySubmissions(ctx context.Context, caller Caller, page resource.Page) ([]SubmissionView, string, error) {
	ss, err := a.repo.OrganisationSubmissions(ctx, caller.RespondentOf(), page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	out := make([]SubmissionView, 0, len(ss))
	for _, s := range ss {
		c, err := a.repo.CampaignHeader(ctx, s.PartnershipID, s.CampaignID)
		if err != nil {
			return nil, "", err
		}
		if c.State == domain.CampaignDraft || c.State == domain.CampaignArchived {
			continue
		}
		full, err := a.repo.GetSubmission(ctx, s.PartnershipID, s.CampaignID, s.ID, true)
		if err != nil {
			return nil, "", err
		}
		v, err := a.withProgress(ctx, a.view(c, full))
		if err != nil {
			return nil, "", err
		}
		v.Answers = nil
		out = append(out, v)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ei, ej := out[i].State.Editable(), out[j].State.Editable()
		if ei != ej {
			return ei
		}
		return out[i].Campaign.DueTime.Before(out[j].Campaign.DueTime)
	})
	return out, page.Next(len(ss)), nil
}

// AnswerHistory returns one page of a submission's answer history.
func (a *App) AnswerHistory(ctx context.Context, partnershipID, campaignID, submissionID, key string, page resource.Page) ([]AnswerChange, string, error) {
	if _, err := a.repo.GetSubmission(ctx, partnershipID, campaignID, submissionID, false); err != nil {
		return nil, "", err
	}
	hs, err := a.repo.AnswerHistory(ctx, partnershipID, campaignID, submissionID, key, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return hs, page.Next(len(hs)), nil
}

// Participants returns the partnerships taking part in a campaign, for
// access checks.
func (a *App) Participants(ctx context.Context, partnershipID, campaignID string) ([]string, error) {
	c, err := a.repo.CampaignHeader(ctx, partnershipID, campaignID)
	if err != nil {
		return nil, err
	}
	return c.Partnerships, nil
}

// SubmissionPartnerships returns the partnerships whose staff see a
// submission, for access checks.
func (a *App) SubmissionPartnerships(ctx context.Context, partnershipID, campaignID, submissionID string) ([]string, error) {
	s, err := a.repo.GetSubmission(ctx, partnershipID, campaignID, submissionID, false)
	if err != nil {
		return nil, err
	}
	return s.Partnerships, nil
}
