// Package grpcapi is the reminder's gRPC transport: thin handlers that turn
// requests into application calls and results into API messages. Requests
// arrive already validated against the rules in the protos.
package grpcapi

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/resource"
	reminderv1 "github.com/assure-audit/assure/proto/gen/assure/reminder/v1"
	"github.com/assure-audit/assure/services/reminder/internal/app"
	"github.com/assure-audit/assure/services/reminder/internal/protoconv"
)

// DefaultPageSize is the page size of a list request that gives none.
const DefaultPageSize = 100

// Server implements reminderv1.ReminderServiceServer.
type Server struct {
	reminderv1.UnimplementedReminderServiceServer
	app  *app.App
	wake func()
}

// New returns the gRPC handlers over a; wake, if set, tells the scheduler
// there is something to send now.
func New(a *app.App, wake func()) *Server { return &Server{app: a, wake: wake} }

// ListOutstandingSubmissions implements the RPC.
func (s *Server) ListOutstandingSubmissions(ctx context.Context, req *reminderv1.ListOutstandingSubmissionsRequest) (*reminderv1.ListOutstandingSubmissionsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), DefaultPageSize)
	if err != nil {
		return nil, err
	}
	subs, next, total, err := s.app.ListOutstanding(ctx, req.GetCampaign(), page)
	if err != nil {
		return nil, err
	}
	resp := &reminderv1.ListOutstandingSubmissionsResponse{NextPageToken: next, TotalSize: int32(total)}
	for _, sub := range subs {
		resp.Submissions = append(resp.Submissions, protoconv.OutstandingSubmission(sub))
	}
	return resp, nil
}

// GetReminderPolicy implements the RPC.
func (s *Server) GetReminderPolicy(ctx context.Context, req *reminderv1.GetReminderPolicyRequest) (*reminderv1.ReminderPolicy, error) {
	campaign := strings.TrimSuffix(req.GetName(), "/reminderPolicy")
	p, err := s.app.GetPolicy(ctx, campaign)
	if err != nil {
		return nil, err
	}
	return protoconv.Policy(campaign, p), nil
}

// UpdateReminderPolicy implements the RPC.
func (s *Server) UpdateReminderPolicy(ctx context.Context, req *reminderv1.UpdateReminderPolicyRequest) (*reminderv1.ReminderPolicy, error) {
	m := req.GetPolicy()
	if !policyName.MatchString(m.GetName()) {
		return nil, failure.Invalid("policy.name", "must be partnerships/{p}/campaigns/{c}/reminderPolicy")
	}
	campaign := strings.TrimSuffix(m.GetName(), "/reminderPolicy")
	etag := m.GetEtag()
	if etag == "" {
		etag = "0"
	}
	p, err := s.app.UpdatePolicy(ctx, campaign, etag, protoconv.PolicyFields(m), resource.MaskPaths(req.GetUpdateMask().GetPaths()))
	if err != nil {
		return nil, err
	}
	return protoconv.Policy(campaign, p), nil
}

var policyName = regexp.MustCompile(`^partnerships/[a-z0-9-]{1,63}/campaigns/[a-z0-9-]{1,63}/reminderPolicy$`)

// PreviewReminders implements the RPC.
func (s *Server) PreviewReminders(ctx context.Context, req *reminderv1.PreviewRemindersRequest) (*reminderv1.PreviewRemindersResponse, error) {
	until := time.Now().AddDate(0, 0, 60)
	if req.GetUntilTime() != nil {
		until = req.GetUntilTime().AsTime()
	}
	limit := int(req.GetPageSize())
	if limit == 0 {
		limit = DefaultPageSize
	}
	ps, err := s.app.PreviewReminders(ctx, req.GetCampaign(), until, limit)
	if err != nil {
		return nil, err
	}
	resp := &reminderv1.PreviewRemindersResponse{}
	for _, p := range ps {
		resp.Reminders = append(resp.Reminders, &reminderv1.PlannedReminder{Submission: p.Submission.Name,
			Organisation: p.Submission.Organisation, Kind: string(p.Planned.Kind), SendTime: timestamppb.New(p.Planned.At),
			Recipients: p.Recipients, Subject: p.Subject, Text: p.Text, LadderStep: reminderv1.LadderStep(p.Planned.Step)})
	}
	return resp, nil
}

// ChaseNow implements the RPC.
func (s *Server) ChaseNow(ctx context.Context, req *reminderv1.ChaseNowRequest) (*reminderv1.ChaseNowResponse, error) {
	var v failure.Violations
	for i, sub := range req.GetSubmissions() {
		if !strings.HasPrefix(sub, req.GetCampaign()+"/submissions/") {
			v.Addf(fmt.Sprintf("submissions[%d]", i), "%s is not a submission of %s", sub, req.GetCampaign())
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	n, skipped, err := s.app.Chase(ctx, req.GetCampaign(), req.GetSubmissions(), req.GetRequestId())
	if err != nil {
		return nil, err
	}
	if s.wake != nil {
		s.wake()
	}
	return &reminderv1.ChaseNowResponse{Queued: int32(n), Skipped: skipped}, nil
}

// ListDeliveries implements the RPC.
func (s *Server) ListDeliveries(ctx context.Context, req *reminderv1.ListDeliveriesRequest) (*reminderv1.ListDeliveriesResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), DefaultPageSize)
	if err != nil {
		return nil, err
	}
	if req.GetSubmission() != "" && !strings.HasPrefix(req.GetSubmission(), req.GetCampaign()+"/submissions/") {
		return nil, failure.Invalid("submission", "is not a submission of "+req.GetCampaign())
	}
	ds, err := s.app.ListDeliveries(ctx, req.GetCampaign(), req.GetSubmission(), page.Offset, page.Size)
	if err != nil {
		return nil, err
	}
	resp := &reminderv1.ListDeliveriesResponse{NextPageToken: page.Next(len(ds))}
	for _, d := range ds {
		resp.Deliveries = append(resp.Deliveries, protoconv.Delivery(d))
	}
	return resp, nil
}
