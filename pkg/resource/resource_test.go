package resource

import (
	"strings"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr bool
	}{
		{"ok", "partnerships/p1/campaigns/c-2", []string{"p1", "c-2"}, false},
		{"wrong collection", "partnerships/p1/rounds/c", nil, true},
		{"too short", "partnerships/p1", nil, true},
		{"bad id", "partnerships/P1/campaigns/c", nil, true},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("name", tt.in, "partnerships", "campaigns")
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil && failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("kind = %v", failure.KindOf(err))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v", got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v", got)
				}
			}
		})
	}
}

func TestPageRoundTrip(t *testing.T) {
	p, err := ParsePage(2, "", 50)
	if err != nil || p.Size != 2 || p.Offset != 0 {
		t.Fatal(p, err)
	}
	tok := p.Next(2)
	q, err := ParsePage(2, tok, 50)
	if err != nil || q.Offset != 2 {
		t.Fatal(q, err)
	}
	if q.Next(1) != "" {
		t.Fatal("short page must be the last")
	}
	if _, err := ParsePage(0, "garbage!", 50); failure.KindOf(err) != failure.KindInvalid {
		t.Fatal("forged token must be invalid")
	}
}

func TestEtag(t *testing.T) {
	v, err := ParseEtag("etag", Etag(42))
	if err != nil || v != 42 {
		t.Fatal(v, err)
	}
	for _, bad := range []string{"", "x", "-1", "+1", "01", `W/"1"`} {
		if _, err := ParseEtag("etag", bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := CheckEtag("round", "7", 7); err != nil {
		t.Fatalf("same version refused: %v", err)
	}
	err = CheckEtag("round", "7", 8)
	want := "the round changed since it was read (etag 7, now 8): read it again"
	if failure.KindOf(err) != failure.KindConflict || !strings.Contains(err.Error(), want) {
		t.Fatalf("stale etag: %v", err)
	}
}

func FuzzParseEtag(f *testing.F) {
	f.Add("1")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseEtag("etag", s)
		if err == nil && Etag(v) != s && ParseEtagMust(t, Etag(v)) != v {
			t.Fatalf("round trip %q", s)
		}
	})
}

func ParseEtagMust(t *testing.T, s string) int64 {
	v, err := ParseEtag("etag", s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func FuzzParsePage(f *testing.F) {
	f.Add(int32(10), "")
	f.Add(int32(0), "bzox")
	f.Fuzz(func(t *testing.T, size int32, tok string) {
		p, err := ParsePage(size, tok, 50)
		if err != nil {
			if failure.KindOf(err) != failure.KindInvalid {
				t.Fatalf("kind %v", failure.KindOf(err))
			}
			return
		}
		if p.Offset < 0 || p.Size <= 0 {
			t.Fatalf("bad page %+v", p)
		}
	})
}

func TestMaskPath(t *testing.T) {
	for in, want := range map[string]string{"dueTime": "due_time", "due_time": "due_time", "displayName": "display_name",
		"active": "active", "Active": "active", "progressNote": "progress_note", "": ""} {
		if got := MaskPath(in); got != want {
			t.Errorf("MaskPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskPaths(t *testing.T) {
	got := MaskPaths([]string{"dueTime", "due_time", "progressNote", "etag", "name", "displayName", "status"})
	want := []string{"due_time", "due_time", "progress_note", "display_name", "status"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("MaskPaths = %v, want %v", got, want)
	}
}
