package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

const evidenceColumns = `partnership_id, campaign_id, submission_id, id, file_name, content_type, size_bytes, sha256, upload_time, person`

func scanEvidence(s scanner) (domain.Evidence, error) {
	var e domain.Evidence
	err := s.Scan(&e.Submission.PartnershipID, &e.Submission.CampaignID, &e.Submission.SubmissionID, &e.ID, &e.FileName,
		&e.ContentType, &e.Size, &e.SHA256, &e.UploadTime, &e.Person)
	e.UploadTime = e.UploadTime.UTC()
	return e, err
}

// InsertEvidence records an uploaded file whose content is already in the
// object store.
func (r *Repository) InsertEvidence(ctx context.Context, e domain.Evidence, evs ...domain.Event) error {
	return r.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		s := e.Submission
		if _, err := tx.ExecContext(ctx, `INSERT INTO evidence (`+evidenceColumns+`) VALUES `+placeholders(1, 10),
			s.PartnershipID, s.CampaignID, s.SubmissionID, e.ID, e.FileName, e.ContentType, e.Size, e.SHA256, e.UploadTime, e.Person); err != nil {
			return nil, fmt.Errorf("insert evidence: %w", err)
		}
		return evs, nil
	})
}

// GetEvidence loads one evidence record.
func (r *Repository) GetEvidence(ctx context.Context, ref domain.SubmissionRef, id string) (domain.Evidence, error) {
	e, err := scanEvidence(r.db.QueryRowContext(ctx, `SELECT `+evidenceColumns+` FROM evidence
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 AND id = $4`,
		ref.PartnershipID, ref.CampaignID, ref.SubmissionID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, failure.NotFound("partnerships/%s/campaigns/%s/submissions/%s/evidence/%s not found",
			ref.PartnershipID, ref.CampaignID, ref.SubmissionID, id)
	}
	if err != nil {
		return e, fmt.Errorf("get evidence: %w", err)
	}
	return e, nil
}

// ListEvidence lists a submission's files, oldest first.
func (r *Repository) ListEvidence(ctx context.Context, ref domain.SubmissionRef) ([]domain.Evidence, error) {
	out, err := store.Query(ctx, r.db, scanEvidence, `SELECT `+evidenceColumns+` FROM evidence
		WHERE partnership_id = $1 AND campaign_id = $2 AND submission_id = $3 ORDER BY upload_time, id`,
		ref.PartnershipID, ref.CampaignID, ref.SubmissionID)
	if err != nil {
		return nil, fmt.Errorf("list evidence: %w", err)
	}
	return out, nil
}
