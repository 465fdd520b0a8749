package authz

import (
	"context"
	"slices"
	"strings"

	"github.com/assure-audit/assure/pkg/failure"
)

// Staff are the roles that run a partnership's audits.
var Staff = []Role{PartnershipAdmin, QAOfficer, ExecutiveViewer}

// Respondents answer audits for an organisation.
var Respondents = []Role{OrganisationLead, Contributor}

// Admins change what a partnership has.
var Admins = []Role{PartnershipAdmin}

// RespondentIn reports whether p holds one of roles in an organisation
// that belongs to partnership pid.
func (p Principal) RespondentIn(pid string, roles ...Role) bool {
	for _, m := range p.Memberships {
		if m.Organisation != "" && slices.Contains(roles, m.Role) && slices.Contains(p.OrganisationPartnerships[m.Organisation], pid) {
			return true
		}
	}
	return false
}

// NameOf returns the resource a request is about: its name, parent or
// campaign field, whichever it has.
func NameOf(req any) string { return resourceOf(req) }

// Segment returns the id after collection in a resource name, e.g.
// Segment("partnerships/p/campaigns/c", "campaigns") = "c".
func Segment(name, collection string) string {
	parts := strings.Split(name, "/")
	for i := 0; i+1 < len(parts); i += 2 {
		if parts[i] == collection {
			return parts[i+1]
		}
	}
	return ""
}

// Check is the signature of Rule.Check.
type Check func(ctx context.Context, p Principal, req any) error

// Partnership allows callers who hold one of act in the partnership of the
// request's resource. Callers who hold one of see there but none of act
// are refused; everyone else is told the resource does not exist.
func Partnership(act, see []Role) Check {
	return func(_ context.Context, p Principal, req any) error {
		name := NameOf(req)
		pid := Segment(name, "partnerships")
		switch {
		case pid != "" && p.InPartnership(pid, act...):
			return nil
		case pid != "" && p.InPartnership(pid, see...):
			return failure.PermissionDenied("your role in partnerships/%s does not allow this", pid)
		default:
			return Hidden(name)
		}
	}
}

// Either allows what any of checks allows; otherwise the answer of the
// first check stands, unless a later one found the caller may see the
// resource (then it is refused rather than hidden).
func Either(checks ...Check) Check {
	return func(ctx context.Context, p Principal, req any) error {
		var first, denied error
		for _, c := range checks {
			err := c(ctx, p, req)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
			if denied == nil && failure.KindOf(err) == failure.KindPermissionDenied {
				denied = err
			}
		}
		if denied != nil {
			return denied
		}
		return first
	}
}

// Organisation allows callers who hold one of act in the organisation
// named by the request's resource under collection (e.g. the
// "submissions" id, which is the organisation's). Callers holding one of
// see there are refused; others are told the resource does not exist.
func Organisation(collection string, act, see []Role) Check {
	return func(_ context.Context, p Principal, req any) error {
		name := NameOf(req)
		oid := Segment(name, collection)
		switch {
		case oid != "" && p.InOrganisation(oid, act...):
			return nil
		case oid != "" && p.InOrganisation(oid, see...):
			return failure.PermissionDenied("your role in organisations/%s does not allow this", oid)
		default:
			return Hidden(name)
		}
	}
}

// RespondentOfPartnership allows callers holding one of roles in any
// organisation of the request's partnership.
func RespondentOfPartnership(roles ...Role) Check {
	return func(_ context.Context, p Principal, req any) error {
		name := NameOf(req)
		if pid := Segment(name, "partnerships"); pid != "" && p.RespondentIn(pid, roles...) {
			return nil
		}
		return Hidden(name)
	}
}

// Authenticated allows any signed-in person (for calls about the caller).
func Authenticated() Check {
	return func(context.Context, Principal, any) error { return nil }
}

// Participants allows callers who hold one of act in the partnership of the
// request's resource, or in one of the partnerships others returns for it
// (those taking part in a consortium's shared campaign). Callers holding
// one of see in any of them are refused; everyone else is told the resource
// does not exist, as they are when others finds no such resource.
func Participants(others func(ctx context.Context, name string) ([]string, error), act, see []Role) Check {
	owner := Partnership(act, see)
	return func(ctx context.Context, p Principal, req any) error {
		err := owner(ctx, p, req)
		if err == nil {
			return nil
		}
		name := NameOf(req)
		ps, lerr := others(ctx, name)
		if lerr != nil {
			if failure.KindOf(lerr) == failure.KindNotFound {
				return Hidden(name)
			}
			return lerr
		}
		for _, q := range ps {
			if p.InPartnership(q, act...) {
				return nil
			}
		}
		for _, q := range ps {
			if p.InPartnership(q, see...) {
				return failure.PermissionDenied("your role in partnerships/%s does not allow this", q)
			}
		}
		return err
	}
}

// SharedView says how much of a shared campaign owned by partnership owner
// a caller sees: all of it when they hold one of roles in the owner (or
// administer its hub); otherwise the part of the first taking part where
// they hold one ("" when none).
func (p Principal) SharedView(owner string, participants []string, roles ...Role) (part string, whole bool) {
	if p.InPartnership(owner, roles...) {
		return "", true
	}
	for _, q := range participants {
		if p.InPartnership(q, roles...) {
			return q, false
		}
	}
	return "", false
}

// HubStaff allows a hub's admins and those holding one of roles in any
// partnership of the hub named by the request (hubs/{h}); everyone else is
// told it does not exist.
func HubStaff(roles ...Role) Check {
	return func(_ context.Context, p Principal, req any) error {
		hub := NameOf(req)
		hid := Segment(hub, "hubs")
		if hid == "" {
			return Hidden(hub)
		}
		if p.HubAdminOf(hid) {
			return nil
		}
		for _, pid := range p.Partnerships(roles...) {
			if p.PartnershipHubs[pid] == hid {
				return nil
			}
		}
		return Hidden(hub)
	}
}
