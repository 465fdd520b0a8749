package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// InsertHub stores a new hub and, if given, its first admin's membership.
func (r *Repository) InsertHub(ctx context.Context, h domain.Hub, admin *domain.Membership, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		if err := insertHub(ctx, tx, h); err != nil {
			return nil, err
		}
		if admin != nil {
			if err := insertMembership(ctx, tx, *admin); err != nil {
				return nil, err
			}
		}
		return evs, nil
	})
}

func insertHub(ctx context.Context, q queryer, h domain.Hub) error {
	_, err := q.ExecContext(ctx, `INSERT INTO hubs (id, display_name, create_time, version) VALUES ($1, $2, $3, $4)`,
		h.ID, h.DisplayName, h.CreateTime, h.Version)
	if store.IsUniqueViolation(err) {
		return failure.AlreadyExists("hubs/%s already exists", h.ID)
	}
	if err != nil {
		return fmt.Errorf("insert hub: %w", err)
	}
	return nil
}

// GetHub loads one hub.
func (r *Repository) GetHub(ctx context.Context, id string) (domain.Hub, error) {
	hs, err := r.queryHubs(ctx, `SELECT h.id, h.display_name, h.create_time, h.version FROM hubs h WHERE h.id = $1`, id)
	if err != nil {
		return domain.Hub{}, err
	}
	if len(hs) == 0 {
		return domain.Hub{}, failure.NotFound("hubs/%s not found", id)
	}
	return hs[0], nil
}

// ListHubs lists the hubs v may see, oldest first.
func (r *Repository) ListHubs(ctx context.Context, v domain.Viewer, offset, limit int) ([]domain.Hub, error) {
	var a args
	q := `SELECT h.id, h.display_name, h.create_time, h.version FROM hubs h WHERE ` + hubVisible(&a, v, "h") +
		` ORDER BY h.create_time, h.id` + a.page(offset, limit)
	return r.queryHubs(ctx, q, a.list...)
}

func (r *Repository) queryHubs(ctx context.Context, query string, params ...any) ([]domain.Hub, error) {
	rows, err := r.db.QueryContext(ctx, query, params...)
	if err != nil {
		return nil, fmt.Errorf("query hubs: %w", err)
	}
	defer rows.Close()
	var out []domain.Hub
	for rows.Next() {
		var h domain.Hub
		if err := rows.Scan(&h.ID, &h.DisplayName, &h.CreateTime, &h.Version); err != nil {
			return nil, fmt.Errorf("scan hub: %w", err)
		}
		h.CreateTime = h.CreateTime.UTC()
		out = append(out, h)
	}
	return out, rows.Err()
}

// InsertPartnership stores a new partnership of an existing hub.
func (r *Repository) InsertPartnership(ctx context.Context, p domain.Partnership, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		ok, err := exists(ctx, tx, `SELECT COUNT(*) FROM hubs WHERE id = $1`, p.Hub)
		if err != nil {
			return nil, fmt.Errorf("check hub: %w", err)
		}
		if !ok {
			return nil, failure.NotFound("hubs/%s not found", p.Hub)
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO partnerships (id, hub_id, display_name, create_time, version) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, p.Hub, p.DisplayName, p.CreateTime, p.Version)
		if store.IsUniqueViolation(err) {
			return nil, failure.AlreadyExists("partnerships/%s already exists", p.ID)
		}
		if err != nil {
			return nil, fmt.Errorf("insert partnership: %w", err)
		}
		return evs, nil
	})
}

const partnershipColumns = `p.id, p.hub_id, p.display_name, p.create_time, p.version`

// GetPartnership loads one partnership.
func (r *Repository) GetPartnership(ctx context.Context, id string) (domain.Partnership, error) {
	ps, err := r.queryPartnerships(ctx, `SELECT `+partnershipColumns+` FROM partnerships p WHERE p.id = $1`, id)
	if err != nil {
		return domain.Partnership{}, err
	}
	if len(ps) == 0 {
		return domain.Partnership{}, failure.NotFound("partnerships/%s not found", id)
	}
	return ps[0], nil
}

