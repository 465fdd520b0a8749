package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
)

// ApplyAnswerValues keeps the values a save reported, for the answer
// reports; a value older than the one kept is ignored.
func (a *App) ApplyAnswerValues(ctx context.Context, w Changes, submission string, answers []domain.SavedAnswer) error {
	if submission == "" || len(answers) == 0 {
		return nil
	}
	if err := w.PutAnswers(ctx, submission, answers); err != nil {
		return fmt.Errorf("record answers of %s: %w", submission, err)
	}
	return nil
}

// ApplyVersionPublished keeps a published template version's structure.
func (a *App) ApplyVersionPublished(ctx context.Context, w Changes, name string, v form.Version) error {
	if name == "" {
		return nil
	}
	return w.PutForm(ctx, name, v)
}

// ApplyCampaignStructure records the template version a launched campaign
// answers and the partnerships of each submission.
func (a *App) ApplyCampaignStructure(ctx context.Context, w Changes, campaign, version string, participants []string, partnerships map[string][]string) error {
	if campaign == "" {
		return nil
	}
	if version != "" {
		if err := w.SetCampaignTemplate(ctx, campaign, version, participants); err != nil {
			return err
		}
	}
	for sub, ps := range partnerships {
		if err := w.SetSubmissionPartnerships(ctx, sub, ps); err != nil {
			return err
		}
	}
	return nil
}

// Participants returns the partnerships taking part in a campaign, for
// access checks: the owner, or a consortium's partnerships.
func (a *App) Participants(ctx context.Context, campaign string) ([]string, error) {
	ps, found, err := a.repo.CampaignPartnerships(ctx, campaign)
	if err != nil || !found {
		return nil, err
	}
	return ps, nil
}
