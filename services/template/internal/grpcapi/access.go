package grpcapi

import (
	"context"

	"github.com/assure-audit/assure/pkg/authz"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
)

// AccessTable declares who may call each of the template service's RPCs:
// partnership staff read templates and admins change them; respondents of
// the partnership's organisations read the published versions they answer
// and how they differ. Admins import templates and install starter
// templates, staff export them, and anyone signed in may list the starter
// library.
func AccessTable() authz.Table {
	readVersions := authz.Either(authz.Partnership(authz.Staff, nil), authz.RespondentOfPartnership(authz.Respondents...))
	return authz.Table{
		templatev1.TemplateService_CreateTemplate_FullMethodName:         {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		templatev1.TemplateService_GetTemplate_FullMethodName:            {Check: authz.Partnership(authz.Staff, nil)},
		templatev1.TemplateService_ListTemplates_FullMethodName:          {Check: authz.Partnership(authz.Staff, nil)},
		templatev1.TemplateService_UpdateTemplate_FullMethodName:         {Audit: true, Check: updateCheck},
		templatev1.TemplateService_PublishTemplate_FullMethodName:        {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		templatev1.TemplateService_GetTemplateVersion_FullMethodName:     {Check: readVersions},
		templatev1.TemplateService_ListTemplateVersions_FullMethodName:   {Check: readVersions},
		templatev1.TemplateService_DiffVersions_FullMethodName:           {Check: readVersions},
		templatev1.TemplateService_ImportTemplate_FullMethodName:         {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		templatev1.TemplateService_ExportTemplate_FullMethodName:         {Check: authz.Partnership(authz.Staff, nil)},
		templatev1.TemplateService_ListStarterTemplates_FullMethodName:   {Check: authz.Authenticated()},
		templatev1.TemplateService_InstallStarterTemplate_FullMethodName: {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
	}
}

// named carries the resource name of a request whose name sits inside its
// resource, for the checks that read GetName.
type named string

func (n named) GetName() string { return string(n) }

// updateCheck lets partnership admins change the template the request
// names (template.name); other staff are refused.
func updateCheck(ctx context.Context, p authz.Principal, req any) error {
	name := ""
	if r, ok := req.(*templatev1.UpdateTemplateRequest); ok {
		name = r.GetTemplate().GetName()
	}
	return authz.Partnership(authz.Admins, authz.Staff)(ctx, p, named(name))
}
