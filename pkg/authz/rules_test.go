package authz

import (
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/failure"
)

type req struct{ name string }

func (r req) GetName() string { return r.name }

func TestRules(t *testing.T) {
	qa := Principal{PersonID: "q", Memberships: []Membership{{Role: QAOfficer, Partnership: "north"}}}
	lead := Principal{PersonID: "l", Memberships: []Membership{{Role: OrganisationLead, Organisation: "police"}},
		OrganisationPartnerships: map[string][]string{"police": {"north", "south"}}}
	helper := Principal{PersonID: "c", Memberships: []Membership{{Role: Contributor, Organisation: "police"}}}
	sub := req{"partnerships/north/campaigns/c/submissions/police"}
	tests := []struct {
		name  string
		check Check
		p     Principal
		r     req
		want  failure.Kind // KindInternal means allowed
	}{
		{"admin act, QA sees", Partnership(Admins, Staff), qa, req{"partnerships/north/templates/t"}, failure.KindPermissionDenied},
		{"QA reads", Partnership(Staff, nil), qa, req{"partnerships/north/templates/t"}, failure.KindInternal},
		{"foreign partnership hidden", Partnership(Staff, nil), qa, req{"partnerships/south/templates/t"}, failure.KindNotFound},
		{"lead submits", Organisation("submissions", []Role{OrganisationLead}, Respondents), lead, sub, failure.KindInternal},
		{"contributor may not submit", Organisation("submissions", []Role{OrganisationLead}, Respondents), helper, sub, failure.KindPermissionDenied},
		{"other organisation hidden", Organisation("submissions", Respondents, nil), lead, req{"partnerships/north/campaigns/c/submissions/school"}, failure.KindNotFound},
		{"staff or respondent: staff", Either(Partnership(Staff, nil), Organisation("submissions", Respondents, nil)), qa, sub, failure.KindInternal},
		{"staff or respondent: respondent", Either(Partnership(Staff, nil), Organisation("submissions", Respondents, nil)), lead, sub, failure.KindInternal},
		{"respondent of partnership", RespondentOfPartnership(Respondents...), lead, req{"partnerships/south/templates/t/versions/1"}, failure.KindInternal},
		{"respondent elsewhere hidden", RespondentOfPartnership(Respondents...), lead, req{"partnerships/east/templates/t/versions/1"}, failure.KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(context.Background(), tt.p, tt.r)
			if tt.want == failure.KindInternal {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if failure.KindOf(err) != tt.want {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
	if got := Hidden("partnerships/x").Error(); got != "partnerships/x not found" {
		t.Fatalf("hidden message %q", got)
	}
}
