// Package grpcapi is the directory's gRPC transport: thin handlers that turn
// requests into application calls and results into API messages, and the
// access table that says who may call each RPC. Requests arrive already
// authenticated, validated against the rules in the protos and authorised.
package grpcapi

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Server implements directoryv1.DirectoryServiceServer.
type Server struct {
	directoryv1.UnimplementedDirectoryServiceServer
	app *app.App
}

// New returns the gRPC handlers over a.
func New(a *app.App) *Server { return &Server{app: a} }

var lastSegment = protoconv.LastSegment

// caller returns the authenticated principal of the call.
func caller(ctx context.Context) (authz.Principal, error) {
	p, ok := authz.PrincipalFrom(ctx)
	if !ok {
		return authz.Principal{}, failure.Unauthenticated("sign in first: the call carries no bearer token")
	}
	return p, nil
}

// viewer is what the caller may see, for lists.
func viewer(ctx context.Context) (domain.Viewer, error) {
	p, err := caller(ctx)
	if err != nil {
		return domain.Viewer{}, err
	}
	return ViewerOf(p), nil
}

func page(size int32, token string) (resource.Page, error) {
	return resource.ParsePage(size, token, resource.DefaultPageSize)
}

// listed runs one page of a list query for the caller and converts the
// items to API messages.
func listed[T, M any](ctx context.Context, size int32, token string,
	query func(v domain.Viewer, pg resource.Page) ([]T, string, error), conv func(T) M) ([]M, string, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, "", err
	}
	pg, err := page(size, token)
	if err != nil {
		return nil, "", err
	}
	items, next, err := query(v, pg)
	if err != nil {
		return nil, "", err
	}
	out := make([]M, len(items))
	for i, it := range items {
		out[i] = conv(it)
	}
	return out, next, nil
}

// CreateHub implements the RPC.
func (s *Server) CreateHub(ctx context.Context, req *directoryv1.CreateHubRequest) (*directoryv1.Hub, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	h, err := s.app.CreateHub(ctx, p.PersonID, req.GetHubId(), req.GetHub().GetDisplayName())
	if err != nil {
		return nil, err
	}
	return protoconv.Hub(h), nil
}

// GetHub implements the RPC.
func (s *Server) GetHub(ctx context.Context, req *directoryv1.GetHubRequest) (*directoryv1.Hub, error) {
	h, err := s.app.GetHub(ctx, lastSegment(req.GetName()))
	if err != nil {
		return nil, err
	}
	return protoconv.Hub(h), nil
}

// ListHubs implements the RPC.
func (s *Server) ListHubs(ctx context.Context, req *directoryv1.ListHubsRequest) (*directoryv1.ListHubsResponse, error) {
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Hub, string, error) {
			return s.app.ListHubs(ctx, v, pg)
		}, protoconv.Hub)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListHubsResponse{Hubs: items, NextPageToken: next}, nil
}

// CreatePartnership implements the RPC.
func (s *Server) CreatePartnership(ctx context.Context, req *directoryv1.CreatePartnershipRequest) (*directoryv1.Partnership, error) {
	p, err := s.app.CreatePartnership(ctx, req.GetPartnershipId(), lastSegment(req.GetPartnership().GetHub()),
		req.GetPartnership().GetDisplayName())
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
	hub := ""
	if req.GetHub() != "" {
		hub = lastSegment(req.GetHub())
	}
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Partnership, string, error) {
			return s.app.ListPartnerships(ctx, v, hub, pg)
		}, protoconv.Partnership)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListPartnershipsResponse{Partnerships: items, NextPageToken: next}, nil
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
	pid := ""
	if req.GetPartnership() != "" {
		pid = lastSegment(req.GetPartnership())
	}
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Organisation, string, error) {
			return s.app.ListOrganisations(ctx, v, pid, pg)
		}, protoconv.Organisation)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListOrganisationsResponse{Organisations: items, NextPageToken: next}, nil
}

// ImportOrganisations implements the RPC.
func (s *Server) ImportOrganisations(ctx context.Context, req *directoryv1.ImportOrganisationsRequest) (*directoryv1.ImportOrganisationsResponse, error) {
	r, err := s.app.ImportOrganisations(ctx, lastSegment(req.GetParent()), req.GetCsv(), req.GetDryRun())
	if err != nil {
		return nil, err
	}
	resp := &directoryv1.ImportOrganisationsResponse{Problems: protoconv.Problems(r.Problems), RowCount: int32(r.Rows), Imported: r.Imported}
	for _, o := range r.Organisations {
		resp.Organisations = append(resp.Organisations, protoconv.Organisation(o))
	}
	return resp, nil
}

