// Package protoconv converts between the template service's domain model and
// its protobuf messages; the API handlers and the event writer share it.
package protoconv

import (
	"strconv"

	"github.com/assure-audit/assure/pkg/resource"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/template/internal/domain"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// TemplateName is the resource name of a template.
func TemplateName(partnershipID, id string) string {
	return "partnerships/" + partnershipID + "/templates/" + id
}

// VersionName is the resource name of a published version.
func VersionName(partnershipID, templateID string, number int) string {
	return TemplateName(partnershipID, templateID) + "/versions/" + strconv.Itoa(number)
}

// Template converts a template to its API message.
func Template(t domain.Template) *templatev1.Template {
	out := &templatev1.Template{
		Name:          TemplateName(t.PartnershipID, t.ID),
		DisplayName:   t.DisplayName,
		Kind:          templatev1.TemplateKind(t.Kind),
		LatestVersion: int32(t.LatestVersion),
		CreateTime:    timestamppb.New(t.CreateTime),
		UpdateTime:    timestamppb.New(t.UpdateTime),
		Etag:          resource.Etag(t.Version),
	}
	for _, s := range t.Sections {
		out.Sections = append(out.Sections, section(s))
	}
	return out
}

func section(s domain.Section) *templatev1.Section {
	out := &templatev1.Section{Code: s.Code, Title: s.Title, Guidance: s.Guidance}
	for _, q := range s.Questions {
		pq := &templatev1.Question{Key: q.Key, Text: q.Text, Help: q.Help, Required: q.Required}
		switch {
		case q.Rating != nil:
			rs := &templatev1.RatingScale{}
			for _, g := range q.Rating.Grades {
				rs.Grades = append(rs.Grades, &templatev1.Grade{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: int32(g.Score)})
			}
			pq.Type = &templatev1.Question_Rating{Rating: rs}
		case q.TextAnswer != nil:
			pq.Type = &templatev1.Question_TextAnswer{TextAnswer: &templatev1.TextType{
				MaxLength: int32(q.TextAnswer.MaxLength), Multiline: q.TextAnswer.Multiline}}
		}
		out.Questions = append(out.Questions, pq)
	}
	return out
}

// TemplateVersion converts a published version to its API message.
func TemplateVersion(v domain.TemplateVersion) *templatev1.TemplateVersion {
	return &templatev1.TemplateVersion{
		Name:        VersionName(v.PartnershipID, v.TemplateID, v.Number),
		Version:     int32(v.Number),
		Template:    Template(v.Content),
		PublishTime: timestamppb.New(v.PublishTime),
	}
}

// Sections converts the sections of a request to the domain's, unchecked:
// the domain checks them.
func Sections(in []*templatev1.Section) []domain.Section {
	out := make([]domain.Section, len(in))
	for i, s := range in {
		out[i] = domain.Section{Code: s.GetCode(), Title: s.GetTitle(), Guidance: s.GetGuidance(),
			Questions: make([]domain.Question, len(s.GetQuestions()))}
		for j, q := range s.GetQuestions() {
			dq := domain.Question{Key: q.GetKey(), Text: q.GetText(), Help: q.GetHelp(), Required: q.GetRequired()}
			switch typ := q.GetType().(type) {
			case *templatev1.Question_Rating:
				dq.Rating = &domain.RatingScale{Grades: make([]domain.Grade, len(typ.Rating.GetGrades()))}
				for k, g := range typ.Rating.GetGrades() {
					dq.Rating.Grades[k] = domain.Grade{Value: g.GetValue(), Label: g.GetLabel(), Colour: g.GetColour(), Score: int(g.GetScore())}
				}
			case *templatev1.Question_TextAnswer:
				dq.TextAnswer = &domain.TextType{MaxLength: int(typ.TextAnswer.GetMaxLength()), Multiline: typ.TextAnswer.GetMultiline()}
			}
			out[i].Questions[j] = dq
		}
	}
	return out
}
