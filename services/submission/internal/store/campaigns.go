package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// campaignDetails is the JSON of a campaign's details column.
type campaignDetails struct {
	AudienceTypes  []string  `json:"audience_types,omitempty"`
	OpenTime       time.Time `json:"open_time,omitempty"`
	CloseTime      time.Time `json:"close_time,omitempty"`
	AllowLate      bool      `json:"allow_late,omitempty"`
	SourceCampaign string    `json:"source_campaign,omitempty"`
	QARequired     bool      `json:"qa_required,omitempty"`
	SignOff        int       `json:"sign_off,omitempty"`
	Consortium     string    `json:"consortium,omitempty"`
	Partnerships   []string  `json:"partnerships,omitempty"`
}

const campaignColumns = `partnership_id, id, display_name, template_version, organisations, due_time, state, create_time,
	launch_time, version, details, closed_time, submission_count`

func campaignArgs(c domain.Campaign) ([]any, error) {
	orgs, err := toJSON(c.Organisations)
	if err != nil {
		return nil, err
	}
	details, err := toJSON(campaignDetails{AudienceTypes: c.AudienceTypes, OpenTime: c.OpenTime, CloseTime: c.CloseTime,
		AllowLate: c.AllowLate, SourceCampaign: c.SourceCampaign, QARequired: c.QARequired, SignOff: int(c.SignOff),
		Consortium: c.Consortium, Partnerships: c.Partnerships})
	if err != nil {
		return nil, err
	}
	return []any{c.PartnershipID, c.ID, c.DisplayName, c.TemplateVersion, orgs, c.DueTime, int(c.State), c.CreateTime,
		nullTime(c.LaunchTime), c.Version, details, nullTime(c.ClosedTime), c.SubmissionCount}, nil
}

func scanCampaign(s scanner) (domain.Campaign, error) {
	var c domain.Campaign
	var orgs, details string
	var state int
	var launch, closed sql.NullTime
	if err := s.Scan(&c.PartnershipID, &c.ID, &c.DisplayName, &c.TemplateVersion, &orgs, &c.DueTime, &state, &c.CreateTime,
		&launch, &c.Version, &details, &closed, &c.SubmissionCount); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(orgs), &c.Organisations); err != nil {
		return c, fmt.Errorf("campaign %s organisations: %w", c.ID, err)
	}
	var d campaignDetails
	if err := json.Unmarshal([]byte(details), &d); err != nil {
		return c, fmt.Errorf("campaign %s details: %w", c.ID, err)
	}
	c.AudienceTypes, c.OpenTime, c.CloseTime, c.AllowLate = d.AudienceTypes, d.OpenTime.UTC(), d.CloseTime.UTC(), d.AllowLate
	c.SourceCampaign, c.QARequired, c.SignOff, c.Consortium = d.SourceCampaign, d.QARequired, domain.SignOff(d.SignOff), d.Consortium
	c.Partnerships = d.Partnerships
	if c.SignOff == 0 {
		c.SignOff = domain.SignOffLead
	}
	if len(c.Partnerships) == 0 {
		c.Partnerships = []string{c.PartnershipID}
	}
	if d.OpenTime.IsZero() {
		c.OpenTime = time.Time{}
	}
	if d.CloseTime.IsZero() {
		c.CloseTime = time.Time{}
	}
	c.State = domain.CampaignState(state)
	c.DueTime, c.CreateTime, c.LaunchTime, c.ClosedTime = c.DueTime.UTC(), c.CreateTime.UTC(), fromNull(launch), fromNull(closed)
	return c, nil
}

func writeParticipants(ctx context.Context, tx *sql.Tx, c domain.Campaign) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM campaign_partnerships WHERE owner_id = $1 AND campaign_id = $2`, c.PartnershipID, c.ID); err != nil {
		return fmt.Errorf("clear campaign partnerships: %w", err)
	}
	for _, p := range c.Partnerships {
		if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_partnerships (partnership_id, owner_id, campaign_id) VALUES ($1, $2, $3)`,
			p, c.PartnershipID, c.ID); err != nil {
			return fmt.Errorf("record campaign partnership: %w", err)
		}
	}
	return nil
}

