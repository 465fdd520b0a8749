package grpcapi

import (
	"github.com/assure-audit/assure/pkg/authz"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
)

// AccessTable declares who may call each of the template service's RPCs:
// partnership staff read templates and admins change them; respondents of
// the partnership's organisations read the published versions they answer.
func AccessTable() authz.Table {
	return authz.Table{
		templatev1.TemplateService_CreateTemplate_FullMethodName:     {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		templatev1.TemplateService_GetTemplate_FullMethodName:        {Check: authz.Partnership(authz.Staff, nil)},
		templatev1.TemplateService_ListTemplates_FullMethodName:      {Check: authz.Partnership(authz.Staff, nil)},
		templatev1.TemplateService_PublishTemplate_FullMethodName:    {Audit: true, Check: authz.Partnership(authz.Admins, authz.Staff)},
		templatev1.TemplateService_GetTemplateVersion_FullMethodName: {Check: authz.Either(authz.Partnership(authz.Staff, nil), authz.RespondentOfPartnership(authz.Respondents...))},
	}
}
