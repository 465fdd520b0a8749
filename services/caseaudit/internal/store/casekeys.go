package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

// PutCaseKey records an agency's identifier for a case, replacing the one
// recorded before.
func (r *Repository) PutCaseKey(ctx context.Context, k domain.CaseKey) error {
	_, err := r.db.ExecContext(ctx, `INSERT INTO case_keys (partnership_id, round_id, reference, organisation_id, identifier, set_by, set_time)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (partnership_id, round_id, reference, organisation_id) DO UPDATE SET identifier = excluded.identifier,
		  set_by = excluded.set_by, set_time = excluded.set_time`,
		k.PartnershipID, k.RoundID, k.Reference, k.Agency, k.Identifier, k.SetBy, k.SetTime)
	if err != nil {
		return fmt.Errorf("record case key: %w", err)
	}
	return nil
}

// ReadCaseKeys records the read and returns the keys of a round's case
// (every case when reference is empty), in one transaction: a read that
// cannot be recorded returns nothing.
func (r *Repository) ReadCaseKeys(ctx context.Context, read domain.KeyRead) ([]domain.CaseKey, error) {
	var out []domain.CaseKey
	err := r.db.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_key_reads (partnership_id, round_id, reference, person, read_time)
			VALUES ($1, $2, $3, $4, $5)`, read.PartnershipID, read.RoundID, read.Reference, read.Person, read.ReadTime); err != nil {
			return fmt.Errorf("record key read: %w", err)
		}
		return each(ctx, tx, `SELECT reference, organisation_id, identifier, set_by, set_time FROM case_keys
			WHERE partnership_id = $1 AND round_id = $2 AND ($3 = '' OR reference = $3) ORDER BY reference, organisation_id`,
			[]any{read.PartnershipID, read.RoundID, read.Reference}, func(rows *sql.Rows) error {
				k := domain.CaseKey{PartnershipID: read.PartnershipID, RoundID: read.RoundID}
				if err := rows.Scan(&k.Reference, &k.Agency, &k.Identifier, &k.SetBy, &k.SetTime); err != nil {
					return err
				}
				k.SetTime = k.SetTime.UTC()
				out = append(out, k)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("read case keys: %w", err)
	}
	return out, nil
}

// ListKeyReads lists the reads of a round's key table, newest first.
func (r *Repository) ListKeyReads(ctx context.Context, partnershipID, roundID string) ([]domain.KeyRead, error) {
	var out []domain.KeyRead
	err := each(ctx, r.db, `SELECT reference, person, read_time FROM case_key_reads WHERE partnership_id = $1 AND round_id = $2
		ORDER BY read_time DESC LIMIT 1000`, []any{partnershipID, roundID}, func(rows *sql.Rows) error {
		k := domain.KeyRead{PartnershipID: partnershipID, RoundID: roundID}
		if err := rows.Scan(&k.Reference, &k.Person, &k.ReadTime); err != nil {
			return err
		}
		k.ReadTime = k.ReadTime.UTC()
		out = append(out, k)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list key reads: %w", err)
	}
	return out, nil
}
