package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// Form returns the copy of a published template version. A copy kept
// before forms were stored whole has no content and counts as missing, so
// it is fetched again.
func (r *Repository) Form(ctx context.Context, name string) (domain.Form, bool, error) {
	f := domain.Form{Name: name}
	var content, lineage string
	err := r.db.QueryRowContext(ctx, `SELECT partnership_id, content, lineage FROM forms WHERE name = $1`, name).Scan(&f.PartnershipID, &content, &lineage)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("get form: %w", err)
	}
	if content == "" {
		return f, false, nil
	}
	if err := json.Unmarshal([]byte(content), &f.Form); err != nil {
		return f, false, fmt.Errorf("form %s: %w", name, err)
	}
	if lineage != "" {
		if err := json.Unmarshal([]byte(lineage), &f.Lineage); err != nil {
			return f, false, fmt.Errorf("form %s lineage: %w", name, err)
		}
	}
	return f, true, nil
}

// PutForm stores the copy of a published template version.
func (r *Repository) PutForm(ctx context.Context, f domain.Form) error { return PutForm(ctx, r.db, f) }

// PutForm stores a form copy through e (a database or a transaction).
// Published versions never change, so a second put only fills in a copy
// kept without content.
func PutForm(ctx context.Context, e execer, f domain.Form) error {
	content, err := json.Marshal(f.Form)
	if err != nil {
		return err
	}
	lineage := ""
	if f.Lineage != nil {
		if lineage, err = toJSON(f.Lineage); err != nil {
			return err
		}
	}
	_, err = e.ExecContext(ctx, `INSERT INTO forms (name, partnership_id, content, lineage) VALUES ($1, $2, $3, $4)
		ON CONFLICT (name) DO UPDATE SET content = excluded.content, lineage = excluded.lineage WHERE forms.content = ''`,
		f.Name, f.PartnershipID, string(content), lineage)
	if err != nil {
		return fmt.Errorf("put form: %w", err)
	}
	return nil
}

// Organisation returns the copy of an organisation.
func (r *Repository) Organisation(ctx context.Context, id string) (domain.Organisation, bool, error) {
	o := domain.Organisation{ID: id}
	var ps string
	err := r.db.QueryRowContext(ctx, `SELECT display_name, partnerships, type FROM organisations WHERE id = $1`, id).
		Scan(&o.DisplayName, &ps, &o.Type)
	if errors.Is(err, sql.ErrNoRows) {
		return o, false, nil
	}
	if err != nil {
		return o, false, fmt.Errorf("get organisation: %w", err)
	}
	if err := json.Unmarshal([]byte(ps), &o.Partnerships); err != nil {
		return o, false, fmt.Errorf("organisation %s: %w", id, err)
	}
	return o, true, nil
}

// PutOrganisation stores the copy of an organisation.
func (r *Repository) PutOrganisation(ctx context.Context, o domain.Organisation) error {
	return PutOrganisation(ctx, r.db, o)
}

// PutOrganisation stores an organisation copy through e, replacing an
// older one.
func PutOrganisation(ctx context.Context, e execer, o domain.Organisation) error {
	ps, err := json.Marshal(o.Partnerships)
	if err != nil {
		return err
	}
	_, err = e.ExecContext(ctx, `INSERT INTO organisations (id, display_name, partnerships, type) VALUES ($1, $2, $3, $4)
		ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name, partnerships = excluded.partnerships,
		type = excluded.type`,
		o.ID, o.DisplayName, string(ps), o.Type)
	if err != nil {
		return fmt.Errorf("put organisation: %w", err)
	}
	return nil
}

// PartnershipOrganisations lists the copied organisations that belong to
// any of the partnerships.
func (r *Repository) PartnershipOrganisations(ctx context.Context, pids []string) ([]domain.Organisation, error) {
	if len(pids) == 0 {
		return nil, nil
	}
	// partnerships holds a JSON list of ids made of [a-z0-9-]; a quoted id
	// matches exactly one element.
	query := `SELECT id, display_name, partnerships, type FROM organisations WHERE `
	args := make([]any, len(pids))
	for i, p := range pids {
		if i > 0 {
			query += ` OR `
		}
		query += fmt.Sprintf(`partnerships LIKE $%d`, i+1)
		args[i] = `%"` + p + `"%`
	}
	rows, err := r.db.QueryContext(ctx, query+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	defer rows.Close()
	var out []domain.Organisation
	for rows.Next() {
		var o domain.Organisation
		var ps string
		if err := rows.Scan(&o.ID, &o.DisplayName, &ps, &o.Type); err != nil {
			return nil, fmt.Errorf("list organisations: %w", err)
		}
		if err := json.Unmarshal([]byte(ps), &o.Partnerships); err != nil {
			return nil, fmt.Errorf("organisation %s: %w", o.ID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Consortium returns the copy of a consortium.
func (r *Repository) Consortium(ctx context.Context, name string) (domain.Consortium, bool, error) {
	c := domain.Consortium{Name: name}
	var ps string
	err := r.db.QueryRowContext(ctx, `SELECT partnerships FROM consortia WHERE name = $1`, name).Scan(&ps)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("get consortium: %w", err)
	}
	if err := json.Unmarshal([]byte(ps), &c.Partnerships); err != nil {
		return c, false, fmt.Errorf("consortium %s: %w", name, err)
	}
	return c, true, nil
}

// PutConsortium stores the copy of a consortium.
func (r *Repository) PutConsortium(ctx context.Context, c domain.Consortium) error {
	return PutConsortium(ctx, r.db, c)
}

// PutConsortium stores a consortium copy through e, replacing an older one.
func PutConsortium(ctx context.Context, e execer, c domain.Consortium) error {
	ps, err := toJSON(c.Partnerships)
	if err != nil {
		return err
	}
	if _, err := e.ExecContext(ctx, `INSERT INTO consortia (name, partnerships) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET partnerships = excluded.partnerships`, c.Name, ps); err != nil {
		return fmt.Errorf("put consortium: %w", err)
	}
	return nil
}

// HubPartnerships lists the copied partnerships of a hub.
func (r *Repository) HubPartnerships(ctx context.Context, hub string) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT id FROM partnerships WHERE hub = $1 ORDER BY id`, hub)
	if err != nil {
		return nil, fmt.Errorf("list hub partnerships: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list hub partnerships: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// PutPartnership stores the copy of a partnership.
func (r *Repository) PutPartnership(ctx context.Context, p domain.Partnership) error {
	return PutPartnership(ctx, r.db, p)
}

// PutPartnership stores a partnership copy through e.
func PutPartnership(ctx context.Context, e execer, p domain.Partnership) error {
	if _, err := e.ExecContext(ctx, `INSERT INTO partnerships (id, hub) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET hub = excluded.hub`, p.ID, p.Hub); err != nil {
		return fmt.Errorf("put partnership: %w", err)
	}
	return nil
}