// CreatePerson implements the RPC.
func (s *Server) CreatePerson(ctx context.Context, req *directoryv1.CreatePersonRequest) (*directoryv1.Person, error) {
	p, err := s.app.CreatePerson(ctx, req.GetPersonId(), req.GetPerson().GetEmail(), req.GetPerson().GetDisplayName())
	if err != nil {
		return nil, err
	}
	return protoconv.Person(p), nil
}

// GetPerson implements the RPC.
func (s *Server) GetPerson(ctx context.Context, req *directoryv1.GetPersonRequest) (*directoryv1.Person, error) {
	p, err := s.app.GetPerson(ctx, lastSegment(req.GetName()))
	if err != nil {
		return nil, err
	}
	return protoconv.Person(p), nil
}

// ListPeople implements the RPC.
func (s *Server) ListPeople(ctx context.Context, req *directoryv1.ListPeopleRequest) (*directoryv1.ListPeopleResponse, error) {
	var f app.PeopleFilter
	if req.GetPartnership() != "" {
		f.PartnershipID = lastSegment(req.GetPartnership())
	}
	if req.GetOrganisation() != "" {
		f.OrganisationID = lastSegment(req.GetOrganisation())
	}
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Person, string, error) {
			return s.app.ListPeople(ctx, v, f, pg)
		}, protoconv.Person)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListPeopleResponse{People: items, NextPageToken: next}, nil
}

// UpdatePerson implements the RPC.
func (s *Server) UpdatePerson(ctx context.Context, req *directoryv1.UpdatePersonRequest) (*directoryv1.Person, error) {
	in := req.GetPerson()
	p, err := s.app.UpdatePerson(ctx, lastSegment(in.GetName()), domain.PersonChange{
		Etag: in.GetEtag(), Fields: resource.MaskPaths(req.GetUpdateMask().GetPaths()), DisplayName: in.GetDisplayName(), Active: in.GetActive()})
	if err != nil {
		return nil, err
	}
	return protoconv.Person(p), nil
}

// ImportPeople implements the RPC.
func (s *Server) ImportPeople(ctx context.Context, req *directoryv1.ImportPeopleRequest) (*directoryv1.ImportPeopleResponse, error) {
	r, err := s.app.ImportPeople(ctx, lastSegment(req.GetParent()), req.GetCsv(), req.GetDryRun())
	if err != nil {
		return nil, err
	}
	return &directoryv1.ImportPeopleResponse{Problems: protoconv.Problems(r.Problems), RowCount: int32(r.Rows), Imported: r.Imported,
		PeopleCreated: int32(r.PeopleCreated), MembershipsCreated: int32(r.MembershipsCreated)}, nil
}

// CreateMembership implements the RPC.
func (s *Server) CreateMembership(ctx context.Context, req *directoryv1.CreateMembershipRequest) (*directoryv1.Membership, error) {
	m := req.GetMembership()
	created, err := s.app.CreateMembership(ctx, lastSegment(req.GetParent()), req.GetMembershipId(),
		protoconv.DomainRole(m.GetRole()), protoconv.Scope(m))
	if err != nil {
		return nil, err
	}
	return protoconv.Membership(created), nil
}

// DeleteMembership implements the RPC.
func (s *Server) DeleteMembership(ctx context.Context, req *directoryv1.DeleteMembershipRequest) (*emptypb.Empty, error) {
	person, id := membershipIDs(req.GetName())
	if err := s.app.DeleteMembership(ctx, person, id); err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, nil
}

// membershipIDs splits people/{p}/memberships/{m}, already validated.
func membershipIDs(name string) (person, id string) {
	return authz.Segment(name, "people"), authz.Segment(name, "memberships")
}

// ListMemberships implements the RPC.
func (s *Server) ListMemberships(ctx context.Context, req *directoryv1.ListMembershipsRequest) (*directoryv1.ListMembershipsResponse, error) {
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Membership, string, error) {
			return s.app.ListMemberships(ctx, v, lastSegment(req.GetParent()), pg)
		}, protoconv.Membership)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListMembershipsResponse{Memberships: items, NextPageToken: next}, nil
}

