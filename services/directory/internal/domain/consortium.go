package domain

import (
	"time"

	"github.com/assure-audit/assure/pkg/failure"
)

// Consortium is a named group of partnerships of one hub that can run one
// shared audit.
type Consortium struct {
	Hub          string // hub id
	ID           string
	DisplayName  string
	Partnerships []string // partnership ids, in the order given
	CreateTime   time.Time
	Version      int64
}

// Name is the consortium's resource name.
func (c Consortium) Name() string { return "hubs/" + c.Hub + "/consortia/" + c.ID }

// MinConsortiumPartnerships is the fewest partnerships a consortium holds.
const MinConsortiumPartnerships = 2

// NewConsortium checks and builds a new consortium of hub. That every
// partnership belongs to the hub is checked where they are stored.
func NewConsortium(hub, id, displayName string, partnerships []string, now time.Time) (Consortium, error) {
	var v failure.Violations
	displayName = checkName(&v, "consortium.display_name", displayName)
	if len(partnerships) < MinConsortiumPartnerships {
		v.Addf("consortium.partnerships", "must name at least %d partnerships", MinConsortiumPartnerships)
	}
	seen := map[string]bool{}
	for _, p := range partnerships {
		if seen[p] {
			v.Addf("consortium.partnerships", "names partnerships/%s twice", p)
		}
		seen[p] = true
	}
	if err := v.Err(); err != nil {
		return Consortium{}, err
	}
	return Consortium{Hub: hub, ID: id, DisplayName: displayName, Partnerships: partnerships, CreateTime: now, Version: 1}, nil
}
