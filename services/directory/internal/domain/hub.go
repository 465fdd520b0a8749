package domain

import (
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// DefaultHubID is the id of the hub made when the directory starts with
// nobody in it.
const DefaultHubID = "default"

// Hub hosts several partnerships on one deployment.
type Hub struct {
	ID          string
	DisplayName string
	CreateTime  time.Time
	Version     int64
}

// NewHub checks and builds a new hub.
func NewHub(id, displayName string, now time.Time) (Hub, error) {
	var v failure.Violations
	displayName = checkName(&v, "hub.display_name", displayName)
	if err := v.Err(); err != nil {
		return Hub{}, err
	}
	return Hub{ID: id, DisplayName: displayName, CreateTime: now, Version: 1}, nil
}
