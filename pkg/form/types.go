package form

// Form is the content of one template version: its sections and their
// questions. It is plain data; Compile checks it and prepares it for
// checking answers.
type Form struct {
	Sections []Section `json:"sections"`
}

// Section groups questions; a standard is a section with a code such as "S3".
type Section struct {
	// Code identifies the section within the form, e.g. "S3" or "about".
	Code  string `json:"code"`
	Title string `json:"title"`
	// Weight scales the section in the overall score; 0 means 1.
	Weight    float64    `json:"weight,omitempty"`
	Questions []Question `json:"questions"`
	// AppliesTo lists the organisation types that see the section; empty
	// means every organisation.
	AppliesTo []string `json:"applies_to,omitempty"`
}

// Priority marks a question as essential or desirable for reports to
// filter on.
type Priority string

// The priorities; the empty priority means none.
const (
	PriorityEssential Priority = "essential"
	PriorityDesirable Priority = "desirable"
)

// Type is the kind of answer a question takes.
type Type string

// The question types.
const (
	TypeSingleChoice   Type = "single_choice"
	TypeMultipleChoice Type = "multiple_choice"
	TypeRatingScale    Type = "rating_scale"
	TypeYesNo          Type = "yes_no"
	TypeNumber         Type = "number"
	TypeShortText      Type = "short_text"
	TypeLongText       Type = "long_text"
	TypeDate           Type = "date"
	TypeEvidence       Type = "evidence"
	TypeTable          Type = "table"
	TypeDeclaration    Type = "declaration"
)

// Question is one question of a section. Type says which settings apply:
// Choice for single and multiple choice (and for choice columns), Scale for
// a rating scale, YesNo, Number, Length for short and long text, DateRange,
// Evidence and Table. Settings for another type are refused.
type Question struct {
	// Key identifies the question across versions: a lower-case letter
	// followed by up to 62 lower-case letters, digits or underscores.
	Key      string   `json:"key"`
	Text     string   `json:"text"`
	Help     string   `json:"help,omitempty"`
	Required bool     `json:"required,omitempty"`
	Priority Priority `json:"priority,omitempty"`
	// Weight scales a rating in its section's score; 0 means 1.
	Weight float64 `json:"weight,omitempty"`
	// AppliesTo lists the organisation types that see the question; empty
	// means every organisation the section applies to.
	AppliesTo []string `json:"applies_to,omitempty"`
	// VisibleIf is a CEL condition on other answers; empty means always.
	VisibleIf string `json:"visible_if,omitempty"`
	Type      Type   `json:"type"`
	// ActionRow offers an action row under the question: actions (what,
	// who, by when) that feed the action plan.
	ActionRow bool `json:"action_row,omitempty"`
	// ActionRequiredBelow is a grade value of a rating question with an
	// action row: a self-assessed grade scoring less than it requires at
	// least one action at submit. Empty means actions are never required.
	ActionRequiredBelow string `json:"action_required_below,omitempty"`

	Choice    *ChoiceSettings   `json:"choice,omitempty"`
	Scale     *ScaleSettings    `json:"scale,omitempty"`
	YesNo     *YesNoSettings    `json:"yes_no,omitempty"`
	Number    *NumberSettings   `json:"number,omitempty"`
	Length    *LengthSettings   `json:"length,omitempty"`
	DateRange *DateSettings     `json:"date_range,omitempty"`
	Evidence  *EvidenceSettings `json:"evidence,omitempty"`
	Table     *TableSettings    `json:"table,omitempty"`
}

// Option is one choice offered by a choice question or column.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// ChoiceSettings lists the options of a single or multiple choice question.
// MinSelections and MaxSelections apply to multiple choice only; a
// MaxSelections of 0 means no limit.
type ChoiceSettings struct {
	Options       []Option `json:"options"`
	MinSelections int      `json:"min_selections,omitempty"`
	MaxSelections int      `json:"max_selections,omitempty"`
}

