package domain

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseOrganisationsCSV(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		rows     []OrganisationRow
		problems []Problem
	}{
		{
			name: "clean, with a byte order mark, CRLF, blank lines, any column order and case",
			in: "\ufeffType,Display Name,External-Ref\r\n" +
				"school,Hill Primary School,100001\r\n" +
				"\r\n" +
				"Early-Years Setting,\"Acorns Nursery, Northtown\",EY123\r\n" +
				",,\r\n" +
				"ORGANISATION_TYPE_POLICE,Northshire Police,\r\n",
			rows: []OrganisationRow{
				{Line: 2, DisplayName: "Hill Primary School", Type: TypeSchool, ExternalRef: "100001"},
				{Line: 4, DisplayName: "Acorns Nursery, Northtown", Type: TypeEarlyYears, ExternalRef: "EY123"},
				{Line: 6, DisplayName: "Northshire Police", Type: TypePolice},
			},
		},
		{
			name: "external_ref column is optional; a quoted value may span lines",
			in:   "display_name,type\n\"Two\nLines\",voluntary/community\nCouncil,la\n",
			rows: []OrganisationRow{
				{Line: 2, DisplayName: "Two\nLines", Type: TypeVoluntary},
				{Line: 4, DisplayName: "Council", Type: TypeLocalAuthority},
			},
		},
		{
			name: "every bad row is reported",
			in: "display_name,type,external_ref\n" +
				"Hill Primary,school,100001\n" +
				",school,100002\n" +
				"Oak Academy,acadamy,100003\n" +
				"Too,many,values,here\n" +
				"Birch School,school,100001\n" +
				"Long ref,school," + strings.Repeat("9", 65) + "\n" +
				"Bad \xff,school,100004\n" +
				strings.Repeat("N", 201) + ",,\n",
			rows: []OrganisationRow{{Line: 2, DisplayName: "Hill Primary", Type: TypeSchool, ExternalRef: "100001"}},
			problems: []Problem{
				{3, "display_name", "is empty"},
				{4, "type", `"acadamy" is not an organisation type; use one of: local authority, police, health trust, icb, probation, school, academy, college, early years, voluntary, other`},
				{5, "", "has 4 values but the header names 3 columns"},
				{6, "external_ref", `"100001" is also on line 2; each organisation's reference must be different`},
				{7, "external_ref", "is longer than 64 characters"},
				{8, "display_name", "is not UTF-8 text: save the file as CSV UTF-8"},
				{9, "display_name", "is longer than 200 characters"},
				{9, "type", "is empty; use one of: local authority, police, health trust, icb, probation, school, academy, college, early years, voluntary, other"},
			},
		},
		{
			name: "header problems stop the reading",
			in:   "name,type,type,\nA,school,school,\n",
			problems: []Problem{
				{1, "name", "is not a column of this file; the columns are display_name, type, external_ref"},
				{1, "type", "is named twice in the header (columns 2 and 3)"},
				{1, "", "column 4 of the header has no name"},
				{1, "display_name", "is missing from the header"},
			},
		},
		{
			name:     "malformed quotes stop the reading at their line",
			in:       "display_name,type\nA,school\n\"B,school\nC,school\n",
			rows:     []OrganisationRow{{Line: 2, DisplayName: "A", Type: TypeSchool}},
			problems: []Problem{{3, "", `is not valid CSV (extraneous or missing " in quoted-field): check the quotes from this line on`}},
		},
		{
			name:     "empty",
			in:       " \n",
			problems: []Problem{{0, "", "the file is empty: it needs a header row naming the columns display_name, type"}},
		},
		{
			name:     "header only",
			in:       "display_name,type\n,\n",
			problems: []Problem{{0, "", "the file has a header but no rows"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, problems := ParseOrganisationsCSV([]byte(tt.in))
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows:\n got %+v\nwant %+v", rows, tt.rows)
			}
			if !reflect.DeepEqual(problems, tt.problems) {
				t.Errorf("problems:\n got %+v\nwant %+v", problems, tt.problems)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	for in, want := range map[string]Role{
		"senior contact":              RoleSeniorContact,
		"Senior Safeguarding Contact": RoleSeniorContact,
		"senior-contact":              RoleSeniorContact,
		"ROLE_SENIOR_CONTACT":         RoleSeniorContact,
		"lead":                        RoleOrganisationLead,
		"Organisation Lead":           RoleOrganisationLead,
		"contributor":                 RoleContributor,
	} {
		if got, ok := ParseRole(in); !ok || got != want {
			t.Errorf("ParseRole(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"designated safeguarding lead", "dsl", "senior", "contact", ""} {
		if got, ok := ParseRole(in); ok {
			t.Errorf("ParseRole(%q) = %q; want no role", in, got)
		}
	}
	// Every role has names, each its words first, and no name is two roles'.
	seen := map[string]Role{}
	for _, r := range roleNames {
		if r.names[0] != words(r.role.Words()) {
			t.Errorf("%s is written %q but named %q first", r.role, r.role.Words(), r.names[0])
		}
		for _, n := range r.names {
			if other, ok := seen[n]; ok {
				t.Errorf("%q names both %s and %s", n, other, r.role)
			}
			seen[n] = r.role
		}
	}
	for _, r := range Roles {
		if got, ok := ParseRole(string(r)); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, ok)
		}
	}
}

func TestParsePeopleCSV(t *testing.T) {
	in := "email,display_name,role,organisation\n" +
		"Ann@Example.org,Ann Smith,Partnership Admin,\n" + // 2 ok
		"ann@example.org,Ann Smith,qa officer,\n" + // 3 ok: a second role
		"bob@example.org,Bob Jones,organisation-lead,100001\n" + // 4 ok
		"not-an-email,Carl,contributor,100001\n" + // 5
		"dee@example.org,,contributor,\n" + // 6
		"eve@example.org,Eve,hub admin,\n" + // 7
		"fay@example.org,Fay,qa officer,100001\n" + // 8
		"gus@example.org,Gus,moderator,\n" + // 9
		"ann@example.org,Ann S,executive viewer,\n" + // 10
		"BOB@example.org,Bob Jones,Organisation Lead,100001\n" + // 11
		"hal@example.org,Hal,Senior Safeguarding Contact,100001\n" + // 12 ok
		"ida@example.org,Ida,ROLE_SENIOR_CONTACT,\n" + // 13
		"jo@example.org,Jo,senior contact,\n" // 14
	rows, problems := ParsePeopleCSV([]byte(in))
	wantRows := []PersonRow{
		{Line: 2, Email: "ann@example.org", DisplayName: "Ann Smith", Role: RolePartnershipAdmin},
		{Line: 3, Email: "ann@example.org", DisplayName: "Ann Smith", Role: RoleQAOfficer},
		{Line: 4, Email: "bob@example.org", DisplayName: "Bob Jones", Role: RoleOrganisationLead, Organisation: "100001"},
		{Line: 12, Email: "hal@example.org", DisplayName: "Hal", Role: RoleSeniorContact, Organisation: "100001"},
	}
	if !reflect.DeepEqual(rows, wantRows) {
		t.Errorf("rows:\n got %+v\nwant %+v", rows, wantRows)
	}
	roles := "partnership admin, qa officer, executive viewer, organisation lead, contributor, case auditor, senior contact"
	want := []Problem{
		{5, "email", `"not-an-email" is not an email address`},
		{6, "display_name", "is empty"},
		{6, "organisation", "is required for the contributor role: give the reference or id of the organisation"},
		{7, "role", "hub admins are not imported into a partnership: a hub admin gives that role"},
		{8, "organisation", "must be empty for the QA officer role, which is held in the partnership"},
		{9, "role", `"moderator" is not a role; use one of: ` + roles},
		{10, "display_name", `differs from line 2 ("Ann Smith") for the same email`},
		{11, "", "repeats line 4"},
		{13, "organisation", "is required for the senior contact role: give the reference or id of the organisation"},
		{14, "organisation", "is required for the senior contact role: give the reference or id of the organisation"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems:\n got %+v\nwant %+v", problems, want)
	}
	if _, ps := ParsePeopleCSV([]byte("email,role\n")); len(ps) != 1 || ps[0].Column != "display_name" || ps[0].Line != 1 {
		t.Errorf("missing column: %+v", ps)
	}
}

func TestPlanOrganisationImport(t *testing.T) {
	now := time.Now()
	existing := []Organisation{{ID: "hill", ExternalRef: "100001", Partnerships: []string{"north"}}}
	rows := []OrganisationRow{
		{Line: 2, DisplayName: "Hill Primary", Type: TypeSchool, ExternalRef: "100001"},
		{Line: 3, DisplayName: "Oak Academy", Type: TypeAcademy, ExternalRef: "100002"},
		{Line: 4, DisplayName: "Police", Type: TypePolice},
	}
	orgs, problems := PlanOrganisationImport("north", rows, existing, counter(), now)
	if len(problems) != 1 || problems[0] != (Problem{2, "external_ref", `"100001" is already the reference of organisations/hill in this partnership`}) {
		t.Fatalf("problems %+v", problems)
	}
	if len(orgs) != 2 || orgs[0].ID != "id1" || orgs[0].Partnerships[0] != "north" || orgs[1].ExternalRef != "" {
		t.Fatalf("orgs %+v", orgs)
	}
}

func TestPlanPeopleImport(t *testing.T) {
	now := time.Now()
	orgs := []Organisation{
		{ID: "hill", ExternalRef: "100001"},
		{ID: "oak", ExternalRef: "DUP"}, {ID: "ash", ExternalRef: "dup"},
	}
	ann := Person{ID: "ann", Email: "ann@example.org", DisplayName: "Ann", Active: true}
	held := []Membership{{PersonID: "ann", ID: "m0", Role: RoleQAOfficer, Scope: PartnershipScope("north")}}
	rows := []PersonRow{
		{Line: 2, Email: "ann@example.org", DisplayName: "Ann Renamed", Role: RoleQAOfficer}, // held already
		{Line: 3, Email: "ann@example.org", DisplayName: "Ann Renamed", Role: RoleOrganisationLead, Organisation: "100001"},
		{Line: 4, Email: "bob@example.org", DisplayName: "Bob", Role: RoleContributor, Organisation: "hill"}, // by id
		{Line: 5, Email: "bob@example.org", DisplayName: "Bob", Role: RoleCaseAuditor},
		{Line: 6, Email: "ann@example.org", DisplayName: "Ann Renamed", Role: RoleSeniorContact, Organisation: "oak"},
	}
	plan, problems := PlanPeopleImport("north", rows, orgs, []Person{ann}, held, counter(), now)
	if len(problems) != 0 {
		t.Fatalf("problems %+v", problems)
	}
	if len(plan.People) != 1 || plan.People[0].Email != "bob@example.org" || plan.People[0].ID != "id2" {
		t.Fatalf("people %+v", plan.People)
	}
	got := []string{}
	for _, m := range plan.Memberships {
		got = append(got, fmt.Sprintf("%s %s %s", m.PersonID, m.Role, m.Scope.Name()))
	}
	want := []string{"ann organisation_lead organisations/hill", "id2 contributor organisations/hill", "id2 case_auditor partnerships/north",
		"ann senior_contact organisations/oak"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("memberships %q", got)
	}

	bad := []PersonRow{
		{Line: 2, Email: "cy@example.org", DisplayName: "Cy", Role: RoleContributor, Organisation: "999"},
		{Line: 3, Email: "cy@example.org", DisplayName: "Cy", Role: RoleOrganisationLead, Organisation: "Dup"},
	}
	plan, problems = PlanPeopleImport("north", bad, orgs, nil, nil, counter(), now)
	wantProblems := []Problem{
		{2, "organisation", `"999" is not the reference or id of an organisation of this partnership`},
		{3, "organisation", `"Dup" is the reference of 2 organisations of this partnership: give the id instead`},
	}
	if !reflect.DeepEqual(problems, wantProblems) || len(plan.People)+len(plan.Memberships) != 0 {
		t.Fatalf("problems %+v, plan %+v", problems, plan)
	}
}

func counter() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("id%d", n) }
}

func formatCSV(t *testing.T, header []string, rows [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func csvSeeds(f *testing.F) {
	for _, s := range []string{
		"display_name,type,external_ref\nHill Primary,school,100001\n",
		"email,display_name,role,organisation\nann@example.org,Ann,contributor,100001\n",
		"\ufeffType,Display Name\r\n\"A, b\",police\r\n",
		"display_name,type\n\"unclosed,school\n",
		"email,display_name,role\nann@example.org,Ann,qa officer\nann@example.org,Ann,qa officer\n",
		"", "\n", "\"\"", ",,,\n,,,",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParseOrganisationsCSV: the parser never panics, gives rows or
// problems for any input, gives the same answer twice, and a clean file
// written out again reads back to the same rows.
func FuzzParseOrganisationsCSV(f *testing.F) {
	csvSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems := ParseOrganisationsCSV(data)
		if len(rows) == 0 && len(problems) == 0 {
			t.Fatalf("no rows and no problems for %q", data)
		}
		again, problemsAgain := ParseOrganisationsCSV(data)
		if !reflect.DeepEqual(rows, again) || !reflect.DeepEqual(problems, problemsAgain) {
			t.Fatal("two reads differ")
		}
		for _, p := range problems {
			if p.Reason == "" || p.Line < 0 {
				t.Fatalf("problem without a reason or with a bad line: %+v", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		var out [][]string
		for _, r := range rows {
			out = append(out, []string{r.DisplayName, r.Type.Words(), r.ExternalRef})
		}
		back, ps := ParseOrganisationsCSV(formatCSV(t, []string{ColDisplayName, ColType, ColExternalRef}, out))
		if len(ps) > 0 || len(back) != len(rows) {
			t.Fatalf("written out, the rows read back as %+v with %+v", back, ps)
		}
		for i := range rows {
			back[i].Line = rows[i].Line
		}
		if !reflect.DeepEqual(back, rows) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, rows)
		}
	})
}

// FuzzParsePeopleCSV: as FuzzParseOrganisationsCSV, for people files.
func FuzzParsePeopleCSV(f *testing.F) {
	csvSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems := ParsePeopleCSV(data)
		if len(rows) == 0 && len(problems) == 0 {
			t.Fatalf("no rows and no problems for %q", data)
		}
		again, problemsAgain := ParsePeopleCSV(data)
		if !reflect.DeepEqual(rows, again) || !reflect.DeepEqual(problems, problemsAgain) {
			t.Fatal("two reads differ")
		}
		for _, p := range problems {
			if p.Reason == "" || p.Line < 0 {
				t.Fatalf("problem without a reason or with a bad line: %+v", p)
			}
		}
		if len(problems) > 0 {
			return
		}
		var out [][]string
		for _, r := range rows {
			out = append(out, []string{r.Email, r.DisplayName, r.Role.Words(), r.Organisation})
		}
		back, ps := ParsePeopleCSV(formatCSV(t, []string{ColEmail, ColDisplayName, ColRole, ColOrganisation}, out))
		if len(ps) > 0 || len(back) != len(rows) {
			t.Fatalf("written out, the rows read back as %+v with %+v", back, ps)
		}
		for i := range rows {
			back[i].Line = rows[i].Line
		}
		if !reflect.DeepEqual(back, rows) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", back, rows)
		}
	})
}
