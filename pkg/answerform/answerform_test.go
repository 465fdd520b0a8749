package answerform

import (
	"testing"

	"google.golang.org/protobuf/proto"

	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
)

// TestRoundTrip: every field an answer carries survives To(From(m)).
func TestRoundTrip(t *testing.T) {
	m := &submissionv1.Answer{QuestionKey: "q1", Grade: "green", ModeratedGrade: "amber", Text: "note", Choice: "a",
		Choices: []string{"a", "b"}, YesNo: "partly", Number: "-12.50", Date: "2026-03-01", Confirmed: true,
		Evidence: []*submissionv1.EvidenceRef{{Name: "policy.pdf", Id: "e1"}},
		Rows:     []*submissionv1.TableRow{{Cells: []*submissionv1.TableCell{{Column: "who", Value: "DSL"}}}},
		Actions:  []*submissionv1.Action{{What: "Train staff", Who: "DSL", Due: "2027-03-31"}}}
	if got := To(From(m)); !proto.Equal(got, m) {
		t.Fatalf("round trip:\n got %v\nwant %v", got, m)
	}
	if len(FromAll([]*submissionv1.Answer{m, {QuestionKey: "q2"}})) != 2 {
		t.Fatal("FromAll")
	}
}
