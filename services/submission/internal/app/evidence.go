package app

import (
	"context"
	"fmt"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/services/submission/internal/domain"
)

// UploadEvidence keeps a file as evidence for a submission: the content
// goes to the object store first, then its record and event are written,
// so a record never points at missing content.
func (a *App) UploadEvidence(ctx context.Context, caller Caller, ref domain.SubmissionRef, fileName, contentType string, content []byte) (domain.Evidence, error) {
	c, err := a.repo.CampaignHeader(ctx, ref.PartnershipID, ref.CampaignID)
	if err != nil {
		return domain.Evidence{}, err
	}
	s, err := a.repo.GetSubmission(ctx, ref.PartnershipID, ref.CampaignID, ref.SubmissionID, false)
	if err != nil {
		return domain.Evidence{}, err
	}
	if !s.State.Editable() {
		return domain.Evidence{}, failure.FailedPrecondition("the submission is %s; no more evidence can be added", s.State)
	}
	if err := acceptsFrom(c, &s, a.clock()); err != nil {
		return domain.Evidence{}, err
	}
	e, err := domain.NewEvidence(resource.NewID(), ref, fileName, contentType, content, caller.Person(), a.clock())
	if err != nil {
		return domain.Evidence{}, err
	}
	if a.files == nil {
		return domain.Evidence{}, failure.FailedPrecondition("no evidence store is configured")
	}
	if err := a.files.Put(ctx, e.Key(), content); err != nil {
		return domain.Evidence{}, fmt.Errorf("store evidence: %w", err)
	}
	return e, a.repo.InsertEvidence(ctx, e, domain.EvidenceUploaded{Evidence: e})
}

// EvidenceContent returns a file and its content.
func (a *App) EvidenceContent(ctx context.Context, ref domain.SubmissionRef, id string) (domain.Evidence, []byte, error) {
	e, err := a.repo.GetEvidence(ctx, ref, id)
	if err != nil {
		return e, nil, err
	}
	if a.files == nil {
		return e, nil, failure.FailedPrecondition("no evidence store is configured")
	}
	b, err := a.files.Get(ctx, e.Key())
	if err != nil {
		return e, nil, fmt.Errorf("read evidence %s: %w", e.Key(), err)
	}
	return e, b, nil
}

// ListEvidence lists a submission's files.
func (a *App) ListEvidence(ctx context.Context, ref domain.SubmissionRef) ([]domain.Evidence, error) {
	if _, err := a.repo.GetSubmission(ctx, ref.PartnershipID, ref.CampaignID, ref.SubmissionID, false); err != nil {
		return nil, err
	}
	return a.repo.ListEvidence(ctx, ref)
}