// Grade is one point of a rating scale. Grades may be listed in any order;
// their scores rank them. A not-applicable grade carries no score and is
// left out of scores and evidence rules; a scale has at most one.
type Grade struct {
	Value string `json:"value"`
	Label string `json:"label"`
	// Colour is "#rrggbb", or empty.
	Colour        string  `json:"colour,omitempty"`
	Score         float64 `json:"score,omitempty"`
	Meaning       string  `json:"meaning,omitempty"`
	NotApplicable bool    `json:"not_applicable,omitempty"`
}

// ScaleSettings configures a rating scale.
type ScaleSettings struct {
	Grades []Grade `json:"grades"`
	// Moderated allows a second, moderated grade recorded later by QA or a
	// peer-review panel on the same answer.
	Moderated bool `json:"moderated,omitempty"`
	// EvidenceAtOrAbove is a grade value: a self-assessed grade scoring at
	// least as much requires evidence at submit. Empty means never.
	EvidenceAtOrAbove string `json:"evidence_at_or_above,omitempty"`
	// EvidenceKey names the evidence question that must hold the evidence;
	// empty means the rating answer carries it (files or a note).
	EvidenceKey string `json:"evidence_key,omitempty"`
}

// YesNoSettings configures a yes/no question; AllowPartly adds "partly".
type YesNoSettings struct {
	AllowPartly bool `json:"allow_partly,omitempty"`
}

// NumberSettings configures a number question or column. Min and Max are
// decimals written as text ("0", "12.5"); empty means unbounded.
type NumberSettings struct {
	Unit    string `json:"unit,omitempty"`
	Min     string `json:"min,omitempty"`
	Max     string `json:"max,omitempty"`
	Integer bool   `json:"integer,omitempty"`
}

// LengthSettings limits a text answer to MaxLength characters; 0 means the
// default for the type (DefaultShortTextLength or DefaultLongTextLength).
type LengthSettings struct {
	MaxLength int `json:"max_length,omitempty"`
}

// DateSettings bounds a date answer; Min and Max are YYYY-MM-DD or empty.
type DateSettings struct {
	Min string `json:"min,omitempty"`
	Max string `json:"max,omitempty"`
}

// EvidenceSettings says what evidence an evidence question expects.
// MaxFiles of 0 means DefaultMaxFiles.
type EvidenceSettings struct {
	Description string `json:"description,omitempty"`
	MinFiles    int    `json:"min_files,omitempty"`
	MaxFiles    int    `json:"max_files,omitempty"`
}

// TableSettings configures a repeating table such as a chronology. MaxRows
// of 0 means DefaultMaxRows.
type TableSettings struct {
	Columns []Column `json:"columns"`
	MinRows int      `json:"min_rows,omitempty"`
	MaxRows int      `json:"max_rows,omitempty"`
}

// Column is one column of a repeating table. Its type is one of short
// text, long text, number, date, single choice or yes/no, with the same
// settings as a question of that type.
type Column struct {
	Key       string          `json:"key"`
	Title     string          `json:"title"`
	Type      Type            `json:"type"`
	Required  bool            `json:"required,omitempty"`
	Choice    *ChoiceSettings `json:"choice,omitempty"`
	YesNo     *YesNoSettings  `json:"yes_no,omitempty"`
	Number    *NumberSettings `json:"number,omitempty"`
	Length    *LengthSettings `json:"length,omitempty"`
	DateRange *DateSettings   `json:"date_range,omitempty"`
}

// Limits applied when a template leaves them unset, and hard limits.
const (
	DefaultShortTextLength = 250
	DefaultLongTextLength  = 20000
	DefaultMaxFiles        = 50
	DefaultMaxRows         = 500
	// MaxConditionLength is the longest condition accepted, in bytes.
	MaxConditionLength = 1000
	// MaxNumberLength is the longest number answer accepted, in bytes.
	MaxNumberLength = 40
	// MaxNoteLength is the longest evidence note on a rating answer.
	MaxNoteLength = DefaultLongTextLength
	// MaxActions is the most actions one answer may carry.
	MaxActions = 20
	// MaxActionWhatLength is the longest description of an action, in
	// characters.
	MaxActionWhatLength = 1000
	// MaxActionWhoLength is the longest owner of an action, in characters.
	MaxActionWhoLength = 200
)
