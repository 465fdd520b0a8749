package events

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"google.golang.org/protobuf/proto"

	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/pkg/templateform"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	castore "github.com/assure-audit/assure/services/caseaudit/internal/store"
)

// typeVersionPublished is the template service's event of a published
// version.
var typeVersionPublished = string((&templatev1.TemplateVersionPublished{}).ProtoReflect().Descriptor().FullName())

// Consumer keeps the published template versions' forms the case-audit
// returns are checked against, each event once through the inbox. Other
// events are acknowledged and ignored.
type Consumer struct {
	DB     *store.DB
	Logger *slog.Logger
}

// Handle applies one event.
func (c Consumer) Handle(ctx context.Context, ev natsbus.Event) error {
	if ev.Type != typeVersionPublished {
		return nil
	}
	var m templatev1.TemplateVersionPublished
	if err := proto.Unmarshal(ev.Data, &m); err != nil || m.GetVersion().GetName() == "" {
		c.Logger.ErrorContext(ctx, "event cannot be applied; dropped", "type", ev.Type, "event_id", ev.ID, "error", err)
		return nil
	}
	f := templateform.Form(m.GetVersion().GetTemplate())
	if _, err := inbox.Apply(ctx, c.DB, Service, ev.ID, func(tx *sql.Tx) error {
		return castore.PutForm(ctx, tx, m.GetVersion().GetName(), f)
	}); err != nil {
		return fmt.Errorf("keep form %s: %w", m.GetVersion().GetName(), err)
	}
	return nil
}
