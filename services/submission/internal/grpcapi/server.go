// Package grpcapi is the submission service's gRPC transport: thin handlers
// that turn requests into application calls and results into API messages.
// Requests arrive already validated against the rules in the protos and
// authorised by the access table.
package grpcapi

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/assure-audit/assure/pkg/authz"
	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/pkg/resource"
	directoryv1 "github.com/assure-audit/assure/proto/gen/assure/directory/v1"
	submissionv1 "github.com/assure-audit/assure/proto/gen/assure/submission/v1"
	"github.com/assure-audit/assure/services/submission/internal/app"
	"github.com/assure-audit/assure/services/submission/internal/domain"
	"github.com/assure-audit/assure/services/submission/internal/protoconv"
)

// Server implements submissionv1.SubmissionServiceServer.
type Server struct {
	submissionv1.UnimplementedSubmissionServiceServer
	app *app.App
	now func() time.Time
}

// New returns the gRPC handlers over a.
func New(a *app.App, now func() time.Time) *Server { return &Server{app: a, now: now} }

// ids returns the ids in a resource name the proto rules already checked:
// "partnerships/p/campaigns/c" gives ["p", "c"].
func ids(name string) []string {
	parts := strings.Split(name, "/")
	out := make([]string, 0, len(parts)/2)
	for i := 1; i < len(parts); i += 2 {
		out = append(out, parts[i])
	}
	return out
}

func ref(name string) domain.SubmissionRef {
	id := ids(name)
	return domain.SubmissionRef{PartnershipID: id[0], CampaignID: id[1], SubmissionID: id[2]}
}

// principal is the caller as app.Caller, from the principal the guard
// verified. It answers from the memberships as asked, without copying
// them: a person may lead thousands of organisations.
type principal struct{ p authz.Principal }

func (c principal) Person() string         { return c.p.PersonID }
func (c principal) Leads(org string) bool  { return c.p.InOrganisation(org, authz.OrganisationLead) }
func (c principal) RespondentOf() []string { return c.p.Organisations(authz.Respondents...) }

// caller is who makes the call.
func caller(ctx context.Context) app.Caller {
	p, _ := authz.PrincipalFrom(ctx)
	return principal{p}
}

// checkAudience refuses organisation types no organisation has.
func checkAudience(types []string) error {
	var v failure.Violations
	for i, t := range types {
		if _, ok := directoryv1.OrganisationType_value["ORGANISATION_TYPE_"+strings.ToUpper(t)]; !ok || t == "unspecified" {
			v.Addf("campaign.audience_types["+strconv.Itoa(i)+"]", "%s is not an organisation type", t)
		}
	}
	return v.Err()
}

