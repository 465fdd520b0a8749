package template_test

import (
	"context"
	"testing"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/grpcserver"
	"github.com/assure-audit/assure/pkg/logging"
	"github.com/assure-audit/assure/pkg/testinfra"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// principals is testinfra's, named short for the many uses.
type principals = testinfra.Principals

// as is ctx carrying the bearer token of who.
func as(ctx context.Context, who string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+who)
}

// TestHubTemplates runs a hub's shared library through the guarded API:
// the hub admin writes and publishes it, a partnership of the hub reads and
// copies it, and a partnership of another hub cannot tell it exists.
func TestHubTemplates(t *testing.T) {
	people := principals{
		// Admin of hub h1, which hosts partnership north.
		"hub-admin": {PersonID: "hub-admin", Memberships: []authz.Membership{{Role: authz.HubAdmin, Hub: "h1"}},
			PartnershipHubs: map[string]string{"north": "h1"}},
		"north-admin": {PersonID: "north-admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "north"}},
			PartnershipHubs: map[string]string{"north": "h1"}},
		"north-qa": {PersonID: "north-qa", Memberships: []authz.Membership{{Role: authz.QAOfficer, Partnership: "north"}},
			PartnershipHubs: map[string]string{"north": "h1"}},
		// Partnership east is in hub h2.
		"east-admin": {PersonID: "east-admin", Memberships: []authz.Membership{{Role: authz.PartnershipAdmin, Partnership: "east"}},
			PartnershipHubs: map[string]string{"east": "h2"}},
	}
	for _, in := range testinfra.Infras(t, "template") {
		t.Run(in.Name, func(t *testing.T) {
			conn := testinfra.StartServiceWith(t, func(ctx context.Context) (*template.Service, error) {
				return template.New(ctx, template.Config{}, template.Deps{DB: in.DB, Bus: in.Bus, Logger: logging.Discard()})
			}, func(s *template.Service) grpcserver.Options {
				return grpcserver.Options{Guard: &authz.Guard{Table: authz.Merge(authz.Infrastructure, s.AccessTable()), Auth: people,
					Log: authz.SlogAccessLog{Logger: logging.Discard()}}}
			})
			c := templatev1.NewTemplateServiceClient(conn)
			events := testinfra.CollectEvents(t, in.Bus, template.Name)
			bg := context.Background()
			hub, north, qa, east := as(bg, "hub-admin"), as(bg, "north-admin"), as(bg, "north-qa"), as(bg, "east-admin")
			const libName, libV1 = "hubs/h1/templates/lib", "hubs/h1/templates/lib/versions/1"

			// The hub admin writes the library; partnership staff may not.
			lib, err := c.CreateTemplate(hub, &templatev1.CreateTemplateRequest{Parent: "hubs/h1", TemplateId: "lib", Template: section11()})
			if err != nil || lib.GetName() != libName || lib.GetSourceVersion() != "" {
				t.Fatalf("create hub template: %v %v", lib, err)
			}
			if _, err := c.CreateTemplate(north, &templatev1.CreateTemplateRequest{Parent: "hubs/h1", Template: section11()}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("partnership admin creating in the hub: %v", err)
			}
			if _, err := c.CreateTemplate(east, &templatev1.CreateTemplateRequest{Parent: "hubs/h1", Template: section11()}); status.Code(err) != codes.NotFound {
				t.Fatalf("another hub's admin creating in the hub: %v", err)
			}
			// Before it is published, copying version 1 finds nothing.
			_, missingErr := c.CopyTemplate(north, &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: libV1})
			if status.Code(missingErr) != codes.NotFound {
				t.Fatalf("copy of an unpublished version: %v", missingErr)
			}
			v1, err := c.PublishTemplate(hub, &templatev1.PublishTemplateRequest{Name: libName, Etag: lib.GetEtag()})
			if err != nil || v1.GetName() != libV1 || v1.GetTemplate().GetName() != libName {
				t.Fatalf("publish hub template: %v %v", v1, err)
			}
			if _, err := c.PublishTemplate(north, &templatev1.PublishTemplateRequest{Name: libName}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("partnership admin publishing the hub's template: %v", err)
			}

			// The hub's partnerships read it.
			if got, err := c.GetTemplate(qa, &templatev1.GetTemplateRequest{Name: libName}); err != nil || got.GetLatestVersion() != 1 {
				t.Fatalf("get hub template: %v %v", got, err)
			}
			if resp, err := c.ListTemplates(north, &templatev1.ListTemplatesRequest{Parent: "hubs/h1"}); err != nil ||
				len(resp.GetTemplates()) != 1 || resp.GetTemplates()[0].GetName() != libName {
				t.Fatalf("list hub templates: %v %v", resp, err)
			}
			if got, err := c.GetTemplateVersion(qa, &templatev1.GetTemplateVersionRequest{Name: libV1}); err != nil || !proto.Equal(got, v1) {
				t.Fatalf("get hub version: %v %v", got, err)
			}
			if resp, err := c.ListTemplateVersions(qa, &templatev1.ListTemplateVersionsRequest{Parent: libName}); err != nil || len(resp.GetVersions()) != 1 {
				t.Fatalf("list hub versions: %v %v", resp, err)
			}
			if resp, err := c.ExportTemplate(qa, &templatev1.ExportTemplateRequest{Name: libV1}); err != nil || resp.GetYaml() == "" {
				t.Fatalf("export hub version: %v %v", resp, err)
			}
			exported, err := c.ExportTemplate(hub, &templatev1.ExportTemplateRequest{Name: libName})
			if err != nil {
				t.Fatalf("export hub template: %v", err)
			}
			imp := &templatev1.ImportTemplateRequest{Parent: "hubs/h1", TemplateId: "lib2",
				Format: templatev1.TemplateFileFormat_TEMPLATE_FILE_FORMAT_YAML, Content: []byte(exported.GetYaml())}
			if _, err := c.ImportTemplate(north, imp); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("partnership admin importing into the hub: %v", err)
			}
			if resp, err := c.ImportTemplate(hub, imp); err != nil || resp.GetTemplate().GetName() != "hubs/h1/templates/lib2" {
				t.Fatalf("import into the hub: %v %v", resp, err)
			}
			if _, err := c.GetTemplate(east, &templatev1.GetTemplateRequest{Name: libName}); status.Code(err) != codes.NotFound {
				t.Fatalf("another hub's partnership reading: %v", err)
			}

			// A partnership admin copies it into the partnership.
			cp, err := c.CopyTemplate(north, &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: libV1, TemplateId: "mine"})
			if err != nil || cp.GetName() != "partnerships/north/templates/mine" || cp.GetSourceVersion() != libV1 ||
				cp.GetLatestVersion() != 0 || cp.GetDisplayName() != v1.GetTemplate().GetDisplayName() ||
				!proto.Equal(&templatev1.Template{Sections: cp.GetSections()}, &templatev1.Template{Sections: v1.GetTemplate().GetSections()}) {
				t.Fatalf("copy:\n got %v %v\nfrom %v", cp, err, v1)
			}
			if got, err := c.GetTemplate(north, &templatev1.GetTemplateRequest{Name: cp.GetName()}); err != nil || !proto.Equal(got, cp) {
				t.Fatalf("get copy: %v %v", got, err)
			}
			if _, err := c.CopyTemplate(north, &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: libV1, TemplateId: "mine"}); status.Code(err) != codes.AlreadyExists {
				t.Fatalf("copy over an existing template: %v", err)
			}
			if _, err := c.CopyTemplate(qa, &templatev1.CopyTemplateRequest{Parent: "partnerships/north", Source: libV1}); status.Code(err) != codes.PermissionDenied {
				t.Fatalf("copy by QA: %v", err)
			}

			// A partnership of another hub is told exactly what it would
			// be told of a version that does not exist.
			_, hiddenErr := c.CopyTemplate(east, &templatev1.CopyTemplateRequest{Parent: "partnerships/east", Source: libV1})
			if !proto.Equal(status.Convert(hiddenErr).Proto(), status.Convert(missingErr).Proto()) {
				t.Fatalf("copy from another hub: %v, a missing version: %v", hiddenErr, missingErr)
			}
			if _, err := c.CopyTemplate(hub, &templatev1.CopyTemplateRequest{Parent: "partnerships/east", Source: libV1}); status.Code(err) != codes.NotFound {
				t.Fatalf("hub admin copying into another hub's partnership: %v", err)
			}

			// The copy is independent: it changes and publishes as its own
			// version 1, and the library is untouched.
			name := "North's Section 11"
			edited, err := c.UpdateTemplate(north, &templatev1.UpdateTemplateRequest{
				Template:   &templatev1.Template{Name: cp.GetName(), DisplayName: name, Etag: cp.GetEtag()},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}})
			if err != nil || edited.GetDisplayName() != name || edited.GetSourceVersion() != libV1 {
				t.Fatalf("edit copy: %v %v", edited, err)
			}
			own, err := c.PublishTemplate(north, &templatev1.PublishTemplateRequest{Name: cp.GetName()})
			if err != nil || own.GetName() != "partnerships/north/templates/mine/versions/1" || own.GetTemplate().GetDisplayName() != name {
				t.Fatalf("publish copy: %v %v", own, err)
			}
			if got, err := c.GetTemplate(hub, &templatev1.GetTemplateRequest{Name: libName}); err != nil ||
				got.GetDisplayName() != lib.GetDisplayName() || got.GetLatestVersion() != 1 {
				t.Fatalf("library after the copy changed: %v %v", got, err)
			}
			libNow, err := c.GetTemplate(hub, &templatev1.GetTemplateRequest{Name: libName})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.UpdateTemplate(hub, &templatev1.UpdateTemplateRequest{
				Template:   &templatev1.Template{Name: libName, DisplayName: "Library 2027", Etag: libNow.GetEtag()},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"display_name"}}}); err != nil {
				t.Fatalf("hub admin editing the library: %v", err)
			}
			if got, err := c.GetTemplate(north, &templatev1.GetTemplateRequest{Name: cp.GetName()}); err != nil || got.GetDisplayName() != name {
				t.Fatalf("copy after editing: %v %v", got, err)
			}
			if _, err := c.DiffVersions(north, &templatev1.DiffVersionsRequest{Name: own.GetName(), Other: libV1}); status.Code(err) != codes.InvalidArgument {
				t.Fatalf("diff across owners: %v", err)
			}

			// Bad input names each bad field.
			fields := testinfra.FieldViolations(t, func() error {
				_, err := c.CopyTemplate(north, &templatev1.CopyTemplateRequest{Parent: "hubs/h1",
					Source: "partnerships/north/templates/mine/versions/1", TemplateId: "Bad!"})
				return err
			}())
			for _, f := range []string{"parent", "source", "template_id"} {
				if !fields[f] {
					t.Errorf("no violation for %s in %v", f, fields)
				}
			}

			// Events name the owners: the library, its version, the
			// imported template and the copy.
			evs := events.Wait(t, 5)
			var names []string
			for _, ev := range evs {
				switch ev.Type {
				case "assure.template.v1.TemplateCreated":
					var tc templatev1.TemplateCreated
					if err := proto.Unmarshal(ev.Data, &tc); err != nil {
						t.Fatal(err)
					}
					names = append(names, tc.GetTemplate().GetName()+" "+tc.GetTemplate().GetSourceVersion())
				case "assure.template.v1.TemplateVersionPublished":
					var vp templatev1.TemplateVersionPublished
					if err := proto.Unmarshal(ev.Data, &vp); err != nil {
						t.Fatal(err)
					}
					names = append(names, vp.GetVersion().GetName())
				}
			}
			want := []string{libName + " ", libV1, "hubs/h1/templates/lib2 ", "partnerships/north/templates/mine " + libV1, "partnerships/north/templates/mine/versions/1"}
			if len(names) != len(want) {
				t.Fatalf("events %v, want %v", names, want)
			}
			for i := range want {
				if names[i] != want[i] {
					t.Fatalf("events %v, want %v", names, want)
				}
			}
		})
	}
}
