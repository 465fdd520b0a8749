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
	case domain.HubCreated:
		return "hub.created", &directoryv1.HubCreated{Hub: protoconv.Hub(e.Hub)}, nil
	case domain.PartnershipCreated:
		return "partnership.created", &directoryv1.PartnershipCreated{Partnership: protoconv.Partnership(e.Partnership)}, nil
	case domain.OrganisationCreated:
		return "organisation.created", &directoryv1.OrganisationCreated{Organisation: protoconv.Organisation(e.Organisation)}, nil
	case domain.PersonCreated:
		return "person.created", &directoryv1.PersonCreated{Person: protoconv.Person(e.Person)}, nil
	case domain.PersonUpdated:
		return "person.updated", &directoryv1.PersonUpdated{Person: protoconv.Person(e.Person)}, nil
	case domain.MembershipCreated:
		return "membership.created", &directoryv1.MembershipCreated{Membership: protoconv.Membership(e.Membership)}, nil
	case domain.MembershipDeleted:
		return "membership.deleted", &directoryv1.MembershipDeleted{Membership: protoconv.Membership(e.Membership)}, nil
	case domain.ConsortiumCreated:
		return "consortium.created", &directoryv1.ConsortiumCreated{Consortium: protoconv.Consortium(e.Consortium)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown directory event %T", ev)
	}
}
