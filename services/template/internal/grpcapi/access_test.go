package grpcapi

import (
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"google.golang.org/protobuf/proto"
)

// TestAccessTableCoversEveryRPC fails when an RPC is added without a rule,
// or a change is not audited.
func TestAccessTableCoversEveryRPC(t *testing.T) {
	table := AccessTable()
	desc := templatev1.TemplateService_ServiceDesc
	if len(table) != len(desc.Methods) {
		t.Errorf("the table has %d rules for %d RPCs", len(table), len(desc.Methods))
	}
	changes := map[string]bool{"CreateTemplate": true, "UpdateTemplate": true, "PublishTemplate": true,
		"ImportTemplate": true, "InstallStarterTemplate": true}
	for _, m := range desc.Methods {
		rule, ok := table["/"+desc.ServiceName+"/"+m.MethodName]
		switch {
		case !ok:
			t.Errorf("%s has no rule", m.MethodName)
		case rule.Public || rule.Check == nil:
			t.Errorf("%s: public %v, check %v", m.MethodName, rule.Public, rule.Check != nil)
		case rule.Audit != changes[m.MethodName]:
			t.Errorf("%s: audit %v", m.MethodName, rule.Audit)
		}
	}
}

// TestFileAccess checks who may import, export and install templates and
// list the starter library.
func TestFileAccess(t *testing.T) {
	member := func(r authz.Role) authz.Principal {
		return authz.Principal{PersonID: "p", Memberships: []authz.Membership{{Role: r, Partnership: "north"}}}
	}
	admin, qa, viewer := member(authz.PartnershipAdmin), member(authz.QAOfficer), member(authz.ExecutiveViewer)
	respondent := authz.Principal{PersonID: "r", Memberships: []authz.Membership{{Role: authz.OrganisationLead, Organisation: "police"}},
		OrganisationPartnerships: map[string][]string{"police": {"north"}}}
	stranger := authz.Principal{PersonID: "s"}
	const (
		ok     = failure.Kind(-1) // allowed
		denied = failure.KindPermissionDenied
		hidden = failure.KindNotFound
	)
	imp := &templatev1.ImportTemplateRequest{Parent: "partnerships/north"}
	install := &templatev1.InstallStarterTemplateRequest{Parent: "partnerships/north", Starter: "section11"}
	export := &templatev1.ExportTemplateRequest{Name: "partnerships/north/templates/s11"}
	exportVersion := &templatev1.ExportTemplateRequest{Name: "partnerships/north/templates/s11/versions/1"}
	list := &templatev1.ListStarterTemplatesRequest{}
	cases := []struct {
		method string
		req    proto.Message
		who    authz.Principal
		want   failure.Kind
	}{
		{templatev1.TemplateService_ImportTemplate_FullMethodName, imp, admin, ok},
		{templatev1.TemplateService_ImportTemplate_FullMethodName, imp, qa, denied},
		{templatev1.TemplateService_ImportTemplate_FullMethodName, imp, respondent, hidden},
		{templatev1.TemplateService_ImportTemplate_FullMethodName, &templatev1.ImportTemplateRequest{Parent: "partnerships/south"}, admin, hidden},
		{templatev1.TemplateService_InstallStarterTemplate_FullMethodName, install, admin, ok},
		{templatev1.TemplateService_InstallStarterTemplate_FullMethodName, install, viewer, denied},
		{templatev1.TemplateService_InstallStarterTemplate_FullMethodName, install, stranger, hidden},
		{templatev1.TemplateService_ExportTemplate_FullMethodName, export, viewer, ok},
		{templatev1.TemplateService_ExportTemplate_FullMethodName, exportVersion, qa, ok},
		{templatev1.TemplateService_ExportTemplate_FullMethodName, export, respondent, hidden},
		{templatev1.TemplateService_ExportTemplate_FullMethodName, &templatev1.ExportTemplateRequest{Name: "partnerships/south/templates/s11"}, admin, hidden},
		{templatev1.TemplateService_ListStarterTemplates_FullMethodName, list, stranger, ok},
		{templatev1.TemplateService_ListStarterTemplates_FullMethodName, list, respondent, ok},
	}
	table := AccessTable()
	for _, c := range cases {
		err := table[c.method].Check(context.Background(), c.who, c.req)
		got := ok
		if err != nil {
			got = failure.KindOf(err)
		}
		if got != c.want {
			t.Errorf("%s by %s for %v: %v, want %v", c.method, c.who.Memberships, c.req, err, c.want)
		}
	}
}
