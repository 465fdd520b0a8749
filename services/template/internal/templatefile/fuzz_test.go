package templatefile

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/form"
)

func FuzzParseYAML(f *testing.F) {
	f.Add([]byte(everyType))
	for _, name := range StarterNames() {
		b, err := starterFiles.ReadFile("starter/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(minimal("      - key: a\n        text: A\n        type: rating\n        grades: [{value: x, label: X, score: 1}]\n")))
	f.Add([]byte("display_name: &a [*a]\n"))
	f.Add([]byte("a: 1\n---\nb: 2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		d1, err1 := ParseYAML(b)
		d2, err2 := ParseYAML(b)
		if !reflect.DeepEqual(d1, d2) || errText(err1) != errText(err2) {
			t.Fatalf("two parses differ:\n%v\n%v", err1, err2)
		}
		if err1 != nil {
			if k := failure.KindOf(err1); k != failure.KindInvalid {
				t.Fatalf("error of kind %v: %v", k, err1)
			}
			return
		}
		if _, err := form.Compile(d1.Form); err != nil {
			t.Fatalf("parsed form does not compile: %v", err)
		}
		out, err := MarshalYAML(d1)
		if err != nil {
			t.Fatalf("MarshalYAML: %v", err)
		}
		back, err := ParseYAML(out)
		if err != nil {
			t.Fatalf("ParseYAML(MarshalYAML): %v\n%s", err, out)
		}
		if !reflect.DeepEqual(back, d1) {
			t.Fatalf("round trip changed the document:\n%s", out)
		}
	})
}

func FuzzParseXLSX(f *testing.F) {
	f.Add(workbook(f, map[string][][]any{
		SheetAbout: {{"display_name", "T"}, {"kind", "case_audit"}},
		SheetQuestions: {
			header,
			{"S1", "One", "a", "A?", "rating", "red=Red;amber=Amber;green=Green", "yes", "", "", "", "", "", "", "", "", "green"},
			{"S1", "", "b", "B?", "number", "", "", "", 0, 10, "cm"},
		},
	}))
	f.Add(workbook(f, map[string][][]any{SheetQuestions: {{"key"}, {"x"}}}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		d1, err1 := ParseXLSX(bytes.NewReader(b))
		d2, err2 := ParseXLSX(bytes.NewReader(b))
		if !reflect.DeepEqual(d1, d2) || errText(err1) != errText(err2) {
			t.Fatalf("two parses differ:\n%v\n%v", err1, err2)
		}
		if err1 != nil {
			if k := failure.KindOf(err1); k != failure.KindInvalid {
				t.Fatalf("error of kind %v: %v", k, err1)
			}
			return
		}
		if _, err := form.Compile(d1.Form); err != nil {
			t.Fatalf("parsed form does not compile: %v", err)
		}
	})
}

// errText is the text of err, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
