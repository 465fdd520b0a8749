package domain

import (
	"testing"

	"github.com/assure-audit/assure/pkg/form"
)

func TestNumeric(t *testing.T) {
	one := func(values ...string) Dataset {
		d := Dataset{
			Form:          form.Form{Sections: []form.Section{{Code: "S", Questions: []form.Question{{Key: "n", Type: form.TypeNumber}}}}},
			Organisations: map[string]OrgInfo{},
			Answers:       map[string]map[string]form.Answer{},
		}
		for i, v := range values {
			name := string(rune('a' + i))
			d.Organisations["organisations/"+name] = OrgInfo{DisplayName: name, Type: "school"}
			d.Submissions = append(d.Submissions, SubmissionInfo{Name: "s-" + name, Organisation: "organisations/" + name})
			d.Answers["s-"+name] = map[string]form.Answer{"n": {Number: v}}
		}
		return d
	}
	vals := func(values ...string) []OrgValue {
		var out []OrgValue
		for i, v := range values {
			name := string(rune('a' + i))
			out = append(out, OrgValue{Organisation: "organisations/" + name, DisplayName: name, Type: "school", Submission: "s-" + name, Value: v})
		}
		return out
	}
	tests := []struct {
		name string
		d    Dataset
		want NumericReport
	}{
		{"fixture", fixture(), NumericReport{Questions: []NumericQuestion{
			// staff, in row order d 5, a 12, b 30, c 7 (s-x's 1000 filtered
			// out): total 54, mean 54/4 = 13.5.
			{Key: "staff", Text: "Text of staff", Section: "about", Unit: "people", Count: 4, Total: "54", Mean: "13.50", Min: "5", Max: "30",
				ByType: []TypeTotal{
					{Type: "police", Count: 1, Total: "30", Mean: "30.00"},
					{Type: "school", Count: 2, Total: "19", Mean: "9.50"}, // 12 + 7 = 19, /2 = 9.5
					{Type: "unknown", Count: 1, Total: "5", Mean: "5.00"},
				},
				Values: []OrgValue{
					{Organisation: "organisations/d", Submission: "s-d", Value: "5"},
					{Organisation: "organisations/a", DisplayName: "Ashdown Primary", Type: "school", Submission: "s-a", Value: "12"},
					{Organisation: "organisations/b", DisplayName: "brook police", Type: "police", Submission: "s-b", Value: "30"},
					{Organisation: "organisations/c", DisplayName: "Castle Academy", Type: "school", Submission: "s-c", Value: "7"},
				}},
			// s2_hours: d -1.250, a 10.5, b 0.75, c "abc" skipped:
			// total -1.25 + 10.5 + 0.75 = 10, mean 10/3 = 3.333… → 3.33.
			{Key: "s2_hours", Text: "Text of s2_hours", Section: "S2", Unit: "hours", Count: 3, Total: "10", Mean: "3.33", Min: "-1.25", Max: "10.5",
				ByType: []TypeTotal{
					{Type: "police", Count: 1, Total: "0.75", Mean: "0.75"},
					{Type: "school", Count: 1, Total: "10.5", Mean: "10.50"},
					{Type: "unknown", Count: 1, Total: "-1.25", Mean: "-1.25"},
				},
				Values: []OrgValue{
					{Organisation: "organisations/d", Submission: "s-d", Value: "-1.250"},
					{Organisation: "organisations/a", DisplayName: "Ashdown Primary", Type: "school", Submission: "s-a", Value: "10.5"},
					{Organisation: "organisations/b", DisplayName: "brook police", Type: "police", Submission: "s-b", Value: "0.75"},
				}},
		}}},
		{"no answers", one(), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Total: "0"}}}},
		{"only unreadable answers", one("1e3", "", "1/2"), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Total: "0"}}}},
		// 0.01 + 0 = 0.01, /2 = 0.005: the half rounds up.
		{"half up", one("0.01", "0"), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Count: 2, Total: "0.01", Mean: "0.01", Min: "0", Max: "0.01",
			ByType: []TypeTotal{{Type: "school", Count: 2, Total: "0.01", Mean: "0.01"}}, Values: vals("0.01", "0")}}}},
		// -0.01 + 0 = -0.01, /2 = -0.005: away from zero.
		{"half away from zero", one("-0.01", "+0.00"), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Count: 2, Total: "-0.01", Mean: "-0.01", Min: "-0.01", Max: "0",
			ByType: []TypeTotal{{Type: "school", Count: 2, Total: "-0.01", Mean: "-0.01"}}, Values: vals("-0.01", "+0.00")}}}},
		// 0.1 + 0.2 = 0.3 exactly (not 0.30000000000000004); 0.3/3 = 0.1.
		{"exact", one("0.1", "0.2", "0.000"), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Count: 3, Total: "0.3", Mean: "0.10", Min: "0", Max: "0.2",
			ByType: []TypeTotal{{Type: "school", Count: 3, Total: "0.3", Mean: "0.10"}}, Values: vals("0.1", "0.2", "0.000")}}}},
		// 99999999999999999999.99 × 2 = 199999999999999999999.98, beyond int64 and float64.
		{"large", one("99999999999999999999.99", "99999999999999999999.99"), NumericReport{Questions: []NumericQuestion{{Key: "n", Section: "S", Count: 2,
			Total: "199999999999999999999.98", Mean: "99999999999999999999.99", Min: "99999999999999999999.99", Max: "99999999999999999999.99",
			ByType: []TypeTotal{{Type: "school", Count: 2, Total: "199999999999999999999.98", Mean: "99999999999999999999.99"}},
			Values: vals("99999999999999999999.99", "99999999999999999999.99")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := approxDiff(tt.want, Numeric(tt.d)); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}
