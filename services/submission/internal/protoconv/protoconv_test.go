package protoconv_test

import (
	"reflect"
	"testing"

	"github.com/assure-audit/assure/pkg/form"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
	"google.golang.org/protobuf/proto"
)

func TestAnswerRoundTrip(t *testing.T) {
	in := []form.Answer{
		{Key: "rating", Grade: "red", ModeratedGrade: "green", Text: "note",
			Evidence: []form.EvidenceRef{{Name: "a.pdf", ID: "f1"}},
			Actions: []form.Action{
				{What: "Train the board", Who: "Safeguarding lead", Due: "2026-09-30"},
				{What: "Review the policy", Who: "Head", Due: "2026-12-01"},
			}},
		{Key: "chronology", Rows: [][]form.Cell{{{Column: "when", Value: "2026-01-05"}}}},
		{Key: "many", Choices: []string{"a", "b"}},
		{Key: "declare", Confirmed: true},
	}
	msgs := make([]*submissionv1.Answer, len(in))
	for i, a := range in {
		msgs[i] = protoconv.Answer(a)
	}
	want := &submissionv1.Action{What: "Train the board", Who: "Safeguarding lead", Due: "2026-09-30"}
	if got := msgs[0].GetActions(); len(got) != 2 || !proto.Equal(got[0], want) {
		t.Fatalf("actions: %v", got)
	}
	if len(msgs[1].GetActions()) != 0 {
		t.Fatalf("an answer without actions has none: %v", msgs[1])
	}
	if out := protoconv.Answers(msgs); !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n in  %+v\n out %+v", in, out)
	}
}
