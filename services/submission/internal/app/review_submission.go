package app

import (
	"context"
	"sort"
	"strconv"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// versionForm is a campaign with the compiled form and index of its
// template version.
type versionForm struct {
	campaign domain.Campaign
	form     *form.Compiled
	index    *domain.FormIndex
}

// changeSubmission applies change to a submission whose etag is still the
// one the caller read, under its row lock, with its campaign and form
// (read before the transaction, since the form may be asked of the
// template service). A stale etag is a conflict, so the client can read it
// again and show the person what changed.
func (a *App) changeSubmission(ctx context.Context, partnershipID, campaignID, submissionID, etag string, withAnswers bool,
	change func(v versionForm, s *domain.Submission) ([]domain.Event, error)) (SubmissionView, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return SubmissionView{}, err
	}
	c, err := a.repo.CampaignHeader(ctx, partnershipID, campaignID)
	if err != nil {
		return SubmissionView{}, err
	}
	f, idx, err := a.compiledForm(ctx, "name", c.TemplateVersion)
	if err != nil {
		return SubmissionView{}, err
	}
	s, err := a.repo.UpdateSubmission(ctx, partnershipID, campaignID, submissionID, withAnswers, func(s *domain.Submission) ([]domain.Event, error) {
		if err := resource.CheckEtag("submission", etag, s.Version); err != nil {
			return nil, err
		}
		return change(versionForm{campaign: c, form: f, index: idx}, s)
	})
	if err != nil {
		return SubmissionView{}, err
	}
	v := a.view(c, s)
	if withAnswers {
		return a.withProgress(ctx, v)
	}
	return v, nil
}

// SubmitSubmission checks a return is complete for its organisation,
// records the caller's sign-off and submits it. Actions in its answers'
// action rows join the organisation's action plan.
func (a *App) SubmitSubmission(ctx context.Context, caller Caller, partnershipID, campaignID, submissionID, etag string) (SubmissionView, error) {
	org, err := a.organisation(ctx, "name", submissionID)
	if failure.KindOf(err) == failure.KindInvalid {
		org, err = domain.Organisation{ID: submissionID}, nil
	}
	if err != nil {
		return SubmissionView{}, err
	}
	now := a.clock()
	var idx *domain.FormIndex
	v, err := a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, true, func(vf versionForm, s *domain.Submission) ([]domain.Event, error) {
		if err := domain.MaySignOff(vf.campaign.SignOff, caller.Leads(s.OrganisationID)); err != nil {
			return nil, err
		}
		if err := acceptsFrom(vf.campaign, s, now); err != nil {
			return nil, err
		}
		idx = vf.index
		if err := s.Submit(vf.form, org.Type, caller.Person(), now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.SubmissionSubmitted{Submission: *s}}, nil
	})
	if err != nil {
		return v, err
	}
	return v, a.planFromActionRows(ctx, caller, v.Submission, idx)
}

// planFromActionRows adds the actions of a submitted return's action rows
// to its plan, once each (the id is derived from the question and line).
func (a *App) planFromActionRows(ctx context.Context, caller Caller, s domain.Submission, idx *domain.FormIndex) error {
	ref := domain.SubmissionRef{PartnershipID: s.PartnershipID, CampaignID: s.CampaignID, SubmissionID: s.ID}
	keys := make([]string, 0, len(s.Answers))
	for k := range s.Answers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	now := a.clock()
	for _, k := range keys {
		for i, row := range s.Answers[k].Actions {
			id := rowActionID(k, i)
			if _, err := a.repo.GetAction(ctx, ref, id); err == nil {
				continue
			}
			act := domain.ActionFromRow(id, ref, k, idx.Section(k), row, caller.Person(), now)
			err := a.repo.InsertAction(ctx, act, domain.ActionChanged{Action: act, OrganisationID: s.OrganisationID, Created: true})
			if err != nil && failure.KindOf(err) != failure.KindAlreadyExists {
				return err
			}
		}
	}
	return nil
}

func rowActionID(key string, i int) string {
	id := "row-" + key
	if len(id) > 55 {
		id = id[:55]
	}
	id = sanitiseID(id)
	return id + "-" + strconv.Itoa(i+1)
}

func sanitiseID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

// ReturnSubmission sends a submitted return back for revision with
// comments per question.
func (a *App) ReturnSubmission(ctx context.Context, caller Caller, partnershipID, campaignID, submissionID, etag string, comments []domain.QAComment, reopenAll bool) (SubmissionView, error) {
	now := a.clock()
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, false, func(vf versionForm, s *domain.Submission) ([]domain.Event, error) {
		if err := s.Return(vf.index, comments, reopenAll, now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.SubmissionReturned{Submission: *s, Person: caller.Person()}}, nil
	})
}

// AcceptSubmission accepts a submitted return.
func (a *App) AcceptSubmission(ctx context.Context, caller Caller, partnershipID, campaignID, submissionID, etag string) (SubmissionView, error) {
	now := a.clock()
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, false, func(_ versionForm, s *domain.Submission) ([]domain.Event, error) {
		if err := s.Accept(caller.Person(), now); err != nil {
			return nil, err
		}
		return []domain.Event{domain.SubmissionAccepted{Submission: *s}}, nil
	})
}

// SetAssignments replaces the contributors assigned to a submission's
// sections.
func (a *App) SetAssignments(ctx context.Context, partnershipID, campaignID, submissionID, etag string, assignments map[string][]string, order []string) (SubmissionView, error) {
	now := a.clock()
	return a.changeSubmission(ctx, partnershipID, campaignID, submissionID, etag, true, func(vf versionForm, s *domain.Submission) ([]domain.Event, error) {
		return nil, s.SetAssignments(vf.index, assignments, order, now)
	})
}
