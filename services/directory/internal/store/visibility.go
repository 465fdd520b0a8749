package store

import "github.com/assure-audit/assure/services/directory/internal/domain"

// The conditions below select what a viewer may see. Each takes the alias
// of the table it filters and adds its parameters to a.

// hubVisible: hubs the viewer administers or hosts a partnership of theirs.
func hubVisible(a *args, v domain.Viewer, h string) string {
	return "(" + a.in(h+".id", v.AdminHubs) + " OR " + h + ".id IN (SELECT vp.hub_id FROM partnerships vp WHERE " +
		a.in("vp.id", v.MemberPartnerships) + "))"
}

// partnershipVisible: partnerships of the viewer's hubs or in which they
// hold any role.
func partnershipVisible(a *args, v domain.Viewer, p string) string {
	return "(" + a.in(p+".hub_id", v.AdminHubs) + " OR " + a.in(p+".id", v.MemberPartnerships) + ")"
}

// organisationVisible: organisations where the viewer holds a role, or of
// a partnership where they are staff or whose hub they administer.
func organisationVisible(a *args, v domain.Viewer, o string) string {
	return "(" + a.in(o+".id", v.MemberOrganisations) + " OR EXISTS (SELECT 1 FROM organisation_partnerships vop" +
		" JOIN partnerships vp ON vp.id = vop.partnership_id WHERE vop.organisation_id = " + o + ".id AND (" +
		a.in("vp.hub_id", v.AdminHubs) + " OR " + a.in("vp.id", v.StaffPartnerships) + ")))"
}

// administeredPartnerships selects the ids of the partnerships the viewer
// administers, directly or through their hub.
func administeredPartnerships(a *args, v domain.Viewer) string {
	return "SELECT ap.id FROM partnerships ap WHERE " + a.in("ap.hub_id", v.AdminHubs) + " OR " + a.in("ap.id", v.AdminPartnerships)
}

// membershipVisible: memberships in scopes the viewer administers, in the
// organisations they lead (unless adminOnly), and their own (unless
// adminOnly).
func membershipVisible(a *args, v domain.Viewer, m string, adminOnly bool) string {
	cond := "(" + a.in(m+".hub_id", v.AdminHubs) +
		" OR " + m + ".partnership_id IN (" + administeredPartnerships(a, v) + ")" +
		" OR " + m + ".organisation_id IN (SELECT aop.organisation_id FROM organisation_partnerships aop WHERE aop.partnership_id IN (" +
		administeredPartnerships(a, v) + "))"
	if !adminOnly {
		cond += " OR " + a.in(m+".organisation_id", v.LeadOrganisations) + " OR " + m + ".person_id = " + a.add(v.PersonID)
	}
	return cond + ")"
}

// personVisible: the viewer themselves (unless adminOnly) and people with a
// membership the viewer may see.
func personVisible(a *args, v domain.Viewer, p string, adminOnly bool) string {
	cond := "EXISTS (SELECT 1 FROM memberships vm WHERE vm.person_id = " + p + ".id AND " + membershipVisible(a, v, "vm", adminOnly) + ")"
	if adminOnly {
		return "(" + cond + ")"
	}
	return "(" + p + ".id = " + a.add(v.PersonID) + " OR " + cond + ")"
}
