// Package events is the reminder's consumer of the submission service's
// events: it decodes each event it uses by type, converts it into an
// application call and applies it once, in one transaction with the inbox
// record of the event's id. Event types it does not use are acknowledged
// and ignored.
package events

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"github.com/assure-audit/assure/services/reminder/internal/protoconv"
	"google.golang.org/protobuf/proto"
)

// Service is the reminder's name: its durable consumer and inbox name.
const Service = "reminder"

// The event types the reminder applies.
var (
	typeCampaignLaunched           = fullName(&submissionv1.CampaignLaunched{})
	typeCampaignOrganisationsAdded = fullName(&submissionv1.CampaignOrganisationsAdded{})
	typeCampaignUpdated            = fullName(&submissionv1.CampaignUpdated{})
	typeCampaignOpened             = fullName(&submissionv1.CampaignOpened{})
	typeCampaignClosed             = fullName(&submissionv1.CampaignClosed{})
	typeCampaignArchived           = fullName(&submissionv1.CampaignArchived{})
	typeSubmissionSubmitted        = fullName(&submissionv1.SubmissionSubmitted{})
	typeSubmissionReturned         = fullName(&submissionv1.SubmissionReturned{})
	typeSubmissionAccepted         = fullName(&submissionv1.SubmissionAccepted{})
	typeAnswersSaved               = fullName(&submissionv1.AnswersSaved{})
	typePersonCreated              = fullName(&directoryv1.PersonCreated{})
	typePersonUpdated              = fullName(&directoryv1.PersonUpdated{})
	typeMembershipCreated          = fullName(&directoryv1.MembershipCreated{})
	typeRiskFlagged                = fullName(&caseauditv1.RiskFlagged{})
	typeMembershipDeleted          = fullName(&directoryv1.MembershipDeleted{})
	typeOrganisationCreated        = fullName(&directoryv1.OrganisationCreated{})
	typePartnershipCreated         = fullName(&directoryv1.PartnershipCreated{})
)

func fullName(m proto.Message) string { return string(m.ProtoReflect().Descriptor().FullName()) }

// Consumer applies submission events to the reminder's read model.
type Consumer struct {
	DB  *store.DB
	App *app.App
	// Changes binds the read-model writes to the transaction that applies
	// an event.
	Changes func(tx *sql.Tx) app.Changes
	Logger  *slog.Logger
}

