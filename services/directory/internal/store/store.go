// Package store keeps the directory's partnerships and organisations in
// PostgreSQL or the embedded SQLite database, with the same SQL for both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db     *store.DB
	events *outbox.Writer[domain.Event]
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on the database of w, writing events through w.
func New(w *outbox.Writer[domain.Event]) *Repository { return &Repository{db: w.DB, events: w} }

// InsertPartnership stores a new partnership.
func (r *Repository) InsertPartnership(ctx context.Context, p domain.Partnership, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		_, err := tx.ExecContext(ctx,
			`INSERT INTO partnerships (id, display_name, create_time, version) VALUES ($1, $2, $3, $4)`,
			p.ID, p.DisplayName, p.CreateTime, p.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s already exists", p.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert partnership: %w", err)
		}
		return evs, nil
	})
}

// GetPartnership loads one partnership.
func (r *Repository) GetPartnership(ctx context.Context, id string) (domain.Partnership, error) {
	var p domain.Partnership
	err := r.db.QueryRowContext(ctx,
		`SELECT id, display_name, create_time, version FROM partnerships WHERE id = $1`, id).
		Scan(&p.ID, &p.DisplayName, &p.CreateTime, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return p, failure.NotFound("partnerships/%s not found", id)
	}
	if err != nil {
		return p, fmt.Errorf("get partnership: %w", err)
	}
	p.CreateTime = p.CreateTime.UTC()
	return p, nil
}

// ListPartnerships lists partnerships oldest first.
func (r *Repository) ListPartnerships(ctx context.Context, offset, limit int) ([]domain.Partnership, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT id, display_name, create_time, version FROM partnerships ORDER BY create_time, id LIMIT $1 OFFSET $2`,
		limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list partnerships: %w", err)
	}
	defer rows.Close()
	var out []domain.Partnership
	for rows.Next() {
		var p domain.Partnership
		if err := rows.Scan(&p.ID, &p.DisplayName, &p.CreateTime, &p.Version); err != nil {
			return nil, fmt.Errorf("list partnerships: %w", err)
		}
		p.CreateTime = p.CreateTime.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// InsertOrganisation stores a new organisation and its memberships; every
// partnership it names must exist.
func (r *Repository) InsertOrganisation(ctx context.Context, o domain.Organisation, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		for _, pid := range o.Partnerships {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM partnerships WHERE id = $1`, pid).Scan(&n); err != nil {
				return nil, fmt.Errorf("check partnership: %w", err)
			}
			if n == 0 {
				return nil, failure.Invalid("organisation.partnerships", "partnerships/"+pid+" does not exist")
			}
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO organisations (id, display_name, type, external_ref, create_time, version) VALUES ($1, $2, $3, $4, $5, $6)`,
			o.ID, o.DisplayName, int(o.Type), o.ExternalRef, o.CreateTime, o.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("organisations/%s already exists", o.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert organisation: %w", err)
		}
		for i, pid := range o.Partnerships {
			if _, err := tx.ExecContext(ctx,
				`INSERT INTO organisation_partnerships (organisation_id, partnership_id, position) VALUES ($1, $2, $3)`,
				o.ID, pid, i); err != nil {
				return nil, fmt.Errorf("insert membership: %w", err)
			}
		}
		return evs, nil
	})
}

const orgColumns = `o.id, o.display_name, o.type, o.external_ref, o.create_time, o.version`

// GetOrganisation loads one organisation.
func (r *Repository) GetOrganisation(ctx context.Context, id string) (domain.Organisation, error) {
	os, err := r.queryOrganisations(ctx, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, id)
	if err != nil {
		return domain.Organisation{}, err
	}
	if len(os) == 0 {
		return domain.Organisation{}, failure.NotFound("organisations/%s not found", id)
	}
	return os[0], nil
}

// ListOrganisations lists organisations oldest first.
func (r *Repository) ListOrganisations(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Organisation, error) {
	if partnershipID == "" {
		return r.queryOrganisations(ctx,
			`SELECT `+orgColumns+` FROM organisations o ORDER BY o.create_time, o.id LIMIT $1 OFFSET $2`, limit, offset)
	}
	return r.queryOrganisations(ctx,
		`SELECT `+orgColumns+` FROM organisations o
		 JOIN organisation_partnerships m ON m.organisation_id = o.id
		 WHERE m.partnership_id = $3
		 ORDER BY o.create_time, o.id LIMIT $1 OFFSET $2`, limit, offset, partnershipID)
}

func (r *Repository) queryOrganisations(ctx context.Context, query string, args ...any) ([]domain.Organisation, error) {
	rows, err := r.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query organisations: %w", err)
	}
	var out []domain.Organisation
	for rows.Next() {
		var o domain.Organisation
		var typ int
		if err := rows.Scan(&o.ID, &o.DisplayName, &typ, &o.ExternalRef, &o.CreateTime, &o.Version); err != nil {
			rows.Close()
			return nil, fmt.Errorf("scan organisation: %w", err)
		}
		o.Type = domain.OrganisationType(typ)
		o.CreateTime = o.CreateTime.UTC()
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// Load memberships for the page in one query.
	ids := make([]any, len(out))
	marks := make([]string, len(out))
	for i, o := range out {
		ids[i] = o.ID
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	mrows, err := r.db.QueryContext(ctx,
		`SELECT organisation_id, partnership_id FROM organisation_partnerships WHERE organisation_id IN (`+
			strings.Join(marks, ", ")+`) ORDER BY organisation_id, position`, ids...)
	if err != nil {
		return nil, fmt.Errorf("query memberships: %w", err)
	}
	defer mrows.Close()
	byOrg := map[string][]string{}
	for mrows.Next() {
		var oid, pid string
		if err := mrows.Scan(&oid, &pid); err != nil {
			return nil, fmt.Errorf("scan membership: %w", err)
		}
		byOrg[oid] = append(byOrg[oid], pid)
	}
	for i := range out {
		out[i].Partnerships = byOrg[out[i].ID]
	}
	return out, mrows.Err()
}
