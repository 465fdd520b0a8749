package app

import (
	"context"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// SaveResult is what a save wrote.
type SaveResult struct {
	Submission domain.Submission
	Saved      []domain.StoredAnswer
}

// SaveAnswers saves some answers of a submission for the caller. Only the
// submission's row and the answers saved are read and written, so a save
// costs the same whatever the size of the form. Each answer carries the
// version its client last saw; an answer someone else changed meanwhile
// is a conflict (a *domain.ConflictError), unless etag shows the client
// read the submission as it still is.
func (a *App) SaveAnswers(ctx context.Context, caller Caller, partnershipID, campaignID, submissionID, etag string, answers []domain.Incoming) (SaveResult, error) {
	var want int64
	if etag != "" {
		v, err := resource.ParseEtag("etag", etag)
		if err != nil {
			return SaveResult{}, err
		}
		want = v
	}
	c, err := a.repo.CampaignHeader(ctx, partnershipID, campaignID)
	if err != nil {
		return SaveResult{}, err
	}
	f, idx, err := a.compiledForm(ctx, "name", c.TemplateVersion)
	if err != nil {
		return SaveResult{}, err
	}
	ref := domain.SubmissionRef{PartnershipID: partnershipID, CampaignID: campaignID, SubmissionID: submissionID}
	if err := a.checkEvidenceRefs(ctx, ref, answers); err != nil {
		return SaveResult{}, err
	}
	keys := make([]string, len(answers))
	for i, in := range answers {
		keys[i] = in.Answer.Key
	}
	now := a.clock()
	s, saved, err := a.repo.SaveAnswers(ctx, partnershipID, campaignID, submissionID, keys,
		func(s *domain.Submission, current map[string]domain.StoredAnswer) ([]domain.StoredAnswer, []domain.Event, error) {
			if err := acceptsFrom(c, s, now); err != nil {
				return nil, nil, err
			}
			save := domain.Save{Answers: answers, Person: caller.Person(), EtagCurrent: etag != "" && want == s.Version}
			if !caller.Leads(s.OrganisationID) {
				save.Sections = s.SectionsFor(caller.Person())
			}
			written, err := s.SaveAnswers(f, idx, save, current, now)
			if err != nil || len(written) == 0 {
				return written, nil, err
			}
			return written, []domain.Event{domain.AnswersSaved{Submission: *s, Answers: written, Person: caller.Person()}}, nil
		})
	return SaveResult{Submission: s, Saved: saved}, err
}

// acceptsFrom fails unless the campaign takes answers from s at now: while
// it is open, or, for a return QA sent back, until it is archived.
func acceptsFrom(c domain.Campaign, s *domain.Submission, now time.Time) error {
	if s.State == domain.Returned && c.State != domain.CampaignArchived {
		return nil
	}
	return c.AcceptsAnswers(now)
}

// checkEvidenceRefs refuses answers that point at files not uploaded to
// this submission.
func (a *App) checkEvidenceRefs(ctx context.Context, ref domain.SubmissionRef, answers []domain.Incoming) error {
	var v failure.Violations
	for i, in := range answers {
		for j, e := range in.Answer.Evidence {
			_, err := a.repo.GetEvidence(ctx, ref, e.ID)
			if failure.KindOf(err) == failure.KindNotFound {
				v.Add(fmt.Sprintf("answers[%d].evidence[%d].id", i, j), e.ID+" is not a file uploaded to this submission")
				continue
			}
			if err != nil {
				return err
			}
		}
	}
	return v.Err()
}
