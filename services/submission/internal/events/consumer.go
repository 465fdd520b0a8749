package events

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
	substore "github.com/assure-audit/assure/services/submission/internal/store"
	"google.golang.org/protobuf/proto"
)

// Consumer keeps the copies of published template versions, organisations,
// partnerships and consortia, applying each event once.
type Consumer struct {
	DB *store.DB
}

// consumerName is the inbox name, the same as the durable consumer's.
const consumerName = Service

// Handle applies one template or directory event; other types are ignored.
func (c Consumer) Handle(ctx context.Context, ev natsbus.Event) error {
	var apply func(tx *sql.Tx) error
	switch ev.Type {
	case "assure.template.v1.TemplateVersionPublished":
		var m templatev1.TemplateVersionPublished
		if err := proto.Unmarshal(ev.Data, &m); err != nil {
			return fmt.Errorf("decode %s: %w", ev.Type, err)
		}
		apply = func(tx *sql.Tx) error { return substore.PutForm(ctx, tx, protoconv.Form(m.GetVersion())) }
	case "assure.directory.v1.OrganisationCreated":
		var m directoryv1.OrganisationCreated
		if err := proto.Unmarshal(ev.Data, &m); err != nil {
			return fmt.Errorf("decode %s: %w", ev.Type, err)
		}
		apply = func(tx *sql.Tx) error {
			return substore.PutOrganisation(ctx, tx, protoconv.Organisation(m.GetOrganisation()))
		}
	case "assure.directory.v1.PartnershipCreated":
		var m directoryv1.PartnershipCreated
		if err := proto.Unmarshal(ev.Data, &m); err != nil {
			return fmt.Errorf("decode %s: %w", ev.Type, err)
		}
		apply = func(tx *sql.Tx) error {
			return substore.PutPartnership(ctx, tx, protoconv.Partnership(m.GetPartnership()))
		}
	case "assure.directory.v1.ConsortiumCreated":
		var m directoryv1.ConsortiumCreated
		if err := proto.Unmarshal(ev.Data, &m); err != nil {
			return fmt.Errorf("decode %s: %w", ev.Type, err)
		}
		apply = func(tx *sql.Tx) error {
			return substore.PutConsortium(ctx, tx, protoconv.Consortium(m.GetConsortium()))
		}
	default:
		return nil
	}
	if _, err := inbox.Apply(ctx, c.DB, consumerName, ev.ID, apply); err != nil {
		return fmt.Errorf("apply %s %s: %w", ev.Type, ev.ID, err)
	}
	return nil
}
