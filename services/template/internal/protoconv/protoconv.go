// Package protoconv converts between the template service's domain model and
// its protobuf messages; the API handlers and the event writer share it.
package protoconv

import (
	"strconv"

	"github.com/assure-audit/assure/pkg/resource"
	"github.com/assure-audit/assure/pkg/templateform"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TemplateName is the resource name of a template of owner (the resource
// name of its partnership or hub).
func TemplateName(owner, id string) string {
	return owner + "/templates/" + id
}

// VersionName is the resource name of a published version.
func VersionName(owner, templateID string, number int) string {
	return TemplateName(owner, templateID) + "/versions/" + strconv.Itoa(number)
}

// Template converts a template to its API message.
func Template(t domain.Template) *templatev1.Template {
	out := &templatev1.Template{
		Name:          TemplateName(t.Owner, t.ID),
		DisplayName:   t.DisplayName,
		Kind:          templatev1.TemplateKind(t.Kind),
		Introduction:  t.Content.Introduction,
		LatestVersion: int32(t.LatestVersion),
		CreateTime:    timestamppb.New(t.CreateTime),
		UpdateTime:    timestamppb.New(t.UpdateTime),
		Etag:          resource.Etag(t.Version),
		SourceVersion: t.SourceVersion,
	}
	out.Sections = templateform.Sections(templateform.Content{Form: t.Content.Form, Guidance: t.Content.Guidance,
		Continues: t.Content.Continues})
	return out
}

// TemplateVersion converts a published version to its API message.
func TemplateVersion(v domain.TemplateVersion) *templatev1.TemplateVersion {
	out := &templatev1.TemplateVersion{
		Name:        VersionName(v.Owner, v.TemplateID, v.Number),
		Version:     int32(v.Number),
		Template:    Template(v.Content),
		PublishTime: timestamppb.New(v.PublishTime),
	}
	for _, l := range v.Lineage {
		out.Lineage = append(out.Lineage, &templatev1.Lineage{Key: l.Key, Kind: templatev1.LineageKind(l.Kind), PreviousKeys: l.PreviousKeys})
	}
	return out
}

// Changes converts the differences between two versions to their API
// messages.
func Changes(in []domain.QuestionChange) []*templatev1.QuestionChange {
	out := make([]*templatev1.QuestionChange, len(in))
	for i, c := range in {
		out[i] = &templatev1.QuestionChange{Key: c.Key, Kind: templatev1.ChangeKind(c.Kind), Path: c.Path,
			OtherPath: c.OtherPath, Fields: c.Fields}
	}
	return out
}

// Content converts the sections and introduction of a request to the
// domain's content, unchecked: the domain checks it.
func Content(t *templatev1.Template) domain.Content {
	c := templateform.FromSections(t.GetSections())
	return domain.Content{Introduction: t.GetIntroduction(), Form: c.Form, Guidance: c.Guidance, Continues: c.Continues}
}
