package app

import (
	"context"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// GetCampaign returns one campaign.
func (a *App) GetCampaign(ctx context.Context, partnershipID, campaignID string) (domain.Campaign, error) {
	return a.repo.GetCampaign(ctx, partnershipID, campaignID)
}

// ListCampaigns returns one page of a partnership's campaigns.
func (a *App) ListCampaigns(ctx context.Context, partnershipID string, page resource.Page) ([]domain.Campaign, string, error) {
	cs, err := a.repo.ListCampaigns(ctx, partnershipID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return cs, page.Next(len(cs)), nil
}

// GetSubmission returns one submission with its answers.
func (a *App) GetSubmission(ctx context.Context, partnershipID, campaignID, submissionID string) (domain.Submission, error) {
	return a.repo.GetSubmission(ctx, partnershipID, campaignID, submissionID)
}

// ListSubmissions returns one page of a campaign's submissions.
func (a *App) ListSubmissions(ctx context.Context, partnershipID, campaignID string, page resource.Page) ([]domain.Submission, string, error) {
	if _, err := a.repo.GetCampaign(ctx, partnershipID, campaignID); err != nil {
		return nil, "", err
	}
	ss, err := a.repo.ListSubmissions(ctx, partnershipID, campaignID, page.Offset, page.Size)
	if err != nil {
		return nil, "", err
	}
	return ss, page.Next(len(ss)), nil
}
