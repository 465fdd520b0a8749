// Package protoconv converts between the template service's domain model and
// its protobuf messages; the API handlers and the event writer share it.
package protoconv

import (
	"strconv"

	"github.com/assure-audit/assure/pkg/form"
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
		Introduction:  t.Content.Introduction,
		LatestVersion: int32(t.LatestVersion),
		CreateTime:    timestamppb.New(t.CreateTime),
		UpdateTime:    timestamppb.New(t.UpdateTime),
		Etag:          resource.Etag(t.Version),
	}
	for _, s := range t.Content.Form.Sections {
		ps := &templatev1.Section{Code: s.Code, Title: s.Title, Guidance: t.Content.Guidance[s.Code],
			Weight: s.Weight, AppliesTo: s.AppliesTo}
		for _, q := range s.Questions {
			pq := question(q)
			pq.Continues = t.Content.Continues[q.Key]
			ps.Questions = append(ps.Questions, pq)
		}
		out.Sections = append(out.Sections, ps)
	}
	return out
}

func question(q form.Question) *templatev1.Question {
	pq := &templatev1.Question{Key: q.Key, Text: q.Text, Help: q.Help, Required: q.Required,
		Priority: priority(q.Priority), Weight: q.Weight, AppliesTo: q.AppliesTo, VisibleIf: q.VisibleIf}
	switch q.Type {
	case form.TypeRatingScale:
		rs := &templatev1.RatingScale{}
		if s := q.Scale; s != nil {
			rs.Moderated, rs.EvidenceAtOrAbove, rs.EvidenceKey = s.Moderated, s.EvidenceAtOrAbove, s.EvidenceKey
			for _, g := range s.Grades {
				rs.Grades = append(rs.Grades, &templatev1.Grade{Value: g.Value, Label: g.Label, Colour: g.Colour,
					Score: int32(g.Score), Meaning: g.Meaning, NotApplicable: g.NotApplicable})
			}
		}
		pq.Type = &templatev1.Question_Rating{Rating: rs}
	case form.TypeShortText, form.TypeLongText:
		pq.Type = &templatev1.Question_TextAnswer{TextAnswer: textType(q.Type, q.Length)}
	case form.TypeSingleChoice:
		pq.Type = &templatev1.Question_SingleChoice{SingleChoice: choiceType(q.Choice)}
	case form.TypeMultipleChoice:
		pq.Type = &templatev1.Question_MultipleChoice{MultipleChoice: choiceType(q.Choice)}
	case form.TypeYesNo:
		pq.Type = &templatev1.Question_YesNo{YesNo: yesNoType(q.YesNo)}
	case form.TypeNumber:
		pq.Type = &templatev1.Question_Number{Number: numberType(q.Number)}
	case form.TypeDate:
		pq.Type = &templatev1.Question_Date{Date: dateType(q.DateRange)}
	case form.TypeEvidence:
		e := &templatev1.EvidenceType{}
		if s := q.Evidence; s != nil {
			e.Description, e.MinFiles, e.MaxFiles = s.Description, int32(s.MinFiles), int32(s.MaxFiles)
		}
		pq.Type = &templatev1.Question_Evidence{Evidence: e}
	case form.TypeTable:
		tt := &templatev1.TableType{}
		if s := q.Table; s != nil {
			tt.MinRows, tt.MaxRows = int32(s.MinRows), int32(s.MaxRows)
			for _, c := range s.Columns {
				pc := &templatev1.Column{Key: c.Key, Title: c.Title, Required: c.Required}
				switch c.Type {
				case form.TypeShortText, form.TypeLongText:
					pc.Type = &templatev1.Column_TextAnswer{TextAnswer: textType(c.Type, c.Length)}
				case form.TypeSingleChoice:
					pc.Type = &templatev1.Column_SingleChoice{SingleChoice: choiceType(c.Choice)}
				case form.TypeYesNo:
					pc.Type = &templatev1.Column_YesNo{YesNo: yesNoType(c.YesNo)}
				case form.TypeNumber:
					pc.Type = &templatev1.Column_Number{Number: numberType(c.Number)}
				case form.TypeDate:
					pc.Type = &templatev1.Column_Date{Date: dateType(c.DateRange)}
				}
				tt.Columns = append(tt.Columns, pc)
			}
		}
		pq.Type = &templatev1.Question_Table{Table: tt}
	case form.TypeDeclaration:
		pq.Type = &templatev1.Question_Declaration{Declaration: &templatev1.DeclarationType{}}
	}
	return pq
}

