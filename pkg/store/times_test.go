package store

import (
	"database/sql"
	"testing"
	"time"
)

func TestTimes(t *testing.T) {
	london := time.FixedZone("BST", 3600)
	at := time.Date(2026, 9, 1, 10, 0, 0, 0, london)
	if NullTime(time.Time{}) != nil {
		t.Fatal("a zero time is not NULL")
	}
	if got := NullTime(at).(time.Time); got.Location() != time.UTC || got.Hour() != 9 {
		t.Fatalf("NullTime %v", got)
	}
	if !UTC(sql.NullTime{}).IsZero() {
		t.Fatal("NULL is not zero")
	}
	if got := UTC(sql.NullTime{Time: at, Valid: true}); got.Location() != time.UTC || !got.Equal(at) {
		t.Fatalf("UTC %v", got)
	}
}
