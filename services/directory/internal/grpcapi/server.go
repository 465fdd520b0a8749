// Package grpcapi is the directory's gRPC transport: thin handlers that turn
// requests into application calls and results into API messages. Requests
// arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
)

// Server implements directoryv1.DirectoryServiceServer.
type Server struct {
	directoryv1.UnimplementedDirectoryServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

func lastSegment(name string) string { return name[strings.LastIndexByte(name, '/')+1:] }

// CreatePartnership implements the RPC.
func (s *Server) CreatePartnership(ctx context.Context, req *directoryv1.CreatePartnershipRequest) (*directoryv1.Partnership, error) {
	p, err := s.app.CreatePartnership(ctx, req.GetPartnershipId(), req.GetPartnership().GetDisplayName())
	if err != nil {
		return nil, err
	}
	return protoconv.Partnership(p), nil
}

// GetPartnership implements the RPC.
func (s *Server) GetPartnership(ctx context.Context, req *directoryv1.GetPartnershipRequest) (*directoryv1.Partnership, error) {
	p, err := s.app.GetPartnership(ctx, lastSegment(req.GetName()))
	if err != nil {
		return nil, err
	}
	return protoconv.Partnership(p), nil
}

// ListPartnerships implements the RPC.
func (s *Server) ListPartnerships(ctx context.Context, req *directoryv1.ListPartnershipsRequest) (*directoryv1.ListPartnershipsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	ps, next, err := s.app.ListPartnerships(ctx, page)
	if err != nil {
		return nil, err
	}
	resp := &directoryv1.ListPartnershipsResponse{NextPageToken: next}
	for _, p := range ps {
		resp.Partnerships = append(resp.Partnerships, protoconv.Partnership(p))
	}
	return resp, nil
}

// CreateOrganisation implements the RPC.
func (s *Server) CreateOrganisation(ctx context.Context, req *directoryv1.CreateOrganisationRequest) (*directoryv1.Organisation, error) {
	o := req.GetOrganisation()
	created, err := s.app.CreateOrganisation(ctx, req.GetOrganisationId(), o.GetDisplayName(),
		domain.OrganisationType(o.GetType()), protoconv.PartnershipIDs(o.GetPartnerships()), o.GetExternalRef())
	if err != nil {
		return nil, err
	}
	return protoconv.Organisation(created), nil
}

// GetOrganisation implements the RPC.
func (s *Server) GetOrganisation(ctx context.Context, req *directoryv1.GetOrganisationRequest) (*directoryv1.Organisation, error) {
	o, err := s.app.GetOrganisation(ctx, lastSegment(req.GetName()))
	if err != nil {
		return nil, err
	}
	return protoconv.Organisation(o), nil
}

// ListOrganisations implements the RPC.
func (s *Server) ListOrganisations(ctx context.Context, req *directoryv1.ListOrganisationsRequest) (*directoryv1.ListOrganisationsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	pid := ""
	if req.GetPartnership() != "" {
		pid = lastSegment(req.GetPartnership())
	}
	os, next, err := s.app.ListOrganisations(ctx, pid, page)
	if err != nil {
		return nil, err
	}
	resp := &directoryv1.ListOrganisationsResponse{NextPageToken: next}
	for _, o := range os {
		resp.Organisations = append(resp.Organisations, protoconv.Organisation(o))
	}
	return resp, nil
}
