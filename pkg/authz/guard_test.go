package authz

import (
	"context"
	"errors"
	"github.com/assure-audit/assure/pkg/cache"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

type tokens map[string]Principal

func (t tokens) Authenticate(_ context.Context, bearer string) (Principal, error) {
	p, ok := t[bearer]
	if !ok {
		return Principal{}, failure.Unauthenticated("unknown token")
	}
	return p, nil
}

type memLog struct{ entries []AccessEntry }

func (l *memLog) Record(_ context.Context, e AccessEntry) error {
	l.entries = append(l.entries, e)
	return nil
}

type named struct{ name string }

func (n named) GetName() string { return n.name }

func TestGuard(t *testing.T) {
	admin := Principal{PersonID: "ann", Memberships: []Membership{{Role: PartnershipAdmin, Partnership: "north"}}}
	log := &memLog{}
	g := &Guard{
		Auth: tokens{"t-ann": admin},
		Log:  log,
		Table: Merge(Infrastructure, Table{
			"/x.S/Open": {Public: true},
			"/x.S/Read": {Audit: true, Check: func(_ context.Context, p Principal, req any) error {
				if p.InPartnership("north", PartnershipAdmin) {
					return nil
				}
				return failure.NotFound("no such thing")
			}},
		}),
	}
	call := func(method, bearer string) error {
		ctx := context.Background()
		if bearer != "" {
			ctx = metadata.NewIncomingContext(ctx, metadata.Pairs("authorization", "Bearer "+bearer))
		}
		info := &grpc.UnaryServerInfo{FullMethod: method}
		_, err := g.Authenticate()(ctx, named{"things/1"}, info, func(ctx context.Context, req any) (any, error) {
			return g.Authorize()(ctx, req, info, func(ctx context.Context, _ any) (any, error) {
				if _, ok := PrincipalFrom(ctx); !ok && !g.Table[method].Public {
					return nil, errors.New("handler saw no principal")
				}
				return "ok", nil
			})
		})
		return err
	}
	tests := []struct {
		method, bearer string
		want           failure.Kind
		ok             bool
	}{
		{"/x.S/Open", "", 0, true},
		{"/grpc.health.v1.Health/Check", "", 0, true},
		{"/x.S/Read", "t-ann", 0, true},
		{"/x.S/Read", "", failure.KindUnauthenticated, false},
		{"/x.S/Read", "forged", failure.KindUnauthenticated, false},
		{"/x.S/Undeclared", "t-ann", failure.KindPermissionDenied, false},
	}
	for _, tt := range tests {
		err := call(tt.method, tt.bearer)
		if tt.ok {
			if err != nil {
				t.Errorf("%s with %q: %v", tt.method, tt.bearer, err)
			}
			continue
		}
		if failure.KindOf(err) != tt.want {
			t.Errorf("%s with %q: got %v, want %v", tt.method, tt.bearer, err, tt.want)
		}
	}
	if len(log.entries) != 1 || log.entries[0].PersonID != "ann" || log.entries[0].Resource != "things/1" || !log.entries[0].Allowed {
		t.Fatalf("access log %+v", log.entries)
	}
}

func TestPrincipal(t *testing.T) {
	p := Principal{
		Memberships: []Membership{
			{Role: HubAdmin, Hub: "h1"},
			{Role: QAOfficer, Partnership: "north"},
			{Role: OrganisationLead, Organisation: "police"},
		},
		PartnershipHubs: map[string]string{"north": "h1", "south": "h1", "east": "h2"},
	}
	if !p.InPartnership("north", QAOfficer) {
		t.Fatal("QA officer of north")
	}
	if !p.InPartnership("south", PartnershipAdmin) {
		t.Fatal("hub admin counts in every partnership of the hub")
	}
	if p.InPartnership("east", PartnershipAdmin) {
		t.Fatal("hub admin of h1 is nothing in h2")
	}
	if !p.InOrganisation("police", OrganisationLead) || p.InOrganisation("police", Contributor) {
		t.Fatal("organisation roles")
	}
	if got := p.Partnerships(QAOfficer); len(got) != 1 || got[0] != "north" {
		t.Fatalf("partnerships %v", got)
	}
}

func TestGuardLimitsEachPerson(t *testing.T) {
	g := &Guard{
		Auth:               tokens{"t-ann": {PersonID: "ann"}, "t-bob": {PersonID: "bob"}},
		Table:              Table{"/x.S/Read": {Check: func(context.Context, Principal, any) error { return nil }}},
		Counters:           cache.NewMemory(),
		PerPersonPerMinute: 3,
		Now:                func() time.Time { return time.Date(2026, 11, 23, 9, 0, 30, 0, time.UTC) },
	}
	call := func(bearer string) error {
		ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+bearer))
		_, err := g.Authenticate()(ctx, named{"things/1"}, &grpc.UnaryServerInfo{FullMethod: "/x.S/Read"},
			func(context.Context, any) (any, error) { return "ok", nil })
		return err
	}
	for i := 0; i < 3; i++ {
		if err := call("t-ann"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if err := call("t-ann"); failure.KindOf(err) != failure.KindExhausted {
		t.Fatalf("fourth call in a minute: %v", err)
	}
	if err := call("t-bob"); err != nil {
		t.Fatalf("another person is not limited by ann's calls: %v", err)
	}
}
