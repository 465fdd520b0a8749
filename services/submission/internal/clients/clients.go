// Package clients adapts the gRPC clients of the template and directory
// services to the interfaces the application layer declares.
package clients

import (
	"context"
	"fmt"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Templates fetches published versions from the template service.
type Templates struct {
	Client templatev1.TemplateServiceClient
}

// Directory fetches organisations from the directory service.
type Directory struct {
	Client directoryv1.DirectoryServiceClient
}

var (
	_ app.Templates = Templates{}
	_ app.Directory = Directory{}
)

// FetchForm implements app.Templates.
func (t Templates) FetchForm(ctx context.Context, name string) (domain.Form, error) {
	v, err := t.Client.GetTemplateVersion(ctx, &templatev1.GetTemplateVersionRequest{Name: name})
	if err != nil {
		return domain.Form{}, translate(err, name)
	}
	return protoconv.Form(v), nil
}

// FetchOrganisation implements app.Directory.
func (d Directory) FetchOrganisation(ctx context.Context, id string) (domain.Organisation, error) {
	o, err := d.Client.GetOrganisation(ctx, &directoryv1.GetOrganisationRequest{Name: "organisations/" + id})
	if err != nil {
		return domain.Organisation{}, translate(err, "organisations/"+id)
	}
	return protoconv.Organisation(o), nil
}

// FetchConsortium implements app.Directory.
func (d Directory) FetchConsortium(ctx context.Context, name string) (domain.Consortium, error) {
	c, err := d.Client.GetConsortium(ctx, &directoryv1.GetConsortiumRequest{Name: name})
	if err != nil {
		return domain.Consortium{}, translate(err, name)
	}
	return protoconv.Consortium(c), nil
}

// PartnershipOrganisations implements app.Directory: every organisation of
// a partnership, page by page.
func (d Directory) PartnershipOrganisations(ctx context.Context, partnershipID string) ([]domain.Organisation, error) {
	var out []domain.Organisation
	token := ""
	for {
		resp, err := d.Client.ListOrganisations(ctx, &directoryv1.ListOrganisationsRequest{
			Partnership: "partnerships/" + partnershipID, PageSize: 500, PageToken: token})
		if err != nil {
			return nil, translate(err, "partnerships/"+partnershipID)
		}
		for _, o := range resp.GetOrganisations() {
			out = append(out, protoconv.Organisation(o))
		}
		if token = resp.GetNextPageToken(); token == "" {
			return out, nil
		}
	}
}

func translate(err error, what string) error {
	switch status.Code(err) {
	case codes.NotFound, codes.InvalidArgument, codes.PermissionDenied:
		return failure.NotFound("%s not found", what)
	case codes.Unavailable, codes.DeadlineExceeded:
		return failure.Unavailable(err, "cannot reach the service holding %s; try again", what)
	default:
		return fmt.Errorf("fetch %s: %s", what, strings.TrimSpace(status.Convert(err).Message()))
	}
}
