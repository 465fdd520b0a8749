package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/assure-audit/assure/pkg/form"
	"github.com/assure-audit/assure/pkg/testinfra"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	repstore "github.com/assure-audit/assure/services/reporting/internal/store"
	"github.com/assure-audit/assure/services/reporting/migrations"
)

// TestPutAnswers: a save of 1,201 answers is kept whole (more than one
// statement's worth); a key given twice in one save keeps its higher
// version; a later save keeps only what is newer than what is kept.
func TestPutAnswers(t *testing.T) {
	for name, db := range testinfra.Databases(t, "reporting") {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := db.Migrate(ctx, migrations.FS, "."); err != nil {
				t.Fatal(err)
			}
			repo := repstore.New(db)
			const sub = "partnerships/north/campaigns/s11/submissions/police"
			at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
			saved := func(key, number string, version int64) domain.SavedAnswer {
				return domain.SavedAnswer{Answer: form.Answer{Key: key, Number: number}, Version: version, Time: at.Add(time.Duration(version) * time.Second)}
			}
			var first []domain.SavedAnswer
			for i := range 1201 {
				first = append(first, saved(fmt.Sprintf("q%04d", i), "1", 1))
			}
			// q0000 again, newer, in the same save; q0001 again, older.
			first = append(first, saved("q0000", "2", 2), saved("q0001", "0", 0))
			apply(t, db, func(ctx context.Context, w app.Changes) error { return w.PutAnswers(ctx, sub, first) })
			// A later save: q0002 newer, q0003 older than kept, q0004 the same version.
			apply(t, db, func(ctx context.Context, w app.Changes) error {
				return w.PutAnswers(ctx, sub, []domain.SavedAnswer{saved("q0002", "3", 3), saved("q0003", "0", 0), saved("q0004", "9", 1)})
			})
			answers, times, err := repo.AnswersOf(ctx, []string{sub})
			if err != nil {
				t.Fatal(err)
			}
			got := answers[sub]
			if len(got) != 1201 {
				t.Fatalf("%d answers kept, want 1201", len(got))
			}
			for key, want := range map[string]string{"q0000": "2", "q0001": "1", "q0002": "3", "q0003": "1", "q0004": "1", "q1200": "1"} {
				if got[key].Number != want {
					t.Errorf("%s = %q, want %q", key, got[key].Number, want)
				}
			}
			if !times[sub]["q0002"].Equal(at.Add(3*time.Second)) || !times[sub]["q0003"].Equal(at.Add(time.Second)) {
				t.Errorf("times %v %v", times[sub]["q0002"], times[sub]["q0003"])
			}
		})
	}
}
