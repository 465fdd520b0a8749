package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

const personColumns = `pe.id, pe.email, pe.display_name, pe.active, pe.create_time, pe.update_time, pe.version`

// InsertPerson stores a new person; an email already in use is
// AlreadyExists, naming the person who has it.
func (r *Repository) InsertPerson(ctx context.Context, p domain.Person, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		if err := insertPerson(ctx, tx, p); err != nil {
			return nil, err
		}
		return evs, nil
	})
}

func insertPerson(ctx context.Context, tx *sql.Tx, p domain.Person) error {
	var holder string
	err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE email = $1`, p.Email).Scan(&holder)
	switch {
	case err == nil:
		return failure.AlreadyExists("%s is already people/%s", p.Email, holder)
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check email: %w", err)
	}
	_, err = tx.ExecContext(ctx,
		`INSERT INTO people (id, email, display_name, active, create_time, update_time, version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		p.ID, p.Email, p.DisplayName, p.Active, p.CreateTime, p.UpdateTime, p.Version)
	if store.IsUniqueViolation(err) {
		return failure.AlreadyExists("people/%s or a person with email %s already exists", p.ID, p.Email)
	}
	if err != nil {
		return fmt.Errorf("insert person: %w", err)
	}
	return nil
}

// GetPerson loads one person.
func (r *Repository) GetPerson(ctx context.Context, id string) (domain.Person, error) {
	return getPerson(ctx, r.db, `pe.id = $1`, id, "people/"+id+" not found")
}

// FindPerson loads the person with a (normalised) email.
func (r *Repository) FindPerson(ctx context.Context, email string) (domain.Person, error) {
	return getPerson(ctx, r.db, `pe.email = $1`, email, "no person has this email")
}

func getPerson(ctx context.Context, q queryer, where string, arg any, missing string) (domain.Person, error) {
	ps, err := queryPeople(ctx, q, `SELECT `+personColumns+` FROM people pe WHERE `+where, arg)
	if err != nil {
		return domain.Person{}, err
	}
	if len(ps) == 0 {
		return domain.Person{}, failure.NotFound("%s", missing)
	}
	return ps[0], nil
}

// UpdatePerson applies change to a person under optimistic concurrency.
func (r *Repository) UpdatePerson(ctx context.Context, id string, change func(domain.Person) (domain.Person, []domain.Event, error)) (domain.Person, error) {
	var out domain.Person
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		old, err := getPerson(ctx, tx, `pe.id = $1`, id, "people/"+id+" not found")
		if err != nil {
			return nil, err
		}
		p, evs, err := change(old)
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx,
			`UPDATE people SET display_name = $1, active = $2, update_time = $3, version = $4 WHERE id = $5 AND version = $6`,
			p.DisplayName, p.Active, p.UpdateTime, p.Version, id, old.Version)
		if err != nil {
			return nil, fmt.Errorf("update person: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return nil, failure.Conflict("people/%s changed concurrently; read it again", id)
		}
		out = p
		return evs, nil
	})
	return out, err
}

// ListPeople lists the people v may see, oldest first.
func (r *Repository) ListPeople(ctx context.Context, v domain.Viewer, f app.PeopleFilter, offset, limit int) ([]domain.Person, error) {
	var a args
	q := `SELECT ` + personColumns + ` FROM people pe WHERE ` + personVisible(&a, v, "pe", false)
	switch {
	case f.PartnershipID != "":
		q += ` AND EXISTS (SELECT 1 FROM memberships fm WHERE fm.person_id = pe.id AND (fm.partnership_id = ` + a.add(f.PartnershipID) +
			` OR fm.organisation_id IN (SELECT organisation_id FROM organisation_partnerships WHERE partnership_id = ` + a.add(f.PartnershipID) + `)))`
	case f.OrganisationID != "":
		q += ` AND EXISTS (SELECT 1 FROM memberships fm WHERE fm.person_id = pe.id AND fm.organisation_id = ` + a.add(f.OrganisationID) + `)`
	}
	q += ` ORDER BY pe.create_time, pe.id` + a.page(offset, limit)
	return queryPeople(ctx, r.db, q, a.list...)
}

