// Package events turns the directory's domain events into the protobuf
// messages it publishes.
package events

import (
	"fmt"

	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	"github.com/assure-audit/assure/services/directory/internal/domain"
	"github.com/assure-audit/assure/services/directory/internal/protoconv"
	"google.golang.org/protobuf/proto"
)

// Service is the name under which the directory publishes.
const Service = "directory"

// Encode returns the event name (such as "partnership.created") and message
// of ev.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.PartnershipCreated:
		return "partnership.created", &directoryv1.PartnershipCreated{Partnership: protoconv.Partnership(e.Partnership)}, nil
	case domain.OrganisationCreated:
		return "organisation.created", &directoryv1.OrganisationCreated{Organisation: protoconv.Organisation(e.Organisation)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown directory event %T", ev)
	}
}
