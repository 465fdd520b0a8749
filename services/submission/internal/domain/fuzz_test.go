package domain

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

// FuzzSaveAnswers feeds arbitrary answers and versions to a save: it never
// panics, and it either refuses with an invalid-argument failure, a
// conflict or a precondition, or writes answers whose versions follow the
// ones they replace.
func FuzzSaveAnswers(f *testing.F) {
	f.Add("s1_rating", "green", "", int64(0), int64(0), true)
	f.Add("s1_children", "", "12", int64(1), int64(1), false)
	f.Add("nope", "x", "-1e9", int64(-3), int64(7), false)
	compiled, err := form.Compile(testFormSpec())
	if err != nil {
		f.Fatal(err)
	}
	idx := testIndex()
	f.Fuzz(func(t *testing.T, key, grade, number string, base, stored int64, etag bool) {
		s := Submission{State: InProgress, Version: 5}
		current := map[string]StoredAnswer{}
		if stored > 0 {
			current[key] = StoredAnswer{Answer: form.Answer{Key: key, Grade: "red"}, Version: stored, Person: "other"}
		}
		in := []Incoming{{Answer: form.Answer{Key: key, Grade: grade, Number: number}, BaseVersion: base}}
		written, err := s.SaveAnswers(compiled, idx, Save{Answers: in, Person: "pat", EtagCurrent: etag}, current, t0)
		var conflict *ConflictError
		switch {
		case err == nil:
			for _, w := range written {
				if w.Version != current[w.Key].Version+1 || w.Person != "pat" {
					t.Fatalf("written %+v over %+v", w, current[w.Key])
				}
			}
		case errors.As(err, &conflict):
			if len(conflict.Current) != 1 || conflict.Current[0].Key != key {
				t.Fatalf("conflict %+v", conflict.Current)
			}
		default:
			if k := failure.KindOf(err); k != failure.KindInvalid && k != failure.KindFailedPrecondition {
				t.Fatalf("unexpected error kind %v: %v", k, err)
			}
			if s.Version != 5 {
				t.Fatal("a refused save changed the submission")
			}
		}
	})
}

// FuzzNewEvidence feeds arbitrary file names and media types: accepted
// names are a plain base name without control characters.
func FuzzNewEvidence(f *testing.F) {
	f.Add("policy.pdf", "application/pdf", []byte("%PDF"))
	f.Add(`C:\x\..\evil.exe`, "application/x-msdownload", []byte("MZ"))
	f.Add("a\tb", "text/plain; charset=utf-8", []byte{})
	ref := SubmissionRef{PartnershipID: "p", CampaignID: "c", SubmissionID: "s"}
	f.Fuzz(func(t *testing.T, name, typ string, content []byte) {
		e, err := NewEvidence("id", ref, name, typ, content, "pat", t0)
		if err != nil {
			if failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if !utf8.ValidString(e.FileName) || e.FileName == "" || e.FileName == ".." ||
			strings.ContainsAny(e.FileName, "/\\") || strings.ContainsFunc(e.FileName, unicode.IsControl) {
			t.Fatalf("accepted file name %q", e.FileName)
		}
		if !EvidenceTypes[e.ContentType] || e.Size != int64(len(content)) || len(e.SHA256) != 64 {
			t.Fatalf("accepted %+v", e)
		}
	})
}
