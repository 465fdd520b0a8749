package grpcapi

import (
	"context"
	"strings"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/resource"
	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
	"github.com/assure-audit/assure/services/reporting/internal/domain"
	"github.com/assure-audit/assure/services/reporting/internal/protoconv"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func filter(orgType, partnership string) domain.Filter {
	return domain.Filter{OrganisationType: orgType, Partnership: strings.TrimPrefix(partnership, "partnerships/")}
}

// GetRatingsReport implements the RPC.
func (s *Server) GetRatingsReport(ctx context.Context, req *reportingv1.GetRatingsReportRequest) (*reportingv1.RatingsReport, error) {
	r, err := s.app.Ratings(ctx, req.GetCampaign(), view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())))
	if err != nil {
		return nil, err
	}
	return protoconv.RatingsReport(req.GetCampaign(), r), nil
}

// GetModerationReport implements the RPC.
func (s *Server) GetModerationReport(ctx context.Context, req *reportingv1.GetModerationReportRequest) (*reportingv1.ModerationReport, error) {
	gaps, err := s.app.Moderation(ctx, req.GetCampaign(), view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())))
	if err != nil {
		return nil, err
	}
	out := &reportingv1.ModerationReport{Campaign: req.GetCampaign()}
	for _, g := range gaps {
		out.Gaps = append(out.Gaps, &reportingv1.ModerationGap{Organisation: g.Organisation, Section: g.Section,
			SelfMean: g.SelfMean, ModeratedMean: g.ModeratedMean, Gap: g.Gap, Questions: int32(g.Questions)})
	}
	return out, nil
}

// GetNumericReport implements the RPC.
func (s *Server) GetNumericReport(ctx context.Context, req *reportingv1.GetNumericReportRequest) (*reportingv1.NumericReport, error) {
	r, err := s.app.Numeric(ctx, req.GetCampaign(), view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())))
	if err != nil {
		return nil, err
	}
	return protoconv.NumericReport(req.GetCampaign(), r), nil
}

// GetFeedbackReport implements the RPC.
func (s *Server) GetFeedbackReport(ctx context.Context, req *reportingv1.GetFeedbackReportRequest) (*reportingv1.FeedbackReport, error) {
	r, err := s.app.Feedback(ctx, req.GetSubmission(), req.GetOrganisationType())
	if err != nil {
		return nil, err
	}
	return protoconv.FeedbackReport(r), nil
}

// defaultRows is the page size of the answer rows.
const defaultRows = 1000

// ListAnswerRows implements the RPC.
func (s *Server) ListAnswerRows(ctx context.Context, req *reportingv1.ListAnswerRowsRequest) (*reportingv1.ListAnswerRowsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), defaultRows)
	if err != nil {
		return nil, err
	}
	f := view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership()))
	rows, times, next, err := s.app.AnswerRows(ctx, req.GetCampaign(), f, page.Offset, page.Size)
	if err != nil {
		return nil, err
	}
	out := &reportingv1.ListAnswerRowsResponse{}
	if next >= 0 {
		out.NextPageToken = resource.PageToken(next)
	}
	for i, r := range rows {
		m := &reportingv1.AnswerRow{Organisation: r.Organisation, OrganisationName: r.OrganisationName, OrganisationType: r.OrganisationType,
			Submission: r.Submission, State: r.State, Section: r.Section, QuestionKey: r.QuestionKey, QuestionText: r.QuestionText,
			QuestionType: r.QuestionType, Value: r.Value, Score: r.Score, Moderated: r.Moderated}
		if !times[i].IsZero() {
			m.UpdateTime = timestamppb.New(times[i])
		}
		out.Rows = append(out.Rows, m)
	}
	return out, nil
}

// GetTrendReport implements the RPC.
func (s *Server) GetTrendReport(ctx context.Context, req *reportingv1.GetTrendReportRequest) (*reportingv1.TrendReport, error) {
	r, err := s.app.Trends(ctx, req.GetCampaign(), req.GetPreviousCampaign(),
		view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())))
	if err != nil {
		return nil, err
	}
	return protoconv.TrendReport(req.GetCampaign(), req.GetPreviousCampaign(), r), nil
}

// GetHubBenchmark implements the RPC.
func (s *Server) GetHubBenchmark(ctx context.Context, req *reportingv1.GetHubBenchmarkRequest) (*reportingv1.HubBenchmark, error) {
	p, _ := authz.PrincipalFrom(ctx)
	own := func(pid string) bool {
		return p.InPartnership(pid, authz.Staff...) && !p.HubAdminOf(authz.Segment(req.GetHub(), "hubs"))
	}
	sections, rows, err := s.app.HubBenchmark(ctx, req.GetHub(), req.GetCampaigns(), req.GetOrganisationType(), own)
	if err != nil {
		return nil, err
	}
	out := &reportingv1.HubBenchmark{Hub: req.GetHub(), Sections: sections, MinimumGroup: domain.MinimumGroup}
	for _, r := range rows {
		m := &reportingv1.BenchmarkRow{Label: r.Label}
		if r.Partnership != "" {
			m.Partnership = "partnerships/" + r.Partnership
		}
		for _, c := range r.Cells {
			m.Cells = append(m.Cells, &reportingv1.BenchmarkCell{Section: c.Section, MeanScore: c.Mean,
				Organisations: int32(c.Organisations), Suppressed: c.Suppressed})
		}
		out.Rows = append(out.Rows, m)
	}
	return out, nil
}

// GetActionReport implements the RPC.
func (s *Server) GetActionReport(ctx context.Context, req *reportingv1.GetActionReportRequest) (*reportingv1.ActionReport, error) {
	r, err := s.app.ActionReport(ctx, req.GetCampaign(), view(ctx, s.app, req.GetCampaign(), filter(req.GetOrganisationType(), req.GetPartnership())), s.now())
	if err != nil {
		return nil, err
	}
	return protoconv.ActionReport(req.GetCampaign(), r), nil
}
