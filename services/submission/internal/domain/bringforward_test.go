package domain

import (
	"reflect"
	"testing"

	"github.com/assure-audit/assure/pkg/form"
)

// version builds a form version of template t with one section of the
// given questions (key: type).
func version(n string, lineage map[string]Lineage, qs ...form.Question) Form {
	return Form{Name: "partnerships/p/templates/t/versions/" + n, PartnershipID: "p",
		Form: form.Form{Sections: []form.Section{{Code: "S1", Questions: qs}}}, Lineage: lineage}
}

func q(key string, typ form.Type) form.Question { return form.Question{Key: key, Type: typ} }

func same(prev ...string) Lineage { return Lineage{Kind: LineageSame, PreviousKeys: prev} }

// The chain v3 → v2 → v1 of one template.
func lineageChain() []Form {
	v1 := version("1", nil,
		q("a", form.TypeYesNo), q("b", form.TypeShortText), q("c", form.TypeLongText), q("d", form.TypeNumber),
		q("e", form.TypeYesNo), q("m1", form.TypeShortText), q("m2", form.TypeShortText), q("t", form.TypeYesNo),
		q("g", form.TypeDate))
	v2 := version("2", map[string]Lineage{
		"a":  same(),
		"b2": {Kind: LineageRenamed, PreviousKeys: []string{"b"}},
		"c1": {Kind: LineageSplit, PreviousKeys: []string{"c"}},
		"c2": {Kind: LineageSplit, PreviousKeys: []string{"c"}},
		"d":  same("d"),
		"m":  {Kind: LineageMerged, PreviousKeys: []string{"m1", "m2"}},
		"m3": {Kind: LineageMerged, PreviousKeys: []string{"m1"}},
		"n":  {Kind: LineageNew},
		"t":  same("t"),
		"g":  {Kind: LineageRenamed, PreviousKeys: []string{"g", "e"}},
		// e: no lineage given in a version that records lineage.
	},
		q("a", form.TypeYesNo), q("b2", form.TypeShortText), q("c1", form.TypeLongText), q("c2", form.TypeLongText),
		q("d", form.TypeNumber), q("e", form.TypeYesNo), q("m", form.TypeShortText), q("m3", form.TypeShortText),
		q("n", form.TypeShortText), q("t", form.TypeShortText), q("g", form.TypeDate))
	v3 := version("3", map[string]Lineage{
		"a": same(), "b3": {Kind: LineageRenamed, PreviousKeys: []string{"b2"}}, "c1": same(), "c2": same("c2"),
		"d": same(), "e": same(), "m": same(), "m3": same(), "n": same(), "t": same(), "g": same(),
	},
		q("a", form.TypeYesNo), q("b3", form.TypeShortText), q("c1", form.TypeLongText), q("c2", form.TypeLongText),
		q("d", form.TypeNumber), q("e", form.TypeYesNo), q("m", form.TypeShortText), q("m3", form.TypeShortText),
		q("n", form.TypeShortText), q("t", form.TypeShortText), q("g", form.TypeDate))
	return []Form{v3, v2, v1}
}

// carried lists the target keys that carry, each with its source key.
func carried(c Carry) map[string]string {
	src := map[string]form.Answer{}
	for _, k := range []string{"a", "b", "b2", "b3", "c", "c1", "c2", "d", "e", "g", "m", "m1", "m2", "m3", "n", "t", "x", "z"} {
		src[k] = form.Answer{Key: k, Text: k}
	}
	out := map[string]string{}
	for to, a := range c.Answers(src) {
		out[to] = a.Text
	}
	return out
}

