package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/services/submission/internal/domain"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Form returns the copy of a published template version. A copy kept
// before forms were stored whole has no content and counts as missing, so
// it is fetched again.
func (r *Repository) Form(ctx context.Context, name string) (domain.Form, bool, error) {
	f := domain.Form{Name: name}
	var content string
	err := r.db.QueryRowContext(ctx, `SELECT partnership_id, content FROM forms WHERE name = $1`, name).Scan(&f.PartnershipID, &content)
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
	_, err = e.ExecContext(ctx, `INSERT INTO forms (name, partnership_id, content) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET content = excluded.content WHERE forms.content = ''`,
		f.Name, f.PartnershipID, string(content))
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