// CreateCampaign implements the RPC.
func (s *Server) CreateCampaign(ctx context.Context, req *submissionv1.CreateCampaignRequest) (*submissionv1.Campaign, error) {
	if err := checkAudience(req.GetCampaign().GetAudienceTypes()); err != nil {
		return nil, err
	}
	c, err := s.app.CreateCampaign(ctx, ids(req.GetParent())[0], req.GetCampaignId(), protoconv.CampaignSpec(req.GetCampaign()))
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// GetCampaign implements the RPC.
func (s *Server) GetCampaign(ctx context.Context, req *submissionv1.GetCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.GetCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// ListCampaigns implements the RPC.
func (s *Server) ListCampaigns(ctx context.Context, req *submissionv1.ListCampaignsRequest) (*submissionv1.ListCampaignsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	cs, next, err := s.app.ListCampaigns(ctx, ids(req.GetParent())[0], page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListCampaignsResponse{NextPageToken: next}
	for _, c := range cs {
		resp.Campaigns = append(resp.Campaigns, protoconv.Campaign(c))
	}
	return resp, nil
}

// UpdateCampaign implements the RPC.
func (s *Server) UpdateCampaign(ctx context.Context, req *submissionv1.UpdateCampaignRequest) (*submissionv1.Campaign, error) {
	m := req.GetCampaign()
	name, err := resource.Parse("campaign.name", m.GetName(), "partnerships", "campaigns")
	if err != nil {
		return nil, err
	}
	if err := checkAudience(m.GetAudienceTypes()); err != nil {
		return nil, err
	}
	c, err := s.app.UpdateCampaign(ctx, name[0], name[1], m.GetEtag(), protoconv.CampaignSpec(m), resource.MaskPaths(req.GetUpdateMask().GetPaths()))
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// LaunchCampaign implements the RPC.
func (s *Server) LaunchCampaign(ctx context.Context, req *submissionv1.LaunchCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.LaunchCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// AddCampaignOrganisations implements the RPC.
func (s *Server) AddCampaignOrganisations(ctx context.Context, req *submissionv1.AddCampaignOrganisationsRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	orgs := make([]string, len(req.GetOrganisations()))
	for i, o := range req.GetOrganisations() {
		orgs[i] = strings.TrimPrefix(o, "organisations/")
	}
	c, err := s.app.AddOrganisations(ctx, id[0], id[1], orgs)
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// CloseCampaign implements the RPC.
func (s *Server) CloseCampaign(ctx context.Context, req *submissionv1.CloseCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.CloseCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// ArchiveCampaign implements the RPC.
func (s *Server) ArchiveCampaign(ctx context.Context, req *submissionv1.ArchiveCampaignRequest) (*submissionv1.Campaign, error) {
	id := ids(req.GetName())
	c, err := s.app.ArchiveCampaign(ctx, id[0], id[1])
	if err != nil {
		return nil, err
	}
	return protoconv.Campaign(c), nil
}

// ListCampaignCalendar implements the RPC.
func (s *Server) ListCampaignCalendar(ctx context.Context, req *submissionv1.ListCampaignCalendarRequest) (*submissionv1.ListCampaignCalendarResponse, error) {
	var start, end time.Time
	if req.GetStartTime() != nil {
		start = req.GetStartTime().AsTime()
	}
	if req.GetEndTime() != nil {
		end = req.GetEndTime().AsTime()
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		return nil, failure.Invalid("end_time", "must be after start_time")
	}
	cal, err := s.app.CampaignCalendar(ctx, req.GetHub(), start, end)
	if err != nil {
		return nil, err
	}
	return protoconv.Calendar(cal), nil
}

// GetSubmission implements the RPC.
func (s *Server) GetSubmission(ctx context.Context, req *submissionv1.GetSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	v, err := s.app.GetSubmission(ctx, id[0], id[1], id[2])
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(v), nil
}

// seenBy is the partnership whose organisations' returns a caller who is
// not staff of the campaign's owner sees: one taking part where they are
// staff.
func seenBy(ctx context.Context, look Participation, pid, cid string) string {
	p, _ := authz.PrincipalFrom(ctx)
	ps, err := look.Participants(ctx, pid, cid)
	if err != nil {
		return pid
	}
	part, whole := p.SharedView(pid, ps, authz.Staff...)
	switch {
	case whole:
		return ""
	case part != "":
		return part
	}
	return pid
}

// ListSubmissions implements the RPC.
func (s *Server) ListSubmissions(ctx context.Context, req *submissionv1.ListSubmissionsRequest) (*submissionv1.ListSubmissionsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	id := ids(req.GetParent())
	subs, next, err := s.app.ListSubmissions(ctx, id[0], id[1], seenBy(ctx, s.app, id[0], id[1]), page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListSubmissionsResponse{NextPageToken: next}
	for _, sub := range subs {
		resp.Submissions = append(resp.Submissions, protoconv.Submission(sub))
	}
	return resp, nil
}

// ListMySubmissions implements the RPC.
func (s *Server) ListMySubmissions(ctx context.Context, req *submissionv1.ListMySubmissionsRequest) (*submissionv1.ListMySubmissionsResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	subs, next, err := s.app.ListMySubmissions(ctx, caller(ctx), page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListMySubmissionsResponse{NextPageToken: next}
	for _, sub := range subs {
		resp.Submissions = append(resp.Submissions, protoconv.Submission(sub))
	}
	return resp, nil
}

// SaveAnswers implements the RPC. A conflict carries the current answers
// as an AnswerConflicts detail.
func (s *Server) SaveAnswers(ctx context.Context, req *submissionv1.SaveAnswersRequest) (*submissionv1.SaveAnswersResponse, error) {
	id := ids(req.GetName())
	res, err := s.app.SaveAnswers(ctx, caller(ctx), id[0], id[1], id[2], req.GetEtag(), protoconv.Incoming(req.GetAnswers()))
	var conflict *domain.ConflictError
	if errors.As(err, &conflict) {
		detail := &submissionv1.AnswerConflicts{}
		for _, a := range conflict.Current {
			detail.Current = append(detail.Current, protoconv.StoredAnswer(a))
		}
		return nil, failure.WithDetail(failure.Conflict("%s: read them again, or save over them giving the versions in the detail", conflict.Error()), detail)
	}
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.SaveAnswersResponse{Etag: resource.Etag(res.Submission.Version),
		State: submissionv1.SubmissionState(res.Submission.State)}
	for _, a := range res.Saved {
		resp.Answers = append(resp.Answers, protoconv.StoredAnswer(a))
	}
	return resp, nil
}

// ListAnswerHistory implements the RPC.
func (s *Server) ListAnswerHistory(ctx context.Context, req *submissionv1.ListAnswerHistoryRequest) (*submissionv1.ListAnswerHistoryResponse, error) {
	page, err := resource.ParsePage(req.GetPageSize(), req.GetPageToken(), resource.DefaultPageSize)
	if err != nil {
		return nil, err
	}
	id := ids(req.GetName())
	hs, next, err := s.app.AnswerHistory(ctx, id[0], id[1], id[2], req.GetQuestionKey(), page)
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListAnswerHistoryResponse{NextPageToken: next}
	for _, h := range hs {
		c := &submissionv1.AnswerChange{Answer: protoconv.StoredAnswer(h.Answer)}
		if h.Previous != nil {
			c.Previous = protoconv.StoredAnswer(*h.Previous)
		}
		resp.Changes = append(resp.Changes, c)
	}
	return resp, nil
}

// SetSectionAssignments implements the RPC.
func (s *Server) SetSectionAssignments(ctx context.Context, req *submissionv1.SetSectionAssignmentsRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	assignments := map[string][]string{}
	var order []string
	var v failure.Violations
	for i, a := range req.GetAssignments() {
		if _, dup := assignments[a.GetSection()]; dup {
			v.Add("assignments["+strconv.Itoa(i)+"].section", a.GetSection()+" is assigned twice; list its people once")
		}
		people := make([]string, len(a.GetPeople()))
		for j, p := range a.GetPeople() {
			people[j] = strings.TrimPrefix(p, "people/")
		}
		assignments[a.GetSection()] = people
		order = append(order, a.GetSection())
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sub, err := s.app.SetAssignments(ctx, id[0], id[1], id[2], req.GetEtag(), assignments, order)
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// SubmitSubmission implements the RPC.
func (s *Server) SubmitSubmission(ctx context.Context, req *submissionv1.SubmitSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	sub, err := s.app.SubmitSubmission(ctx, caller(ctx), id[0], id[1], id[2], req.GetEtag())
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// ReturnSubmission implements the RPC.
func (s *Server) ReturnSubmission(ctx context.Context, req *submissionv1.ReturnSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	comments := make([]domain.QAComment, len(req.GetComments()))
	for i, c := range req.GetComments() {
		comments[i] = domain.QAComment{Key: c.GetQuestionKey(), Text: c.GetText()}
	}
	sub, err := s.app.ReturnSubmission(ctx, caller(ctx), id[0], id[1], id[2], req.GetEtag(), comments, req.GetReopenAll())
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// AcceptSubmission implements the RPC.
func (s *Server) AcceptSubmission(ctx context.Context, req *submissionv1.AcceptSubmissionRequest) (*submissionv1.Submission, error) {
	id := ids(req.GetName())
	sub, err := s.app.AcceptSubmission(ctx, caller(ctx), id[0], id[1], id[2], req.GetEtag())
	if err != nil {
		return nil, err
	}
	return protoconv.Submission(sub), nil
}

// UploadEvidence implements the RPC.
func (s *Server) UploadEvidence(ctx context.Context, req *submissionv1.UploadEvidenceRequest) (*submissionv1.Evidence, error) {
	e, err := s.app.UploadEvidence(ctx, caller(ctx), ref(req.GetParent()), req.GetFileName(), req.GetContentType(), req.GetContent())
	if err != nil {
		return nil, err
	}
	return protoconv.Evidence(e), nil
}

// GetEvidenceContent implements the RPC.
func (s *Server) GetEvidenceContent(ctx context.Context, req *submissionv1.GetEvidenceContentRequest) (*submissionv1.EvidenceContent, error) {
	e, content, err := s.app.EvidenceContent(ctx, ref(req.GetName()), ids(req.GetName())[3])
	if err != nil {
		return nil, err
	}
	return &submissionv1.EvidenceContent{Evidence: protoconv.Evidence(e), Content: content}, nil
}

// ListEvidence implements the RPC.
func (s *Server) ListEvidence(ctx context.Context, req *submissionv1.ListEvidenceRequest) (*submissionv1.ListEvidenceResponse, error) {
	es, err := s.app.ListEvidence(ctx, ref(req.GetParent()))
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListEvidenceResponse{}
	for _, e := range es {
		resp.Evidence = append(resp.Evidence, protoconv.Evidence(e))
	}
	return resp, nil
}

// CreateAction implements the RPC.
func (s *Server) CreateAction(ctx context.Context, req *submissionv1.CreateActionRequest) (*submissionv1.PlanAction, error) {
	a, err := s.app.CreateAction(ctx, caller(ctx), ref(req.GetParent()), protoconv.ActionFields(req.GetAction()))
	if err != nil {
		return nil, err
	}
	return protoconv.PlanAction(a, s.now(), true), nil
}

// UpdateAction implements the RPC.
func (s *Server) UpdateAction(ctx context.Context, req *submissionv1.UpdateActionRequest) (*submissionv1.PlanAction, error) {
	m := req.GetAction()
	id, err := resource.Parse("action.name", m.GetName(), "partnerships", "campaigns", "submissions", "actions")
	if err != nil {
		return nil, err
	}
	a, err := s.app.UpdateAction(ctx, caller(ctx), domain.SubmissionRef{PartnershipID: id[0], CampaignID: id[1], SubmissionID: id[2]},
		id[3], m.GetEtag(), protoconv.ActionFields(m), resource.MaskPaths(req.GetUpdateMask().GetPaths()))
	if err != nil {
		return nil, err
	}
	return protoconv.PlanAction(a, s.now(), true), nil
}

// ListActions implements the RPC.
func (s *Server) ListActions(ctx context.Context, req *submissionv1.ListActionsRequest) (*submissionv1.ListActionsResponse, error) {
	as, err := s.app.ListActions(ctx, ref(req.GetParent()))
	if err != nil {
		return nil, err
	}
	resp := &submissionv1.ListActionsResponse{}
	for _, a := range as {
		resp.Actions = append(resp.Actions, protoconv.PlanAction(a, s.now(), false))
	}
	return resp, nil
}

// GetAction implements the RPC.
func (s *Server) GetAction(ctx context.Context, req *submissionv1.GetActionRequest) (*submissionv1.PlanAction, error) {
	id := ids(req.GetName())
	a, err := s.app.GetAction(ctx, ref(req.GetName()), id[3])
	if err != nil {
		return nil, err
	}
	return protoconv.PlanAction(a, s.now(), true), nil
}
