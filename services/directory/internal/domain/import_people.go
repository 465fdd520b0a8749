package domain

import (
	"fmt"
	"strings"
	"time"
)

// roleNames are the names an imported file may give roles (after words),
// the first of each being the one files are written with. No name may
// stand for two roles: "designated safeguarding lead" (or "DSL") is not
// taken for the senior contact, since the person so called is often the
// organisation lead who answers the audit.
var roleNames = []struct {
	role  Role
	names []string
}{
	{RoleHubAdmin, []string{"hub admin", "hub administrator"}},
	{RolePartnershipAdmin, []string{"partnership admin", "partnership administrator", "admin"}},
	{RoleQAOfficer, []string{"qa officer", "quality assurance officer", "qa"}},
	{RoleExecutiveViewer, []string{"executive viewer", "executive"}},
	{RoleOrganisationLead, []string{"organisation lead", "organization lead", "lead"}},
	{RoleContributor, []string{"contributor"}},
	{RoleCaseAuditor, []string{"case auditor", "auditor"}},
	{RoleSeniorContact, []string{"senior contact", "senior safeguarding contact"}},
}

// ParseRole reads a role by a name people use, such as "QA officer",
// "organisation-lead" or the API's ROLE_CONTRIBUTOR, in any case.
func ParseRole(s string) (Role, bool) {
	w := strings.TrimPrefix(words(s), "role ")
	for _, r := range roleNames {
		for _, n := range r.names {
			if w == n {
				return r.role, true
			}
		}
	}
	return "", false
}

func importableRoles() string {
	var names []string
	for _, r := range roleNames {
		if r.role != RoleHubAdmin {
			names = append(names, r.names[0])
		}
	}
	return strings.Join(names, ", ")
}

// PersonRow is one clean row of a people file.
type PersonRow struct {
	Line        int
	Email       string // normalised
	DisplayName string
	Role        Role
	// Organisation is the reference or id of one of the partnership's
	// organisations, for organisation roles; empty otherwise.
	Organisation string
}

// ParsePeopleCSV reads a people file: a header row naming the columns
// email, display_name and role, and optionally organisation, then one role
// of one person per row (a person with several roles takes several rows).
// It returns the clean rows and a problem for every bad one; for input that
// is not empty, at least one of the two.
func ParsePeopleCSV(data []byte) ([]PersonRow, []Problem) {
	recs, problems := readTable(data, []string{ColEmail, ColDisplayName, ColRole}, []string{ColOrganisation})
	var rows []PersonRow
	grantLine := map[string]int{}
	nameOf := map[string]PersonRow{}
	for _, rec := range recs {
		before := len(problems)
		row := PersonRow{Line: rec.line, Email: NormaliseEmail(rec.values[ColEmail]),
			DisplayName: rec.values[ColDisplayName], Organisation: rec.values[ColOrganisation]}
		switch {
		case row.Email == "":
			problems = append(problems, Problem{Line: rec.line, Column: ColEmail, Reason: "is empty"})
		case !ValidEmail(row.Email):
			problems = append(problems, Problem{Line: rec.line, Column: ColEmail, Reason: fmt.Sprintf("%q is not an email address", rec.values[ColEmail])})
		}
		checkCell(&problems, rec.line, ColDisplayName, row.DisplayName, 200, true)
		role, ok := ParseRole(rec.values[ColRole])
		switch {
		case rec.values[ColRole] == "":
			problems = append(problems, Problem{Line: rec.line, Column: ColRole, Reason: "is empty; use one of: " + importableRoles()})
		case !ok:
			problems = append(problems, Problem{Line: rec.line, Column: ColRole,
				Reason: fmt.Sprintf("%q is not a role; use one of: %s", rec.values[ColRole], importableRoles())})
		case role == RoleHubAdmin:
			problems = append(problems, Problem{Line: rec.line, Column: ColRole,
				Reason: "hub admins are not imported into a partnership: a hub admin gives that role"})
		default:
			row.Role = role
		}
		if row.Role != "" {
			switch {
			case row.Role.ScopeKind() == ScopeOrganisation && row.Organisation == "":
				problems = append(problems, Problem{Line: rec.line, Column: ColOrganisation,
					Reason: fmt.Sprintf("is required for the %s role: give the reference or id of the organisation", row.Role.Words())})
			case row.Role.ScopeKind() == ScopePartnership && row.Organisation != "":
				problems = append(problems, Problem{Line: rec.line, Column: ColOrganisation,
					Reason: fmt.Sprintf("must be empty for the %s role, which is held in the partnership", row.Role.Words())})
			}
		}
		checkCell(&problems, rec.line, ColOrganisation, row.Organisation, MaxExternalRefLength, false)
		if len(problems) > before {
			continue
		}
		if first, ok := nameOf[row.Email]; ok && first.DisplayName != row.DisplayName {
			problems = append(problems, Problem{Line: rec.line, Column: ColDisplayName,
				Reason: fmt.Sprintf("differs from line %d (%q) for the same email", first.Line, first.DisplayName)})
			continue
		}
		key := row.Email + "\x00" + string(row.Role) + "\x00" + strings.ToLower(row.Organisation)
		if first, ok := grantLine[key]; ok {
			problems = append(problems, Problem{Line: rec.line, Reason: fmt.Sprintf("repeats line %d", first)})
			continue
		}
		grantLine[key] = rec.line
		if _, ok := nameOf[row.Email]; !ok {
			nameOf[row.Email] = row
		}
		rows = append(rows, row)
	}
	return rows, SortProblems(problems)
}

