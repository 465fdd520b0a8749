package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
)

// MaxEvidenceBytes is the largest file taken as evidence.
const MaxEvidenceBytes = 20 << 20

// EvidenceTypes are the media types taken as evidence: documents,
// spreadsheets, presentations, images and plain text, never executables
// or archives.
var EvidenceTypes = map[string]bool{
	"application/pdf":    true,
	"application/msword": true,
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": true,
	"application/vnd.ms-excel": true,
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         true,
	"application/vnd.ms-powerpoint":                                             true,
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": true,
	"application/vnd.oasis.opendocument.text":                                   true,
	"application/vnd.oasis.opendocument.spreadsheet":                            true,
	"image/png":  true,
	"image/jpeg": true,
	"text/plain": true,
	"text/csv":   true,
}

// Evidence is a file kept as evidence for a submission.
type Evidence struct {
	ID          string
	Submission  SubmissionRef
	FileName    string
	ContentType string
	Size        int64
	SHA256      string
	UploadTime  time.Time
	Person      string
}

// Key is where the content is kept in the object store.
func (e Evidence) Key() string {
	return e.Submission.PartnershipID + "/" + e.Submission.CampaignID + "/" + e.Submission.SubmissionID + "/" + e.ID
}

// NewEvidence checks an upload and describes it.
func NewEvidence(id string, sub SubmissionRef, fileName, contentType string, content []byte, person string, now time.Time) (Evidence, error) {
	var v failure.Violations
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(fileName, `\`, "/")))
	switch {
	case name == "" || name == "." || name == ".." || name == "/":
		v.Add("file_name", "must name the file")
	case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
		v.Add("file_name", "must be plain text without control characters")
	case utf8.RuneCountInString(name) > 255:
		v.Add("file_name", "must be at most 255 characters")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	switch {
	case err != nil:
		v.Add("content_type", "is not a media type")
	case !EvidenceTypes[mt]:
		v.Add("content_type", mt+" is not accepted as evidence: give a PDF, an office document, an image, CSV or plain text")
	}
	switch {
	case len(content) == 0:
		v.Add("content", "the file is empty")
	case len(content) > MaxEvidenceBytes:
		v.Addf("content", "the file is %d bytes; at most %d are taken", len(content), MaxEvidenceBytes)
	}
	if err := v.Err(); err != nil {
		return Evidence{}, err
	}
	sum := sha256.Sum256(content)
	return Evidence{ID: id, Submission: sub, FileName: name, ContentType: mt, Size: int64(len(content)),
		SHA256: hex.EncodeToString(sum[:]), UploadTime: now, Person: person}, nil
}
