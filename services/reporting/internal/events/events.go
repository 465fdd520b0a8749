// Package events is the reporting service's consumer of the submission and
// directory services' events: it decodes each event it uses by type,
// converts it into an application call and applies it once, in one
// transaction with the inbox record of the event's id. Once the transaction
// has committed it drops the cached reports the event changed and records
// how fresh the read model is. Event types it does not use are acknowledged
// and ignored.
package events

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/inbox"
	"github.com/assure-audit/assure/pkg/natsbus"
	"github.com/assure-audit/assure/pkg/store"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	templatev1 "github.com/assure-audit/assure/proto/gen/assure/template/v1"
	"github.com/assure-audit/assure/services/reporting/internal/app"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	"github.com/assure-audit/assure/services/reporting/internal/protoconv"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"google.golang.org/protobuf/proto"
)

// Service is the reporting service's name: its durable consumer and inbox
// name.
const Service = "reporting"

// FreshnessMetric is the histogram of seconds from an event happening to
// its being applied to the read model.
const FreshnessMetric = "assure_reporting_freshness_seconds"

// The event types the reporting service applies.
var (
	typeCampaignLaunched           = fullName(&submissionv1.CampaignLaunched{})
	typeCampaignOrganisationsAdded = fullName(&submissionv1.CampaignOrganisationsAdded{})
	typeCampaignUpdated            = fullName(&submissionv1.CampaignUpdated{})
	typeAnswersSaved               = fullName(&submissionv1.AnswersSaved{})
	typeSubmissionSubmitted        = fullName(&submissionv1.SubmissionSubmitted{})
	typeSubmissionReturned         = fullName(&submissionv1.SubmissionReturned{})
	typeSubmissionAccepted         = fullName(&submissionv1.SubmissionAccepted{})
	typeOrganisationCreated        = fullName(&directoryv1.OrganisationCreated{})
	typeVersionPublished           = fullName(&templatev1.TemplateVersionPublished{})
	typePartnershipCreated         = fullName(&directoryv1.PartnershipCreated{})
	typeActionChanged              = fullName(&submissionv1.ActionChanged{})
)

func fullName(m proto.Message) string { return string(m.ProtoReflect().Descriptor().FullName()) }

// NewFreshness creates the freshness histogram on mp.
func NewFreshness(mp metric.MeterProvider) (metric.Float64Histogram, error) {
	h, err := mp.Meter("github.com/assure-audit/assure/services/reporting").Float64Histogram(FreshnessMetric,
		metric.WithUnit("s"),
		metric.WithDescription("Time from an event happening to the reporting read model applying it."),
		metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900))
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", FreshnessMetric, err)
	}
	return h, nil
}

// Consumer applies submission and directory events to the completion read
// model.
type Consumer struct {
	DB  *store.DB
	App *app.App
	// Changes binds the read-model writes to the transaction that applies
	// an event.
	Changes   func(tx *sql.Tx) app.Changes
	Freshness metric.Float64Histogram
	Now       func() time.Time
	Logger    *slog.Logger
}

