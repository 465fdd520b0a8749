package grpcapi

import (
	"context"
	"slices"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
)

// staffRoles are the partnership roles that see a partnership's
// organisations.
var staffRoles = []authz.Role{authz.PartnershipAdmin, authz.QAOfficer, authz.ExecutiveViewer, authz.CaseAuditor}

// ViewerOf is what principal p may see, for lists.
func ViewerOf(p authz.Principal) domain.Viewer {
	v := domain.Viewer{PersonID: p.PersonID}
	add := func(list *[]string, id string) {
		if id != "" && !slices.Contains(*list, id) {
			*list = append(*list, id)
		}
	}
	for _, m := range p.Memberships {
		switch {
		case m.Hub != "":
			if m.Role == authz.HubAdmin {
				add(&v.AdminHubs, m.Hub)
			}
		case m.Partnership != "":
			add(&v.MemberPartnerships, m.Partnership)
			if m.Role == authz.PartnershipAdmin {
				add(&v.AdminPartnerships, m.Partnership)
			}
			if slices.Contains(staffRoles, m.Role) {
				add(&v.StaffPartnerships, m.Partnership)
			}
		case m.Organisation != "":
			add(&v.MemberOrganisations, m.Organisation)
			if m.Role == authz.OrganisationLead {
				add(&v.LeadOrganisations, m.Organisation)
			}
			for _, pid := range p.OrganisationPartnerships[m.Organisation] {
				add(&v.MemberPartnerships, pid)
			}
		}
	}
	return v
}

// rel is how a caller stands towards a hub, partnership or organisation:
// administers it, is staff there, or holds any role in or under it.
type rel struct{ admin, staff, member bool }

// rules decide the directory's access questions from the caller and the
// directory's data. Partnerships' hubs and organisations' partnerships are
// read from the store rather than from the principal, so a partnership
// created a moment ago is already its hub admins'.
type rules struct{ app *app.App }

func holds(p authz.Principal, pid string, roles ...authz.Role) bool {
	for _, m := range p.Memberships {
		if m.Partnership == pid && slices.Contains(roles, m.Role) {
			return true
		}
	}
	return false
}

func (r rules) hub(p authz.Principal, hid string) rel {
	if p.HubAdminOf(hid) {
		return rel{admin: true, staff: true, member: true}
	}
	for _, pid := range ViewerOf(p).MemberPartnerships {
		if p.PartnershipHubs[pid] == hid {
			return rel{member: true}
		}
	}
	return rel{}
}

func (r rules) partnership(ctx context.Context, p authz.Principal, pid string) (rel, error) {
	hubs, err := r.app.PartnershipHubs(ctx, pid)
	if err != nil {
		return rel{}, err
	}
	hub, ok := hubs[pid]
	if !ok {
		return rel{}, nil
	}
	var out rel
	out.admin = p.HubAdminOf(hub) || holds(p, pid, authz.PartnershipAdmin)
	out.staff = out.admin || holds(p, pid, staffRoles...)
	out.member = out.staff || holds(p, pid, authz.Roles...) || p.RespondentIn(pid, authz.Roles...)
	return out, nil
}

func (r rules) organisation(ctx context.Context, p authz.Principal, oid string) (rel, error) {
	o, err := r.app.GetOrganisation(ctx, oid)
	if failure.KindOf(err) == failure.KindNotFound {
		return rel{}, nil
	}
	if err != nil {
		return rel{}, err
	}
	var out rel
	for _, pid := range o.Partnerships {
		pr, err := r.partnership(ctx, p, pid)
		if err != nil {
			return rel{}, err
		}
		out.admin = out.admin || pr.admin
		out.staff = out.staff || pr.staff
	}
	out.member = out.staff || p.InOrganisation(oid, authz.Roles...)
	return out, nil
}

// scope is how a caller stands towards the scope of a membership.
func (r rules) scope(ctx context.Context, p authz.Principal, s domain.Scope) (rel, error) {
	switch s.Kind {
	case domain.ScopeHub:
		return r.hub(p, s.ID), nil
	case domain.ScopePartnership:
		return r.partnership(ctx, p, s.ID)
	case domain.ScopeOrganisation:
		return r.organisation(ctx, p, s.ID)
	}
	return rel{}, nil
}

// admin allows admins of name, refuses its other members and hides it
// from everyone else.
func admin(x rel, err error, name, what string) error {
	switch {
	case err != nil:
		return err
	case x.admin:
		return nil
	case x.member:
		return failure.PermissionDenied("your role does not allow you to %s in %s", what, name)
	default:
		return authz.Hidden(name)
	}
}

