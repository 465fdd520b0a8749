// Package store keeps the template service's templates and their published
// versions in PostgreSQL or the embedded SQLite database, with the same SQL
// for both. A template's content is stored as JSON text.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/template/internal/app"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// Repository implements app.Repository.
type Repository struct {
	db     *store.DB
	events *outbox.Writer[domain.Event]
}

var _ app.Repository = (*Repository)(nil)

// New returns a repository on the database of w, writing events through w.
func New(w *outbox.Writer[domain.Event]) *Repository { return &Repository{db: w.DB, events: w} }

// InsertTemplate stores a new template.
func (r *Repository) InsertTemplate(ctx context.Context, t domain.Template, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		content, err := encodeSections(t.Sections)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO templates (partnership_id, id, display_name, kind, content, latest_version, create_time, update_time, version)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			t.PartnershipID, t.ID, t.DisplayName, int(t.Kind), content, t.LatestVersion, t.CreateTime, t.UpdateTime, t.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s/templates/%s already exists", t.PartnershipID, t.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert template: %w", err)
		}
		return evs, nil
	})
}

const templateColumns = `partnership_id, id, display_name, kind, content, latest_version, create_time, update_time, version`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanTemplate(row rowScanner) (domain.Template, error) {
	var t domain.Template
	var kind int
	var content string
	if err := row.Scan(&t.PartnershipID, &t.ID, &t.DisplayName, &kind, &content, &t.LatestVersion,
		&t.CreateTime, &t.UpdateTime, &t.Version); err != nil {
		return t, err
	}
	sections, err := decodeSections(content)
	if err != nil {
		return t, fmt.Errorf("template %s: %w", t.ID, err)
	}
	t.Kind = domain.Kind(kind)
	t.Sections = sections
	t.CreateTime = t.CreateTime.UTC()
	t.UpdateTime = t.UpdateTime.UTC()
	return t, nil
}

// GetTemplate loads one template of a partnership.
func (r *Repository) GetTemplate(ctx context.Context, partnershipID, id string) (domain.Template, error) {
	t, err := scanTemplate(r.db.QueryRowContext(ctx,
		`SELECT `+templateColumns+` FROM templates WHERE partnership_id = $1 AND id = $2`, partnershipID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, failure.NotFound("partnerships/%s/templates/%s not found", partnershipID, id)
	}
	if err != nil {
		return t, fmt.Errorf("get template: %w", err)
	}
	return t, nil
}

// ListTemplates lists a partnership's templates oldest first.
func (r *Repository) ListTemplates(ctx context.Context, partnershipID string, offset, limit int) ([]domain.Template, error) {
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+templateColumns+` FROM templates WHERE partnership_id = $1 ORDER BY create_time, id LIMIT $2 OFFSET $3`,
		partnershipID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	defer rows.Close()
	var out []domain.Template
	for rows.Next() {
		t, err := scanTemplate(rows)
		if err != nil {
			return nil, fmt.Errorf("list templates: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// PublishTemplate stores what publish makes of a template, with the new
// version, in one transaction; the template row is updated only if it is
// still at the version read.
func (r *Repository) PublishTemplate(ctx context.Context, partnershipID, id string, publish app.PublishFunc) (domain.TemplateVersion, error) {
	var published domain.TemplateVersion
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		cur, err := scanTemplate(tx.QueryRowContext(ctx,
			`SELECT `+templateColumns+` FROM templates WHERE partnership_id = $1 AND id = $2`, partnershipID, id))
		if errors.Is(err, sql.ErrNoRows) {
			return nil, failure.NotFound("partnerships/%s/templates/%s not found", partnershipID, id)
		}
		if err != nil {
			return nil, fmt.Errorf("load template: %w", err)
		}
		next, v, evs, err := publish(cur)
		if err != nil {
			return nil, err
		}
		content, err := encodeSections(next.Sections)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE templates SET display_name = $1, kind = $2, content = $3, latest_version = $4, update_time = $5, version = $6
			 WHERE partnership_id = $7 AND id = $8 AND version = $9`,
			next.DisplayName, int(next.Kind), content, next.LatestVersion, next.UpdateTime, next.Version,
			partnershipID, id, cur.Version)
		if err != nil {
			return nil, fmt.Errorf("update template: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return nil, fmt.Errorf("update template: %w", err)
		}
		if n == 0 {
			return nil, failure.Conflict("partnerships/%s/templates/%s changed while it was being published; read it again and retry", partnershipID, id)
		}
		if content, err = encodeSections(v.Content.Sections); err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO template_versions (partnership_id, template_id, number, display_name, kind, content,
			 template_create_time, template_version, publish_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			v.PartnershipID, v.TemplateID, v.Number, v.Content.DisplayName, int(v.Content.Kind), content,
			v.Content.CreateTime, v.Content.Version, v.PublishTime)
		if store.IsUniqueViolation(err) {
			return nil, failure.Conflict("version %d of partnerships/%s/templates/%s was published concurrently; read it again and retry", v.Number, partnershipID, id)
		}
		if err != nil {
			return nil, fmt.Errorf("insert template version: %w", err)
		}
		published = v
		return evs, nil
	})
	if err != nil {
		return domain.TemplateVersion{}, err
	}
	return published, nil
}

// GetTemplateVersion loads one published version. Its content is the
// template as it stood when published.
func (r *Repository) GetTemplateVersion(ctx context.Context, partnershipID, templateID string, number int) (domain.TemplateVersion, error) {
	v := domain.TemplateVersion{PartnershipID: partnershipID, TemplateID: templateID, Number: number}
	c := &v.Content
	var kind int
	var content string
	err := r.db.QueryRowContext(ctx,
		`SELECT display_name, kind, content, template_create_time, template_version, publish_time
		 FROM template_versions WHERE partnership_id = $1 AND template_id = $2 AND number = $3`,
		partnershipID, templateID, number).
		Scan(&c.DisplayName, &kind, &content, &c.CreateTime, &c.Version, &v.PublishTime)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.TemplateVersion{}, failure.NotFound("partnerships/%s/templates/%s/versions/%d not found", partnershipID, templateID, number)
	}
	if err != nil {
		return domain.TemplateVersion{}, fmt.Errorf("get template version: %w", err)
	}
	if c.Sections, err = decodeSections(content); err != nil {
		return domain.TemplateVersion{}, fmt.Errorf("get template version: %w", err)
	}
	v.PublishTime = v.PublishTime.UTC()
	c.ID, c.PartnershipID, c.Kind, c.LatestVersion = templateID, partnershipID, domain.Kind(kind), number
	c.CreateTime, c.UpdateTime = c.CreateTime.UTC(), v.PublishTime
	return v, nil
}
