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
		"ImportTemplate": true, "InstallStarterTemplate": true, "CopyTemplate": true}
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

// TestHubTemplateAccess checks who may change, read and copy a hub's
// templates: its admins change them, members of its partnerships read and
// copy them, and everyone else, including the other hub's people, is told
// they do not exist.
func TestHubTemplateAccess(t *testing.T) {
	hubs := map[string]string{"north": "h1", "east": "h2"}
	hubAdmin := authz.Principal{PersonID: "h", Memberships: []authz.Membership{{Role: authz.HubAdmin, Hub: "h1"}},
		PartnershipHubs: map[string]string{"north": "h1"}}
	member := func(r authz.Role, pid string) authz.Principal {
		return authz.Principal{PersonID: "p", Memberships: []authz.Membership{{Role: r, Partnership: pid}},
			PartnershipHubs: map[string]string{pid: hubs[pid]}}
	}
	northAdmin, northQA, eastAdmin := member(authz.PartnershipAdmin, "north"), member(authz.QAOfficer, "north"), member(authz.PartnershipAdmin, "east")
	const (
		ok     = failure.Kind(-1)
		denied = failure.KindPermissionDenied
		hidden = failure.KindNotFound
	)
	create := &templatev1.CreateTemplateRequest{Parent: "hubs/h1"}
	update := &templatev1.UpdateTemplateRequest{Template: &templatev1.Template{Name: "hubs/h1/templates/lib"}}
	publish := &templatev1.PublishTemplateRequest{Name: "hubs/h1/templates/lib"}
	get := &templatev1.GetTemplateRequest{Name: "hubs/h1/templates/lib"}
	list := &templatev1.ListTemplatesRequest{Parent: "hubs/h1"}
	version := &templatev1.GetTemplateVersionRequest{Name: "hubs/h1/templates/lib/versions/1"}
	cp := &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: "hubs/h1/templates/lib/versions/1"}
	cpForeign := &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: "hubs/h2/templates/lib/versions/1"}
	cases := []struct {
		method string
		req    proto.Message
		who    authz.Principal
		want   failure.Kind
	}{
		{templatev1.TemplateService_CreateTemplate_FullMethodName, create, hubAdmin, ok},
		{templatev1.TemplateService_CreateTemplate_FullMethodName, create, northAdmin, denied},
		{templatev1.TemplateService_CreateTemplate_FullMethodName, create, eastAdmin, hidden},
		{templatev1.TemplateService_UpdateTemplate_FullMethodName, update, hubAdmin, ok},
		{templatev1.TemplateService_UpdateTemplate_FullMethodName, update, northAdmin, denied},
		{templatev1.TemplateService_UpdateTemplate_FullMethodName, update, eastAdmin, hidden},
		{templatev1.TemplateService_PublishTemplate_FullMethodName, publish, hubAdmin, ok},
		{templatev1.TemplateService_PublishTemplate_FullMethodName, publish, northQA, denied},
		{templatev1.TemplateService_GetTemplate_FullMethodName, get, northQA, ok},
		{templatev1.TemplateService_GetTemplate_FullMethodName, get, eastAdmin, hidden},
		{templatev1.TemplateService_ListTemplates_FullMethodName, list, northAdmin, ok},
		{templatev1.TemplateService_ListTemplates_FullMethodName, list, eastAdmin, hidden},
		{templatev1.TemplateService_GetTemplateVersion_FullMethodName, version, northQA, ok},
		{templatev1.TemplateService_GetTemplateVersion_FullMethodName, version, eastAdmin, hidden},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, cp, northAdmin, ok},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, cp, hubAdmin, ok},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, cp, northQA, denied},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, cp, eastAdmin, hidden},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, cpForeign, northAdmin, hidden},
		{templatev1.TemplateService_CopyTemplate_FullMethodName, &templatev1.CopyTemplateRequest{Parent: "partnerships/east",
			Source: "hubs/h1/templates/lib/versions/1"}, eastAdmin, hidden},
	}
	table := AccessTable()
	for _, c := range cases {
		err := table[c.method].Check(context.Background(), c.who, c.req)
		got := ok
		if err != nil {
			got = failure.KindOf(err)
		}
		if got != c.want {
			t.Errorf("%s by %v for %v: %v, want %v", c.method, c.who.Memberships, c.req, err, c.want)
		}
	}
}
