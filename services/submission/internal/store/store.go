// Package store keeps campaigns, submissions, answers and the copies of
// other services' data in PostgreSQL or the embedded SQLite database, with
// the same SQL for both.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// Repository implements app.Repository and app.Copies.
type Repository struct {
	db     *store.DB
	events *outbox.Writer[domain.Event]
}

var (
	_ app.Repository = (*Repository)(nil)
	_ app.Copies     = (*Repository)(nil)
)

// New returns a repository on the database of w, writing events through w.
func New(w *outbox.Writer[domain.Event]) *Repository { return &Repository{db: w.DB, events: w} }

// DB returns the database, for consumers that apply events in their own
// transactions.
func (r *Repository) DB() *store.DB { return r.db }

func nullTime(t time.Time) sql.NullTime {
	return sql.NullTime{Time: t, Valid: !t.IsZero()}
}

func fromNull(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// InsertCampaign stores a new campaign.
func (r *Repository) InsertCampaign(ctx context.Context, c domain.Campaign, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		orgs, err := json.Marshal(c.Organisations)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO campaigns
			(partnership_id, id, display_name, template_version, organisations, due_time, state, create_time, launch_time, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			c.PartnershipID, c.ID, c.DisplayName, c.TemplateVersion, string(orgs), c.DueTime, int(c.State), c.CreateTime, nullTime(c.LaunchTime), c.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s/campaigns/%s already exists", c.PartnershipID, c.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert campaign: %w", err)
		}
		return evs, nil
	})
}

const campaignColumns = `partnership_id, id, display_name, template_version, organisations, due_time, state, create_time, launch_time, version`

type scanner interface{ Scan(dest ...any) error }

func scanCampaign(s scanner) (domain.Campaign, error) {
	var c domain.Campaign
	var orgs string
	var state int
	var launch sql.NullTime
	if err := s.Scan(&c.PartnershipID, &c.ID, &c.DisplayName, &c.TemplateVersion, &orgs, &c.DueTime, &state, &c.CreateTime, &launch, &c.Version); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(orgs), &c.Organisations); err != nil {
		return c, fmt.Errorf("campaign %s organisations: %w", c.ID, err)
	}
	c.State = domain.CampaignState(state)
	c.DueTime, c.CreateTime, c.LaunchTime = c.DueTime.UTC(), c.CreateTime.UTC(), fromNull(launch)
	return c, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getCampaign(ctx context.Context, q querier, pid, cid string) (domain.Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx,
		`SELECT `+campaignColumns+` FROM campaigns WHERE partnership_id = $1 AND id = $2`, pid, cid))
	if errors.Is(err, sql.ErrNoRows) {
		return c, failure.NotFound("partnerships/%s/campaigns/%s not found", pid, cid)
	}
	if err != nil {
		return c, fmt.Errorf("get campaign: %w", err)
	}
	return c, nil
}

// GetCampaign loads one campaign.
func (r *Repository) GetCampaign(ctx context.Context, pid, cid string) (domain.Campaign, error) {
	return getCampaign(ctx, r.db, pid, cid)
}

// ListCampaigns lists a partnership's campaigns oldest first.
func (r *Repository) ListCampaigns(ctx context.Context, pid string, offset, limit int) ([]domain.Campaign, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE partnership_id = $1
		ORDER BY create_time, id LIMIT $2 OFFSET $3`, pid, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	defer rows.Close()
	var out []domain.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, fmt.Errorf("list campaigns: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UpdateCampaign changes a campaign under fn in one transaction, creating
// the submissions fn returns unless they exist.
func (r *Repository) UpdateCampaign(ctx context.Context, pid, cid string, fn func(*domain.Campaign) (app.CampaignChange, error)) (domain.Campaign, error) {
	var out domain.Campaign
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		c, err := getCampaign(ctx, tx, pid, cid)
		if err != nil {
			return nil, err
		}
		before := c.Version
		change, err := fn(&c)
		if err != nil {
			return nil, err
		}
		out = c
		if c.Version == before {
			return nil, nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET display_name = $1, due_time = $2, state = $3, launch_time = $4, version = $5
			WHERE partnership_id = $6 AND id = $7 AND version = $8`,
			c.DisplayName, c.DueTime, int(c.State), nullTime(c.LaunchTime), c.Version, pid, cid, before)
		if err != nil {
			return nil, fmt.Errorf("update campaign: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, failure.Conflict("campaign changed concurrently; try again")
		}
		for _, s := range change.NewSubmissions {
			if _, err := tx.ExecContext(ctx, `INSERT INTO submissions
				(partnership_id, campaign_id, id, organisation_id, state, update_time, submit_time, version)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
				s.PartnershipID, s.CampaignID, s.ID, s.OrganisationID, int(s.State), s.UpdateTime, nullTime(s.SubmitTime), s.Version); err != nil {
				return nil, fmt.Errorf("insert submission: %w", err)
			}
		}
		return change.Events, nil
	})
	return out, err
}
