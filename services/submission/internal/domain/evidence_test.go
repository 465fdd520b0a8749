package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

func TestNewEvidence(t *testing.T) {
	content := []byte("minutes of the board meeting")
	tests := []struct {
		name        string
		fileName    string
		contentType string
		content     []byte
		want        []string
		wantName    string
		wantType    string
	}{
		{name: "pdf", fileName: "policy.pdf", contentType: "application/pdf", wantName: "policy.pdf", wantType: "application/pdf"},
		{name: "text with a charset", fileName: "notes.txt", contentType: "text/plain; charset=utf-8", wantName: "notes.txt", wantType: "text/plain"},
		{name: "upper-case type", fileName: "a.csv", contentType: "Text/CSV", wantName: "a.csv", wantType: "text/csv"},
		{name: "word", fileName: "a.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			wantName: "a.docx", wantType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{name: "spreadsheet", fileName: "a.xlsx", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			wantName: "a.xlsx", wantType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{name: "image", fileName: "a.jpg", contentType: "image/jpeg", wantName: "a.jpg", wantType: "image/jpeg"},
		{name: "unix path", fileName: "/home/me/docs/policy.pdf", contentType: "application/pdf", wantName: "policy.pdf", wantType: "application/pdf"},
		{name: "windows path", fileName: `C:\Users\me\policy 2026.pdf`, contentType: "application/pdf", wantName: "policy 2026.pdf", wantType: "application/pdf"},
		{name: "relative path", fileName: "../../etc/policy.pdf", contentType: "application/pdf", wantName: "policy.pdf", wantType: "application/pdf"},
		{name: "spaces trimmed", fileName: "  policy.pdf ", contentType: "application/pdf", wantName: "policy.pdf", wantType: "application/pdf"},
		{name: "zip refused", fileName: "a.zip", contentType: "application/zip", want: []string{"content_type"}},
		{name: "executable refused", fileName: "a.exe", contentType: "application/x-msdownload", want: []string{"content_type"}},
		{name: "html refused", fileName: "a.html", contentType: "text/html; charset=utf-8", want: []string{"content_type"}},
		{name: "not a media type", fileName: "a.pdf", contentType: "pdf please", want: []string{"content_type"}},
		{name: "no media type", fileName: "a.pdf", contentType: "", want: []string{"content_type"}},
		{name: "empty content", fileName: "a.pdf", contentType: "application/pdf", content: []byte{}, want: []string{"content"}},
		{name: "too large", fileName: "a.pdf", contentType: "application/pdf", content: make([]byte, MaxEvidenceBytes+1), want: []string{"content"}},
		{name: "largest taken", fileName: "a.pdf", contentType: "application/pdf", content: make([]byte, MaxEvidenceBytes),
			wantName: "a.pdf", wantType: "application/pdf"},
		{name: "no name", fileName: "", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "only a directory", fileName: "/", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "blank name", fileName: "docs/  ", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "newline", fileName: "a\nb.pdf", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "carriage return", fileName: "a\rb.pdf", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "NUL", fileName: "a\x00.pdf", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "invalid UTF-8", fileName: "a\xff.pdf", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "name too long", fileName: strings.Repeat("é", 252) + ".pdf", contentType: "application/pdf", want: []string{"file_name"}},
		{name: "name of 255 characters", fileName: strings.Repeat("é", 251) + ".pdf", contentType: "application/pdf",
			wantName: strings.Repeat("é", 251) + ".pdf", wantType: "application/pdf"},
		{name: "every problem", fileName: "", contentType: "application/zip", content: []byte{},
			want: []string{"file_name", "content_type", "content"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.content
			if c == nil {
				c = content
			}
			e, err := NewEvidence("e1", testRef, tt.fileName, tt.contentType, c, "p1", t0)
			wantFields(t, err, tt.want)
			if tt.want != nil {
				if !reflect.DeepEqual(e, Evidence{}) {
					t.Fatalf("refused evidence must be empty: %+v", e)
				}
				return
			}
			sum := sha256.Sum256(c)
			want := Evidence{ID: "e1", Submission: testRef, FileName: tt.wantName, ContentType: tt.wantType, Size: int64(len(c)),
				SHA256: hex.EncodeToString(sum[:]), UploadTime: t0, Person: "p1"}
			if !reflect.DeepEqual(e, want) {
				t.Fatalf("evidence %+v, want %+v", e, want)
			}
		})
	}
}

func TestEvidenceKnownSum(t *testing.T) {
	e, err := NewEvidence("e1", testRef, "a.txt", "text/plain", []byte("abc"), "p1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if e.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" || e.Size != 3 {
		t.Fatalf("sum %s size %d", e.SHA256, e.Size)
	}
	if e.Key() != "p/c/a/e1" {
		t.Fatalf("key %s", e.Key())
	}
}

// The file name must be "plain text without control characters"; only
// NUL, CR and LF are refused.
func TestNewEvidenceRefusesEveryControlCharacter(t *testing.T) {
	for _, name := range []string{"a\tb.pdf", "a\x1b[31mb.pdf", "a\x07.pdf", "a\x7f.pdf", "a\u0085b.pdf"} {
		_, err := NewEvidence("e1", testRef, name, "application/pdf", []byte("x"), "p1", t0)
		if f, ok := failureFields(err); !ok || len(f) != 1 || f[0] != "file_name" {
			t.Errorf("file name %q: %v, want a file_name violation", name, err)
		}
	}
}

func failureFields(err error) ([]string, bool) {
	e, ok := failure.As(err)
	if !ok || e.Kind != failure.KindInvalid {
		return nil, false
	}
	var out []string
	for _, v := range e.Violations {
		out = append(out, v.Field)
	}
	return out, true
}