func TestNewCarry(t *testing.T) {
	chain := lineageChain()
	v3, v2, v1 := chain[0], chain[1], chain[2]
	tests := []struct {
		name  string
		chain []Form
		want  map[string]string // target key: source key
	}{
		{"empty chain", nil, map[string]string{}},
		{"same version carries all", []Form{v1},
			map[string]string{"a": "a", "b": "b", "c": "c", "d": "d", "e": "e", "m1": "m1", "m2": "m2", "t": "t", "g": "g"}},
		// Same (with and without previous keys), renamed and split carry;
		// merged (even from one key), new, a key with two previous keys,
		// a key missing from recorded lineage and a changed type do not.
		{"one step", []Form{v2, v1}, map[string]string{"a": "a", "b2": "b", "c1": "c", "c2": "c", "d": "d"}},
		{"two steps", []Form{v3, v2, v1}, map[string]string{"a": "a", "b3": "b", "c1": "c", "c2": "c", "d": "d"}},
		{"lineage recorded in the target only", []Form{v3, v2}, map[string]string{"a": "a", "b3": "b2", "c1": "c1", "c2": "c2",
			"d": "d", "e": "e", "m": "m", "m3": "m3", "n": "n", "t": "t", "g": "g"}},
		{"a version without lineage keeps keys", []Form{
			version("2", nil, q("a", form.TypeYesNo), q("b", form.TypeShortText), q("z", form.TypeShortText), q("d", form.TypeShortText)),
			v1,
		}, map[string]string{"a": "a", "b": "b"}},
		{"empty lineage map is recorded lineage", []Form{
			version("2", map[string]Lineage{}, q("a", form.TypeYesNo)), v1,
		}, map[string]string{}},
		{"type changed back and forth", []Form{
			version("3", map[string]Lineage{"t": same()}, q("t", form.TypeYesNo)), v2, v1,
		}, map[string]string{"t": "t"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCarry(tt.chain)
			got := carried(c)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("carried %v, want %v", got, tt.want)
			}
			if c.Len() != len(tt.want) {
				t.Fatalf("Len %d, want %d", c.Len(), len(tt.want))
			}
		})
	}
}

func TestCarryAnswers(t *testing.T) {
	chain := lineageChain()
	c := NewCarry(chain[1:]) // v2 from v1
	actions := []form.Action{{What: "Review", Who: "Chair", Due: "2026-06-01"}}
	source := map[string]form.Answer{
		"a":  {Key: "a", YesNo: "yes", Actions: actions},
		"b":  {Key: "b", Text: "Board", Grade: "green", ModeratedGrade: "amber", Evidence: []form.EvidenceRef{{Name: "x.pdf", ID: "e1"}}},
		"m1": {Key: "m1", Text: "merged away"},
		"e":  {Key: "e", YesNo: "no"},
	}
	got := c.Answers(source)
	want := map[string]form.Answer{
		"a":  {Key: "a", YesNo: "yes"},
		"b2": {Key: "b2", Text: "Board", Grade: "green", Evidence: []form.EvidenceRef{{Name: "x.pdf", ID: "e1"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("answers %+v, want %+v", got, want)
	}
	if len(source["a"].Actions) != 1 || source["b"].ModeratedGrade != "amber" || source["b"].Key != "b" {
		t.Fatal("the source answers changed")
	}
	if got := (Carry{}).Answers(source); len(got) != 0 {
		t.Fatalf("an empty carry carried %v", got)
	}
}

func TestFormPreviousAndTemplate(t *testing.T) {
	tests := []struct {
		name, previous, template string
	}{
		{"partnerships/p/templates/t/versions/3", "partnerships/p/templates/t/versions/2", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t/versions/2", "partnerships/p/templates/t/versions/1", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t/versions/10", "partnerships/p/templates/t/versions/9", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t/versions/1", "", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t/versions/0", "", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t/versions/latest", "", "partnerships/p/templates/t"},
		{"partnerships/p/templates/t", "", "partnerships/p/templates/t"},
		{"", "", ""},
	}
	for _, tt := range tests {
		f := Form{Name: tt.name}
		if got := f.Previous(); got != tt.previous {
			t.Errorf("Previous(%q) = %q, want %q", tt.name, got, tt.previous)
		}
		if got := f.Template(); got != tt.template {
			t.Errorf("Template(%q) = %q, want %q", tt.name, got, tt.template)
		}
	}
}

func TestFormIndex(t *testing.T) {
	idx := testIndex()
	if idx.Section("s2_note") != "S2" || idx.Section("nope") != "" || idx.Type("s1_rating") != form.TypeRatingScale ||
		!idx.HasSection("S1") || idx.HasSection("S3") {
		t.Fatal("index lookups")
	}
	if got := join(idx.Keys()); got != "s1_rating,s1_lead,s1_policy,s1_policy_date,s1_children,s1_chronology,s1_declare,s2_note" {
		t.Fatalf("keys %s", got)
	}
}
