package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// InsertMembership stores a new membership of an existing person in an
// existing scope.
func (r *Repository) InsertMembership(ctx context.Context, m domain.Membership, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		if err := insertMembership(ctx, tx, m); err != nil {
			return nil, err
		}
		return evs, nil
	})
}

func insertMembership(ctx context.Context, tx *sql.Tx, m domain.Membership) error {
	ok, err := exists(ctx, tx, `SELECT COUNT(*) FROM people WHERE id = $1`, m.PersonID)
	if err != nil {
		return fmt.Errorf("check person: %w", err)
	}
	if !ok {
		return failure.NotFound("people/%s not found", m.PersonID)
	}
	var table string
	switch m.Scope.Kind {
	case domain.ScopeHub:
		table = "hubs"
	case domain.ScopePartnership:
		table = "partnerships"
	case domain.ScopeOrganisation:
		table = "organisations"
	default:
		return fmt.Errorf("insert membership: no scope")
	}
	if ok, err = exists(ctx, tx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1`, m.Scope.ID); err != nil {
		return fmt.Errorf("check scope: %w", err)
	}
	if !ok {
		return failure.NotFound("%s not found", m.Scope.Name())
	}
	hub, partnership, organisation := scopeColumns(m.Scope)
	var held string
	err = tx.QueryRowContext(ctx, `SELECT id FROM memberships WHERE person_id = $1 AND role = $2 AND hub_id = $3 AND partnership_id = $4 AND organisation_id = $5`,
		m.PersonID, string(m.Role), hub, partnership, organisation).Scan(&held)
	switch {
	case err == nil:
		return failure.AlreadyExists("people/%s is already %s in %s (people/%s/memberships/%s)",
			m.PersonID, m.Role.Words(), m.Scope.Name(), m.PersonID, held)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check membership: %w", err)
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO memberships (person_id, id, role, hub_id, partnership_id, organisation_id, create_time) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		m.PersonID, m.ID, string(m.Role), hub, partnership, organisation, m.CreateTime)
	if store.IsUniqueViolation(err) {
		return failure.AlreadyExists("%s already exists", m.Name())
	}
	if err != nil {
		return fmt.Errorf("insert membership: %w", err)
	}
	return nil
}

const membershipColumns = `m.person_id, m.id, m.role, m.hub_id, m.partnership_id, m.organisation_id, m.create_time`

// GetMembership loads one membership.
func (r *Repository) GetMembership(ctx context.Context, personID, id string) (domain.Membership, error) {
	return getMembership(ctx, r.db, personID, id)
}

func getMembership(ctx context.Context, q queryer, personID, id string) (domain.Membership, error) {
	ms, err := queryMemberships(ctx, q, `SELECT `+membershipColumns+` FROM memberships m WHERE m.person_id = $1 AND m.id = $2`, personID, id)
	if err != nil {
		return domain.Membership{}, err
	}
	if len(ms) == 0 {
		return domain.Membership{}, failure.NotFound("people/%s/memberships/%s not found", personID, id)
	}
	return ms[0], nil
}

// DeleteMembership deletes a membership, unless it is the last hub admin
// membership of an active person in its hub.
func (r *Repository) DeleteMembership(ctx context.Context, personID, id string, events func(domain.Membership) []domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		m, err := getMembership(ctx, tx, personID, id)
		if err != nil {
			return nil, err
		}
		if m.Role == domain.RoleHubAdmin {
			if err := r.advisoryLock(ctx, tx, lockBootstrap); err != nil {
				return nil, err
			}
			others, err := exists(ctx, tx, `SELECT COUNT(*) FROM memberships m JOIN people pe ON pe.id = m.person_id
				WHERE m.role = $1 AND m.hub_id = $2 AND pe.active = TRUE AND NOT (m.person_id = $3 AND m.id = $4)`,
				string(domain.RoleHubAdmin), m.Scope.ID, personID, id)
			if err != nil {
				return nil, fmt.Errorf("count hub admins: %w", err)
			}
			if !others {
				return nil, failure.FailedPrecondition("%s is the last hub admin of %s: make someone else hub admin first", m.Name(), m.Scope.Name())
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE person_id = $1 AND id = $2`, personID, id); err != nil {
			return nil, fmt.Errorf("delete membership: %w", err)
		}
		return events(m), nil
	})
}