// InsertCampaign stores a new campaign.
func (r *Repository) InsertCampaign(ctx context.Context, c domain.Campaign, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		args, err := campaignArgs(c)
		if err != nil {
			return nil, err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO campaigns (`+campaignColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, args...)
		if isUnique(err) {
			return nil, failure.AlreadyExists("partnerships/%s/campaigns/%s already exists", c.PartnershipID, c.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert campaign: %w", err)
		}
		return evs, writeParticipants(ctx, tx, c)
	})
}

func getCampaign(ctx context.Context, q querier, pid, cid, lock string) (domain.Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx,
		`SELECT `+campaignColumns+` FROM campaigns WHERE partnership_id = $1 AND id = $2`+lock, pid, cid))
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
	return getCampaign(ctx, r.db, pid, cid, "")
}

// headerColumns are the campaign's columns with its organisation list left
// empty: an audience of thousands is long to read on every save.
var headerColumns = strings.Replace(campaignColumns, "organisations,", "'[]',", 1)

// CampaignHeader loads one campaign without its organisation list.
func (r *Repository) CampaignHeader(ctx context.Context, pid, cid string) (domain.Campaign, error) {
	c, err := scanCampaign(r.db.QueryRowContext(ctx,
		`SELECT `+headerColumns+` FROM campaigns WHERE partnership_id = $1 AND id = $2`, pid, cid))
	if errors.Is(err, sql.ErrNoRows) {
		return c, failure.NotFound("partnerships/%s/campaigns/%s not found", pid, cid)
	}
	if err != nil {
		return c, fmt.Errorf("get campaign: %w", err)
	}
	return c, nil
}

func (r *Repository) campaigns(ctx context.Context, query string, args ...any) ([]domain.Campaign, error) {
	out, err := store.Query(ctx, r.db, scanCampaign, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list campaigns: %w", err)
	}
	return out, nil
}

// ListCampaigns lists the campaigns a partnership owns or takes part in,
// oldest first.
func (r *Repository) ListCampaigns(ctx context.Context, pid string, offset, limit int) ([]domain.Campaign, error) {
	return r.campaigns(ctx, `SELECT `+prefixed("c.", campaignColumns)+` FROM campaigns c
		JOIN campaign_partnerships cp ON cp.owner_id = c.partnership_id AND cp.campaign_id = c.id
		WHERE cp.partnership_id = $1 ORDER BY c.create_time, c.partnership_id, c.id LIMIT $2 OFFSET $3`, pid, limit, offset)
}

// LaunchedCampaigns lists the launched, unarchived campaigns that any of
// the partnerships takes part in.
func (r *Repository) LaunchedCampaigns(ctx context.Context, pids []string) ([]domain.Campaign, error) {
	if len(pids) == 0 {
		return nil, nil
	}
	args := []any{int(domain.CampaignDraft), int(domain.CampaignArchived)}
	for _, p := range pids {
		args = append(args, p)
	}
	return r.campaigns(ctx, `SELECT `+prefixed("c.", campaignColumns)+` FROM campaigns c
		WHERE c.state NOT IN ($1, $2) AND EXISTS (SELECT 1 FROM campaign_partnerships cp
			WHERE cp.owner_id = c.partnership_id AND cp.campaign_id = c.id AND cp.partnership_id IN (`+inList(3, len(pids))+`))
		ORDER BY c.create_time, c.partnership_id, c.id`, args...)
}

// CampaignsToTick lists scheduled and open campaigns; the caller checks
// their times (kept in the details) against now.
func (r *Repository) CampaignsToTick(ctx context.Context, now time.Time) ([]domain.Campaign, error) {
	cs, err := r.campaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE state IN ($1, $2)`,
		int(domain.CampaignScheduled), int(domain.CampaignOpen))
	if err != nil {
		return nil, err
	}
	var out []domain.Campaign
	for _, c := range cs {
		if c.StateAt(now) != c.State {
			out = append(out, c)
		}
	}
	return out, nil
}

// UpdateCampaign changes a campaign under fn in one transaction, creating
// the submissions fn returns unless they exist, with their brought-forward
// answers.
func (r *Repository) UpdateCampaign(ctx context.Context, pid, cid string, fn func(*domain.Campaign) (app.CampaignChange, error)) (domain.Campaign, error) {
	var out domain.Campaign
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		c, err := getCampaign(ctx, tx, pid, cid, r.db.ForUpdate())
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
		args, err := campaignArgs(c)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET display_name = $3, template_version = $4, organisations = $5,
			due_time = $6, state = $7, create_time = $8, launch_time = $9, version = $10, details = $11, closed_time = $12,
			submission_count = $13 WHERE partnership_id = $1 AND id = $2 AND version = $14`, append(args, before)...)
		if err != nil {
			return nil, fmt.Errorf("update campaign: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return nil, failure.Conflict("campaign changed concurrently; try again")
		}
		if err := writeParticipants(ctx, tx, c); err != nil {
			return nil, err
		}
		if err := insertSubmissions(ctx, tx, change.NewSubmissions, change.Carried); err != nil {
			return nil, err
		}
		return change.Events, nil
	})
	return out, err
}

func prefixed(p, columns string) string {
	out := ""
	for i, c := range splitColumns(columns) {
		if i > 0 {
			out += ", "
		}
		out += p + c
	}
	return out
}

func splitColumns(columns string) []string {
	var out []string
	cur := ""
	for _, r := range columns {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ', '\n', '\t':
		default:
			cur += string(r)
		}
	}
	return append(out, cur)
}
