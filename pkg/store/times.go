package store

import (
	"database/sql"
	"time"
)

// NullTime is t in UTC to write to a nullable column, or NULL when t is
// zero. Both databases then compare times alike: PostgreSQL as
// timestamps, SQLite as the driver's fixed-layout UTC text.
func NullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// UTC reads a nullable time column: zero when NULL, else in UTC.
func UTC(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
