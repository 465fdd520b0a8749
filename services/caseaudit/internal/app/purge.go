package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// purgeBatch is how many rounds one pass purges at most.
const purgeBatch = 100

// PurgeDue purges the case detail of every round closed longer ago than
// its retention, each in a transaction of its own that records the purge
// and its event, and returns how many it purged. Replicas may run it at
// once: a round is purged once.
func (a *App) PurgeDue(ctx context.Context, log *slog.Logger) (int, error) {
	now := a.clock()
	ids, err := a.repo.RoundsToPurge(ctx, now, purgeBatch)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		purged, err := a.repo.PurgeRound(ctx, id[0], id[1], now, func(r domain.Round) bool { return r.PurgeDue(now) })
		if err != nil {
			return n, fmt.Errorf("purge partnerships/%s/rounds/%s: %w", id[0], id[1], err)
		}
		if purged {
			n++
			log.InfoContext(ctx, "round case detail purged after its retention", "round", "partnerships/"+id[0]+"/rounds/"+id[1])
		}
	}
	return n, nil
}
