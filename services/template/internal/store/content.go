package store

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/services/template/internal/domain"
)

// The stored form of a template's content, as JSON text, the same in both
// dialects: the content column holds the JSON of form.Form, and the
// annotations column what the form does not model. The annotations and
// lineage have their own types so that the stored format changes only on
// purpose, never by renaming a field of the domain.
type (
	annotationsDoc struct {
		Guidance  map[string]string   `json:"guidance,omitempty"`
		Continues map[string][]string `json:"continues,omitempty"`
	}
	lineageDoc struct {
		Key  string   `json:"key"`
		Kind string   `json:"kind"`
		From []string `json:"from,omitempty"`
	}
)

var lineageKinds = map[domain.LineageKind]string{
	domain.LineageSame: "same", domain.LineageRenamed: "renamed", domain.LineageSplit: "split",
	domain.LineageMerged: "merged", domain.LineageNew: "new",
}

// encodeContent returns the stored form of c: the form and the
// annotations.
func encodeContent(c domain.Content) (content, annotations string, err error) {
	f, err := json.Marshal(c.Form)
	if err != nil {
		return "", "", fmt.Errorf("encode template content: %w", err)
	}
	a, err := json.Marshal(annotationsDoc{Guidance: c.Guidance, Continues: c.Continues})
	if err != nil {
		return "", "", fmt.Errorf("encode template annotations: %w", err)
	}
	return string(f), string(a), nil
}

// decodeContent reads content from its stored form. Content stored in the
// first format (a JSON array of sections) is converted.
func decodeContent(introduction, content, annotations string) (domain.Content, error) {
	c := domain.Content{Introduction: introduction}
	if strings.HasPrefix(strings.TrimSpace(content), "[") {
		return decodeFirstFormat(c, content)
	}
	if err := json.Unmarshal([]byte(content), &c.Form); err != nil {
		return c, fmt.Errorf("decode template content: %w", err)
	}
	var a annotationsDoc
	if err := json.Unmarshal([]byte(annotations), &a); err != nil {
		return c, fmt.Errorf("decode template annotations: %w", err)
	}
	if len(a.Guidance) > 0 {
		c.Guidance = a.Guidance
	}
	if len(a.Continues) > 0 {
		c.Continues = a.Continues
	}
	return c, nil
}

func encodeLineage(ls []domain.Lineage) (string, error) {
	docs := make([]lineageDoc, len(ls))
	for i, l := range ls {
		docs[i] = lineageDoc{Key: l.Key, Kind: lineageKinds[l.Kind], From: l.PreviousKeys}
	}
	b, err := json.Marshal(docs)
	if err != nil {
		return "", fmt.Errorf("encode lineage: %w", err)
	}
	return string(b), nil
}

func decodeLineage(s string) ([]domain.Lineage, error) {
	var docs []lineageDoc
	if err := json.Unmarshal([]byte(s), &docs); err != nil {
		return nil, fmt.Errorf("decode lineage: %w", err)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	out := make([]domain.Lineage, len(docs))
	for i, d := range docs {
		out[i] = domain.Lineage{Key: d.Key, PreviousKeys: d.From}
		for k, name := range lineageKinds {
			if name == d.Kind {
				out[i].Kind = k
			}
		}
	}
	return out, nil
}

// The first stored format: sections with rating and text questions.
type (
	firstSection struct {
		Code      string          `json:"code"`
		Title     string          `json:"title"`
		Guidance  string          `json:"guidance,omitempty"`
		Questions []firstQuestion `json:"questions"`
	}
	firstQuestion struct {
		Key      string `json:"key"`
		Text     string `json:"text"`
		Help     string `json:"help,omitempty"`
		Required bool   `json:"required,omitempty"`
		Rating   *struct {
			Grades []struct {
				Value  string `json:"value"`
				Label  string `json:"label"`
				Colour string `json:"colour,omitempty"`
				Score  int    `json:"score"`
			} `json:"grades"`
		} `json:"rating,omitempty"`
		TextAnswer *struct {
			MaxLength int  `json:"max_length"`
			Multiline bool `json:"multiline,omitempty"`
		} `json:"text_answer,omitempty"`
	}
)

func decodeFirstFormat(c domain.Content, content string) (domain.Content, error) {
	var docs []firstSection
	if err := json.Unmarshal([]byte(content), &docs); err != nil {
		return c, fmt.Errorf("decode template content: %w", err)
	}
	for _, sd := range docs {
		s := form.Section{Code: sd.Code, Title: sd.Title, Questions: []form.Question{}}
		if sd.Guidance != "" {
			if c.Guidance == nil {
				c.Guidance = map[string]string{}
			}
			c.Guidance[sd.Code] = sd.Guidance
		}
		for _, qd := range sd.Questions {
			q := form.Question{Key: qd.Key, Text: qd.Text, Help: qd.Help, Required: qd.Required}
			switch {
			case qd.Rating != nil:
				q.Type, q.Scale = form.TypeRatingScale, &form.ScaleSettings{}
				for _, g := range qd.Rating.Grades {
					q.Scale.Grades = append(q.Scale.Grades, form.Grade{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: float64(g.Score)})
				}
			case qd.TextAnswer != nil:
				q.Type, q.Length = form.TypeShortText, &form.LengthSettings{MaxLength: qd.TextAnswer.MaxLength}
				if qd.TextAnswer.Multiline {
					q.Type = form.TypeLongText
				}
			}
			s.Questions = append(s.Questions, q)
		}
		c.Form.Sections = append(c.Form.Sections, s)
	}
	return c, nil
}
