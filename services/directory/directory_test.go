package directory_test

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/authn"
	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory"
	jose "github.com/go-jose/go-jose/v4"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// mailbox is a Mailer that keeps the links it is given.
type mailbox struct {
	mu    sync.Mutex
	links map[string][]string
}

func (m *mailbox) SendSignInLink(_ context.Context, email, link string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.links == nil {
		m.links = map[string][]string{}
	}
	m.links[email] = append(m.links[email], link)
	return nil
}

func (m *mailbox) count(email string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.links[email])
}

// token returns the secret of the last link sent to email.
func (m *mailbox) token(t *testing.T, email string) string {
	t.Helper()
	m.mu.Lock()
	defer m.mu.Unlock()
	ls := m.links[email]
	if len(ls) == 0 {
		t.Fatalf("no link was sent to %s", email)
	}
	u, err := url.Parse(ls[len(ls)-1])
	if err != nil || !strings.HasPrefix(ls[len(ls)-1], "https://assure.test/sign-in?token=") {
		t.Fatalf("link %q: %v", ls[len(ls)-1], err)
	}
	return u.Query().Get("token")
}

// clock is a test clock that starts now and moves when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func as(token string) context.Context {
	return metadata.AppendToOutgoingContext(context.Background(), "authorization", "Bearer "+token)
}

func wantCode(t *testing.T, what string, err error, code codes.Code) {
	t.Helper()
	if status.Code(err) != code {
		t.Fatalf("%s: got %v, want %v", what, err, code)
	}
}

// wantHidden checks that asking for a foreign resource and for a missing
// one give the same NotFound answer, word for word.
func wantHidden(t *testing.T, what string, foreign, missing error, name string) {
	t.Helper()
	wantCode(t, what+" (foreign)", foreign, codes.NotFound)
	wantCode(t, what+" (missing)", missing, codes.NotFound)
	if status.Convert(foreign).Message() != name+" not found" {
		t.Fatalf("%s: foreign answer %q, want %q", what, status.Convert(foreign).Message(), name+" not found")
	}
	fm, mm := status.Convert(foreign).Message(), status.Convert(missing).Message()
	if strings.Replace(mm, strings.TrimSuffix(mm, " not found"), name, 1) != fm {
		t.Fatalf("%s: foreign %q and missing %q answers differ in shape", what, fm, mm)
	}
}

const (
	adminEmail    = "admin@example.org"
	adminPassword = "correct horse battery staple"
)

