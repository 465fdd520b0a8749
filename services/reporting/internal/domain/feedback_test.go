package domain

import "testing"

func TestFeedback(t *testing.T) {
	tests := []struct {
		name       string
		d          Dataset
		submission string
		want       FeedbackReport
		wantOK     bool
	}{
		{"whole campaign", fixture(), "s-a", FeedbackReport{Organisation: "organisations/a", DisplayName: "Ashdown Primary", Submission: "s-a",
			// Area distributions and means as in TestRatings.
			Ratings: []FeedbackRating{
				{Key: "s0_x", Text: "Text of s0_x", Section: "S0", Grade: "na", Label: "Not applicable", Answered: true, NotApplicable: true,
					AreaDistribution: distA(0, 0, 0, 0, 1), AreaAnswered: 1},
				{Key: "s1_lead", Text: "Text of s1_lead", Section: "S1", Grade: "out", Label: "Outstanding", Colour: "#00aa00", Score: 4, Answered: true,
					ModeratedGrade: "good", ModeratedLabel: "Good",
					AreaDistribution: distA(1, 1, 0, 1, 1), AreaAnswered: 4, AreaMeanScore: 8.0 / 3}, // (4+1+3)/3
				{Key: "s1_plan", Text: "Text of s1_plan", Section: "S1", Grade: "good", Label: "Good practice", Colour: "#339933", Score: 3, Answered: true,
					ModeratedGrade: "weak", ModeratedLabel: "Weak",
					AreaDistribution: distB(1, 1), AreaAnswered: 2, AreaMeanScore: 2}, // (3+1)/2
				{Key: "s2_train", Text: "Text of s2_train", Section: "S2", Grade: "ri", Label: "Requires improvement", Colour: "#ffaa00", Score: 2, Answered: true,
					ModeratedGrade: "inad", ModeratedLabel: "Inadequate",
					AreaDistribution: distA(1, 2, 1, 0, 0), AreaAnswered: 4, AreaMeanScore: 3}, // (2+3+3+4)/4
			},
			// Area figures as in TestNumeric.
			Numbers: []FeedbackNumber{
				{Key: "staff", Text: "Text of staff", Section: "about", Unit: "people", Value: "12", AreaCount: 4, AreaMean: "13.50", AreaMin: "5", AreaMax: "30"},
				{Key: "s2_hours", Text: "Text of s2_hours", Section: "S2", Unit: "hours", Value: "10.5", AreaCount: 3, AreaMean: "3.33", AreaMin: "-1.25", AreaMax: "10.5"},
			}}, true},
		{"schools only", fixture().Filtered(Filter{OrganisationType: "school"}), "s-c", FeedbackReport{Organisation: "organisations/c", DisplayName: "Castle Academy", Submission: "s-c",
			// The area is a and c.
			Ratings: []FeedbackRating{
				// a na.
				{Key: "s0_x", Text: "Text of s0_x", Section: "S0", AreaDistribution: distA(0, 0, 0, 0, 1), AreaAnswered: 1},
				// a out (4), c good (3): (4+3)/2 = 3.5.
				{Key: "s1_lead", Text: "Text of s1_lead", Section: "S1", Grade: "good", Label: "Good", Colour: "#66cc66", Score: 3, Answered: true,
					ModeratedGrade: "inad", ModeratedLabel: "Inadequate",
					AreaDistribution: distA(1, 1, 0, 0, 0), AreaAnswered: 2, AreaMeanScore: 3.5},
				// a good (3); c's "bogus" is no answer.
				{Key: "s1_plan", Text: "Text of s1_plan", Section: "S1", AreaDistribution: distB(1, 0), AreaAnswered: 1, AreaMeanScore: 3},
				// a ri (2), c good (3): 5/2 = 2.5.
				{Key: "s2_train", Text: "Text of s2_train", Section: "S2", Grade: "good", Label: "Good", Colour: "#66cc66", Score: 3, Answered: true,
					AreaDistribution: distA(0, 1, 1, 0, 0), AreaAnswered: 2, AreaMeanScore: 2.5},
			},
			Numbers: []FeedbackNumber{
				// 12 + 7 = 19, /2 = 9.5.
				{Key: "staff", Text: "Text of staff", Section: "about", Unit: "people", Value: "7", AreaCount: 2, AreaMean: "9.50", AreaMin: "7", AreaMax: "12"},
				// c's "abc" is no answer: only a's 10.5.
				{Key: "s2_hours", Text: "Text of s2_hours", Section: "S2", Unit: "hours", AreaCount: 1, AreaMean: "10.50", AreaMin: "10.5", AreaMax: "10.5"},
			}}, true},
		{"filtered out", fixture(), "s-x", FeedbackReport{}, false},
		{"outside the filter", fixture().Filtered(Filter{OrganisationType: "police"}), "s-a", FeedbackReport{}, false},
		{"unknown", fixture(), "s-none", FeedbackReport{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Feedback(tt.d, tt.submission)
			if ok != tt.wantOK {
				t.Fatalf("Feedback(%q) ok = %v, want %v", tt.submission, ok, tt.wantOK)
			}
			if diff := approxDiff(tt.want, got); diff != "" {
				t.Fatal(diff)
			}
		})
	}
}
