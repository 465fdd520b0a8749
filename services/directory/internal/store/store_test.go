package store_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"testing"
	"testing/fstest"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/directory/internal/app"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/events"
	dirstore "github.com/assure-audit/assure/services/directory/internal/store"
	"github.com/assure-audit/assure/services/directory/migrations"
)

var t0 = time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC)

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantKind(t *testing.T, what string, err error, k failure.Kind) {
	t.Helper()
	if failure.KindOf(err) != k {
		t.Fatalf("%s: got %v, want %v", what, err, k)
	}
}

func ids[T any](xs []T, id func(T) string) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func personID(p domain.Person) string { return p.ID }

// TestContract runs the same cases against PostgreSQL and SQLite.
func TestContract(t *testing.T) {
	for name, db := range testinfra.Databases(t, "directory") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "directory", events.Encode)
			repo := dirstore.New(w.Writer)
			written := 0
			insert := func(err error, n int) {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
				written += n
			}

			// Hubs and partnerships.
			h1 := must[domain.Hub](t)(domain.NewHub("h1", "North Region", at(0)))
			h2 := must[domain.Hub](t)(domain.NewHub("h2", "South Region", at(1)))
			insert(repo.InsertHub(ctx, h1, nil, domain.HubCreated{Hub: h1}), 1)
			insert(repo.InsertHub(ctx, h2, nil, domain.HubCreated{Hub: h2}), 1)
			wantKind(t, "duplicate hub", repo.InsertHub(ctx, h1, nil), failure.KindAlreadyExists)
			if got, err := repo.GetHub(ctx, "h1"); err != nil || got != h1 {
				t.Fatalf("get hub: %+v %v", got, err)
			}
			north := must[domain.Partnership](t)(domain.NewPartnership("north", "h1", "Northshire", at(2)))
			east := must[domain.Partnership](t)(domain.NewPartnership("east", "h1", "Eastshire", at(3)))
			south := must[domain.Partnership](t)(domain.NewPartnership("south", "h2", "Southshire", at(4)))
			for _, p := range []domain.Partnership{north, east, south} {
				insert(repo.InsertPartnership(ctx, p, domain.PartnershipCreated{Partnership: p}), 1)
			}
			wantKind(t, "duplicate partnership", repo.InsertPartnership(ctx, north), failure.KindAlreadyExists)
			orphan := must[domain.Partnership](t)(domain.NewPartnership("x", "nowhere", "X", at(0)))
			wantKind(t, "partnership of a missing hub", repo.InsertPartnership(ctx, orphan), failure.KindNotFound)
			if got, err := repo.GetPartnership(ctx, "north"); err != nil || got != north {
				t.Fatalf("get: %+v %v", got, err)
			}
			_, err := repo.GetPartnership(ctx, "nope")
			wantKind(t, "missing partnership", err, failure.KindNotFound)
			if hubs, err := repo.PartnershipHubs(ctx, []string{"north", "south", "nope"}); err != nil ||
				!reflect.DeepEqual(hubs, map[string]string{"north": "h1", "south": "h2"}) {
				t.Fatalf("partnership hubs: %v %v", hubs, err)
			}

			// Organisations.
			police := must[domain.Organisation](t)(domain.NewOrganisation("police", "Police", domain.TypePolice, []string{"north", "south"}, "", at(5)))
			school := must[domain.Organisation](t)(domain.NewOrganisation("school", "School", domain.TypeSchool, []string{"south"}, "URN 100001", at(6)))
			for _, o := range []domain.Organisation{police, school} {
				insert(repo.InsertOrganisation(ctx, o, domain.OrganisationCreated{Organisation: o}), 1)
			}
			bad := must[domain.Organisation](t)(domain.NewOrganisation("x", "X", domain.TypeOther, []string{"missing"}, "", at(0)))
			wantKind(t, "unknown partnership", repo.InsertOrganisation(ctx, bad), failure.KindNotFound)
			o, err := repo.GetOrganisation(ctx, "police")
			if err != nil || o.DisplayName != "Police" || len(o.Partnerships) != 2 || o.Partnerships[0] != "north" || !o.CreateTime.Equal(at(5)) {
				t.Fatalf("get org: %+v %v", o, err)
			}

			// People and memberships.
			person := func(id string, s int) domain.Person {
				p := must[domain.Person](t)(domain.NewPerson(id, id+"@example.org", "Person "+id, at(s)))
				insert(repo.InsertPerson(ctx, p, domain.PersonCreated{Person: p}), 1)
				return p
			}
			hubAdmin, northAdmin, qa, lead, helper, southAdmin := person("hubby", 10), person("nora", 11), person("quinn", 12),
				person("lee", 13), person("cora", 14), person("sam", 15)
			dup := must[domain.Person](t)(domain.NewPerson("other", "NORA@example.org", "Nora again", at(16)))
			err = repo.InsertPerson(ctx, dup)
			wantKind(t, "duplicate email", err, failure.KindAlreadyExists)
			if err.Error() != "nora@example.org is already people/nora" {
				t.Fatalf("duplicate email message: %v", err)
			}
			if got, err := repo.FindPerson(ctx, "nora@example.org"); err != nil || got != northAdmin {
				t.Fatalf("find: %+v %v", got, err)
			}
			grant := func(p domain.Person, id string, r domain.Role, s domain.Scope) domain.Membership {
				m := must[domain.Membership](t)(domain.NewMembership(p.ID, id, r, s, at(20)))
				insert(repo.InsertMembership(ctx, m, domain.MembershipCreated{Membership: m}), 1)
				return m
			}
			grant(hubAdmin, "m1", domain.RoleHubAdmin, domain.HubScope("h1"))
			grant(northAdmin, "m1", domain.RolePartnershipAdmin, domain.PartnershipScope("north"))
			grant(qa, "m1", domain.RoleQAOfficer, domain.PartnershipScope("north"))
			grant(lead, "m1", domain.RoleOrganisationLead, domain.OrganisationScope("police"))
			grant(helper, "m1", domain.RoleContributor, domain.OrganisationScope("school"))
			grant(southAdmin, "m1", domain.RolePartnershipAdmin, domain.PartnershipScope("south"))
			again := must[domain.Membership](t)(domain.NewMembership(qa.ID, "m2", domain.RoleQAOfficer, domain.PartnershipScope("north"), at(21)))
			wantKind(t, "the same role twice", repo.InsertMembership(ctx, again), failure.KindAlreadyExists)
			ghost := must[domain.Membership](t)(domain.NewMembership("ghost", "m1", domain.RoleQAOfficer, domain.PartnershipScope("north"), at(21)))
			wantKind(t, "membership of a missing person", repo.InsertMembership(ctx, ghost), failure.KindNotFound)
			nowhere := must[domain.Membership](t)(domain.NewMembership(qa.ID, "m3", domain.RoleContributor, domain.OrganisationScope("nowhere"), at(21)))
			err = repo.InsertMembership(ctx, nowhere)
			if failure.KindOf(err) != failure.KindNotFound || err.Error() != "organisations/nowhere not found" {
				t.Fatalf("membership in a missing scope: %v", err)
			}
			if m, err := repo.GetMembership(ctx, "lee", "m1"); err != nil || m.Scope != domain.OrganisationScope("police") || m.Role != domain.RoleOrganisationLead {
				t.Fatalf("get membership: %+v %v", m, err)
			}

			// What each viewer sees.
			hubV := domain.Viewer{PersonID: "hubby", AdminHubs: []string{"h1"}}
			northV := domain.Viewer{PersonID: "nora", AdminPartnerships: []string{"north"}, StaffPartnerships: []string{"north"}, MemberPartnerships: []string{"north"}}
			qaV := domain.Viewer{PersonID: "quinn", StaffPartnerships: []string{"north"}, MemberPartnerships: []string{"north"}}
			leadV := domain.Viewer{PersonID: "lee", MemberOrganisations: []string{"police"}, LeadOrganisations: []string{"police"}, MemberPartnerships: []string{"north", "south"}}
			helperV := domain.Viewer{PersonID: "cora", MemberOrganisations: []string{"school"}, MemberPartnerships: []string{"south"}}
			nobody := domain.Viewer{PersonID: "nobody"}

			hubIDs := func(v domain.Viewer) []string {
				return ids(must[[]domain.Hub](t)(repo.ListHubs(ctx, v, 0, 10)), func(h domain.Hub) string { return h.ID })
			}
			partnershipIDs := func(v domain.Viewer, hub string) []string {
				return ids(must[[]domain.Partnership](t)(repo.ListPartnerships(ctx, v, hub, 0, 10)), func(p domain.Partnership) string { return p.ID })
			}
			orgIDs := func(v domain.Viewer, pid string) []string {
				return ids(must[[]domain.Organisation](t)(repo.ListOrganisations(ctx, v, pid, 0, 10)), func(o domain.Organisation) string { return o.ID })
			}
			peopleIDs := func(v domain.Viewer, f app.PeopleFilter) []string {
				return ids(must[[]domain.Person](t)(repo.ListPeople(ctx, v, f, 0, 10)), personID)
			}
			sees := []struct {
				what string
				got  []string
				want []string
			}{
				{"hubs of the hub admin", hubIDs(hubV), []string{"h1"}},
				{"hubs of a lead in both hubs", hubIDs(leadV), []string{"h1", "h2"}},
				{"hubs of nobody", hubIDs(nobody), []string{}},
				{"partnerships of the hub admin", partnershipIDs(hubV, ""), []string{"north", "east"}},
				{"partnerships of the hub admin in h2", partnershipIDs(hubV, "h2"), []string{}},
				{"partnerships of the north admin", partnershipIDs(northV, ""), []string{"north"}},
				{"partnerships of the police lead", partnershipIDs(leadV, ""), []string{"north", "south"}},
				{"organisations of the hub admin", orgIDs(hubV, ""), []string{"police"}},
				{"organisations of a QA officer", orgIDs(qaV, ""), []string{"police"}},
				{"organisations of the school's contributor", orgIDs(helperV, ""), []string{"school"}},
				{"organisations of the school's contributor in north", orgIDs(helperV, "north"), []string{}},
				{"organisations of the south admin", orgIDs(domain.Viewer{PersonID: "sam", AdminPartnerships: []string{"south"}, StaffPartnerships: []string{"south"}}, ""), []string{"police", "school"}},
				{"people of the hub admin", peopleIDs(hubV, app.PeopleFilter{}), []string{"hubby", "nora", "quinn", "lee"}},
				{"people of the north admin", peopleIDs(northV, app.PeopleFilter{}), []string{"nora", "quinn", "lee"}},
				{"people of the north admin in police", peopleIDs(northV, app.PeopleFilter{OrganisationID: "police"}), []string{"lee"}},
				{"people of the hub admin in north", peopleIDs(hubV, app.PeopleFilter{PartnershipID: "north"}), []string{"nora", "quinn", "lee"}},
				{"people of the QA officer", peopleIDs(qaV, app.PeopleFilter{}), []string{"quinn"}},
				{"people of the lead", peopleIDs(leadV, app.PeopleFilter{}), []string{"lee"}},
				{"people of nobody", peopleIDs(nobody, app.PeopleFilter{}), []string{}},
			}
			for _, s := range sees {
				if !reflect.DeepEqual(s.got, s.want) {
					t.Errorf("%s: got %v, want %v", s.what, s.got, s.want)
				}
			}
			for _, c := range []struct {
				v         domain.Viewer
				id        string
				adminOnly bool
				want      bool
			}{
				{northV, "lee", true, true}, {northV, "sam", false, false}, {leadV, "lee", false, true},
				{leadV, "lee", true, false}, {qaV, "nora", false, false}, {hubV, "sam", false, false},
			} {
				if got := must[bool](t)(repo.SeesPerson(ctx, c.v, c.id, c.adminOnly)); got != c.want {
					t.Errorf("%s sees %s (admin only %v): %v", c.v.PersonID, c.id, c.adminOnly, got)
				}
			}
			// A person in two partnerships: each admin sees only their own memberships.
			grant(lead, "m2", domain.RoleQAOfficer, domain.PartnershipScope("south"))
			ms := must[[]domain.Membership](t)(repo.ListMemberships(ctx, northV, "lee", 0, 10))
			if len(ms) != 1 || ms[0].ID != "m1" {
				t.Errorf("north admin sees lee's memberships %+v", ms)
			}
			if ms := must[[]domain.Membership](t)(repo.ListMemberships(ctx, leadV, "lee", 0, 10)); len(ms) != 2 {
				t.Errorf("lee sees own memberships %+v", ms)
			}

			// Updates under optimistic concurrency.
			renamed, err := repo.UpdatePerson(ctx, "quinn", func(p domain.Person) (domain.Person, []domain.Event, error) {
				p, err := p.Apply(domain.PersonChange{Etag: "1", Fields: []string{domain.FieldDisplayName}, DisplayName: "Quinn Q"}, at(30))
				return p, []domain.Event{domain.PersonUpdated{Person: p}}, err
			})
			if err != nil || renamed.DisplayName != "Quinn Q" || renamed.Version != 2 {
				t.Fatalf("update: %+v %v", renamed, err)
			}
			written++
			if got := must[domain.Person](t)(repo.GetPerson(ctx, "quinn")); got != renamed {
				t.Fatalf("after update: %+v", got)
			}
			_, err = repo.UpdatePerson(ctx, "quinn", func(p domain.Person) (domain.Person, []domain.Event, error) {
				p, err := p.Apply(domain.PersonChange{Etag: "1", Fields: []string{domain.FieldActive}}, at(31))
				return p, []domain.Event{domain.PersonUpdated{Person: p}}, err
			})
			wantKind(t, "stale etag", err, failure.KindConflict)

			// Deleting memberships: never the last hub admin.
			err = repo.DeleteMembership(ctx, "hubby", "m1", func(m domain.Membership) []domain.Event {
				return []domain.Event{domain.MembershipDeleted{Membership: m}}
			})
			wantKind(t, "last hub admin", err, failure.KindFailedPrecondition)
			insert(repo.DeleteMembership(ctx, "lee", "m2", func(m domain.Membership) []domain.Event {
				return []domain.Event{domain.MembershipDeleted{Membership: m}}
			}), 1)
			_, err = repo.GetMembership(ctx, "lee", "m2")
			wantKind(t, "deleted membership", err, failure.KindNotFound)
			wantKind(t, "delete twice", repo.DeleteMembership(ctx, "lee", "m2", func(domain.Membership) []domain.Event { return nil }), failure.KindNotFound)

			// The caller: memberships, partnership hubs, organisation partnerships.
			c := must[domain.Caller](t)(repo.Caller(ctx, "lee"))
			if c.Person.ID != "lee" || len(c.Memberships) != 1 ||
				!reflect.DeepEqual(c.PartnershipHubs, map[string]string{"north": "h1", "south": "h2"}) ||
				!reflect.DeepEqual(c.OrganisationPartnerships, map[string][]string{"police": {"north", "south"}}) {
				t.Fatalf("caller lee: %+v", c)
			}
			if c := must[domain.Caller](t)(repo.Caller(ctx, "hubby")); !reflect.DeepEqual(c.PartnershipHubs, map[string]string{"north": "h1", "east": "h1"}) {
				t.Fatalf("caller hubby: %+v", c)
			}

			// Consortia: partnerships of the hub only; missing and foreign alike.
			cons := must[domain.Consortium](t)(domain.NewConsortium("h1", "pair", "North and East", []string{"north", "east"}, at(40)))
			insert(repo.InsertConsortium(ctx, cons, domain.ConsortiumCreated{Consortium: cons}), 1)
			mixed := must[domain.Consortium](t)(domain.NewConsortium("h1", "mixed", "Mixed", []string{"north", "south", "nope"}, at(41)))
			err = repo.InsertConsortium(ctx, mixed)
			if f, ok := failure.As(err); !ok || len(f.Violations) != 2 || f.Violations[0].Reason != "partnerships/south is not a partnership of hubs/h1" ||
				f.Violations[1].Reason != "partnerships/nope is not a partnership of hubs/h1" || f.Violations[1].Field != "consortium.partnerships[2]" {
				t.Fatalf("foreign partnerships: %v", err)
			}
			if got := must[domain.Consortium](t)(repo.GetConsortium(ctx, "h1", "pair")); !reflect.DeepEqual(got, cons) {
				t.Fatalf("get consortium: %+v", got)
			}
			if cs := must[[]domain.Consortium](t)(repo.ListConsortia(ctx, qaV, "h1", 0, 10)); len(cs) != 1 {
				t.Fatalf("QA officer of north sees %+v", cs)
			}
			if cs := must[[]domain.Consortium](t)(repo.ListConsortia(ctx, helperV, "h1", 0, 10)); len(cs) != 0 {
				t.Fatalf("contributor of south sees %+v", cs)
			}

			// Imports: a failing plan stores nothing; a clean one stores all.
			stop := errors.New("stop")
			err = repo.ImportOrganisations(ctx, "east", func(existing []domain.Organisation) ([]domain.Organisation, error) {
				return nil, stop
			})
			if !errors.Is(err, stop) {
				t.Fatalf("stopped import: %v", err)
			}
			var seen []domain.Organisation
			err = repo.ImportOrganisations(ctx, "south", func(existing []domain.Organisation) ([]domain.Organisation, error) {
				seen = existing
				a := must[domain.Organisation](t)(domain.NewOrganisation("ash", "Ash", domain.TypeAcademy, []string{"south"}, "A1", at(50)))
				b := must[domain.Organisation](t)(domain.NewOrganisation("birch", "Birch", domain.TypeCollege, []string{"south"}, "", at(51)))
				return []domain.Organisation{a, b}, nil
			})
			if err != nil || len(seen) != 2 {
				t.Fatalf("import organisations: %v (saw %d)", err, len(seen))
			}
			written += 2
			err = repo.ImportPeople(ctx, "south", []string{"lee@example.org", "new@example.org"},
				func(orgs []domain.Organisation, known []domain.Person, held []domain.Membership) (domain.PeopleImport, error) {
					if len(orgs) != 4 || len(known) != 1 || known[0].ID != "lee" || len(held) != 1 {
						return domain.PeopleImport{}, fmt.Errorf("plan saw %d orgs, %+v, %+v", len(orgs), known, held)
					}
					p := must[domain.Person](t)(domain.NewPerson("newbie", "new@example.org", "New", at(52)))
					m1 := must[domain.Membership](t)(domain.NewMembership("newbie", "m1", domain.RoleContributor, domain.OrganisationScope("ash"), at(52)))
					m2 := must[domain.Membership](t)(domain.NewMembership("lee", "m3", domain.RoleCaseAuditor, domain.PartnershipScope("south"), at(52)))
					bad := must[domain.Membership](t)(domain.NewMembership("newbie", "m2", domain.RoleContributor, domain.OrganisationScope("nowhere"), at(52)))
					// A bad membership rolls back everything, the person included.
					return domain.PeopleImport{People: []domain.Person{p}, Memberships: []domain.Membership{m1, m2, bad}}, nil
				})
			wantKind(t, "import with a bad membership", err, failure.KindNotFound)
			_, err = repo.GetPerson(ctx, "newbie")
			wantKind(t, "nothing of a failed import", err, failure.KindNotFound)
			err = repo.ImportPeople(ctx, "south", []string{"lee@example.org", "new@example.org"},
				func(orgs []domain.Organisation, known []domain.Person, held []domain.Membership) (domain.PeopleImport, error) {
					p := must[domain.Person](t)(domain.NewPerson("newbie", "new@example.org", "New", at(52)))
					m1 := must[domain.Membership](t)(domain.NewMembership("newbie", "m1", domain.RoleContributor, domain.OrganisationScope("ash"), at(52)))
					m2 := must[domain.Membership](t)(domain.NewMembership("lee", "m3", domain.RoleCaseAuditor, domain.PartnershipScope("south"), at(52)))
					return domain.PeopleImport{People: []domain.Person{p}, Memberships: []domain.Membership{m1, m2}}, nil
				})
			if err != nil {
				t.Fatalf("import people: %v", err)
			}
			written += 3
			if ms := must[[]domain.Membership](t)(repo.ListMemberships(ctx, domain.Viewer{PersonID: "newbie"}, "newbie", 0, 10)); len(ms) != 1 {
				t.Fatalf("imported memberships %+v", ms)
			}

			// Passwords.
			if h := must[string](t)(repo.PasswordHash(ctx, "hubby")); h != "" {
				t.Fatalf("no password yet: %q", h)
			}
			if err := repo.SetPasswordHash(ctx, "hubby", "$argon2id$x"); err != nil {
				t.Fatal(err)
			}
			if h := must[string](t)(repo.PasswordHash(ctx, "hubby")); h != "$argon2id$x" {
				t.Fatalf("password hash %q", h)
			}
			wantKind(t, "password of nobody", repo.SetPasswordHash(ctx, "ghost", "x"), failure.KindNotFound)

			// Sign-in links: limited per address, used once, not after expiry.
			link := func(digest string, s int) domain.SignInLink {
				return domain.NewSignInLink(digest, northAdmin, at(s))
			}
			for i := range domain.SignInLinksPerWindow {
				if ok := must[bool](t)(repo.InsertSignInLink(ctx, link(fmt.Sprint("d", i), 100+i), at(100+i).Add(-domain.SignInLinkWindow), domain.SignInLinksPerWindow)); !ok {
					t.Fatalf("link %d refused", i)
				}
			}
			if ok := must[bool](t)(repo.InsertSignInLink(ctx, link("d9", 110), at(110).Add(-domain.SignInLinkWindow), domain.SignInLinksPerWindow)); ok {
				t.Fatal("a sixth link in the window")
			}
			later := at(100).Add(domain.SignInLinkWindow + time.Second)
			if ok := must[bool](t)(repo.InsertSignInLink(ctx, domain.NewSignInLink("late", northAdmin, later), later.Add(-domain.SignInLinkWindow), domain.SignInLinksPerWindow)); !ok {
				t.Fatal("a link after the window")
			}
			if id := must[string](t)(repo.RedeemSignInLink(ctx, "d0", at(200))); id != "nora" {
				t.Fatalf("redeemed for %q", id)
			}
			_, err = repo.RedeemSignInLink(ctx, "d0", at(201))
			wantKind(t, "second use", err, failure.KindUnauthenticated)
			_, err = repo.RedeemSignInLink(ctx, "d1", at(101).Add(domain.SignInLinkTTL))
			wantKind(t, "at expiry", err, failure.KindUnauthenticated)
			_, err = repo.RedeemSignInLink(ctx, "unknown", at(101))
			wantKind(t, "unknown link", err, failure.KindUnauthenticated)
			if id := must[string](t)(repo.RedeemSignInLink(ctx, "d2", at(102).Add(domain.SignInLinkTTL-time.Microsecond))); id != "nora" {
				t.Fatalf("just before expiry: %q", id)
			}

			// Outside identities: matched by email once, then by subject.
			if _, ok, err := repo.IdentityPerson(ctx, "https://idp", "s1"); ok || err != nil {
				t.Fatalf("unknown identity: %v %v", ok, err)
			}
			if id := must[string](t)(repo.LinkIdentity(ctx, "https://idp", "s1", "lee@example.org", at(300))); id != "lee" {
				t.Fatalf("linked %q", id)
			}
			if id := must[string](t)(repo.LinkIdentity(ctx, "https://idp", "s1", "lee@example.org", at(301))); id != "lee" {
				t.Fatalf("linked again %q", id)
			}
			if id, ok, err := repo.IdentityPerson(ctx, "https://idp", "s1"); !ok || err != nil || id != "lee" {
				t.Fatalf("identity: %v %v %v", id, ok, err)
			}
			_, err = repo.LinkIdentity(ctx, "https://idp", "s2", "stranger@example.org", at(302))
			wantKind(t, "unknown email", err, failure.KindUnauthenticated)

			// Signing keys: made once.
			made := 0
			mk := func() (app.StoredKey, error) {
				made++
				return app.StoredKey{ID: fmt.Sprint("k", made), Data: []byte(`{"v":1}`), CreateTime: at(400)}, nil
			}
			k1 := must[[]app.StoredKey](t)(repo.EnsureSigningKey(ctx, mk))
			k2 := must[[]app.StoredKey](t)(repo.EnsureSigningKey(ctx, mk))
			if made != 1 || len(k1) != 1 || !reflect.DeepEqual(k1, k2) || string(k1[0].Data) != `{"v":1}` || !k1[0].CreateTime.Equal(at(400)) {
				t.Fatalf("signing keys: made %d, %+v %+v", made, k1, k2)
			}

			// Bootstrap does nothing once there are people.
			done, err := repo.Bootstrap(ctx, func(bool) (app.BootstrapPlan, error) {
				t.Fatal("bootstrap planned with people present")
				return app.BootstrapPlan{}, nil
			})
			if done || err != nil {
				t.Fatalf("bootstrap: %v %v", done, err)
			}

			if n, _ := outbox.Pending(ctx, db); n != written {
				t.Fatalf("outbox has %d events, want %d: failed writes must record none", n, written)
			}
		})
	}
}

