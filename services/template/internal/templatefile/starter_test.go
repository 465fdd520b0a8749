package templatefile

import (
	"fmt"
	"reflect"
	"strings"
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

// TestCaseAuditStarter: the multi-agency case audit starts with a case
// information block (the period's dates, plan types, counts of contacts)
// and grades each domain with whether it was evidenced beside the grade,
// asking for good practice, areas for development and recommendations.
func TestCaseAuditStarter(t *testing.T) {
	d, err := StarterByName(StarterCaseAudit)
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]form.Type{}
	var domains int
	for _, s := range d.Form.Sections {
		for _, q := range s.Questions {
			types[q.Key] = q.Type
			if strings.HasSuffix(q.Key, "_grade") {
				domains++
			}
		}
	}
	for key, want := range map[string]form.Type{"period_start": form.TypeDate, "period_end": form.TypeDate,
		"plan_types": form.TypeMultipleChoice, "contacts": form.TypeNumber, "referrals": form.TypeNumber} {
		if types[key] != want {
			t.Errorf("%s is %q, want %q", key, types[key], want)
		}
	}
	if domains < 6 {
		t.Fatalf("%d graded domains", domains)
	}
	for i := 1; i <= domains; i++ {
		for suffix, want := range map[string]form.Type{"_grade": form.TypeRatingScale, "_evidenced": form.TypeYesNo,
			"_good_practice": form.TypeLongText, "_development": form.TypeLongText, "_recommendations": form.TypeLongText} {
			if key := fmt.Sprintf("a%d%s", i, suffix); types[key] != want {
				t.Errorf("%s is %q, want %q", key, types[key], want)
			}
		}
	}
}
