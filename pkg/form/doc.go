// Package form holds the questions of one template version and the single
// function that checks answers against them. The template service uses it
// to refuse a bad template at save and publish (Compile); the submission
// service uses the same compiled form to check answers at save (CheckDraft)
// and at submit (CheckSubmit), and to show which questions apply (Visible),
// how far a return has got (Progress) and what it scores (Score).
//
// The package does no I/O. Every problem is reported as a
// failure.KindInvalid error whose violations each carry a field path, such
// as "sections[1].questions[0].key" or "answers[3].grade", and a reason a
// person can act on.
//
// # Conditions
//
// A question may carry a condition (VisibleIf) written in CEL. The
// variables are the answers, by key, as answers.<key>, and org_type, the
// type of the answering organisation. Each answer has the CEL type of its
// question:
//
//	single choice, rating scale, yes/no,
//	short and long text, date (YYYY-MM-DD)   string
//	multiple choice                          list(string)
//	number, integers only                    int
//	number, decimals allowed                 double
//	evidence                                 int (number of files)
//	repeating table                          int (number of rows)
//	declaration                              bool (confirmed)
//
// Integer questions are int so that answers.children_on_plans == 0 reads
// naturally; compare a decimal question with a decimal literal (2.0).
// Ordering comparisons (<, <=, >, >=) work across int and double.
//
// A condition that reads an unanswered question, or a question that is
// itself hidden or does not apply, cannot be decided and counts as false:
// the question stays hidden. CEL's logical operators still decide
// "answers.a == 'yes' || answers.b == 'yes'" when either side is true.
// Any other evaluation error (a division by zero, a cost limit) also counts
// as false. Conditions must be true or false, may not form a cycle, and may
// be at most MaxConditionLength bytes long.
//
// # Applicability
//
// A section or question with AppliesTo set is shown only to organisations
// of those types; an empty list means every organisation. A question
// applies when both it and its section apply.
//
// # Evidence behind a rating
//
// A rating scale may set EvidenceAtOrAbove to a grade value. When the
// self-assessed grade scores at least that grade's score, evidence is
// required at submit: if EvidenceKey names an evidence question, that
// question must hold at least one file (and at least its MinFiles); if
// EvidenceKey is empty, the rating answer itself must carry at least one
// file in Evidence or a note in Text.
//
// # Action rows
//
// A question with ActionRow set offers an action row: its answer may carry
// up to MaxActions actions, each saying what will be done, who will do it
// and by when (YYYY-MM-DD), that feed the action plan. An action row is
// never required, except that a rating question may set
// ActionRequiredBelow to a grade value: when the self-assessed grade
// scores less than that grade's score, at least one action is required at
// submit. The not-applicable grade never requires one.
package form