// Handle applies one event once; other types are ignored. An event that can
// never be applied (its payload does not decode, or it lacks what the
// report needs) is logged and acknowledged rather than retried forever; any
// other failure asks for redelivery.
func (c Consumer) Handle(ctx context.Context, ev natsbus.Event) error {
	var apply func(w app.Changes) ([]string, error)
	var err error
	reported := func(e domain.SubmissionReported) {
		apply = func(w app.Changes) ([]string, error) { return c.App.ApplySubmissionReported(ctx, w, e) }
	}
	switch ev.Type {
	case typeCampaignLaunched:
		var m submissionv1.CampaignLaunched
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.CampaignLaunched(&m, ev.Time)
			apply = func(w app.Changes) ([]string, error) {
				changed, err := c.App.ApplyCampaignLaunched(ctx, w, e)
				if err != nil {
					return nil, err
				}
				return changed, c.App.ApplyCampaignStructure(ctx, w, m.GetCampaign().GetName(), m.GetCampaign().GetTemplateVersion(),
					protoconv.PartnershipIDs(m.GetCampaign().GetPartnerships()), protoconv.SubmissionPartnerships(m.GetSubmissions()))
			}
		}
	case typeAnswersSaved:
		var m submissionv1.AnswersSaved
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.AnswersSaved(&m, ev.Time)
			values := protoconv.SavedAnswers(&m, ev.Time)
			apply = func(w app.Changes) ([]string, error) {
				changed, err := c.App.ApplyAnswersSaved(ctx, w, e)
				if err != nil {
					return nil, err
				}
				return changed, c.App.ApplyAnswerValues(ctx, w, m.GetSubmission(), values)
			}
		}
	case typeActionChanged:
		var m submissionv1.ActionChanged
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			act := protoconv.Action(&m)
			apply = func(w app.Changes) ([]string, error) {
				if act.Name == "" {
					return nil, nil
				}
				return nil, w.PutAction(ctx, act)
			}
		}
	case typePartnershipCreated:
		var m directoryv1.PartnershipCreated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			id, hub := strings.TrimPrefix(m.GetPartnership().GetName(), "partnerships/"), m.GetPartnership().GetHub()
			apply = func(w app.Changes) ([]string, error) {
				if id == "" {
					return nil, nil
				}
				return nil, w.PutPartnership(ctx, id, hub)
			}
		}
	case typeVersionPublished:
		var m templatev1.TemplateVersionPublished
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			name, v := m.GetVersion().GetName(), protoconv.Version(m.GetVersion())
			apply = func(w app.Changes) ([]string, error) { return nil, c.App.ApplyVersionPublished(ctx, w, name, v) }
		}
	case typeCampaignOrganisationsAdded:
		var m submissionv1.CampaignOrganisationsAdded
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.CampaignOrganisationsAdded(&m, ev.Time)
			apply = func(w app.Changes) ([]string, error) { return c.App.ApplyCampaignOrganisationsAdded(ctx, w, e) }
		}
	case typeCampaignUpdated:
		var m submissionv1.CampaignUpdated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.CampaignUpdated(&m, ev.Time)
			apply = func(w app.Changes) ([]string, error) { return c.App.ApplyCampaignUpdated(ctx, w, e) }
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
	case typeOrganisationCreated:
		var m directoryv1.OrganisationCreated
		if err = proto.Unmarshal(ev.Data, &m); err == nil {
			e := protoconv.OrganisationCreated(&m)
			typ, ps := protoconv.OrganisationDetails(m.GetOrganisation())
			apply = func(w app.Changes) ([]string, error) {
				changed, err := c.App.ApplyOrganisationCreated(ctx, w, e)
				if err != nil {
					return nil, err
				}
				return changed, w.SetOrganisationDetails(ctx, m.GetOrganisation().GetName(), typ, ps)
			}
		}
	default:
		return nil
	}
	if err != nil {
		return c.drop(ctx, ev, fmt.Errorf("decode: %w", err))
	}
	var changed []string
	applied, err := inbox.Apply(ctx, c.DB, Service, ev.ID, func(tx *sql.Tx) (err error) {
		changed, err = apply(c.Changes(tx))
		return err
	})
	if failure.KindOf(err) == failure.KindInvalid {
		return c.drop(ctx, ev, err)
	}
	if err != nil {
		return fmt.Errorf("apply %s %s: %w", ev.Type, ev.ID, err)
	}
	if !applied {
		return nil
	}
	c.App.ReportsChanged(ctx, changed)
	if !ev.Time.IsZero() {
		c.Freshness.Record(ctx, max(c.Now().Sub(ev.Time).Seconds(), 0),
			metric.WithAttributes(attribute.String("event.type", ev.Type)))
	}
	return nil
}

// drop logs an event that no redelivery could apply and acknowledges it.
func (c Consumer) drop(ctx context.Context, ev natsbus.Event, err error) error {
	c.Logger.ErrorContext(ctx, "event cannot be applied; dropped", "type", ev.Type, "event_id", ev.ID, "subject", ev.Subject, "error", err)
	return nil
}