// SeesPerson reports whether v may see a person.
func (r *Repository) SeesPerson(ctx context.Context, v domain.Viewer, id string, adminOnly bool) (bool, error) {
	var a args
	q := `SELECT COUNT(*) FROM people pe WHERE pe.id = ` + a.add(id) + ` AND ` + personVisible(&a, v, "pe", adminOnly)
	ok, err := exists(ctx, r.db, q, a.list...)
	if err != nil {
		return false, fmt.Errorf("person visibility: %w", err)
	}
	return ok, nil
}

func queryPeople(ctx context.Context, q queryer, query string, params ...any) ([]domain.Person, error) {
	rows, err := q.QueryContext(ctx, query, params...)
	if err != nil {
		return nil, fmt.Errorf("query people: %w", err)
	}
	defer rows.Close()
	var out []domain.Person
	for rows.Next() {
		var p domain.Person
		if err := rows.Scan(&p.ID, &p.Email, &p.DisplayName, &p.Active, &p.CreateTime, &p.UpdateTime, &p.Version); err != nil {
			return nil, fmt.Errorf("scan person: %w", err)
		}
		p.CreateTime, p.UpdateTime = p.CreateTime.UTC(), p.UpdateTime.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

// PasswordHash returns a person's password hash, empty if none is set.
func (r *Repository) PasswordHash(ctx context.Context, personID string) (string, error) {
	var h string
	err := r.db.QueryRowContext(ctx, `SELECT password_hash FROM people WHERE id = $1`, personID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", failure.NotFound("people/%s not found", personID)
	}
	if err != nil {
		return "", fmt.Errorf("password hash: %w", err)
	}
	return h, nil
}

// SetPasswordHash sets a person's password hash.
func (r *Repository) SetPasswordHash(ctx context.Context, personID, hash string) error {
	res, err := r.db.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE id = $2`, hash, personID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return failure.NotFound("people/%s not found", personID)
	}
	return nil
}

// ImportPeople stores the people and memberships plan makes, in one
// transaction.
func (r *Repository) ImportPeople(ctx context.Context, pid string, emails []string,
	plan func([]domain.Organisation, []domain.Person, []domain.Membership) (domain.PeopleImport, error)) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		if _, err := tx.ExecContext(ctx, `UPDATE partnerships SET version = version WHERE id = $1`, pid); err != nil {
			return nil, fmt.Errorf("lock partnership: %w", err)
		}
		orgs, err := partnershipOrganisations(ctx, tx, pid)
		if err != nil {
			return nil, err
		}
		var known []domain.Person
		for start := 0; start < len(emails); start += 500 {
			batch := emails[start:min(start+500, len(emails))]
			var a args
			ps, err := queryPeople(ctx, tx, `SELECT `+personColumns+` FROM people pe WHERE `+a.in("pe.email", batch), a.list...)
			if err != nil {
				return nil, err
			}
			known = append(known, ps...)
		}
		var held []domain.Membership
		for _, p := range known {
			ms, err := membershipsOf(ctx, tx, p.ID)
			if err != nil {
				return nil, err
			}
			held = append(held, ms...)
		}
		got, err := plan(orgs, known, held)
		if err != nil {
			return nil, err
		}
		var evs []domain.Event
		for _, p := range got.People {
			if err := insertPerson(ctx, tx, p); err != nil {
				return nil, err
			}
			evs = append(evs, domain.PersonCreated{Person: p})
		}
		for _, m := range got.Memberships {
			if err := insertMembership(ctx, tx, m); err != nil {
				return nil, err
			}
			evs = append(evs, domain.MembershipCreated{Membership: m})
		}
		return evs, nil
	})
}
