package store

import (
	"encoding/json"
	"fmt"

	"github.com/assure-audit/assure/services/template/internal/domain"
)

// The stored form of a template's sections: JSON text, the same in both
// dialects. It has its own types so that the stored format changes only
// on purpose, never by renaming a field of the domain.
type (
	sectionDoc struct {
		Code      string        `json:"code"`
		Title     string        `json:"title"`
		Guidance  string        `json:"guidance,omitempty"`
		Questions []questionDoc `json:"questions"`
	}
	questionDoc struct {
		Key        string     `json:"key"`
		Text       string     `json:"text"`
		Help       string     `json:"help,omitempty"`
		Required   bool       `json:"required,omitempty"`
		Rating     *ratingDoc `json:"rating,omitempty"`
		TextAnswer *textDoc   `json:"text_answer,omitempty"`
	}
	ratingDoc struct {
		Grades []gradeDoc `json:"grades"`
	}
	gradeDoc struct {
		Value  string `json:"value"`
		Label  string `json:"label"`
		Colour string `json:"colour,omitempty"`
		Score  int    `json:"score"`
	}
	textDoc struct {
		MaxLength int  `json:"max_length"`
		Multiline bool `json:"multiline,omitempty"`
	}
)

// encodeSections returns the stored form of sections.
func encodeSections(sections []domain.Section) (string, error) {
	docs := make([]sectionDoc, len(sections))
	for i, s := range sections {
		docs[i] = sectionDoc{Code: s.Code, Title: s.Title, Guidance: s.Guidance, Questions: make([]questionDoc, len(s.Questions))}
		for j, q := range s.Questions {
			qd := questionDoc{Key: q.Key, Text: q.Text, Help: q.Help, Required: q.Required}
			if q.Rating != nil {
				qd.Rating = &ratingDoc{Grades: make([]gradeDoc, len(q.Rating.Grades))}
				for k, g := range q.Rating.Grades {
					qd.Rating.Grades[k] = gradeDoc{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: g.Score}
				}
			}
			if q.TextAnswer != nil {
				qd.TextAnswer = &textDoc{MaxLength: q.TextAnswer.MaxLength, Multiline: q.TextAnswer.Multiline}
			}
			docs[i].Questions[j] = qd
		}
	}
	b, err := json.Marshal(docs)
	if err != nil {
		return "", fmt.Errorf("encode template content: %w", err)
	}
	return string(b), nil
}

// decodeSections reads sections from their stored form.
func decodeSections(content string) ([]domain.Section, error) {
	var docs []sectionDoc
	if err := json.Unmarshal([]byte(content), &docs); err != nil {
		return nil, fmt.Errorf("decode template content: %w", err)
	}
	sections := make([]domain.Section, len(docs))
	for i, sd := range docs {
		sections[i] = domain.Section{Code: sd.Code, Title: sd.Title, Guidance: sd.Guidance, Questions: make([]domain.Question, len(sd.Questions))}
		for j, qd := range sd.Questions {
			q := domain.Question{Key: qd.Key, Text: qd.Text, Help: qd.Help, Required: qd.Required}
			if qd.Rating != nil {
				q.Rating = &domain.RatingScale{Grades: make([]domain.Grade, len(qd.Rating.Grades))}
				for k, g := range qd.Rating.Grades {
					q.Rating.Grades[k] = domain.Grade{Value: g.Value, Label: g.Label, Colour: g.Colour, Score: g.Score}
				}
			}
			if qd.TextAnswer != nil {
				q.TextAnswer = &domain.TextType{MaxLength: qd.TextAnswer.MaxLength, Multiline: qd.TextAnswer.Multiline}
			}
			sections[i].Questions[j] = q
		}
	}
	return sections, nil
}
