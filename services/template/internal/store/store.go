// Package store keeps the template service's templates and their published
// versions in PostgreSQL or the embedded SQLite database, with the same SQL
// for both. A template's content is stored as JSON text. Each row names its
// owner by resource name (partnerships/{p} or hubs/{h}).
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
		content, annotations, err := encodeContent(t.Content)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO templates (owner, id, display_name, kind, introduction, content, annotations, latest_version, create_time, update_time, version, source_version)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			t.Owner, t.ID, t.DisplayName, int(t.Kind), t.Content.Introduction, content, annotations,
			t.LatestVersion, t.CreateTime, t.UpdateTime, t.Version, t.SourceVersion)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("%s/templates/%s already exists", t.Owner, t.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert template: %w", err)
		}
		return evs, nil
	})
}

const templateColumns = `owner, id, display_name, kind, introduction, content, annotations, latest_version, create_time, update_time, version, source_version`

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner = store.Scanner

func scanTemplate(row rowScanner) (domain.Template, error) {
	var t domain.Template
	var kind int
	var intro, content, annotations string
	if err := row.Scan(&t.Owner, &t.ID, &t.DisplayName, &kind, &intro, &content, &annotations, &t.LatestVersion,
		&t.CreateTime, &t.UpdateTime, &t.Version, &t.SourceVersion); err != nil {
		return t, err
	}
	c, err := decodeContent(intro, content, annotations)
	if err != nil {
		return t, fmt.Errorf("template %s: %w", t.ID, err)
	}
	t.Kind = domain.Kind(kind)
	t.Content = c
	t.CreateTime = t.CreateTime.UTC()
	t.UpdateTime = t.UpdateTime.UTC()
	return t, nil
}

// GetTemplate loads one template of an owner.
func (r *Repository) GetTemplate(ctx context.Context, owner, id string) (domain.Template, error) {
	t, err := scanTemplate(r.db.QueryRowContext(ctx,
		`SELECT `+templateColumns+` FROM templates WHERE owner = $1 AND id = $2`, owner, id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, failure.NotFound("%s/templates/%s not found", owner, id)
	}
	if err != nil {
		return t, fmt.Errorf("get template: %w", err)
	}
	return t, nil
}

// ListTemplates lists an owner's templates oldest first.
func (r *Repository) ListTemplates(ctx context.Context, owner string, offset, limit int) ([]domain.Template, error) {
	out, err := store.Query(ctx, r.db, scanTemplate,
		`SELECT `+templateColumns+` FROM templates WHERE owner = $1 ORDER BY create_time, id LIMIT $2 OFFSET $3`,
		owner, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list templates: %w", err)
	}
	return out, nil
}

// loadTemplate reads a template inside a transaction.
func loadTemplate(ctx context.Context, tx *sql.Tx, owner, id string) (domain.Template, error) {
	cur, err := scanTemplate(tx.QueryRowContext(ctx,
		`SELECT `+templateColumns+` FROM templates WHERE owner = $1 AND id = $2`, owner, id))
	if errors.Is(err, sql.ErrNoRows) {
		return cur, failure.NotFound("%s/templates/%s not found", owner, id)
	}
	if err != nil {
		return cur, fmt.Errorf("load template: %w", err)
	}
	return cur, nil
}

// saveTemplate writes next over the template row if it is still at
// version was.
func saveTemplate(ctx context.Context, tx *sql.Tx, next domain.Template, was int64, doing string) error {
	content, annotations, err := encodeContent(next.Content)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx,
		`UPDATE templates SET display_name = $1, kind = $2, introduction = $3, content = $4, annotations = $5,
		 latest_version = $6, update_time = $7, version = $8
		 WHERE owner = $9 AND id = $10 AND version = $11`,
		next.DisplayName, int(next.Kind), next.Content.Introduction, content, annotations,
		next.LatestVersion, next.UpdateTime, next.Version, next.Owner, next.ID, was)
	if err != nil {
		return fmt.Errorf("update template: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update template: %w", err)
	}
	if n == 0 {
		return failure.Conflict("%s/templates/%s changed while it was being %s; read it again and retry",
			next.Owner, next.ID, doing)
	}
	return nil
}

// UpdateTemplate stores what update makes of a template in one
// transaction; the row is updated only if it is still at the version read.
func (r *Repository) UpdateTemplate(ctx context.Context, owner, id string, update app.UpdateFunc) (domain.Template, error) {
	var updated domain.Template
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		cur, err := loadTemplate(ctx, tx, owner, id)
		if err != nil {
			return nil, err
		}
		next, evs, err := update(cur)
		if err != nil {
			return nil, err
		}
		next.Owner, next.ID = owner, id
		if err := saveTemplate(ctx, tx, next, cur.Version, "changed"); err != nil {
			return nil, err
		}
		updated = next
		return evs, nil
	})
	if err != nil {
		return domain.Template{}, err
	}
	return updated, nil
}