// CreateConsortium implements the RPC.
func (s *Server) CreateConsortium(ctx context.Context, req *directoryv1.CreateConsortiumRequest) (*directoryv1.Consortium, error) {
	c := req.GetConsortium()
	created, err := s.app.CreateConsortium(ctx, lastSegment(req.GetParent()), req.GetConsortiumId(), c.GetDisplayName(),
		protoconv.IDs(c.GetPartnerships()))
	if err != nil {
		return nil, err
	}
	return protoconv.Consortium(created), nil
}

// GetConsortium implements the RPC.
func (s *Server) GetConsortium(ctx context.Context, req *directoryv1.GetConsortiumRequest) (*directoryv1.Consortium, error) {
	c, err := s.app.GetConsortium(ctx, authz.Segment(req.GetName(), "hubs"), authz.Segment(req.GetName(), "consortia"))
	if err != nil {
		return nil, err
	}
	return protoconv.Consortium(c), nil
}

// ListConsortia implements the RPC.
func (s *Server) ListConsortia(ctx context.Context, req *directoryv1.ListConsortiaRequest) (*directoryv1.ListConsortiaResponse, error) {
	items, next, err := listed(ctx, req.GetPageSize(), req.GetPageToken(),
		func(v domain.Viewer, pg resource.Page) ([]domain.Consortium, string, error) {
			return s.app.ListConsortia(ctx, v, lastSegment(req.GetParent()), pg)
		}, protoconv.Consortium)
	if err != nil {
		return nil, err
	}
	return &directoryv1.ListConsortiaResponse{Consortia: items, NextPageToken: next}, nil
}

// RequestSignInLink implements the RPC.
func (s *Server) RequestSignInLink(ctx context.Context, req *directoryv1.RequestSignInLinkRequest) (*directoryv1.RequestSignInLinkResponse, error) {
	if err := s.app.RequestSignInLink(ctx, req.GetEmail()); err != nil {
		return nil, err
	}
	return &directoryv1.RequestSignInLinkResponse{}, nil
}

func accessToken(t app.AccessToken) *directoryv1.AccessToken {
	return &directoryv1.AccessToken{AccessToken: t.Token, TokenType: "Bearer", ExpireTime: timestamppb.New(t.Expiry)}
}

// RedeemSignInLink implements the RPC.
func (s *Server) RedeemSignInLink(ctx context.Context, req *directoryv1.RedeemSignInLinkRequest) (*directoryv1.AccessToken, error) {
	t, err := s.app.RedeemSignInLink(ctx, req.GetToken())
	if err != nil {
		return nil, err
	}
	return accessToken(t), nil
}

// SignInWithPassword implements the RPC.
func (s *Server) SignInWithPassword(ctx context.Context, req *directoryv1.SignInWithPasswordRequest) (*directoryv1.AccessToken, error) {
	t, err := s.app.SignInWithPassword(ctx, req.GetEmail(), req.GetPassword())
	if err != nil {
		return nil, err
	}
	return accessToken(t), nil
}

// SetPassword implements the RPC.
func (s *Server) SetPassword(ctx context.Context, req *directoryv1.SetPasswordRequest) (*emptypb.Empty, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.app.SetPassword(ctx, p.PersonID, req.GetPassword()); err != nil {
		return nil, err
	}
	return &emptypb.Empty{}, nil
}

// GetSigningKeys implements the RPC.
func (s *Server) GetSigningKeys(ctx context.Context, _ *directoryv1.GetSigningKeysRequest) (*directoryv1.SigningKeys, error) {
	set, err := s.app.KeySet(ctx)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(set)
	if err != nil {
		return nil, fmt.Errorf("encode signing keys: %w", err)
	}
	return &directoryv1.SigningKeys{KeysJson: string(b)}, nil
}

// GetCaller implements the RPC.
func (s *Server) GetCaller(ctx context.Context, _ *directoryv1.GetCallerRequest) (*directoryv1.Caller, error) {
	p, err := caller(ctx)
	if err != nil {
		return nil, err
	}
	c, err := s.app.GetCaller(ctx, p.PersonID)
	if err != nil {
		return nil, err
	}
	return protoconv.Caller(c), nil
}
