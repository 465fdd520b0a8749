// Package templateform converts the content of a template between its API
// messages (assure.template.v1) and the form model of package form, so that
// the template service, which keeps the content, and the submission service,
// which checks answers against a published version, read a template the same
// way.
package templateform

import (
	"github.com/assure-audit/assure/pkg/form"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
)

// Content is a template's sections as the form model holds them, with the
// parts of a section or question that the form model does not carry.
type Content struct {
	// Form holds the sections and questions.
	Form form.Form
	// Guidance holds each section's guidance by section code; sections
	// without guidance have no entry.
	Guidance map[string]string
	// Continues holds, by question key, the keys of the previous version a
	// question continues; questions with none have no entry.
	Continues map[string][]string
}

// Sections converts content to its API sections.
func Sections(c Content) []*templatev1.Section {
	out := make([]*templatev1.Section, 0, len(c.Form.Sections))
	for _, s := range c.Form.Sections {
		ps := &templatev1.Section{Code: s.Code, Title: s.Title, Guidance: c.Guidance[s.Code],
			Weight: s.Weight, AppliesTo: s.AppliesTo}
		for _, q := range s.Questions {
			pq := question(q)
			pq.Continues = c.Continues[q.Key]
			ps.Questions = append(ps.Questions, pq)
		}
		out = append(out, ps)
	}
	return out
}

// FromSections converts API sections to content, unchecked: form.Compile
// checks it.
func FromSections(sections []*templatev1.Section) Content {
	var c Content
	for _, s := range sections {
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

// Form converts the sections of a template message to a form, unchecked.
func Form(t *templatev1.Template) form.Form {
	return FromSections(t.GetSections()).Form
}

func question(q form.Question) *templatev1.Question {
	pq := &templatev1.Question{Key: q.Key, Text: q.Text, Help: q.Help, Required: q.Required,
		Priority: priority(q.Priority), Weight: q.Weight, AppliesTo: q.AppliesTo, VisibleIf: q.VisibleIf,
		ActionRow: q.ActionRow, ActionRequiredBelow: q.ActionRequiredBelow}
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

func formQuestion(q *templatev1.Question) form.Question {
	fq := form.Question{Key: q.GetKey(), Text: q.GetText(), Help: q.GetHelp(), Required: q.GetRequired(),
		Weight: q.GetWeight(), AppliesTo: q.GetAppliesTo(), VisibleIf: q.GetVisibleIf(),
		ActionRow: q.GetActionRow(), ActionRequiredBelow: q.GetActionRequiredBelow()}
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