func priority(p form.Priority) templatev1.Priority {
	switch p {
	case form.PriorityEssential:
		return templatev1.Priority_PRIORITY_ESSENTIAL
	case form.PriorityDesirable:
		return templatev1.Priority_PRIORITY_DESIRABLE
	}
	return templatev1.Priority_PRIORITY_UNSPECIFIED
}

func textType(t form.Type, l *form.LengthSettings) *templatev1.TextType {
	tt := &templatev1.TextType{Multiline: t == form.TypeLongText}
	if l != nil {
		tt.MaxLength = int32(l.MaxLength)
	}
	return tt
}

func choiceType(c *form.ChoiceSettings) *templatev1.ChoiceType {
	out := &templatev1.ChoiceType{}
	if c != nil {
		out.MinSelections, out.MaxSelections = int32(c.MinSelections), int32(c.MaxSelections)
		for _, o := range c.Options {
			out.Options = append(out.Options, &templatev1.Option{Value: o.Value, Label: o.Label})
		}
	}
	return out
}

func yesNoType(y *form.YesNoSettings) *templatev1.YesNoType {
	return &templatev1.YesNoType{AllowPartly: y != nil && y.AllowPartly}
}

func numberType(n *form.NumberSettings) *templatev1.NumberType {
	if n == nil {
		return &templatev1.NumberType{}
	}
	return &templatev1.NumberType{Unit: n.Unit, Min: n.Min, Max: n.Max, Integer: n.Integer}
}

func dateType(d *form.DateSettings) *templatev1.DateType {
	if d == nil {
		return &templatev1.DateType{}
	}
	return &templatev1.DateType{Min: d.Min, Max: d.Max}
}

