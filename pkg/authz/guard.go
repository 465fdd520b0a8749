package authz

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/cache"
	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rule guards one RPC.
type Rule struct {
	// Public RPCs need no caller (signing in, health checks).
	Public bool
	// Check decides for an authenticated caller: nil allows; a
	// failure.NotFound hides a resource the caller has no business with;
	// failure.PermissionDenied refuses a caller who may see the resource
	// but not do this to it.
	Check func(ctx context.Context, p Principal, req any) error
	// Audit records the call in the access log (case data, admin actions).
	Audit bool
}

// Table maps full gRPC method names ("/pkg.Service/Method") to their rules.
type Table map[string]Rule

// Merge returns one table holding the rules of all the tables given.
func Merge(tables ...Table) Table {
	out := Table{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

// Infrastructure is the table of the RPCs every server carries: health
// checks and reflection, open to all.
var Infrastructure = Table{
	"/grpc.health.v1.Health/Check":                                   {Public: true},
	"/grpc.health.v1.Health/List":                                    {Public: true},
	"/grpc.health.v1.Health/Watch":                                   {Public: true},
	"/grpc.reflection.v1.ServerReflection/ServerReflectionInfo":      {Public: true},
	"/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo": {Public: true},
}

// Authenticator turns the bearer token of a call into a principal.
type Authenticator interface {
	Authenticate(ctx context.Context, bearer string) (Principal, error)
}

// AccessLog records who did what to which resource. A call whose entry
// cannot be recorded is refused: an audited read must not go unlogged.
type AccessLog interface {
	Record(ctx context.Context, e AccessEntry) error
}

// AccessEntry is one line of the access log.
type AccessEntry struct {
	PersonID string
	Method   string
	Resource string
	Allowed  bool
	Reason   string
}

// SlogAccessLog writes the access log as structured log records.
type SlogAccessLog struct{ Logger *slog.Logger }

// Record writes one entry.
func (l SlogAccessLog) Record(ctx context.Context, e AccessEntry) error {
	l.Logger.InfoContext(ctx, "access", "person", e.PersonID, "method", e.Method, "resource", e.Resource,
		"allowed", e.Allowed, "reason", e.Reason)
	return nil
}

// Guard enforces an access table on a gRPC server.
type Guard struct {
	Table Table
	Auth  Authenticator
	Log   AccessLog
	// Counters, if set, hold per-person call counts (Redis across
	// replicas); PerPersonPerMinute bounds each person's calls.
	Counters           cache.Cache
	PerPersonPerMinute int
	// Now is the limiter's clock (time.Now if nil).
	Now func() time.Time
}

// Authenticate is the first of the guard's two interceptors: it refuses a
// method missing from the table, lets public ones through, and puts the
// principal of the bearer token into the context of every other call.
// Requests are validated between the two, so rules see well-formed input.
func (g *Guard) Authenticate() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		rule, ok := g.Table[info.FullMethod]
		if !ok {
			return nil, failure.PermissionDenied("%s is not declared in the access table", info.FullMethod)
		}
		if rule.Public {
			return handler(ctx, req)
		}
		bearer := bearerFrom(ctx)
		if bearer == "" {
			return nil, failure.Unauthenticated("sign in first: the call carries no bearer token")
		}
		p, err := g.Auth.Authenticate(ctx, bearer)
		if err != nil {
			return nil, err
		}
		if err := g.limit(ctx, p.PersonID); err != nil {
			return nil, err
		}
		return handler(WithPrincipal(ctx, p), req)
	}
}

// Authorize is the second interceptor: it applies the method's rule to the
// authenticated caller and writes the access log where the rule asks.
func (g *Guard) Authorize() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		rule := g.Table[info.FullMethod]
		if rule.Public {
			return handler(ctx, req)
		}
		p, ok := PrincipalFrom(ctx)
		if !ok || rule.Check == nil {
			return nil, fmt.Errorf("authz: %s reached authorization without a principal or a check", info.FullMethod)
		}
		err := rule.Check(ctx, p, req)
		if rule.Audit && g.Log != nil {
			e := AccessEntry{PersonID: p.PersonID, Method: info.FullMethod, Resource: resourceOf(req), Allowed: err == nil}
			if err != nil {
				e.Reason = err.Error()
			}
			if lerr := g.Log.Record(ctx, e); lerr != nil {
				return nil, failure.Unavailable(lerr, "the access log cannot be written; try again")
			}
		}
		if err != nil {
			return nil, err
		}
		return handler(ctx, req)
	}
}

// StreamInterceptor lets only public streaming RPCs through (health watch,
// reflection).
func (g *Guard) StreamInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		rule, ok := g.Table[info.FullMethod]
		if !ok || !rule.Public {
			return failure.PermissionDenied("%s is not open to callers", info.FullMethod)
		}
		return handler(srv, ss)
	}
}

// Hidden is the answer to a caller with no business with a resource: the
// same as for a resource that does not exist.
func Hidden(name string) error { return failure.NotFound("%s not found", name) }

// bearerFrom reads the bearer token from the call's authorization
// metadata; the gateway forwards the HTTP Authorization header there.
func bearerFrom(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	for _, v := range md.Get("authorization") {
		scheme, token, ok := strings.Cut(v, " ")
		if ok && strings.EqualFold(scheme, "bearer") && strings.TrimSpace(token) != "" {
			return strings.TrimSpace(token)
		}
	}
	return ""
}

// resourceOf names the resource a request is about, for the access log
// and the rules: its name, parent or campaign field, or else the name of
// the resource it carries (an update's "person.name", "template.name").
func resourceOf(req any) string {
	if r, ok := req.(interface{ GetName() string }); ok && r.GetName() != "" {
		return r.GetName()
	}
	if r, ok := req.(interface{ GetParent() string }); ok && r.GetParent() != "" {
		return r.GetParent()
	}
	if r, ok := req.(interface{ GetCampaign() string }); ok && r.GetCampaign() != "" {
		return r.GetCampaign()
	}
	if r, ok := req.(interface{ GetSubmission() string }); ok && r.GetSubmission() != "" {
		return r.GetSubmission()
	}
	if r, ok := req.(interface{ GetHub() string }); ok && r.GetHub() != "" {
		return r.GetHub()
	}
	m, ok := req.(proto.Message)
	if !ok {
		return ""
	}
	fields := m.ProtoReflect().Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		f := fields.Get(i)
		if f.Kind() != protoreflect.MessageKind || f.IsList() || f.IsMap() || !m.ProtoReflect().Has(f) {
			continue
		}
		inner := m.ProtoReflect().Get(f).Message()
		if nf := inner.Descriptor().Fields().ByName("name"); nf != nil && nf.Kind() == protoreflect.StringKind {
			if s := inner.Get(nf).String(); s != "" {
				return s
			}
		}
	}
	return ""
}

// limit counts a call of the person in a fixed one-minute window and
// refuses calls over the budget. A counter store that fails lets the call
// through: losing the limiter must not take the platform down.
func (g *Guard) limit(ctx context.Context, personID string) error {
	if g.Counters == nil || g.PerPersonPerMinute <= 0 {
		return nil
	}
	now := time.Now
	if g.Now != nil {
		now = g.Now
	}
	window := now().Unix() / 60
	n, err := g.Counters.Incr(ctx, "rl:person:"+personID+":"+strconv.FormatInt(window, 10), 65*time.Second)
	if err != nil || n <= int64(g.PerPersonPerMinute) {
		return nil
	}
	return failure.Exhausted("too many requests from you this minute: try again shortly")
}