// TestBootstrap checks that replicas starting at once bootstrap once.
func TestBootstrap(t *testing.T) {
	for name, db := range testinfra.Databases(t, "directory") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			w := testinfra.NewOutbox(t, db, "directory", events.Encode)
			repo := dirstore.New(w.Writer)
			plan := func(n int) func(bool) (app.BootstrapPlan, error) {
				return func(hubExists bool) (app.BootstrapPlan, error) {
					p := must[domain.Person](t)(domain.NewPerson(fmt.Sprint("admin", n), "admin@localhost", "Hub admin", t0))
					m := must[domain.Membership](t)(domain.NewMembership(p.ID, "m1", domain.RoleHubAdmin, domain.HubScope(domain.DefaultHubID), t0))
					out := app.BootstrapPlan{Person: p, Membership: m, Link: domain.NewSignInLink(fmt.Sprint("digest", n), p, t0),
						Events: []domain.Event{domain.PersonCreated{Person: p}, domain.MembershipCreated{Membership: m}}}
					if !hubExists {
						h := must[domain.Hub](t)(domain.NewHub(domain.DefaultHubID, "Default hub", t0))
						out.Hub = &h
						out.Events = append(out.Events, domain.HubCreated{Hub: h})
					}
					return out, nil
				}
			}
			results := make(chan error, 4)
			dones := make(chan bool, 4)
			for i := range 4 {
				go func() {
					done, err := repo.Bootstrap(ctx, plan(i))
					results <- err
					dones <- done
				}()
			}
			count := 0
			for range 4 {
				if err := <-results; err != nil {
					t.Fatal(err)
				}
				if <-dones {
					count++
				}
			}
			if count != 1 {
				t.Fatalf("%d bootstraps", count)
			}
			hubs := must[[]domain.Hub](t)(repo.ListHubs(ctx, domain.Viewer{AdminHubs: []string{"default"}}, 0, 10))
			if len(hubs) != 1 {
				t.Fatalf("hubs %+v", hubs)
			}
			c := must[domain.Person](t)(repo.FindPerson(ctx, "admin@localhost"))
			if caller := must[domain.Caller](t)(repo.Caller(ctx, c.ID)); len(caller.Memberships) != 1 || caller.Memberships[0].Role != domain.RoleHubAdmin {
				t.Fatalf("bootstrap caller %+v", caller)
			}
			if n, _ := outbox.Pending(ctx, db); n != 3 {
				t.Fatalf("outbox has %d events, want 3", n)
			}
		})
	}
}

// TestMigrationKeepsPartnerships checks that partnerships made before hubs
// existed move to the default hub.
func TestMigrationKeepsPartnerships(t *testing.T) {
	db := testinfra.SQLite(t)
	ctx := context.Background()
	first, err := fs.ReadFile(migrations.FS, "sqlite/0001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, fstest.MapFS{"sqlite/0001_init.sql": {Data: first}}, "."); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO partnerships (id, display_name, create_time, version) VALUES ('old', 'Old', $1, 1)`, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
		t.Fatal(err)
	}
	w := testinfra.NewOutbox(t, db, "directory", events.Encode)
	repo := dirstore.New(w.Writer)
	p := must[domain.Partnership](t)(repo.GetPartnership(ctx, "old"))
	h := must[domain.Hub](t)(repo.GetHub(ctx, domain.DefaultHubID))
	if p.Hub != domain.DefaultHubID || !h.CreateTime.Equal(t0) {
		t.Fatalf("after migration: %+v %+v", p, h)
	}
}
