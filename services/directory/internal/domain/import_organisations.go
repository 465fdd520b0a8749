package domain

import (
	"fmt"
	"strings"
	"time"
)

// typeNames are the names an imported file may give organisation types
// (after words), the first of each being the one files are written with.
var typeNames = []struct {
	typ   OrganisationType
	names []string
}{
	{TypeLocalAuthority, []string{"local authority", "la", "council"}},
	{TypePolice, []string{"police", "police force"}},
	{TypeHealthTrust, []string{"health trust", "nhs trust", "health"}},
	{TypeICB, []string{"icb", "integrated care board"}},
	{TypeProbation, []string{"probation", "probation service"}},
	{TypeSchool, []string{"school", "maintained school"}},
	{TypeAcademy, []string{"academy"}},
	{TypeCollege, []string{"college"}},
	{TypeEarlyYears, []string{"early years", "early years setting", "nursery"}},
	{TypeVoluntary, []string{"voluntary", "voluntary community", "voluntary and community", "community"}},
	{TypeOther, []string{"other"}},
}

// ParseOrganisationType reads an organisation type by a name people use,
// such as "school", "Police", "early-years setting" or the API's
// ORGANISATION_TYPE_SCHOOL, in any case.
func ParseOrganisationType(s string) (OrganisationType, bool) {
	w := strings.TrimPrefix(words(s), "organisation type ")
	for _, t := range typeNames {
		for _, n := range t.names {
			if w == n {
				return t.typ, true
			}
		}
	}
	return TypeUnspecified, false
}

// Words names the type as an imported file would, e.g. "early years".
func (t OrganisationType) Words() string {
	for _, n := range typeNames {
		if n.typ == t {
			return n.names[0]
		}
	}
	return ""
}

func typeList() string {
	names := make([]string, len(typeNames))
	for i, t := range typeNames {
		names[i] = t.names[0]
	}
	return strings.Join(names, ", ")
}

// The columns of the files that are imported: display_name, type and
// external_ref of organisations; email, display_name, role and organisation
// of people.
const (
	ColDisplayName  = "display_name"
	ColType         = "type"
	ColExternalRef  = "external_ref"
	ColEmail        = "email"
	ColRole         = "role"
	ColOrganisation = "organisation"
)

// MaxExternalRefLength bounds an organisation's external reference.
const MaxExternalRefLength = 64

// OrganisationRow is one clean row of an organisations file.
type OrganisationRow struct {
	Line        int
	DisplayName string
	Type        OrganisationType
	ExternalRef string
}

// ParseOrganisationsCSV reads an organisations file: a header row naming
// the columns display_name and type, and optionally external_ref, then one
// organisation per row. It returns the clean rows and a problem for every
// bad one; for input that is not empty, at least one of the two.
func ParseOrganisationsCSV(data []byte) ([]OrganisationRow, []Problem) {
	recs, problems := readTable(data, []string{ColDisplayName, ColType}, []string{ColExternalRef})
	var rows []OrganisationRow
	refLine := map[string]int{}
	for _, rec := range recs {
		before := len(problems)
		row := OrganisationRow{Line: rec.line, DisplayName: rec.values[ColDisplayName], ExternalRef: rec.values[ColExternalRef]}
		checkCell(&problems, rec.line, ColDisplayName, row.DisplayName, 200, true)
		if t, ok := ParseOrganisationType(rec.values[ColType]); ok {
			row.Type = t
		} else if rec.values[ColType] == "" {
			problems = append(problems, Problem{Line: rec.line, Column: ColType, Reason: "is empty; use one of: " + typeList()})
		} else {
			problems = append(problems, Problem{Line: rec.line, Column: ColType,
				Reason: fmt.Sprintf("%q is not an organisation type; use one of: %s", rec.values[ColType], typeList())})
		}
		if checkCell(&problems, rec.line, ColExternalRef, row.ExternalRef, MaxExternalRefLength, false) && row.ExternalRef != "" {
			key := strings.ToLower(row.ExternalRef)
			if first, ok := refLine[key]; ok {
				problems = append(problems, Problem{Line: rec.line, Column: ColExternalRef,
					Reason: fmt.Sprintf("%q is also on line %d; each organisation's reference must be different", row.ExternalRef, first)})
			} else {
				refLine[key] = rec.line
			}
		}
		if len(problems) == before {
			rows = append(rows, row)
		}
	}
	return rows, SortProblems(problems)
}

// PlanOrganisationImport turns the clean rows of an organisations file into
// new organisations of partnership pid, given the organisations it already
// has: a reference one of them already holds is a problem. newID names each
// new organisation.
func PlanOrganisationImport(pid string, rows []OrganisationRow, existing []Organisation, newID func() string, now time.Time) ([]Organisation, []Problem) {
	held := map[string]string{}
	for _, o := range existing {
		if o.ExternalRef != "" {
			held[strings.ToLower(o.ExternalRef)] = o.ID
		}
	}
	var out []Organisation
	var problems []Problem
	for _, r := range rows {
		if id, ok := held[strings.ToLower(r.ExternalRef)]; ok && r.ExternalRef != "" {
			problems = append(problems, Problem{Line: r.Line, Column: ColExternalRef,
				Reason: fmt.Sprintf("%q is already the reference of organisations/%s in this partnership", r.ExternalRef, id)})
			continue
		}
		o, err := NewOrganisation(newID(), r.DisplayName, r.Type, []string{pid}, r.ExternalRef, now)
		if err != nil {
			// The row was checked when the file was read; report rather than fail.
			problems = append(problems, Problem{Line: r.Line, Reason: err.Error()})
			continue
		}
		out = append(out, o)
	}
	return out, problems
}
