package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
)

// InsertSignInLink stores a link unless max links were made for its email
// since since. The person's row is locked so concurrent requests count in
// turn.
func (r *Repository) InsertSignInLink(ctx context.Context, l domain.SignInLink, since time.Time, max int) (bool, error) {
	stored := false
	err := r.db.InTx(ctx, func(tx *sql.Tx) error {
		var id string
		if err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE id = $1`+r.forUpdate(), l.PersonID).Scan(&id); err != nil {
			return fmt.Errorf("lock person: %w", err)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sign_in_links WHERE email = $1 AND create_time > $2`,
			l.Email, since.UTC()).Scan(&n); err != nil {
			return fmt.Errorf("count sign-in links: %w", err)
		}
		if n >= max {
			return nil
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO sign_in_links (digest, person_id, email, create_time, expire_time) VALUES ($1, $2, $3, $4, $5)`,
			l.Digest, l.PersonID, l.Email, l.CreateTime.UTC(), l.ExpireTime.UTC()); err != nil {
			return fmt.Errorf("insert sign-in link: %w", err)
		}
		stored = true
		return nil
	})
	return stored, err
}

// RedeemSignInLink marks a link used, once, before it expires.
func (r *Repository) RedeemSignInLink(ctx context.Context, digest string, now time.Time) (string, error) {
	var personID string
	err := r.db.InTx(ctx, func(tx *sql.Tx) error {
		now := now.UTC()
		res, err := tx.ExecContext(ctx,
			`UPDATE sign_in_links SET used_time = $1 WHERE digest = $2 AND used_time IS NULL AND expire_time > $3`, now, digest, now)
		if err != nil {
			return fmt.Errorf("redeem sign-in link: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return failure.Unauthenticated("this sign-in link is not valid: it may have been used or have expired; ask for a new one")
		}
		if err := tx.QueryRowContext(ctx, `SELECT person_id FROM sign_in_links WHERE digest = $1`, digest).Scan(&personID); err != nil {
			return fmt.Errorf("redeem sign-in link: %w", err)
		}
		return nil
	})
	return personID, err
}

// IdentityPerson returns the person recorded for an outside identity.
func (r *Repository) IdentityPerson(ctx context.Context, issuer, subject string) (string, bool, error) {
	var id string
	err := r.db.QueryRowContext(ctx, `SELECT person_id FROM person_identities WHERE issuer = $1 AND subject = $2`, issuer, subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("identity: %w", err)
	}
	return id, true, nil
}

// LinkIdentity records an outside identity for the active person with
// email.
func (r *Repository) LinkIdentity(ctx context.Context, issuer, subject, email string, now time.Time) (string, error) {
	var personID string
	err := r.db.InTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT id FROM people WHERE email = $1 AND active = TRUE`, email).Scan(&personID)
		if errors.Is(err, sql.ErrNoRows) {
			return failure.Unauthenticated("no active person is known by this sign-in")
		}
		if err != nil {
			return fmt.Errorf("find person: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO person_identities (issuer, subject, person_id, create_time) VALUES ($1, $2, $3, $4)`,
			issuer, subject, personID, now.UTC())
		if err != nil && !store.IsUniqueViolation(err) {
			return fmt.Errorf("record identity: %w", err)
		}
		return err
	})
	if store.IsUniqueViolation(err) {
		// Another call recorded it first: theirs stands.
		id, ok, err := r.IdentityPerson(ctx, issuer, subject)
		if err != nil || !ok {
			return "", fmt.Errorf("identity recorded concurrently: %w", err)
		}
		return id, nil
	}
	return personID, err
}

// EnsureSigningKey stores a first signing key, once however many replicas
// start together.
func (r *Repository) EnsureSigningKey(ctx context.Context, make func() (app.StoredKey, error)) ([]app.StoredKey, error) {
	err := r.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := r.advisoryLock(ctx, tx, lockSigningKey); err != nil {
			return err
		}
		any, err := exists(ctx, tx, `SELECT COUNT(*) FROM signing_keys`)
		if err != nil {
			return fmt.Errorf("count signing keys: %w", err)
		}
		if any {
			return nil
		}
		k, err := make()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO signing_keys (id, key_data, create_time) VALUES ($1, $2, $3)`,
			k.ID, string(k.Data), k.CreateTime.UTC()); err != nil {
			return fmt.Errorf("insert signing key: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r.SigningKeys(ctx)
}

// SigningKeys returns every stored signing key, oldest first.
func (r *Repository) SigningKeys(ctx context.Context) ([]app.StoredKey, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT id, key_data, create_time FROM signing_keys ORDER BY create_time, id`)
	if err != nil {
		return nil, fmt.Errorf("signing keys: %w", err)
	}
	defer rows.Close()
	var out []app.StoredKey
	for rows.Next() {
		var k app.StoredKey
		var data string
		if err := rows.Scan(&k.ID, &data, &k.CreateTime); err != nil {
			return nil, fmt.Errorf("signing keys: %w", err)
		}
		k.Data, k.CreateTime = []byte(data), k.CreateTime.UTC()
		out = append(out, k)
	}
	return out, rows.Err()
}

// Bootstrap stores what plan returns if the directory has no people yet.
// Replicas starting together take turns, and the second finds the person
// the first made.
func (r *Repository) Bootstrap(ctx context.Context, plan func(hubExists bool) (app.BootstrapPlan, error)) (bool, error) {
	done := false
	err := r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		if err := r.advisoryLock(ctx, tx, lockBootstrap); err != nil {
			return nil, err
		}
		anyone, err := exists(ctx, tx, `SELECT COUNT(*) FROM people`)
		if err != nil {
			return nil, fmt.Errorf("count people: %w", err)
		}
		if anyone {
			return nil, nil
		}
		hubExists, err := exists(ctx, tx, `SELECT COUNT(*) FROM hubs WHERE id = $1`, domain.DefaultHubID)
		if err != nil {
			return nil, fmt.Errorf("check hub: %w", err)
		}
		p, err := plan(hubExists)
		if err != nil {
			return nil, err
		}
		if p.Hub != nil {
			if err := insertHub(ctx, tx, *p.Hub); err != nil {
				return nil, err
			}
		}
		if err := insertPerson(ctx, tx, p.Person); err != nil {
			return nil, err
		}
		if p.PasswordHash != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE people SET password_hash = $1 WHERE id = $2`, p.PasswordHash, p.Person.ID); err != nil {
				return nil, fmt.Errorf("set password: %w", err)
			}
		}
		if err := insertMembership(ctx, tx, p.Membership); err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO sign_in_links (digest, person_id, email, create_time, expire_time) VALUES ($1, $2, $3, $4, $5)`,
			p.Link.Digest, p.Link.PersonID, p.Link.Email, p.Link.CreateTime.UTC(), p.Link.ExpireTime.UTC()); err != nil {
			return nil, fmt.Errorf("insert sign-in link: %w", err)
		}
		done = true
		return p.Events, nil
	})
	return done, err
}
