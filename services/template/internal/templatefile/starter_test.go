package templatefile

import (
	"reflect"
	"testing"

	"github.com/assure-audit/assure/pkg/form"
)

func TestStarterCompiles(t *testing.T) {
	docs := Starter()
	if len(docs) != 3 {
		t.Fatalf("Starter() gave %d documents, want 3", len(docs))
	}
	kinds := map[string]bool{}
	for _, d := range docs {
		if _, err := form.Compile(d.Form); err != nil {
			t.Errorf("%s: Compile: %v", d.DisplayName, err)
		}
		if d.DisplayName == "" || d.Introduction == "" {
			t.Errorf("%+v: want a display name and an introduction", d.Kind)
		}
		kinds[d.Kind] = true
	}
	for _, k := range []string{KindSection11, KindSection175, KindCaseAudit} {
		if !kinds[k] {
			t.Errorf("no starter template of kind %s", k)
		}
	}
}

func TestStarterRoundTrip(t *testing.T) {
	for _, name := range StarterNames() {
		d, err := StarterByName(name)
		if err != nil {
			t.Fatal(err)
		}
		b, err := MarshalYAML(d)
		if err != nil {
			t.Fatalf("%s: MarshalYAML: %v", name, err)
		}
		back, err := ParseYAML(b)
		if err != nil {
			t.Fatalf("%s: ParseYAML(MarshalYAML): %v\n%s", name, err, b)
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("%s: round trip changed the document\n%s", name, b)
		}
	}
}

func TestStarterByNameUnknown(t *testing.T) {
	if _, err := StarterByName("nope"); err == nil {
		t.Fatal("want an error for an unknown starter template")
	}
}
