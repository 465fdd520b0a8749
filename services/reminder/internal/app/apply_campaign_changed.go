package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// ApplyCampaignChanged records a campaign's due time and state as an
// update, opening, closing or archiving reports them, unless an event that
// happened later has reported them already. A moved due date moves the due
// time of every submission of the campaign; a closed or archived campaign
// has nothing outstanding. A draft is not recorded: it has nothing to
// chase, and its launch reports everything that matters later.
func (a *App) ApplyCampaignChanged(ctx context.Context, w Changes, e domain.CampaignChanged) error {
	if err := e.Check(); err != nil {
		return err
	}
	if e.Draft() {
		return nil
	}
	if err := w.ObserveCampaign(ctx, e.Account()); err != nil {
		return fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	return observeDetails(ctx, w, e)
}

// observeDetails keeps the campaign's name, dates and partnerships when the
// event reports them.
func observeDetails(ctx context.Context, w Changes, e domain.CampaignChanged) error {
	if e.Details == nil {
		return nil
	}
	if err := w.ObserveDetails(ctx, *e.Details); err != nil {
		return fmt.Errorf("record campaign %s: %w", e.Campaign, err)
	}
	return nil
}