// PeopleImport is what a clean people file adds.
type PeopleImport struct {
	People      []Person
	Memberships []Membership
}

// PlanPeopleImport turns the clean rows of a people file into new people
// and memberships in partnership pid, given the partnership's organisations,
// the people already known by the file's addresses and their memberships.
// Known people keep their names; a role a person already holds is not
// granted again. An organisation is found by its external reference, then
// by its id; one that is not the partnership's is a problem. newID names
// each new person and membership.
func PlanPeopleImport(pid string, rows []PersonRow, orgs []Organisation, known []Person, held []Membership,
	newID func() string, now time.Time) (PeopleImport, []Problem) {
	byRef := map[string][]string{}
	byID := map[string]bool{}
	for _, o := range orgs {
		byID[o.ID] = true
		if o.ExternalRef != "" {
			k := strings.ToLower(o.ExternalRef)
			byRef[k] = append(byRef[k], o.ID)
		}
	}
	people := map[string]Person{}
	for _, p := range known {
		people[p.Email] = p
	}
	has := map[string]bool{}
	for _, m := range held {
		has[m.PersonID+"\x00"+string(m.Role)+"\x00"+m.Scope.Name()] = true
	}
	var plan PeopleImport
	var problems []Problem
	for _, r := range rows {
		scope := PartnershipScope(pid)
		if r.Role.ScopeKind() == ScopeOrganisation {
			ids := byRef[strings.ToLower(r.Organisation)]
			switch {
			case len(ids) == 1:
				scope = OrganisationScope(ids[0])
			case len(ids) > 1:
				problems = append(problems, Problem{Line: r.Line, Column: ColOrganisation,
					Reason: fmt.Sprintf("%q is the reference of %d organisations of this partnership: give the id instead", r.Organisation, len(ids))})
				continue
			case byID[r.Organisation]:
				scope = OrganisationScope(r.Organisation)
			default:
				problems = append(problems, Problem{Line: r.Line, Column: ColOrganisation,
					Reason: fmt.Sprintf("%q is not the reference or id of an organisation of this partnership", r.Organisation)})
				continue
			}
		}
		p, ok := people[r.Email]
		if !ok {
			var err error
			if p, err = NewPerson(newID(), r.Email, r.DisplayName, now); err != nil {
				problems = append(problems, Problem{Line: r.Line, Reason: err.Error()})
				continue
			}
			people[r.Email] = p
			plan.People = append(plan.People, p)
		}
		key := p.ID + "\x00" + string(r.Role) + "\x00" + scope.Name()
		if has[key] {
			continue
		}
		m, err := NewMembership(p.ID, newID(), r.Role, scope, now)
		if err != nil {
			problems = append(problems, Problem{Line: r.Line, Reason: err.Error()})
			continue
		}
		has[key] = true
		plan.Memberships = append(plan.Memberships, m)
	}
	if len(problems) > 0 {
		return PeopleImport{}, problems
	}
	return plan, nil
}