// ListPartnerships lists the partnerships v may see, oldest first.
func (r *Repository) ListPartnerships(ctx context.Context, v domain.Viewer, hubID string, offset, limit int) ([]domain.Partnership, error) {
	var a args
	q := `SELECT ` + partnershipColumns + ` FROM partnerships p WHERE ` + partnershipVisible(&a, v, "p")
	if hubID != "" {
		q += ` AND p.hub_id = ` + a.add(hubID)
	}
	q += ` ORDER BY p.create_time, p.id` + a.page(offset, limit)
	return r.queryPartnerships(ctx, q, a.list...)
}

// PartnershipHubs maps the partnerships among ids that exist to their hubs.
func (r *Repository) PartnershipHubs(ctx context.Context, ids []string) (map[string]string, error) {
	return partnershipHubs(ctx, r.db, ids)
}

func partnershipHubs(ctx context.Context, q queryer, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var a args
	rows, err := q.QueryContext(ctx, `SELECT id, hub_id FROM partnerships WHERE `+a.in("id", ids), a.list...)
	if err != nil {
		return nil, fmt.Errorf("partnership hubs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, hub string
		if err := rows.Scan(&id, &hub); err != nil {
			return nil, fmt.Errorf("partnership hubs: %w", err)
		}
		out[id] = hub
	}
	return out, rows.Err()
}

func (r *Repository) queryPartnerships(ctx context.Context, query string, params ...any) ([]domain.Partnership, error) {
	rows, err := r.db.QueryContext(ctx, query, params...)
	if err != nil {
		return nil, fmt.Errorf("query partnerships: %w", err)
	}
	defer rows.Close()
	var out []domain.Partnership
	for rows.Next() {
		var p domain.Partnership
		if err := rows.Scan(&p.ID, &p.Hub, &p.DisplayName, &p.CreateTime, &p.Version); err != nil {
			return nil, fmt.Errorf("scan partnership: %w", err)
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
		if err := insertOrganisation(ctx, tx, o); err != nil {
			return nil, err
		}
		return evs, nil
	})
}

func insertOrganisation(ctx context.Context, tx *sql.Tx, o domain.Organisation) error {
	for _, pid := range o.Partnerships {
		ok, err := exists(ctx, tx, `SELECT COUNT(*) FROM partnerships WHERE id = $1`, pid)
		if err != nil {
			return fmt.Errorf("check partnership: %w", err)
		}
		if !ok {
			return failure.NotFound("partnerships/%s not found", pid)
		}
	}
	_, err := tx.ExecContext(ctx,
		`INSERT INTO organisations (id, display_name, type, external_ref, create_time, version) VALUES ($1, $2, $3, $4, $5, $6)`,
		o.ID, o.DisplayName, int(o.Type), o.ExternalRef, o.CreateTime, o.Version)
	if store.IsUniqueViolation(err) {
		return failure.AlreadyExists("organisations/%s already exists", o.ID)
	}
	if err != nil {
		return fmt.Errorf("insert organisation: %w", err)
	}
	for i, pid := range o.Partnerships {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO organisation_partnerships (organisation_id, partnership_id, position) VALUES ($1, $2, $3)`,
			o.ID, pid, i); err != nil {
			return fmt.Errorf("insert organisation partnership: %w", err)
		}
	}
	return nil
}

const orgColumns = `o.id, o.display_name, o.type, o.external_ref, o.create_time, o.version`

// GetOrganisation loads one organisation.
func (r *Repository) GetOrganisation(ctx context.Context, id string) (domain.Organisation, error) {
	os, err := queryOrganisations(ctx, r.db, `SELECT `+orgColumns+` FROM organisations o WHERE o.id = $1`, id)
	if err != nil {
		return domain.Organisation{}, err
	}
	if len(os) == 0 {
		return domain.Organisation{}, failure.NotFound("organisations/%s not found", id)
	}
	return os[0], nil
}

// ListOrganisations lists the organisations v may see, oldest first.
func (r *Repository) ListOrganisations(ctx context.Context, v domain.Viewer, partnershipID string, offset, limit int) ([]domain.Organisation, error) {
	var a args
	q := `SELECT ` + orgColumns + ` FROM organisations o WHERE ` + organisationVisible(&a, v, "o")
	if partnershipID != "" {
		q += ` AND o.id IN (SELECT organisation_id FROM organisation_partnerships WHERE partnership_id = ` + a.add(partnershipID) + `)`
	}
	q += ` ORDER BY o.create_time, o.id` + a.page(offset, limit)
	return queryOrganisations(ctx, r.db, q, a.list...)
}

// partnershipOrganisations loads every organisation of a partnership.
func partnershipOrganisations(ctx context.Context, q queryer, pid string) ([]domain.Organisation, error) {
	return queryOrganisations(ctx, q, `SELECT `+orgColumns+` FROM organisations o
		JOIN organisation_partnerships m ON m.organisation_id = o.id
		WHERE m.partnership_id = $1 ORDER BY o.create_time, o.id`, pid)
}

func queryOrganisations(ctx context.Context, q queryer, query string, params ...any) ([]domain.Organisation, error) {
	rows, err := q.QueryContext(ctx, query, params...)
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
		return nil, fmt.Errorf("query organisations: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// Load the partnerships of the page in one query.
	ids := make([]string, len(out))
	for i, o := range out {
		ids[i] = o.ID
	}
	var a args
	mrows, err := q.QueryContext(ctx,
		`SELECT organisation_id, partnership_id FROM organisation_partnerships WHERE `+a.in("organisation_id", ids)+
			` ORDER BY organisation_id, position`, a.list...)
	if err != nil {
		return nil, fmt.Errorf("query organisation partnerships: %w", err)
	}
	defer mrows.Close()
	byOrg := map[string][]string{}
	for mrows.Next() {
		var oid, pid string
		if err := mrows.Scan(&oid, &pid); err != nil {
			return nil, fmt.Errorf("scan organisation partnership: %w", err)
		}
		byOrg[oid] = append(byOrg[oid], pid)
	}
	for i := range out {
		out[i].Partnerships = byOrg[out[i].ID]
	}
	return out, mrows.Err()
}

// ImportOrganisations stores the organisations plan makes from the
// partnership's current ones, in one transaction.
func (r *Repository) ImportOrganisations(ctx context.Context, pid string, plan func([]domain.Organisation) ([]domain.Organisation, error)) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		// Imports into one partnership take turns, so two cannot both pass
		// the reference check.
		if _, err := tx.ExecContext(ctx, `UPDATE partnerships SET version = version WHERE id = $1`, pid); err != nil {
			return nil, fmt.Errorf("lock partnership: %w", err)
		}
		existing, err := partnershipOrganisations(ctx, tx, pid)
		if err != nil {
			return nil, err
		}
		orgs, err := plan(existing)
		if err != nil {
			return nil, err
		}
		evs := make([]domain.Event, 0, len(orgs))
		for _, o := range orgs {
			if err := insertOrganisation(ctx, tx, o); err != nil {
				return nil, err
			}
			evs = append(evs, domain.OrganisationCreated{Organisation: o})
		}
		return evs, nil
	})
}

// scopeColumns splits a scope into the hub, partnership and organisation
// columns of a membership.
func scopeColumns(s domain.Scope) (hub, partnership, organisation string) {
	switch s.Kind {
	case domain.ScopeHub:
		return s.ID, "", ""
	case domain.ScopePartnership:
		return "", s.ID, ""
	case domain.ScopeOrganisation:
		return "", "", s.ID
	}
	return "", "", ""
}

// scopeOf is the inverse of scopeColumns.
func scopeOf(hub, partnership, organisation string) domain.Scope {
	switch {
	case hub != "":
		return domain.HubScope(hub)
	case partnership != "":
		return domain.PartnershipScope(partnership)
	default:
		return domain.OrganisationScope(organisation)
	}
}