// ListMemberships lists the memberships of a person that v may see, oldest
// first.
func (r *Repository) ListMemberships(ctx context.Context, v domain.Viewer, personID string, offset, limit int) ([]domain.Membership, error) {
	var a args
	q := `SELECT ` + membershipColumns + ` FROM memberships m WHERE m.person_id = ` + a.add(personID) +
		` AND ` + membershipVisible(&a, v, "m", false) + ` ORDER BY m.create_time, m.id` + a.page(offset, limit)
	return queryMemberships(ctx, r.db, q, a.list...)
}

func membershipsOf(ctx context.Context, q queryer, personID string) ([]domain.Membership, error) {
	return queryMemberships(ctx, q, `SELECT `+membershipColumns+` FROM memberships m WHERE m.person_id = $1 ORDER BY m.create_time, m.id`, personID)
}

func queryMemberships(ctx context.Context, q queryer, query string, params ...any) ([]domain.Membership, error) {
	rows, err := q.QueryContext(ctx, query, params...)
	if err != nil {
		return nil, fmt.Errorf("query memberships: %w", err)
	}
	defer rows.Close()
	var out []domain.Membership
	for rows.Next() {
		var m domain.Membership
		var role, hub, partnership, organisation string
		if err := rows.Scan(&m.PersonID, &m.ID, &role, &hub, &partnership, &organisation, &m.CreateTime); err != nil {
			return nil, fmt.Errorf("scan membership: %w", err)
		}
		m.Role = domain.Role(role)
		m.Scope = scopeOf(hub, partnership, organisation)
		m.CreateTime = m.CreateTime.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// Caller loads a person with their memberships, the hubs of their
// partnerships and the partnerships of their organisations.
func (r *Repository) Caller(ctx context.Context, personID string) (domain.Caller, error) {
	p, err := r.GetPerson(ctx, personID)
	if err != nil {
		return domain.Caller{}, err
	}
	ms, err := membershipsOf(ctx, r.db, personID)
	if err != nil {
		return domain.Caller{}, err
	}
	c := domain.Caller{Person: p, Memberships: ms, PartnershipHubs: map[string]string{}, OrganisationPartnerships: map[string][]string{}}
	var pids, hubs []string
	for _, m := range ms {
		switch m.Scope.Kind {
		case domain.ScopeHub:
			hubs = append(hubs, m.Scope.ID)
		case domain.ScopePartnership:
			pids = append(pids, m.Scope.ID)
		case domain.ScopeOrganisation:
			o, err := r.GetOrganisation(ctx, m.Scope.ID)
			if err != nil {
				return domain.Caller{}, err
			}
			c.OrganisationPartnerships[o.ID] = o.Partnerships
			pids = append(pids, o.Partnerships...)
		}
	}
	known, err := r.PartnershipHubs(ctx, pids)
	if err != nil {
		return domain.Caller{}, err
	}
	for id, hub := range known {
		c.PartnershipHubs[id] = hub
	}
	if len(hubs) > 0 {
		var a args
		rows, err := r.db.QueryContext(ctx, `SELECT id, hub_id FROM partnerships WHERE `+a.in("hub_id", hubs), a.list...)
		if err != nil {
			return domain.Caller{}, fmt.Errorf("hub partnerships: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id, hub string
			if err := rows.Scan(&id, &hub); err != nil {
				return domain.Caller{}, fmt.Errorf("hub partnerships: %w", err)
			}
			c.PartnershipHubs[id] = hub
		}
		if err := rows.Err(); err != nil {
			return domain.Caller{}, fmt.Errorf("hub partnerships: %w", err)
		}
	}
	return c, nil
}