// Handle applies one event once; other types are ignored. An event that can
// never be applied (its payload does not decode, or it lacks what the
// reminder needs) is logged and acknowledged rather than retried forever;
// any other failure asks for redelivery.
func (c Consumer) Handle(ctx context.Context, ev natsbus.Event) error {
	var apply func(w app.Changes) error
	var err error
	// campaignChanged applies an event that only reports the campaign.
	campaignChanged := func(m interface{ GetCampaign() *submissionv1.Campaign }) {
		e := protoconv.CampaignChanged(m.GetCampaign(), ev.Time)
		apply = func(w app.Changes) error { return c.App.ApplyCampaignChanged(ctx, w, e) }
	}
	reported := func(e domain.SubmissionReported) {
		apply = func(w app.Changes) error { return c.App.ApplySubmissionReported(ctx, w, e) }
	}
	switch ev.Type {
	case typeRiskFlagged:
		// Told at once, outside the inbox: each raising of a flag goes to
		// each person once by its delivery's id, however often the event
		// comes.
		var m caseauditv1.RiskFlagged
		if err := proto.Unmarshal(ev.Data, &m); err != nil {
			return c.drop(ctx, ev, fmt.Errorf("decode: %w", err))
		}
		f := m.GetFlag()
		if _, err := c.App.AlertRisk(ctx, app.RiskFlag{Name: f.GetName(), CaseReference: f.GetCaseReference(), Agency: f.GetAgency(),
			ChildRisk: f.GetKind() == caseauditv1.RiskKind_RISK_KIND_CHILD_AT_RISK, Sends: int(f.GetSends())}); err != nil {
			return fmt.Errorf("alert risk %s: %w", f.GetName(), err)
		}
		return nil
	case typeCampaignLaunched:
		var m submissionv1.CampaignLaunched
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.CampaignLaunched(&m, ev.Time)
			apply = func(w app.Changes) error { return c.App.ApplyCampaignLaunched(ctx, w, e) }
		}
	case typeCampaignOrganisationsAdded:
		var m submissionv1.CampaignOrganisationsAdded
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.CampaignOrganisationsAdded(&m, ev.Time)
			apply = func(w app.Changes) error { return c.App.ApplyCampaignOrganisationsAdded(ctx, w, e) }
		}
	case typeCampaignUpdated:
		var m submissionv1.CampaignUpdated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			campaignChanged(&m)
		}
	case typeCampaignOpened:
		var m submissionv1.CampaignOpened
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			campaignChanged(&m)
		}
	case typeCampaignClosed:
		var m submissionv1.CampaignClosed
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			campaignChanged(&m)
		}
	case typeCampaignArchived:
		var m submissionv1.CampaignArchived
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			campaignChanged(&m)
		}
	case typeSubmissionSubmitted:
		var m submissionv1.SubmissionSubmitted
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			reported(protoconv.SubmissionSubmitted(&m, ev.Time))
		}
	case typeSubmissionReturned:
		var m submissionv1.SubmissionReturned
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			reported(protoconv.SubmissionReturned(&m, ev.Time))
		}
	case typeSubmissionAccepted:
		var m submissionv1.SubmissionAccepted
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			reported(protoconv.SubmissionAccepted(&m, ev.Time))
		}
	case typeAnswersSaved:
		var m submissionv1.AnswersSaved
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			apply = func(w app.Changes) error { return c.App.ApplyAnswered(ctx, w, m.GetSubmission(), m.GetQuestionKeys()) }
		}
	case typePersonCreated, typePersonUpdated:
		var m directoryv1.PersonCreated // PersonUpdated has the same shape
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			apply = func(w app.Changes) error { return c.App.ApplyPerson(ctx, w, protoconv.Person(m.GetPerson())) }
		}
	case typeMembershipCreated, typeMembershipDeleted:
		var m directoryv1.MembershipCreated // MembershipDeleted has the same shape
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			person, role, scope := protoconv.Membership(m.GetMembership())
			held := ev.Type == typeMembershipCreated
			apply = func(w app.Changes) error { return c.App.ApplyMembership(ctx, w, person, role, scope, held) }
		}
	case typeOrganisationCreated:
		var m directoryv1.OrganisationCreated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			o := m.GetOrganisation()
			apply = func(w app.Changes) error { return c.App.ApplyName(ctx, w, o.GetName(), o.GetDisplayName()) }
		}
	case typePartnershipCreated:
		var m directoryv1.PartnershipCreated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			p := m.GetPartnership()
			apply = func(w app.Changes) error { return c.App.ApplyName(ctx, w, p.GetName(), p.GetDisplayName()) }
		}
	default:
		return nil
	}
	if err != nil {
		return c.drop(ctx, ev, fmt.Errorf("decode: %w", err))
	}
	_, err = inbox.Apply(ctx, c.DB, Service, ev.ID, func(tx *sql.Tx) error { return apply(c.Changes(tx)) })
	if failure.KindOf(err) == failure.KindInvalid {
		return c.drop(ctx, ev, err)
	}
	if err != nil {
		return fmt.Errorf("apply %s %s: %w", ev.Type, ev.ID, err)
	}
	return nil
}

// drop logs an event that no redelivery could apply and acknowledges it.
func (c Consumer) drop(ctx context.Context, ev natsbus.Event, err error) error {
	c.Logger.ErrorContext(ctx, "event cannot be applied; dropped", "type", ev.Type, "event_id", ev.ID, "subject", ev.Subject, "error", err)
	return nil
}

// Encode returns the event name and message of a reminder event.
func Encode(ev domain.Event) (string, proto.Message, error) {
	switch e := ev.(type) {
	case domain.DeliveryDone:
		name := "delivery.sent"
		switch e.Delivery.State {
		case domain.DeliveryFailed:
			name = "delivery.failed"
		case domain.DeliveryCancelled:
			name = "delivery.cancelled"
		}
		return name, &reminderv1.ReminderDelivered{Delivery: protoconv.Delivery(e.Delivery)}, nil
	default:
		return "", nil, fmt.Errorf("events: unknown reminder event %T", ev)
	}
}
