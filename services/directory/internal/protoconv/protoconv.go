// Package protoconv converts between the directory's domain model and its
// protobuf messages; the API handlers and the event writer share it.
package protoconv

import (
	"slices"
	"strings"

	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// Hub converts a hub to its API message.
func Hub(h domain.Hub) *directoryv1.Hub {
	return &directoryv1.Hub{
		Name:        "hubs/" + h.ID,
		DisplayName: h.DisplayName,
		CreateTime:  timestamppb.New(h.CreateTime),
		Etag:        resource.Etag(h.Version),
	}
}

// Partnership converts a partnership to its API message.
func Partnership(p domain.Partnership) *directoryv1.Partnership {
	return &directoryv1.Partnership{
		Name:        "partnerships/" + p.ID,
		Hub:         "hubs/" + p.Hub,
		DisplayName: p.DisplayName,
		CreateTime:  timestamppb.New(p.CreateTime),
		Etag:        resource.Etag(p.Version),
	}
}

// Organisation converts an organisation to its API message.
func Organisation(o domain.Organisation) *directoryv1.Organisation {
	return &directoryv1.Organisation{
		Name:         "organisations/" + o.ID,
		DisplayName:  o.DisplayName,
		Type:         directoryv1.OrganisationType(o.Type),
		Partnerships: names("partnerships/", o.Partnerships),
		ExternalRef:  o.ExternalRef,
		CreateTime:   timestamppb.New(o.CreateTime),
		Etag:         resource.Etag(o.Version),
	}
}

// Person converts a person to its API message.
func Person(p domain.Person) *directoryv1.Person {
	return &directoryv1.Person{
		Name:        p.Name(),
		Email:       p.Email,
		DisplayName: p.DisplayName,
		Active:      p.Active,
		CreateTime:  timestamppb.New(p.CreateTime),
		UpdateTime:  timestamppb.New(p.UpdateTime),
		Etag:        resource.Etag(p.Version),
	}
}

// Role converts a role to the API's enum.
func Role(r domain.Role) directoryv1.Role {
	return directoryv1.Role(slices.Index(domain.Roles, r) + 1)
}

// DomainRole converts the API's enum to a role ("" if unspecified or
// unknown).
func DomainRole(r directoryv1.Role) domain.Role {
	if i := int(r) - 1; i >= 0 && i < len(domain.Roles) {
		return domain.Roles[i]
	}
	return ""
}

// Membership converts a membership to its API message.
func Membership(m domain.Membership) *directoryv1.Membership {
	out := &directoryv1.Membership{
		Name:       m.Name(),
		Role:       Role(m.Role),
		CreateTime: timestamppb.New(m.CreateTime),
	}
	switch m.Scope.Kind {
	case domain.ScopeHub:
		out.Scope = &directoryv1.Membership_Hub{Hub: m.Scope.Name()}
	case domain.ScopePartnership:
		out.Scope = &directoryv1.Membership_Partnership{Partnership: m.Scope.Name()}
	case domain.ScopeOrganisation:
		out.Scope = &directoryv1.Membership_Organisation{Organisation: m.Scope.Name()}
	}
	return out
}

// Scope reads the scope of a membership message whose names the request
// validation has already checked.
func Scope(m *directoryv1.Membership) domain.Scope {
	switch {
	case m.GetHub() != "":
		return domain.HubScope(LastSegment(m.GetHub()))
	case m.GetPartnership() != "":
		return domain.PartnershipScope(LastSegment(m.GetPartnership()))
	case m.GetOrganisation() != "":
		return domain.OrganisationScope(LastSegment(m.GetOrganisation()))
	}
	return domain.Scope{}
}

// Consortium converts a consortium to its API message.
func Consortium(c domain.Consortium) *directoryv1.Consortium {
	return &directoryv1.Consortium{
		Name:         c.Name(),
		DisplayName:  c.DisplayName,
		Partnerships: names("partnerships/", c.Partnerships),
		CreateTime:   timestamppb.New(c.CreateTime),
		Etag:         resource.Etag(c.Version),
	}
}

// Caller converts a caller to its API message.
func Caller(c domain.Caller) *directoryv1.Caller {
	out := &directoryv1.Caller{
		Person:                   Person(c.Person),
		PartnershipHubs:          map[string]string{},
		OrganisationPartnerships: map[string]*directoryv1.PartnershipNames{},
	}
	for _, m := range c.Memberships {
		out.Memberships = append(out.Memberships, Membership(m))
	}
	for p, h := range c.PartnershipHubs {
		out.PartnershipHubs["partnerships/"+p] = "hubs/" + h
	}
	for o, ps := range c.OrganisationPartnerships {
		out.OrganisationPartnerships["organisations/"+o] = &directoryv1.PartnershipNames{Names: names("partnerships/", ps)}
	}
	return out
}

// Problems converts import problems to their API messages.
func Problems(ps []domain.Problem) []*directoryv1.ImportProblem {
	out := make([]*directoryv1.ImportProblem, len(ps))
	for i, p := range ps {
		out[i] = &directoryv1.ImportProblem{Line: int32(p.Line), Column: p.Column, Reason: p.Reason}
	}
	return out
}

// IDs strips the collection from resource names that the request
// validation has already checked.
func IDs(names []string) []string {
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = LastSegment(n)
	}
	return ids
}

// PartnershipIDs strips the collection from partnership names that the
// request validation has already checked.
func PartnershipIDs(names []string) []string { return IDs(names) }

// LastSegment returns the id at the end of a resource name.
func LastSegment(name string) string { return name[strings.LastIndexByte(name, '/')+1:] }

func names(prefix string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = prefix + id
	}
	return out
}
