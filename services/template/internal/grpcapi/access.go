package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
)

// AccessTable declares who may call each of the template service's RPCs.
// A partnership's templates: partnership staff read them and admins change
// them; respondents of the partnership's organisations read the published
// versions they answer and how they differ. Admins import templates and
// install starter templates, staff export them, and anyone signed in may
// list the starter library. A hub's templates (its shared library): hub
// admins change them, and anyone with a role in a partnership of the hub
// reads them, their versions and exports. Partnership admins copy a hub's
// published version into a partnership of that hub.
func AccessTable() authz.Table {
	partnershipAdmin := authz.Partnership(authz.Admins, authz.Staff)
	staff := authz.Partnership(authz.Staff, nil)
	readVersions := authz.Either(staff, authz.RespondentOfPartnership(authz.Respondents...))
	return authz.Table{
		templatev1.TemplateService_CreateTemplate_FullMethodName:         {Audit: true, Check: byOwner(partnershipAdmin, hubChange)},
		templatev1.TemplateService_GetTemplate_FullMethodName:            {Check: byOwner(staff, hubRead)},
		templatev1.TemplateService_ListTemplates_FullMethodName:          {Check: byOwner(staff, hubRead)},
		templatev1.TemplateService_UpdateTemplate_FullMethodName:         {Audit: true, Check: updateCheck},
		templatev1.TemplateService_PublishTemplate_FullMethodName:        {Audit: true, Check: byOwner(partnershipAdmin, hubChange)},
		templatev1.TemplateService_GetTemplateVersion_FullMethodName:     {Check: byOwner(readVersions, hubRead)},
		templatev1.TemplateService_ListTemplateVersions_FullMethodName:   {Check: byOwner(readVersions, hubRead)},
		templatev1.TemplateService_DiffVersions_FullMethodName:           {Check: byOwner(readVersions, hubRead)},
		templatev1.TemplateService_ImportTemplate_FullMethodName:         {Audit: true, Check: byOwner(partnershipAdmin, hubChange)},
		templatev1.TemplateService_ExportTemplate_FullMethodName:         {Check: byOwner(staff, hubRead)},
		templatev1.TemplateService_ListStarterTemplates_FullMethodName:   {Check: authz.Authenticated()},
		templatev1.TemplateService_InstallStarterTemplate_FullMethodName: {Audit: true, Check: partnershipAdmin},
		templatev1.TemplateService_CopyTemplate_FullMethodName:           {Audit: true, Check: copyCheck},
	}
}

// byOwner applies partnership to requests about a partnership's templates
// and hub to requests about a hub's.
func byOwner(partnership, hub authz.Check) authz.Check {
	return func(ctx context.Context, p authz.Principal, req any) error {
		if strings.HasPrefix(authz.NameOf(req), "hubs/") {
			return hub(ctx, p, req)
		}
		return partnership(ctx, p, req)
	}
}

// readsHub reports whether p may read hub hid's templates: p administers
// the hub or holds a role in one of its partnerships.
func readsHub(p authz.Principal, hid string) bool {
	if hid == "" {
		return false
	}
	if p.HubAdminOf(hid) {
		return true
	}
	for _, h := range p.PartnershipHubs {
		if h == hid {
			return true
		}
	}
	return false
}

// hubRead allows callers who may read the templates of the request's hub
// (see readsHub); everyone else is told the resource does not exist.
func hubRead(_ context.Context, p authz.Principal, req any) error {
	name := authz.NameOf(req)
	if readsHub(p, authz.Segment(name, "hubs")) {
		return nil
	}
	return authz.Hidden(name)
}

// hubChange allows the admins of the request's hub; other readers of the
// hub's templates are refused and everyone else is told the resource does
// not exist.
func hubChange(_ context.Context, p authz.Principal, req any) error {
	name := authz.NameOf(req)
	hid := authz.Segment(name, "hubs")
	switch {
	case hid != "" && p.HubAdminOf(hid):
		return nil
	case readsHub(p, hid):
		return failure.PermissionDenied("your role does not allow changing the templates of hubs/%s", hid)
	default:
		return authz.Hidden(name)
	}
}

// copyCheck lets partnership admins of the target partnership (parent)
// copy a version of their partnership's hub. A source in any other hub is
// answered as a missing one.
func copyCheck(ctx context.Context, p authz.Principal, req any) error {
	if err := authz.Partnership(authz.Admins, authz.Staff)(ctx, p, req); err != nil {
		return err
	}
	r, _ := req.(*templatev1.CopyTemplateRequest)
	pid := authz.Segment(r.GetParent(), "partnerships")
	hid := authz.Segment(r.GetSource(), "hubs")
	if hid == "" || p.PartnershipHubs[pid] != hid {
		return authz.Hidden(r.GetSource())
	}
	return nil
}

// named carries the resource name of a request whose name sits inside its
// resource, for the checks that read GetName.
type named string

func (n named) GetName() string { return string(n) }

// updateCheck lets partnership admins, or the hub's admins for a hub's
// template, change the template the request names (template.name); other
// readers are refused.
func updateCheck(ctx context.Context, p authz.Principal, req any) error {
	name := ""
	if r, ok := req.(*templatev1.UpdateTemplateRequest); ok {
		name = r.GetTemplate().GetName()
	}
	return byOwner(authz.Partnership(authz.Admins, authz.Staff), hubChange)(ctx, p, named(name))
}
