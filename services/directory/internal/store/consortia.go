package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// InsertConsortium stores a new consortium of an existing hub whose
// partnerships are all that hub's.
func (r *Repository) InsertConsortium(ctx context.Context, c domain.Consortium, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		ok, err := exists(ctx, tx, `SELECT COUNT(*) FROM hubs WHERE id = $1`, c.Hub)
		if err != nil {
			return nil, fmt.Errorf("check hub: %w", err)
		}
		if !ok {
			return nil, failure.NotFound("hubs/%s not found", c.Hub)
		}
		hubs, err := partnershipHubs(ctx, tx, c.Partnerships)
		if err != nil {
			return nil, err
		}
		var v failure.Violations
		for i, pid := range c.Partnerships {
			// A missing partnership and another hub's get the same answer.
			if hubs[pid] != c.Hub {
				v.Addf(fmt.Sprintf("consortium.partnerships[%d]", i), "partnerships/%s is not a partnership of hubs/%s", pid, c.Hub)
			}
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO consortia (hub_id, id, display_name, create_time, version) VALUES ($1, $2, $3, $4, $5)`,
			c.Hub, c.ID, c.DisplayName, c.CreateTime, c.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("%s already exists", c.Name())
		}
		if err != nil {
			return nil, fmt.Errorf("insert consortium: %w", err)
		}
		for i, pid := range c.Partnerships {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO consortium_partnerships (hub_id, consortium_id, partnership_id, position) VALUES ($1, $2, $3, $4)`,
				c.Hub, c.ID, pid, i); err != nil {
				return nil, fmt.Errorf("insert consortium partnership: %w", err)
			}
		}
		return evs, nil
	})
}

const consortiumColumns = `c.hub_id, c.id, c.display_name, c.create_time, c.version`

// GetConsortium loads one consortium.
func (r *Repository) GetConsortium(ctx context.Context, hubID, id string) (domain.Consortium, error) {
	cs, err := r.queryConsortia(ctx, `SELECT `+consortiumColumns+` FROM consortia c WHERE c.hub_id = $1 AND c.id = $2`, hubID, id)
	if err != nil {
		return domain.Consortium{}, err
	}
	if len(cs) == 0 {
		return domain.Consortium{}, failure.NotFound("hubs/%s/consortia/%s not found", hubID, id)
	}
	return cs[0], nil
}

// ListConsortia lists the consortia of a hub that v may see: all of them
// for its admins, otherwise those with a partnership of theirs.
func (r *Repository) ListConsortia(ctx context.Context, v domain.Viewer, hubID string, offset, limit int) ([]domain.Consortium, error) {
	var a args
	q := `SELECT ` + consortiumColumns + ` FROM consortia c WHERE c.hub_id = ` + a.add(hubID) + ` AND (` +
		a.in("c.hub_id", v.AdminHubs) + ` OR EXISTS (SELECT 1 FROM consortium_partnerships vc WHERE vc.hub_id = c.hub_id AND vc.consortium_id = c.id AND ` +
		a.in("vc.partnership_id", v.MemberPartnerships) + `)) ORDER BY c.create_time, c.id` + a.page(offset, limit)
	return r.queryConsortia(ctx, q, a.list...)
}

func (r *Repository) queryConsortia(ctx context.Context, query string, params ...any) ([]domain.Consortium, error) {
	rows, err := r.db.QueryContext(ctx, query, params...)
	if err != nil {
		return nil, fmt.Errorf("query consortia: %w", err)
	}
	var out []domain.Consortium
	for rows.Next() {
		var c domain.Consortium
		if err := rows.Scan(&c.Hub, &c.ID, &c.DisplayName, &c.CreateTime, &c.Version); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan consortium: %w", err)
		}
		c.CreateTime = c.CreateTime.UTC()
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("query consortia: %w", err)
	}
	for i := range out {
		prows, err := r.db.QueryContext(ctx, `SELECT partnership_id FROM consortium_partnerships WHERE hub_id = $1 AND consortium_id = $2 ORDER BY position`,
			out[i].Hub, out[i].ID)
		if err != nil {
			return nil, fmt.Errorf("query consortium partnerships: %w", err)
		}
		for prows.Next() {
			var pid string
			if err := prows.Scan(&pid); err != nil {
				prows.Close()
				return nil, fmt.Errorf("scan consortium partnership: %w", err)
			}
			out[i].Partnerships = append(out[i].Partnerships, pid)
		}
		prows.Close()
		if err := prows.Err(); err != nil {
			return nil, fmt.Errorf("query consortium partnerships: %w", err)
		}
	}
	return out, nil
}