func TestDirectory(t *testing.T) {
	extKey, err := authn.GenerateSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range testinfra.Infras(t, "directory") {
		t.Run(in.Name, func(t *testing.T) {
			mail := &mailbox{}
			clk := &clock{now: time.Now().UTC()}
			ext := authn.NewIssuer("https://idp.test", "assure", extKey, time.Hour, authn.WithClock(clk.Now))
			conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*directory.Service, error) {
				return directory.New(ctx, directory.Config{
					IssuerURL: "https://assure.test", SignInLinkBase: "https://assure.test/sign-in",
					BootstrapEmail: adminEmail, BootstrapPassword: adminPassword,
				}, directory.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard(), Now: clk.Now, Mailer: mail,
					Issuers: []authn.IssuerConfig{{Issuer: "https://idp.test", Audience: "assure", Keys: authn.StaticKeys(extKey.Public())}}})
			}, func(s *directory.Service) grpcserver.Options { return grpcserver.Options{Guard: s.Guard()} })
			c := directoryv1.NewDirectoryServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, directory.Name)
			bg := context.Background()

			// Bootstrap: the first admin signs in by password and by link.
			if mail.count(adminEmail) != 1 {
				t.Fatalf("bootstrap sent %d links", mail.count(adminEmail))
			}
			tok, err := c.SignInWithPassword(bg, &directoryv1.SignInWithPasswordRequest{Email: "Admin@Example.org", Password: adminPassword})
			if err != nil || tok.GetTokenType() != "Bearer" || tok.GetAccessToken() == "" ||
				!tok.GetExpireTime().AsTime().Equal(clk.Now().Truncate(time.Second).Add(time.Hour)) {
				t.Fatalf("password sign-in: %v %v", tok, err)
			}
			_, wrong := c.SignInWithPassword(bg, &directoryv1.SignInWithPasswordRequest{Email: adminEmail, Password: "wrong password!"})
			_, unknown := c.SignInWithPassword(bg, &directoryv1.SignInWithPasswordRequest{Email: "nobody@example.org", Password: adminPassword})
			wantCode(t, "wrong password", wrong, codes.Unauthenticated)
			if status.Convert(wrong).Message() != status.Convert(unknown).Message() || status.Code(unknown) != codes.Unauthenticated {
				t.Fatalf("wrong password %v and unknown email %v answer differently", wrong, unknown)
			}
			bootLink := mail.token(t, adminEmail)
			byLink, err := c.RedeemSignInLink(bg, &directoryv1.RedeemSignInLinkRequest{Token: bootLink})
			if err != nil || byLink.GetAccessToken() == "" {
				t.Fatalf("link sign-in: %v", err)
			}
			_, err = c.RedeemSignInLink(bg, &directoryv1.RedeemSignInLinkRequest{Token: bootLink})
			wantCode(t, "second use of a link", err, codes.Unauthenticated)
			admin := as(tok.GetAccessToken())
			me, err := c.GetCaller(as(byLink.GetAccessToken()), &directoryv1.GetCallerRequest{})
			if err != nil || me.GetPerson().GetEmail() != adminEmail || len(me.GetMemberships()) != 1 ||
				me.GetMemberships()[0].GetRole() != directoryv1.Role_ROLE_HUB_ADMIN || me.GetMemberships()[0].GetHub() != "hubs/default" {
				t.Fatalf("bootstrap caller: %v %v", me, err)
			}

			// No token, a forged token: refused. The signing keys are public.
			_, err = c.ListHubs(bg, &directoryv1.ListHubsRequest{})
			wantCode(t, "no token", err, codes.Unauthenticated)
			_, err = c.ListHubs(as(tok.GetAccessToken()+"x"), &directoryv1.ListHubsRequest{})
			wantCode(t, "tampered token", err, codes.Unauthenticated)
			keys, err := c.GetSigningKeys(bg, &directoryv1.GetSigningKeysRequest{})
			var set jose.JSONWebKeySet
			if err != nil || json.Unmarshal([]byte(keys.GetKeysJson()), &set) != nil || len(set.Keys) != 1 || !set.Keys[0].IsPublic() {
				t.Fatalf("signing keys: %v %v", keys, err)
			}

			// The hub admin builds the directory.
			mustDo := func(what string, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			partnership := func(ctx context.Context, id, hub string) error {
				_, err := c.CreatePartnership(ctx, &directoryv1.CreatePartnershipRequest{PartnershipId: id,
					Partnership: &directoryv1.Partnership{DisplayName: strings.ToUpper(id[:1]) + id[1:] + "shire", Hub: hub}})
				return err
			}
			mustDo("north", partnership(admin, "north", "hubs/default"))
			mustDo("south", partnership(admin, "south", "hubs/default"))
			_, err = c.CreateHub(admin, &directoryv1.CreateHubRequest{HubId: "other", Hub: &directoryv1.Hub{DisplayName: "Other region"}})
			mustDo("hub", err)
			mustDo("west", partnership(admin, "west", "hubs/other"))
			org := func(ctx context.Context, id string, typ directoryv1.OrganisationType, ref string, parts ...string) error {
				_, err := c.CreateOrganisation(ctx, &directoryv1.CreateOrganisationRequest{OrganisationId: id,
					Organisation: &directoryv1.Organisation{DisplayName: id, Type: typ, ExternalRef: ref, Partnerships: parts}})
				return err
			}
			mustDo("police", org(admin, "police", directoryv1.OrganisationType_ORGANISATION_TYPE_POLICE, "", "partnerships/north", "partnerships/south"))
			mustDo("school", org(admin, "school", directoryv1.OrganisationType_ORGANISATION_TYPE_SCHOOL, "100001", "partnerships/south"))
			person := func(id string) {
				t.Helper()
				p, err := c.CreatePerson(admin, &directoryv1.CreatePersonRequest{PersonId: id,
					Person: &directoryv1.Person{Email: strings.ToUpper(id[:1]) + id[1:] + "@Example.org", DisplayName: "Person " + id}})
				if err != nil || p.GetEmail() != id+"@example.org" || !p.GetActive() || p.GetEtag() != "1" {
					t.Fatalf("person %s: %v %v", id, p, err)
				}
			}
			grant := func(ctx context.Context, personID string, role directoryv1.Role, m *directoryv1.Membership) (*directoryv1.Membership, error) {
				m.Role = role
				return c.CreateMembership(ctx, &directoryv1.CreateMembershipRequest{Parent: "people/" + personID, Membership: m})
			}
			inP := func(p string) *directoryv1.Membership {
				return &directoryv1.Membership{Scope: &directoryv1.Membership_Partnership{Partnership: "partnerships/" + p}}
			}
			inO := func(o string) *directoryv1.Membership {
				return &directoryv1.Membership{Scope: &directoryv1.Membership_Organisation{Organisation: "organisations/" + o}}
			}
			inH := func(h string) *directoryv1.Membership {
				return &directoryv1.Membership{Scope: &directoryv1.Membership_Hub{Hub: "hubs/" + h}}
			}
			for _, id := range []string{"nora", "quinn", "lee", "cora", "sam", "olga", "sid"} {
				person(id)
			}
			_, err = c.CreatePerson(admin, &directoryv1.CreatePersonRequest{Person: &directoryv1.Person{Email: "NORA@example.org", DisplayName: "Again"}})
			wantCode(t, "duplicate email", err, codes.AlreadyExists)
			var quinnQA *directoryv1.Membership
			for _, g := range []struct {
				person string
				role   directoryv1.Role
				scope  *directoryv1.Membership
			}{
				{"nora", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, inP("north")},
				{"quinn", directoryv1.Role_ROLE_QA_OFFICER, inP("north")},
				{"lee", directoryv1.Role_ROLE_ORGANISATION_LEAD, inO("police")},
				{"cora", directoryv1.Role_ROLE_CONTRIBUTOR, inO("school")},
				{"sam", directoryv1.Role_ROLE_PARTNERSHIP_ADMIN, inP("south")},
				{"olga", directoryv1.Role_ROLE_HUB_ADMIN, inH("other")},
			} {
				m, err := grant(admin, g.person, g.role, g.scope)
				mustDo("grant "+g.person, err)
				if g.person == "quinn" {
					quinnQA = m
				}
			}
			_, err = grant(admin, "quinn", directoryv1.Role_ROLE_QA_OFFICER, inP("north"))
			wantCode(t, "the same role twice", err, codes.AlreadyExists)
			_, err = grant(admin, "quinn", directoryv1.Role_ROLE_CONTRIBUTOR, inP("north"))
			if !testinfra.FieldViolations(t, err)["membership.partnership"] {
				t.Fatalf("contributor in a partnership: %v", err)
			}

			// Everyone signs in by link; the answer never tells whether the address is known.
			signIn := func(email string) context.Context {
				t.Helper()
				if _, err := c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: email}); err != nil {
					t.Fatalf("request link for %s: %v", email, err)
				}
				tok, err := c.RedeemSignInLink(bg, &directoryv1.RedeemSignInLinkRequest{Token: mail.token(t, email)})
				if err != nil {
					t.Fatalf("redeem link for %s: %v", email, err)
				}
				return as(tok.GetAccessToken())
			}
			nora, quinn, lee, cora, sam, olga := signIn("nora@example.org"), signIn("quinn@example.org"), signIn("lee@example.org"),
				signIn("cora@example.org"), signIn("sam@example.org"), signIn("olga@example.org")
			if _, err := c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: "stranger@example.org"}); err != nil {
				t.Fatalf("unknown address answered %v", err)
			}
			if mail.count("stranger@example.org") != 0 {
				t.Fatal("a link went to an unknown address")
			}

			// Links expire after 15 minutes.
			_, err = c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: "cora@example.org"})
			mustDo("link for cora", err)
			stale := mail.token(t, "cora@example.org")
			clk.advance(15*time.Minute + time.Second)
			_, err = c.RedeemSignInLink(bg, &directoryv1.RedeemSignInLinkRequest{Token: stale})
			wantCode(t, "expired link", err, codes.Unauthenticated)
			// At most five links per address in 15 minutes, and the same answer after.
			before := mail.count("cora@example.org")
			for range 7 {
				_, err := c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: "cora@example.org"})
				mustDo("link request", err)
			}
			if got := mail.count("cora@example.org") - before; got != 5 {
				t.Fatalf("%d links sent in one window, want 5", got)
			}

			// Who may create what.
			mustDo("partnership admin adds an organisation", org(nora, "hospital", directoryv1.OrganisationType_ORGANISATION_TYPE_HEALTH_TRUST, "", "partnerships/north"))
			wantCode(t, "QA officer adds an organisation",
				org(quinn, "x1", directoryv1.OrganisationType_ORGANISATION_TYPE_OTHER, "", "partnerships/north"), codes.PermissionDenied)
			wantHidden(t, "organisation in another partnership",
				org(nora, "x2", directoryv1.OrganisationType_ORGANISATION_TYPE_OTHER, "", "partnerships/south"),
				org(nora, "x2", directoryv1.OrganisationType_ORGANISATION_TYPE_OTHER, "", "partnerships/nowhere"), "partnerships/south")
			wantCode(t, "partnership admin adds a partnership", partnership(nora, "east", "hubs/default"), codes.PermissionDenied)
			wantHidden(t, "partnership in another hub", partnership(olga, "east", "hubs/default"),
				partnership(olga, "east", "hubs/nowhere"), "hubs/default")
			_, err = c.CreateHub(nora, &directoryv1.CreateHubRequest{Hub: &directoryv1.Hub{DisplayName: "Mine"}})
			wantCode(t, "partnership admin adds a hub", err, codes.PermissionDenied)
			_, err = c.CreatePerson(lee, &directoryv1.CreatePersonRequest{Person: &directoryv1.Person{Email: "x@example.org", DisplayName: "X"}})
			wantCode(t, "organisation lead adds a person", err, codes.PermissionDenied)
			_, err = grant(nora, "quinn", directoryv1.Role_ROLE_HUB_ADMIN, inH("default"))
			wantCode(t, "partnership admin grants hub admin", err, codes.PermissionDenied)
			_, foreign := grant(nora, "quinn", directoryv1.Role_ROLE_CONTRIBUTOR, inO("school"))
			_, missing := grant(nora, "quinn", directoryv1.Role_ROLE_CONTRIBUTOR, inO("nowhere"))
			wantHidden(t, "role in another partnership's organisation", foreign, missing, "organisations/school")
			_, err = grant(nora, "cora", directoryv1.Role_ROLE_EXECUTIVE_VIEWER, inP("north"))
			mustDo("partnership admin grants a role in their partnership", err)
			_, err = grant(quinn, "lee", directoryv1.Role_ROLE_EXECUTIVE_VIEWER, inP("north"))
			wantCode(t, "QA officer grants a role", err, codes.PermissionDenied)

			// The senior contact, to whom overdue returns are escalated, is
			// held in an organisation and given as the organisation lead is.
			sidSC, err := grant(nora, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inO("police"))
			if err != nil || sidSC.GetRole() != directoryv1.Role_ROLE_SENIOR_CONTACT || sidSC.GetOrganisation() != "organisations/police" ||
				!strings.HasPrefix(sidSC.GetName(), "people/sid/memberships/") {
				t.Fatalf("partnership admin grants senior contact in one of its organisations: %v %v", sidSC, err)
			}
			_, err = grant(nora, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inO("police"))
			wantCode(t, "senior contact twice", err, codes.AlreadyExists)
			_, foreign = grant(nora, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inO("school"))
			_, missing = grant(nora, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inO("nowhere"))
			wantHidden(t, "senior contact in another partnership's organisation", foreign, missing, "organisations/school")
			_, err = grant(lee, "cora", directoryv1.Role_ROLE_SENIOR_CONTACT, inO("police"))
			wantCode(t, "organisation lead grants senior contact", err, codes.PermissionDenied)
			_, err = grant(admin, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inP("north"))
			if !testinfra.FieldViolations(t, err)["membership.partnership"] ||
				!strings.Contains(status.Convert(err).Message(), "a senior contact is held in an organisation, not in a partnership") {
				t.Fatalf("senior contact in a partnership: %v", err)
			}
			_, err = grant(admin, "sid", directoryv1.Role_ROLE_SENIOR_CONTACT, inH("default"))
			if !testinfra.FieldViolations(t, err)["membership.hub"] {
				t.Fatalf("senior contact in a hub: %v", err)
			}
			sid := signIn("sid@example.org")
			sms, err := c.ListMemberships(nora, &directoryv1.ListMembershipsRequest{Parent: "people/sid"})
			if err != nil || len(sms.GetMemberships()) != 1 || !proto.Equal(sms.GetMemberships()[0], sidSC) {
				t.Fatalf("memberships of the senior contact: %v %v", sms, err)
			}
			sms, err = c.ListMemberships(sid, &directoryv1.ListMembershipsRequest{Parent: "people/sid"})
			if err != nil || len(sms.GetMemberships()) != 1 || sms.GetMemberships()[0].GetRole() != directoryv1.Role_ROLE_SENIOR_CONTACT {
				t.Fatalf("the senior contact's own memberships: %v %v", sms, err)
			}
			_, err = c.GetOrganisation(sid, &directoryv1.GetOrganisationRequest{Name: "organisations/police"})
			mustDo("a senior contact reads their organisation", err)
			_, err = c.GetPartnership(sid, &directoryv1.GetPartnershipRequest{Name: "partnerships/south"})
			mustDo("a senior contact reads the partnerships of their organisation", err)
			_, foreign = c.GetOrganisation(sid, &directoryv1.GetOrganisationRequest{Name: "organisations/school"})
			_, missing = c.GetOrganisation(sid, &directoryv1.GetOrganisationRequest{Name: "organisations/nowhere"})
			wantHidden(t, "a senior contact reads another organisation", foreign, missing, "organisations/school")
			_, foreign = c.GetPartnership(sid, &directoryv1.GetPartnershipRequest{Name: "partnerships/west"})
			_, missing = c.GetPartnership(sid, &directoryv1.GetPartnershipRequest{Name: "partnerships/nowhere"})
			wantHidden(t, "a senior contact reads another partnership", foreign, missing, "partnerships/west")
			_, err = c.CreatePerson(sid, &directoryv1.CreatePersonRequest{Person: &directoryv1.Person{Email: "x@example.org", DisplayName: "X"}})
			wantCode(t, "senior contact adds a person", err, codes.PermissionDenied)
			sc, err := c.GetCaller(sid, &directoryv1.GetCallerRequest{})
			mustDo("senior contact caller", err)
			if sp := directory.PrincipalFromCaller(sc); len(sp.Memberships) != 1 || !sp.InOrganisation("police", authz.SeniorContact) ||
				sp.InOrganisation("police", authz.Respondents...) || sp.RespondentIn("north", authz.Respondents...) ||
				sp.InPartnership("north", authz.Staff...) || !slices.Equal(sp.OrganisationPartnerships["police"], []string{"north", "south"}) {
				t.Fatalf("principal of the senior contact: %+v from %v", sp, sc)
			}

			// Who may read what: foreign answers exactly as missing.
			_, foreign = c.GetPartnership(nora, &directoryv1.GetPartnershipRequest{Name: "partnerships/south"})
			_, missing = c.GetPartnership(nora, &directoryv1.GetPartnershipRequest{Name: "partnerships/nowhere"})
			wantHidden(t, "foreign partnership", foreign, missing, "partnerships/south")
			_, err = c.GetPartnership(lee, &directoryv1.GetPartnershipRequest{Name: "partnerships/south"})
			mustDo("a lead reads the partnerships of their organisation", err)
			_, err = c.GetOrganisation(lee, &directoryv1.GetOrganisationRequest{Name: "organisations/police"})
			mustDo("a lead reads their organisation", err)
			_, foreign = c.GetOrganisation(lee, &directoryv1.GetOrganisationRequest{Name: "organisations/school"})
			_, missing = c.GetOrganisation(lee, &directoryv1.GetOrganisationRequest{Name: "organisations/nowhere"})
			wantHidden(t, "another organisation", foreign, missing, "organisations/school")
			_, foreign = c.GetPerson(nora, &directoryv1.GetPersonRequest{Name: "people/sam"})
			_, missing = c.GetPerson(nora, &directoryv1.GetPersonRequest{Name: "people/ghost"})
			wantHidden(t, "a person of another partnership", foreign, missing, "people/sam")
			_, err = c.GetPerson(nora, &directoryv1.GetPersonRequest{Name: "people/lee"})
			mustDo("partnership admin reads a lead of one of its organisations", err)
			_, foreign = c.GetHub(olga, &directoryv1.GetHubRequest{Name: "hubs/default"})
			_, missing = c.GetHub(olga, &directoryv1.GetHubRequest{Name: "hubs/nowhere"})
			wantHidden(t, "another hub", foreign, missing, "hubs/default")
			_, foreign = c.ListMemberships(olga, &directoryv1.ListMembershipsRequest{Parent: "people/nora"})
			_, missing = c.ListMemberships(olga, &directoryv1.ListMembershipsRequest{Parent: "people/ghost"})
			wantHidden(t, "memberships of a foreign person", foreign, missing, "people/nora")
			_, foreign = c.ListOrganisations(sam, &directoryv1.ListOrganisationsRequest{Partnership: "partnerships/north"})
			_, missing = c.ListOrganisations(sam, &directoryv1.ListOrganisationsRequest{Partnership: "partnerships/nowhere"})
			wantHidden(t, "organisations of a foreign partnership", foreign, missing, "partnerships/north")

			// Lists show only what the caller may see.
			names := func(xs []string) string { sort.Strings(xs); return strings.Join(xs, " ") }
			listPartnerships := func(ctx context.Context) string {
				r, err := c.ListPartnerships(ctx, &directoryv1.ListPartnershipsRequest{})
				mustDo("list partnerships", err)
				var out []string
				for _, p := range r.GetPartnerships() {
					out = append(out, p.GetName())
				}
				return names(out)
			}
			listPeople := func(ctx context.Context, req *directoryv1.ListPeopleRequest) string {
				r, err := c.ListPeople(ctx, req)
				mustDo("list people", err)
				var out []string
				for _, p := range r.GetPeople() {
					out = append(out, p.GetName())
				}
				return names(out)
			}
			listOrgs := func(ctx context.Context) string {
				r, err := c.ListOrganisations(ctx, &directoryv1.ListOrganisationsRequest{})
				mustDo("list organisations", err)
				var out []string
				for _, o := range r.GetOrganisations() {
					out = append(out, o.GetName())
				}
				return names(out)
			}
			for _, l := range []struct{ what, got, want string }{
				{"partnerships of the hub admin", listPartnerships(admin), "partnerships/north partnerships/south partnerships/west"},
				{"partnerships of the other hub's admin", listPartnerships(olga), "partnerships/west"},
				{"partnerships of the north admin", listPartnerships(nora), "partnerships/north"},
				{"partnerships of the police lead", listPartnerships(lee), "partnerships/north partnerships/south"},
				{"organisations of the north QA officer", listOrgs(quinn), "organisations/hospital organisations/police"},
				{"organisations of the school contributor", listOrgs(cora), "organisations/hospital organisations/police organisations/school"},
				{"organisations of the other hub's admin", listOrgs(olga), ""},
				{"people of the north admin", listPeople(nora, &directoryv1.ListPeopleRequest{}), "people/cora people/lee people/nora people/quinn people/sid"},
				{"people of the north admin in police", listPeople(nora, &directoryv1.ListPeopleRequest{Organisation: "organisations/police"}), "people/lee people/sid"},
				{"people of the police lead", listPeople(lee, &directoryv1.ListPeopleRequest{}), "people/lee people/sid"},
				{"partnerships of the police senior contact", listPartnerships(sid), "partnerships/north partnerships/south"},
				{"organisations of the police senior contact", listOrgs(sid), "organisations/police"},
				{"people of the police senior contact", listPeople(sid, &directoryv1.ListPeopleRequest{}), "people/sid"},
				{"people of the police senior contact in police", listPeople(sid, &directoryv1.ListPeopleRequest{Organisation: "organisations/police"}), "people/sid"},
				{"people of the QA officer", listPeople(quinn, &directoryv1.ListPeopleRequest{}), "people/quinn"},
			} {
				if l.got != l.want {
					t.Errorf("%s: got %q, want %q", l.what, l.got, l.want)
				}
			}
			ms, err := c.ListMemberships(nora, &directoryv1.ListMembershipsRequest{Parent: "people/cora"})
			if err != nil || len(ms.GetMemberships()) != 1 || ms.GetMemberships()[0].GetPartnership() != "partnerships/north" {
				t.Fatalf("north admin sees cora's memberships in south: %v %v", ms, err)
			}

			// People update themselves and are deactivated by their admins.
			self, err := c.GetPerson(quinn, &directoryv1.GetPersonRequest{Name: "people/quinn"})
			mustDo("read self", err)
			self.DisplayName = "Quinn Q"
			// The mask may name the field as in JSON.
			renamed, err := c.UpdatePerson(quinn, &directoryv1.UpdatePersonRequest{Person: self, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"displayName"}}})
			if err != nil || renamed.GetDisplayName() != "Quinn Q" || renamed.GetEtag() != "2" {
				t.Fatalf("rename self: %v %v", renamed, err)
			}
			_, err = c.UpdatePerson(quinn, &directoryv1.UpdatePersonRequest{Person: self, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}})
			wantCode(t, "stale etag", err, codes.Aborted)
			_, err = c.UpdatePerson(quinn, &directoryv1.UpdatePersonRequest{Person: renamed, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"active"}}})
			wantCode(t, "deactivate self", err, codes.PermissionDenied)
			_, err = c.UpdatePerson(quinn, &directoryv1.UpdatePersonRequest{Person: renamed, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"Active"}}})
			wantCode(t, "deactivate self, naming the field otherwise", err, codes.PermissionDenied)
			_, err = c.UpdatePerson(quinn, &directoryv1.UpdatePersonRequest{Person: renamed, UpdateMask: &fieldmaskpb.FieldMask{}})
			if !testinfra.FieldViolations(t, err)["update_mask"] {
				t.Fatalf("empty mask: %v", err)
			}
			_, err = c.UpdatePerson(lee, &directoryv1.UpdatePersonRequest{Person: renamed, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}})
			wantCode(t, "a lead renames someone else", err, codes.NotFound)
			off := &directoryv1.Person{Name: "people/quinn", Etag: renamed.GetEtag(), Active: false}
			deactivated, err := c.UpdatePerson(nora, &directoryv1.UpdatePersonRequest{Person: off, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"active"}}})
			if err != nil || deactivated.GetActive() || deactivated.GetDisplayName() != "Quinn Q" {
				t.Fatalf("deactivate: %v %v", deactivated, err)
			}
			_, err = c.GetCaller(quinn, &directoryv1.GetCallerRequest{})
			wantCode(t, "token of a deactivated person", err, codes.Unauthenticated)
			sent := mail.count("quinn@example.org")
			_, err = c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: "quinn@example.org"})
			if err != nil || mail.count("quinn@example.org") != sent {
				t.Fatalf("link for a deactivated person: %v", err)
			}
			_, err = c.DeleteMembership(sam, &directoryv1.DeleteMembershipRequest{Name: quinnQA.GetName()})
			wantCode(t, "foreign admin deletes a membership", err, codes.NotFound)
			_, err = c.DeleteMembership(nora, &directoryv1.DeleteMembershipRequest{Name: quinnQA.GetName()})
			mustDo("admin deletes a membership", err)
			_, err = c.DeleteMembership(nora, &directoryv1.DeleteMembershipRequest{Name: quinnQA.GetName()})
			wantCode(t, "deleted twice", err, codes.NotFound)

			// Passwords are for admins.
			_, err = c.SetPassword(nora, &directoryv1.SetPasswordRequest{Password: "short"})
			if !testinfra.FieldViolations(t, err)["password"] {
				t.Fatalf("short password: %v", err)
			}
			_, err = c.SetPassword(nora, &directoryv1.SetPasswordRequest{Password: "nora's long password"})
			mustDo("set password", err)
			_, err = c.SignInWithPassword(bg, &directoryv1.SignInWithPasswordRequest{Email: "nora@example.org", Password: "nora's long password"})
			mustDo("admin signs in with a password", err)
			_, err = c.SetPassword(lee, &directoryv1.SetPasswordRequest{Password: "lee's long password"})
			wantCode(t, "a lead sets a password", err, codes.FailedPrecondition)

			// Consortia.
			cons, err := c.CreateConsortium(admin, &directoryv1.CreateConsortiumRequest{Parent: "hubs/default", ConsortiumId: "pair",
				Consortium: &directoryv1.Consortium{DisplayName: "North and South", Partnerships: []string{"partnerships/north", "partnerships/south"}}})
			if err != nil || cons.GetName() != "hubs/default/consortia/pair" {
				t.Fatalf("consortium: %v %v", cons, err)
			}
			_, err = c.CreateConsortium(admin, &directoryv1.CreateConsortiumRequest{Parent: "hubs/default",
				Consortium: &directoryv1.Consortium{DisplayName: "Across hubs", Partnerships: []string{"partnerships/north", "partnerships/west"}}})
			if !testinfra.FieldViolations(t, err)["consortium.partnerships[1]"] {
				t.Fatalf("partnership of another hub: %v", err)
			}
			_, err = c.CreateConsortium(nora, &directoryv1.CreateConsortiumRequest{Parent: "hubs/default",
				Consortium: &directoryv1.Consortium{DisplayName: "Mine", Partnerships: []string{"partnerships/north", "partnerships/south"}}})
			wantCode(t, "partnership admin creates a consortium", err, codes.PermissionDenied)
			_, err = c.GetConsortium(nora, &directoryv1.GetConsortiumRequest{Name: "hubs/default/consortia/pair"})
			mustDo("a member of one of its partnerships reads a consortium", err)
			_, foreign = c.GetConsortium(olga, &directoryv1.GetConsortiumRequest{Name: "hubs/default/consortia/pair"})
			_, missing = c.GetConsortium(olga, &directoryv1.GetConsortiumRequest{Name: "hubs/default/consortia/nowhere"})
			wantHidden(t, "consortium of another hub", foreign, missing, "hubs/default/consortia/pair")
			cl, err := c.ListConsortia(sam, &directoryv1.ListConsortiaRequest{Parent: "hubs/default"})
			if err != nil || len(cl.GetConsortia()) != 1 {
				t.Fatalf("list consortia: %v %v", cl, err)
			}

			// Imports: a dry run reports every problem; a dirty file imports nothing; a clean one all.
			countOrgs := func() int {
				r, err := c.ListOrganisations(admin, &directoryv1.ListOrganisationsRequest{Partnership: "partnerships/north"})
				mustDo("count organisations", err)
				return len(r.GetOrganisations())
			}
			orgsBefore := countOrgs()
			dirty := []byte("display_name,type,external_ref\nOak Primary,school,200001\n,school,200002\nElm Nursery,creche,200003\nAsh Academy,academy,200001\n")
			problems := func(ps []*directoryv1.ImportProblem) string {
				var out []string
				for _, p := range ps {
					out = append(out, strings.Join([]string{itoa(p.GetLine()), p.GetColumn()}, ":"))
				}
				return strings.Join(out, " ")
			}
			for _, dry := range []bool{true, false} {
				r, err := c.ImportOrganisations(nora, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: dirty, DryRun: dry})
				if err != nil || r.GetImported() || r.GetRowCount() != 4 || problems(r.GetProblems()) != "3:display_name 4:type 5:external_ref" {
					t.Fatalf("dirty import (dry run %v): %v %v", dry, r, err)
				}
			}
			clean := []byte("Display Name,Type,External Ref\r\nOak Primary,School,200001\r\nElm Nursery,Early Years,200003\r\n")
			r, err := c.ImportOrganisations(nora, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean, DryRun: true})
			if err != nil || r.GetImported() || len(r.GetProblems()) != 0 || len(r.GetOrganisations()) != 2 || countOrgs() != orgsBefore {
				t.Fatalf("clean dry run: %v %v", r, err)
			}
			r, err = c.ImportOrganisations(nora, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean})
			if err != nil || !r.GetImported() || len(r.GetOrganisations()) != 2 || countOrgs() != orgsBefore+2 {
				t.Fatalf("clean import: %v %v", r, err)
			}
			r, err = c.ImportOrganisations(nora, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean})
			if err != nil || r.GetImported() || problems(r.GetProblems()) != "2:external_ref 3:external_ref" {
				t.Fatalf("the same file again: %v %v", r, err)
			}
			_, err = c.ImportOrganisations(quinn, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean})
			wantCode(t, "deactivated QA officer imports", err, codes.Unauthenticated)
			_, err = c.ImportOrganisations(cora, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean})
			wantCode(t, "executive viewer imports", err, codes.PermissionDenied)
			_, foreign = c.ImportOrganisations(sam, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/north", Csv: clean})
			_, missing = c.ImportOrganisations(sam, &directoryv1.ImportOrganisationsRequest{Parent: "partnerships/nowhere", Csv: clean})
			wantHidden(t, "import into another partnership", foreign, missing, "partnerships/north")

			people := []byte("email,display_name,role,organisation\n" +
				"head@oak.example,Oak Head,organisation lead,200001\n" +
				"lee@example.org,Person lee,contributor,200003\n" +
				"new.qa@example.org,New QA,qa officer,\n" +
				"helper@elm.example,Elm Helper,contributor,999999\n" +
				"dsl@oak.example,Oak DSL,Senior Safeguarding Contact,200001\n")
			pr, err := c.ImportPeople(nora, &directoryv1.ImportPeopleRequest{Parent: "partnerships/north", Csv: people})
			if err != nil || pr.GetImported() || problems(pr.GetProblems()) != "5:organisation" {
				t.Fatalf("dirty people import: %v %v", pr, err)
			}
			_, err = c.RequestSignInLink(bg, &directoryv1.RequestSignInLinkRequest{Email: "head@oak.example"})
			if err != nil || mail.count("head@oak.example") != 0 {
				t.Fatalf("a dirty import added someone: %v", err)
			}
			people = []byte(strings.Replace(string(people), "999999", "200003", 1))
			pr, err = c.ImportPeople(nora, &directoryv1.ImportPeopleRequest{Parent: "partnerships/north", Csv: people, DryRun: true})
			if err != nil || pr.GetImported() || len(pr.GetProblems()) != 0 || pr.GetPeopleCreated() != 4 || pr.GetMembershipsCreated() != 5 {
				t.Fatalf("clean people dry run: %v %v", pr, err)
			}
			pr, err = c.ImportPeople(nora, &directoryv1.ImportPeopleRequest{Parent: "partnerships/north", Csv: people})
			if err != nil || !pr.GetImported() || pr.GetPeopleCreated() != 4 || pr.GetMembershipsCreated() != 5 || pr.GetRowCount() != 5 {
				t.Fatalf("clean people import: %v %v", pr, err)
			}
			head := signIn("head@oak.example")
			hc, err := c.GetCaller(head, &directoryv1.GetCallerRequest{})
			if err != nil || len(hc.GetMemberships()) != 1 || hc.GetMemberships()[0].GetRole() != directoryv1.Role_ROLE_ORGANISATION_LEAD ||
				hc.GetPartnershipHubs()["partnerships/north"] != "hubs/default" {
				t.Fatalf("imported lead: %v %v", hc, err)
			}
			dc, err := c.GetCaller(signIn("dsl@oak.example"), &directoryv1.GetCallerRequest{})
			if err != nil || len(dc.GetMemberships()) != 1 || dc.GetMemberships()[0].GetRole() != directoryv1.Role_ROLE_SENIOR_CONTACT ||
				dc.GetMemberships()[0].GetOrganisation() != hc.GetMemberships()[0].GetOrganisation() {
				t.Fatalf("imported senior contact: %v %v", dc, err)
			}
			pr, err = c.ImportPeople(nora, &directoryv1.ImportPeopleRequest{Parent: "partnerships/north", DryRun: true,
				Csv: []byte("email,display_name,role,organisation\nx@oak.example,X,senior contact,\ny@oak.example,Y,designated safeguarding lead,200001\n")})
			if err != nil || pr.GetImported() || problems(pr.GetProblems()) != "2:organisation 3:role" {
				t.Fatalf("senior contact without an organisation, and a name that is no role: %v %v", pr, err)
			}

			// GetCaller gives what other services need for their principals.
			lc, err := c.GetCaller(lee, &directoryv1.GetCallerRequest{})
			mustDo("caller", err)
			p := directory.PrincipalFromCaller(lc)
			if p.PersonID != "lee" || p.Email != "lee@example.org" || len(p.Memberships) != 2 ||
				!p.InOrganisation("police", authz.OrganisationLead) || !p.RespondentIn("south", authz.OrganisationLead) ||
				p.PartnershipHubs["south"] != "default" || !slices.Equal(p.OrganisationPartnerships["police"], []string{"north", "south"}) {
				t.Fatalf("principal of lee: %+v from %v", p, lc)
			}
			ac, err := c.GetCaller(admin, &directoryv1.GetCallerRequest{})
			mustDo("admin caller", err)
			if ap := directory.PrincipalFromCaller(ac); !ap.InPartnership("north", authz.PartnershipAdmin) || !ap.HubAdminOf("other") {
				t.Fatalf("principal of the hub admin: %+v", ap)
			}

			// An outside provider's token: matched by email on first sight, then by subject.
			extTok, _, err := ext.Issue("ext-lee", "LEE@example.org", "Lee")
			mustDo("outside token", err)
			xc, err := c.GetCaller(as(extTok), &directoryv1.GetCallerRequest{})
			if err != nil || xc.GetPerson().GetName() != "people/lee" {
				t.Fatalf("outside sign-in: %v %v", xc, err)
			}
			strangerTok, _, _ := ext.Issue("ext-x", "stranger@example.org", "X")
			_, err = c.GetCaller(as(strangerTok), &directoryv1.GetCallerRequest{})
			wantCode(t, "outside token of an unknown person", err, codes.Unauthenticated)

			// Bad input is InvalidArgument naming the fields, never Internal.
			_, err = c.CreatePerson(admin, &directoryv1.CreatePersonRequest{Person: &directoryv1.Person{Email: "not-an-email"}})
			fields := testinfra.FieldViolations(t, err)
			if !fields["person.email"] {
				t.Errorf("bad email: %v", fields)
			}
			_, err = c.CreatePerson(admin, &directoryv1.CreatePersonRequest{Person: &directoryv1.Person{}})
			fields = testinfra.FieldViolations(t, err)
			if !fields["person.email"] || !fields["person.display_name"] {
				t.Errorf("empty person: %v", fields)
			}
			_, err = c.CreateMembership(admin, &directoryv1.CreateMembershipRequest{Parent: "people/lee", Membership: &directoryv1.Membership{}})
			fields = testinfra.FieldViolations(t, err)
			if !fields["membership.role"] || !fields["membership.scope"] {
				t.Errorf("empty membership: %v", fields)
			}
			_, err = c.CreatePartnership(admin, &directoryv1.CreatePartnershipRequest{Partnership: &directoryv1.Partnership{DisplayName: "X"}})
			if !testinfra.FieldViolations(t, err)["partnership.hub"] {
				t.Errorf("partnership without a hub: %v", err)
			}
			_, err = c.ListPeople(admin, &directoryv1.ListPeopleRequest{Partnership: "partnerships/north", Organisation: "organisations/police"})
			wantCode(t, "both filters", err, codes.InvalidArgument)

			// Only admins take a senior contact's role away.
			_, err = c.DeleteMembership(lee, &directoryv1.DeleteMembershipRequest{Name: sidSC.GetName()})
			wantCode(t, "organisation lead takes a senior contact's role away", err, codes.PermissionDenied)
			_, err = c.DeleteMembership(sid, &directoryv1.DeleteMembershipRequest{Name: sidSC.GetName()})
			wantCode(t, "senior contact gives up their role", err, codes.PermissionDenied)
			_, err = c.DeleteMembership(nora, &directoryv1.DeleteMembershipRequest{Name: sidSC.GetName()})
			mustDo("admin takes a senior contact's role away", err)

			// Every change is an event; the senior contact's carry the role.
			testinfra.Eventually(t, 10*time.Second, "senior contact membership events", func() bool {
				var created, deleted bool
				for _, ev := range events.Wait(t, 1) {
					var m *directoryv1.Membership
					switch ev.Type {
					case "assure.directory.v1.MembershipCreated":
						var e directoryv1.MembershipCreated
						if proto.Unmarshal(ev.Data, &e) == nil {
							m = e.GetMembership()
						}
					case "assure.directory.v1.MembershipDeleted":
						var e directoryv1.MembershipDeleted
						if proto.Unmarshal(ev.Data, &e) == nil {
							m = e.GetMembership()
						}
					}
					if m != nil && proto.Equal(m, sidSC) {
						created = created || ev.Type == "assure.directory.v1.MembershipCreated"
						deleted = deleted || ev.Type == "assure.directory.v1.MembershipDeleted"
					}
				}
				return created && deleted
			})
			evs := events.Wait(t, 30)
			types := map[string]bool{}
			for _, ty := range testinfra.Types(evs) {
				types[ty] = true
			}
			for _, want := range []string{"HubCreated", "PartnershipCreated", "OrganisationCreated", "PersonCreated", "PersonUpdated",
				"MembershipCreated", "MembershipDeleted", "ConsortiumCreated"} {
				if !types["assure.directory.v1."+want] {
					t.Errorf("no %s event among %v", want, types)
				}
			}
		})
	}
}

func itoa(n int32) string {
	b, _ := json.Marshal(n)
	return string(b)
}