// TemplateVersion converts a published version to its API message.
func TemplateVersion(v domain.TemplateVersion) *templatev1.TemplateVersion {
	out := &templatev1.TemplateVersion{
		Name:        VersionName(v.PartnershipID, v.TemplateID, v.Number),
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
	c := domain.Content{Introduction: t.GetIntroduction()}
	for _, s := range t.GetSections() {
		ds := form.Section{Code: s.GetCode(), Title: s.GetTitle(), Weight: s.GetWeight(), AppliesTo: s.GetAppliesTo(),
			Questions: make([]form.Question, len(s.GetQuestions()))}
		if s.GetGuidance() != "" {
			if c.Guidance == nil {
				c.Guidance = map[string]string{}
			}
			c.Guidance[s.GetCode()] = s.GetGuidance()
		}
		for j, q := range s.GetQuestions() {
			ds.Questions[j] = formQuestion(q)
			if len(q.GetContinues()) > 0 {
				if c.Continues == nil {
					c.Continues = map[string][]string{}
				}
				c.Continues[q.GetKey()] = q.GetContinues()
			}
		}
		c.Form.Sections = append(c.Form.Sections, ds)
	}
	return c
}

func formQuestion(q *templatev1.Question) form.Question {
	fq := form.Question{Key: q.GetKey(), Text: q.GetText(), Help: q.GetHelp(), Required: q.GetRequired(),
		Weight: q.GetWeight(), AppliesTo: q.GetAppliesTo(), VisibleIf: q.GetVisibleIf()}
	switch q.GetPriority() {
	case templatev1.Priority_PRIORITY_ESSENTIAL:
		fq.Priority = form.PriorityEssential
	case templatev1.Priority_PRIORITY_DESIRABLE:
		fq.Priority = form.PriorityDesirable
	}
	switch t := q.GetType().(type) {
	case *templatev1.Question_Rating:
		fq.Type = form.TypeRatingScale
		s := &form.ScaleSettings{Moderated: t.Rating.GetModerated(), EvidenceAtOrAbove: t.Rating.GetEvidenceAtOrAbove(),
			EvidenceKey: t.Rating.GetEvidenceKey()}
		for _, g := range t.Rating.GetGrades() {
			s.Grades = append(s.Grades, form.Grade{Value: g.GetValue(), Label: g.GetLabel(), Colour: g.GetColour(),
				Score: float64(g.GetScore()), Meaning: g.GetMeaning(), NotApplicable: g.GetNotApplicable()})
		}
		fq.Scale = s
	case *templatev1.Question_TextAnswer:
		fq.Type, fq.Length = fromText(t.TextAnswer)
	case *templatev1.Question_SingleChoice:
		fq.Type, fq.Choice = form.TypeSingleChoice, fromChoice(t.SingleChoice)
	case *templatev1.Question_MultipleChoice:
		fq.Type, fq.Choice = form.TypeMultipleChoice, fromChoice(t.MultipleChoice)
	case *templatev1.Question_YesNo:
		fq.Type, fq.YesNo = form.TypeYesNo, fromYesNo(t.YesNo)
	case *templatev1.Question_Number:
		fq.Type, fq.Number = form.TypeNumber, fromNumber(t.Number)
	case *templatev1.Question_Date:
		fq.Type, fq.DateRange = form.TypeDate, fromDate(t.Date)
	case *templatev1.Question_Evidence:
		fq.Type = form.TypeEvidence
		if e := t.Evidence; e.GetDescription() != "" || e.GetMinFiles() != 0 || e.GetMaxFiles() != 0 {
			fq.Evidence = &form.EvidenceSettings{Description: e.GetDescription(), MinFiles: int(e.GetMinFiles()), MaxFiles: int(e.GetMaxFiles())}
		}
	case *templatev1.Question_Table:
		fq.Type = form.TypeTable
		ts := &form.TableSettings{MinRows: int(t.Table.GetMinRows()), MaxRows: int(t.Table.GetMaxRows())}
		for _, c := range t.Table.GetColumns() {
			fc := form.Column{Key: c.GetKey(), Title: c.GetTitle(), Required: c.GetRequired()}
			switch ct := c.GetType().(type) {
			case *templatev1.Column_TextAnswer:
				fc.Type, fc.Length = fromText(ct.TextAnswer)
			case *templatev1.Column_SingleChoice:
				fc.Type, fc.Choice = form.TypeSingleChoice, fromChoice(ct.SingleChoice)
			case *templatev1.Column_YesNo:
				fc.Type, fc.YesNo = form.TypeYesNo, fromYesNo(ct.YesNo)
			case *templatev1.Column_Number:
				fc.Type, fc.Number = form.TypeNumber, fromNumber(ct.Number)
			case *templatev1.Column_Date:
				fc.Type, fc.DateRange = form.TypeDate, fromDate(ct.Date)
			}
			ts.Columns = append(ts.Columns, fc)
		}
		fq.Table = ts
	case *templatev1.Question_Declaration:
		fq.Type = form.TypeDeclaration
	}
	return fq
}

func fromText(t *templatev1.TextType) (form.Type, *form.LengthSettings) {
	typ := form.TypeShortText
	if t.GetMultiline() {
		typ = form.TypeLongText
	}
	if t.GetMaxLength() == 0 {
		return typ, nil
	}
	return typ, &form.LengthSettings{MaxLength: int(t.GetMaxLength())}
}

func fromChoice(c *templatev1.ChoiceType) *form.ChoiceSettings {
	out := &form.ChoiceSettings{MinSelections: int(c.GetMinSelections()), MaxSelections: int(c.GetMaxSelections())}
	for _, o := range c.GetOptions() {
		out.Options = append(out.Options, form.Option{Value: o.GetValue(), Label: o.GetLabel()})
	}
	return out
}

func fromYesNo(y *templatev1.YesNoType) *form.YesNoSettings {
	if !y.GetAllowPartly() {
		return nil
	}
	return &form.YesNoSettings{AllowPartly: true}
}

func fromNumber(n *templatev1.NumberType) *form.NumberSettings {
	if n.GetUnit() == "" && n.GetMin() == "" && n.GetMax() == "" && !n.GetInteger() {
		return nil
	}
	return &form.NumberSettings{Unit: n.GetUnit(), Min: n.GetMin(), Max: n.GetMax(), Integer: n.GetInteger()}
}

func fromDate(d *templatev1.DateType) *form.DateSettings {
	if d.GetMin() == "" && d.GetMax() == "" {
		return nil
	}
	return &form.DateSettings{Min: d.GetMin(), Max: d.GetMax()}
}