// member allows anyone with a role in or under name and hides it from
// everyone else.
func member(x rel, err error, name string) error {
	switch {
	case err != nil:
		return err
	case x.member:
		return nil
	default:
		return authz.Hidden(name)
	}
}

func anyAdmin(p authz.Principal) bool {
	v := ViewerOf(p)
	return len(v.AdminHubs) > 0 || len(v.AdminPartnerships) > 0
}

// AccessTable declares who may call each of the directory's RPCs. Every
// create, update, delete and import is an audited admin action. A resource
// the caller has no business with answers exactly as a missing one.
func AccessTable(a *app.App) authz.Table {
	r := rules{app: a}
	return authz.Table{
		directoryv1.DirectoryService_CreateHub_FullMethodName: {Audit: true, Check: func(_ context.Context, p authz.Principal, _ any) error {
			if len(ViewerOf(p).AdminHubs) == 0 {
				return failure.PermissionDenied("only hub admins create hubs")
			}
			return nil
		}},
		directoryv1.DirectoryService_GetHub_FullMethodName: {Check: func(_ context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.GetHubRequest).GetName()
			return member(r.hub(p, lastSegment(name)), nil, name)
		}},
		directoryv1.DirectoryService_ListHubs_FullMethodName: {Check: authz.Authenticated()},

		directoryv1.DirectoryService_CreatePartnership_FullMethodName: {Audit: true, Check: func(_ context.Context, p authz.Principal, req any) error {
			hub := req.(*directoryv1.CreatePartnershipRequest).GetPartnership().GetHub()
			return admin(r.hub(p, lastSegment(hub)), nil, hub, "create partnerships")
		}},
		directoryv1.DirectoryService_GetPartnership_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.GetPartnershipRequest).GetName()
			x, err := r.partnership(ctx, p, lastSegment(name))
			return member(x, err, name)
		}},
		directoryv1.DirectoryService_ListPartnerships_FullMethodName: {Check: func(_ context.Context, p authz.Principal, req any) error {
			if hub := req.(*directoryv1.ListPartnershipsRequest).GetHub(); hub != "" {
				return member(r.hub(p, lastSegment(hub)), nil, hub)
			}
			return nil
		}},

		directoryv1.DirectoryService_CreateOrganisation_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			var denied error
			for _, name := range req.(*directoryv1.CreateOrganisationRequest).GetOrganisation().GetPartnerships() {
				x, err := r.partnership(ctx, p, lastSegment(name))
				err = admin(x, err, name, "create organisations")
				if failure.KindOf(err) == failure.KindPermissionDenied {
					denied = err
					continue
				}
				if err != nil {
					return err
				}
			}
			return denied
		}},
		directoryv1.DirectoryService_GetOrganisation_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.GetOrganisationRequest).GetName()
			x, err := r.organisation(ctx, p, lastSegment(name))
			return member(x, err, name)
		}},
		directoryv1.DirectoryService_ListOrganisations_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			if name := req.(*directoryv1.ListOrganisationsRequest).GetPartnership(); name != "" {
				x, err := r.partnership(ctx, p, lastSegment(name))
				return member(x, err, name)
			}
			return nil
		}},
		directoryv1.DirectoryService_ImportOrganisations_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.ImportOrganisationsRequest).GetParent()
			x, err := r.partnership(ctx, p, lastSegment(name))
			return admin(x, err, name, "import organisations")
		}},

		directoryv1.DirectoryService_CreatePerson_FullMethodName: {Audit: true, Check: func(_ context.Context, p authz.Principal, _ any) error {
			if !anyAdmin(p) {
				return failure.PermissionDenied("only hub and partnership admins add people")
			}
			return nil
		}},
		directoryv1.DirectoryService_GetPerson_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			return r.seePerson(ctx, p, req.(*directoryv1.GetPersonRequest).GetName())
		}},
		directoryv1.DirectoryService_ListPeople_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			lr := req.(*directoryv1.ListPeopleRequest)
			if name := lr.GetPartnership(); name != "" {
				x, err := r.partnership(ctx, p, lastSegment(name))
				return member(x, err, name)
			}
			if name := lr.GetOrganisation(); name != "" {
				x, err := r.organisation(ctx, p, lastSegment(name))
				return member(x, err, name)
			}
			return nil
		}},
		directoryv1.DirectoryService_UpdatePerson_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			ur := req.(*directoryv1.UpdatePersonRequest)
			name := ur.GetPerson().GetName()
			id := lastSegment(name)
			if id == p.PersonID {
				if slices.Contains(resource.MaskPaths(ur.GetUpdateMask().GetPaths()), domain.FieldActive) {
					return failure.PermissionDenied("you cannot deactivate or reactivate yourself: ask an admin")
				}
				return nil
			}
			v := ViewerOf(p)
			ok, err := r.app.SeesPerson(ctx, v, id, true)
			switch {
			case err != nil:
				return err
			case ok:
				return nil
			}
			if err := r.seePerson(ctx, p, name); err != nil {
				return err
			}
			return failure.PermissionDenied("only the person and their admins change %s", name)
		}},
		directoryv1.DirectoryService_ImportPeople_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.ImportPeopleRequest).GetParent()
			x, err := r.partnership(ctx, p, lastSegment(name))
			return admin(x, err, name, "import people")
		}},

		directoryv1.DirectoryService_CreateMembership_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			s := protoconv.Scope(req.(*directoryv1.CreateMembershipRequest).GetMembership())
			x, err := r.scope(ctx, p, s)
			return admin(x, err, s.Name(), "give roles")
		}},
		directoryv1.DirectoryService_DeleteMembership_FullMethodName: {Audit: true, Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.DeleteMembershipRequest).GetName()
			person, id := membershipIDs(name)
			m, err := r.app.GetMembership(ctx, person, id)
			if failure.KindOf(err) == failure.KindNotFound {
				return authz.Hidden(name)
			}
			if err != nil {
				return err
			}
			x, err := r.scope(ctx, p, m.Scope)
			switch {
			case err != nil:
				return err
			case x.admin:
				return nil
			case person == p.PersonID || (m.Scope.Kind == domain.ScopeOrganisation && p.InOrganisation(m.Scope.ID, authz.OrganisationLead)):
				return failure.PermissionDenied("only admins of %s take roles away", m.Scope.Name())
			default:
				return authz.Hidden(name)
			}
		}},
		directoryv1.DirectoryService_ListMemberships_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			return r.seePerson(ctx, p, req.(*directoryv1.ListMembershipsRequest).GetParent())
		}},

		directoryv1.DirectoryService_CreateConsortium_FullMethodName: {Audit: true, Check: func(_ context.Context, p authz.Principal, req any) error {
			hub := req.(*directoryv1.CreateConsortiumRequest).GetParent()
			return admin(r.hub(p, lastSegment(hub)), nil, hub, "create consortia")
		}},
		directoryv1.DirectoryService_GetConsortium_FullMethodName: {Check: func(ctx context.Context, p authz.Principal, req any) error {
			name := req.(*directoryv1.GetConsortiumRequest).GetName()
			hub := authz.Segment(name, "hubs")
			if p.HubAdminOf(hub) {
				return nil
			}
			c, err := r.app.GetConsortium(ctx, hub, authz.Segment(name, "consortia"))
			if failure.KindOf(err) == failure.KindNotFound {
				return authz.Hidden(name)
			}
			if err != nil {
				return err
			}
			v := ViewerOf(p)
			for _, pid := range c.Partnerships {
				if slices.Contains(v.MemberPartnerships, pid) {
					return nil
				}
			}
			return authz.Hidden(name)
		}},
		directoryv1.DirectoryService_ListConsortia_FullMethodName: {Check: func(_ context.Context, p authz.Principal, req any) error {
			hub := req.(*directoryv1.ListConsortiaRequest).GetParent()
			return member(r.hub(p, lastSegment(hub)), nil, hub)
		}},

		directoryv1.DirectoryService_RequestSignInLink_FullMethodName:  {Public: true},
		directoryv1.DirectoryService_RedeemSignInLink_FullMethodName:   {Public: true},
		directoryv1.DirectoryService_SignInWithPassword_FullMethodName: {Public: true},
		directoryv1.DirectoryService_GetSigningKeys_FullMethodName:     {Public: true},
		directoryv1.DirectoryService_SetPassword_FullMethodName:        {Audit: true, Check: authz.Authenticated()},
		directoryv1.DirectoryService_GetCaller_FullMethodName:          {Check: authz.Authenticated()},
	}
}

// seePerson allows the person themselves and those who may see them, and
// hides the person from everyone else.
func (r rules) seePerson(ctx context.Context, p authz.Principal, name string) error {
	id := lastSegment(name)
	if id == p.PersonID {
		return nil
	}
	ok, err := r.app.SeesPerson(ctx, ViewerOf(p), id, false)
	switch {
	case err != nil:
		return err
	case ok:
		return nil
	default:
		return authz.Hidden(name)
	}
}
