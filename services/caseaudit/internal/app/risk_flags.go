package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// FlagRisk raises an immediate risk on a case for person and records
// RiskFlagged, so it is escalated at once.
func (a *App) FlagRisk(ctx context.Context, partnershipID, roundID, reference, agency string, kind domain.RiskKind, description, person string) (domain.RiskFlag, error) {
	r, err := a.repo.GetRound(ctx, partnershipID, roundID)
	if err != nil {
		return domain.RiskFlag{}, err
	}
	f, err := r.FlagRisk(resource.NewID(), reference, agency, kind, description, person, a.clock())
	if err != nil {
		return domain.RiskFlag{}, err
	}
	if err := a.repo.SaveRiskFlag(ctx, f, 0, domain.RiskFlagged{Flag: f}); err != nil {
		return domain.RiskFlag{}, err
	}
	return f, nil
}

// AcknowledgeRisk records person's acknowledgement of a flag about agency
// whose etag is still etag, and records RiskAcknowledged. A flag about
// another agency is not found.
func (a *App) AcknowledgeRisk(ctx context.Context, partnershipID, roundID, id, agency, etag, note, person string) (domain.RiskFlag, error) {
	_, err := resource.ParseEtag("etag", etag)
	if err != nil {
		return domain.RiskFlag{}, err
	}
	f, err := a.repo.GetRiskFlag(ctx, partnershipID, roundID, id)
	if err != nil {
		return domain.RiskFlag{}, err
	}
	if f.Agency != agency {
		return domain.RiskFlag{}, failure.NotFound("partnerships/%s/rounds/%s/riskFlags/%s not found", partnershipID, roundID, id)
	}
	if err := resource.CheckEtag("flag", etag, f.Version); err != nil {
		return domain.RiskFlag{}, err
	}
	prev := f.Version
	if err := f.Acknowledge(person, note, a.clock()); err != nil {
		return domain.RiskFlag{}, err
	}
	if err := a.repo.SaveRiskFlag(ctx, f, prev, domain.RiskAcknowledged{Flag: f}); err != nil {
		return domain.RiskFlag{}, err
	}
	return f, nil
}

// ListRiskFlags lists a round's flags; the round must exist.
func (a *App) ListRiskFlags(ctx context.Context, partnershipID, roundID string) ([]domain.RiskFlag, error) {
	if _, err := a.repo.GetRound(ctx, partnershipID, roundID); err != nil {
		return nil, err
	}
	return a.repo.ListRiskFlags(ctx, partnershipID, roundID)
}

// ResendRisks raises again every flag nobody has acknowledged within every
// of its last raising, recording RiskFlagged for each, and returns how
// many. A flag another replica raised meanwhile is left to it.
func (a *App) ResendRisks(ctx context.Context, every time.Duration, log *slog.Logger) (int, error) {
	now := a.clock()
	due, err := a.repo.UnacknowledgedRiskFlags(ctx, now.Add(-every), purgeBatch)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range due {
		prev := f.Version
		f.Resend(now)
		err := a.repo.SaveRiskFlag(ctx, f, prev, domain.RiskFlagged{Flag: f})
		switch {
		case failure.KindOf(err) == failure.KindConflict:
			continue
		case err != nil:
			return n, fmt.Errorf("raise flag %s again: %w", f.ID, err)
		}
		n++
		log.WarnContext(ctx, "immediate risk still unacknowledged; raised again", "flag",
			"partnerships/"+f.PartnershipID+"/rounds/"+f.RoundID+"/riskFlags/"+f.ID, "sends", f.Sends)
	}
	return n, nil
}
