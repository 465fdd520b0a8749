package templatefile

import (
	"bytes"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/assure-audit/assure/pkg/form"
)

// MarshalYAML writes d in the format ParseYAML reads, leaving out settings
// at their zero value. ParseYAML(MarshalYAML(d)) gives back d for any
// document ParseYAML returned. It does not check d; an unknown question
// type is an error.
func MarshalYAML(d Document) ([]byte, error) {
	out := yamlDocument{DisplayName: d.DisplayName, Kind: d.Kind, Introduction: d.Introduction}
	for i, s := range d.Form.Sections {
		ys := yamlSection{Code: s.Code, Title: s.Title, Guidance: d.Guidance[s.Code], Weight: s.Weight, AppliesTo: s.AppliesTo}
		for j, q := range s.Questions {
			yq, err := marshalQuestion(q)
			if err != nil {
				return nil, fmt.Errorf("write sections[%d].questions[%d]: %w", i, j, err)
			}
			ys.Questions = append(ys.Questions, yq)
		}
		out.Sections = append(out.Sections, ys)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("write template as YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("write template as YAML: %w", err)
	}
	return buf.Bytes(), nil
}

// yamlDocument is the top of a YAML template, in the order it is written.
type yamlDocument struct {
	DisplayName  string        `yaml:"display_name"`
	Kind         string        `yaml:"kind"`
	Introduction string        `yaml:"introduction,omitempty"`
	Sections     []yamlSection `yaml:"sections"`
}

// yamlSection is a section as written.
type yamlSection struct {
	Code      string         `yaml:"code"`
	Title     string         `yaml:"title"`
	Guidance  string         `yaml:"guidance,omitempty"`
	Weight    float64        `yaml:"weight,omitempty"`
	AppliesTo []string       `yaml:"applies_to,omitempty,flow"`
	Questions []yamlQuestion `yaml:"questions"`
}

// yamlSettings are the type settings shared by questions and columns.
type yamlSettings struct {
	Options     []yamlOption `yaml:"options,omitempty"`
	AllowPartly bool         `yaml:"allow_partly,omitempty"`
	Unit        string       `yaml:"unit,omitempty"`
	Integer     bool         `yaml:"integer,omitempty"`
	Min         string       `yaml:"min,omitempty"`
	Max         string       `yaml:"max,omitempty"`
	MaxLength   int          `yaml:"max_length,omitempty"`
}

// yamlQuestion is a question as written: its common keys, then the
// settings of its type.
type yamlQuestion struct {
	Key       string   `yaml:"key"`
	Text      string   `yaml:"text"`
	Help      string   `yaml:"help,omitempty"`
	Type      string   `yaml:"type"`
	Required  bool     `yaml:"required,omitempty"`
	Priority  string   `yaml:"priority,omitempty"`
	Weight    float64  `yaml:"weight,omitempty"`
	AppliesTo []string `yaml:"applies_to,omitempty,flow"`
	VisibleIf string   `yaml:"visible_if,omitempty"`
	// ActionRow and ActionRequiredBelow: the question's action row.
	ActionRow           bool   `yaml:"action_row,omitempty"`
	ActionRequiredBelow string `yaml:"action_required_below,omitempty"`
	yamlSettings        `yaml:",inline"`

	MinSelections     int          `yaml:"min_selections,omitempty"`
	MaxSelections     int          `yaml:"max_selections,omitempty"`
	Grades            []yamlGrade  `yaml:"grades,omitempty"`
	Moderated         bool         `yaml:"moderated,omitempty"`
	EvidenceAtOrAbove string       `yaml:"evidence_at_or_above,omitempty"`
	EvidenceKey       string       `yaml:"evidence_key,omitempty"`
	Description       string       `yaml:"description,omitempty"`
	MinFiles          int          `yaml:"min_files,omitempty"`
	MaxFiles          int          `yaml:"max_files,omitempty"`
	Columns           []yamlColumn `yaml:"columns,omitempty"`
	MinRows           int          `yaml:"min_rows,omitempty"`
	MaxRows           int          `yaml:"max_rows,omitempty"`
}

// yamlColumn is a table column as written.
type yamlColumn struct {
	Key          string `yaml:"key"`
	Title        string `yaml:"title"`
	Type         string `yaml:"type"`
	Required     bool   `yaml:"required,omitempty"`
	yamlSettings `yaml:",inline"`
}

// yamlGrade is a grade as written.
type yamlGrade struct {
	Value         string  `yaml:"value"`
	Label         string  `yaml:"label"`
	Colour        string  `yaml:"colour,omitempty"`
	Score         float64 `yaml:"score,omitempty"`
	Meaning       string  `yaml:"meaning,omitempty"`
	NotApplicable bool    `yaml:"not_applicable,omitempty"`
}

// yamlOption is an option as written: its label alone when the value is
// the same, else a mapping.
type yamlOption form.Option

// MarshalYAML writes the option in its shortest form.
func (o yamlOption) MarshalYAML() (any, error) {
	if o.Value == o.Label {
		return o.Value, nil
	}
	return struct {
		Value string `yaml:"value"`
		Label string `yaml:"label"`
	}{o.Value, o.Label}, nil
}

// typeName spells t for a YAML file.
func typeName(t form.Type) (string, error) {
	name, ok := yamlTypes[t]
	if !ok {
		return "", fmt.Errorf("unknown question type %q", t)
	}
	return name, nil
}

// marshalSettings writes the settings a question and a column share.
func marshalSettings(t form.Type, c *form.ChoiceSettings, y *form.YesNoSettings, n *form.NumberSettings, l *form.LengthSettings, d *form.DateSettings) yamlSettings {
	var s yamlSettings
	if c != nil {
		for _, o := range c.Options {
			s.Options = append(s.Options, yamlOption(o))
		}
	}
	if y != nil {
		s.AllowPartly = y.AllowPartly
	}
	if n != nil {
		s.Unit, s.Integer, s.Min, s.Max = n.Unit, n.Integer, n.Min, n.Max
	}
	if l != nil {
		s.MaxLength = l.MaxLength
	}
	if d != nil && t == form.TypeDate {
		s.Min, s.Max = d.Min, d.Max
	}
	return s
}

// marshalQuestion turns a question into its written form.
func marshalQuestion(q form.Question) (yamlQuestion, error) {
	name, err := typeName(q.Type)
	if err != nil {
		return yamlQuestion{}, err
	}
	yq := yamlQuestion{
		Key: q.Key, Text: q.Text, Help: q.Help, Type: name, Required: q.Required,
		Priority: string(q.Priority), Weight: q.Weight, AppliesTo: q.AppliesTo, VisibleIf: q.VisibleIf,
		ActionRow: q.ActionRow, ActionRequiredBelow: q.ActionRequiredBelow,
		yamlSettings: marshalSettings(q.Type, q.Choice, q.YesNo, q.Number, q.Length, q.DateRange),
	}
	if q.Choice != nil {
		yq.MinSelections, yq.MaxSelections = q.Choice.MinSelections, q.Choice.MaxSelections
	}
	if s := q.Scale; s != nil {
		for _, g := range s.Grades {
			yq.Grades = append(yq.Grades, yamlGrade(g))
		}
		yq.Moderated, yq.EvidenceAtOrAbove, yq.EvidenceKey = s.Moderated, s.EvidenceAtOrAbove, s.EvidenceKey
	}
	if e := q.Evidence; e != nil {
		yq.Description, yq.MinFiles, yq.MaxFiles = e.Description, e.MinFiles, e.MaxFiles
	}
	if t := q.Table; t != nil {
		for i, c := range t.Columns {
			cname, err := typeName(c.Type)
			if err != nil {
				return yamlQuestion{}, fmt.Errorf("column %d: %w", i, err)
			}
			yq.Columns = append(yq.Columns, yamlColumn{
				Key: c.Key, Title: c.Title, Type: cname, Required: c.Required,
				yamlSettings: marshalSettings(c.Type, c.Choice, c.YesNo, c.Number, c.Length, c.DateRange),
			})
		}
		yq.MinRows, yq.MaxRows = t.MinRows, t.MaxRows
	}
	return yq, nil
}