// PublishTemplate stores what publish makes of a template, with the new
// version, in one transaction; the template row is updated only if it is
// still at the version read.
func (r *Repository) PublishTemplate(ctx context.Context, owner, id string, publish app.PublishFunc) (domain.TemplateVersion, error) {
	var published domain.TemplateVersion
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		cur, err := loadTemplate(ctx, tx, owner, id)
		if err != nil {
			return nil, err
		}
		var latest *domain.TemplateVersion
		if cur.LatestVersion > 0 {
			v, err := scanVersion(tx.QueryRowContext(ctx, versionQuery, owner, id, cur.LatestVersion), owner, id)
			if err != nil {
				return nil, fmt.Errorf("load latest version: %w", err)
			}
			latest = &v
		}
		next, v, evs, err := publish(cur, latest)
		if err != nil {
			return nil, err
		}
		next.Owner, next.ID = owner, id
		if err := saveTemplate(ctx, tx, next, cur.Version, "published"); err != nil {
			return nil, err
		}
		content, annotations, err := encodeContent(v.Content.Content)
		if err != nil {
			return nil, err
		}
		lineage, err := encodeLineage(v.Lineage)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO template_versions (owner, template_id, number, display_name, kind, introduction, content,
			 annotations, lineage, template_create_time, template_version, publish_time)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			v.Owner, v.TemplateID, v.Number, v.Content.DisplayName, int(v.Content.Kind), v.Content.Content.Introduction,
			content, annotations, lineage, v.Content.CreateTime, v.Content.Version, v.PublishTime)
		if store.IsUniqueViolation(err) {
			return nil, failure.Conflict("version %d of %s/templates/%s was published concurrently; read it again and retry", v.Number, owner, id)
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

const versionColumns = `number, display_name, kind, introduction, content, annotations, lineage, template_create_time, template_version, publish_time`

const versionQuery = `SELECT ` + versionColumns + ` FROM template_versions WHERE owner = $1 AND template_id = $2 AND number = $3`

// scanVersion reads one version row. Its content is the template as it
// stood when published.
func scanVersion(row rowScanner, owner, templateID string) (domain.TemplateVersion, error) {
	v := domain.TemplateVersion{Owner: owner, TemplateID: templateID}
	c := &v.Content
	var kind int
	var intro, content, annotations, lineage string
	if err := row.Scan(&v.Number, &c.DisplayName, &kind, &intro, &content, &annotations, &lineage,
		&c.CreateTime, &c.Version, &v.PublishTime); err != nil {
		return v, err
	}
	var err error
	if c.Content, err = decodeContent(intro, content, annotations); err != nil {
		return v, err
	}
	if v.Lineage, err = decodeLineage(lineage); err != nil {
		return v, err
	}
	v.PublishTime = v.PublishTime.UTC()
	c.ID, c.Owner, c.Kind, c.LatestVersion = templateID, owner, domain.Kind(kind), v.Number
	c.CreateTime, c.UpdateTime = c.CreateTime.UTC(), v.PublishTime
	return v, nil
}

// GetTemplateVersion loads one published version.
func (r *Repository) GetTemplateVersion(ctx context.Context, owner, templateID string, number int) (domain.TemplateVersion, error) {
	v, err := scanVersion(r.db.QueryRowContext(ctx, versionQuery, owner, templateID, number), owner, templateID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.TemplateVersion{}, failure.NotFound("%s/templates/%s/versions/%d not found", owner, templateID, number)
	}
	if err != nil {
		return domain.TemplateVersion{}, fmt.Errorf("get template version: %w", err)
	}
	return v, nil
}

// ListTemplateVersions lists a template's versions, oldest first.
func (r *Repository) ListTemplateVersions(ctx context.Context, owner, templateID string, offset, limit int) ([]domain.TemplateVersion, error) {
	var n int
	if err := r.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM templates WHERE owner = $1 AND id = $2`,
		owner, templateID).Scan(&n); err != nil {
		return nil, fmt.Errorf("list template versions: %w", err)
	}
	if n == 0 {
		return nil, failure.NotFound("%s/templates/%s not found", owner, templateID)
	}
	rows, err := r.db.QueryContext(ctx,
		`SELECT `+versionColumns+` FROM template_versions WHERE owner = $1 AND template_id = $2
		 ORDER BY number LIMIT $3 OFFSET $4`, owner, templateID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list template versions: %w", err)
	}
	defer rows.Close()
	var out []domain.TemplateVersion
	for rows.Next() {
		v, err := scanVersion(rows, owner, templateID)
		if err != nil {
			return nil, fmt.Errorf("list template versions: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
