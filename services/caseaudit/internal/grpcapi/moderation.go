package grpcapi

import (
	"context"
	"slices"
	"strings"

	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/assure-audit/assure/pkg/resource"
	caseauditv1 "github.com/assure-audit/assure/proto/gen/assure/caseaudit/v1"
	"github.com/assure-audit/assure/services/caseaudit/internal/app"
	"github.com/assure-audit/assure/services/caseaudit/internal/domain"
)

func moderationMessage(v app.ModerationView) *caseauditv1.CaseModeration {
	out := &caseauditv1.CaseModeration{CaseReference: v.Reference, Etag: resource.Etag(v.Version)}
	if v.SavedBy != "" {
		out.SavedBy = "people/" + v.SavedBy
		out.SaveTime = timestamppb.New(v.SaveTime)
	}
	for _, d := range v.Domains {
		m := &caseauditv1.DomainModeration{Key: d.Key, Text: d.Text, AgreedGrade: d.Agreed, Notes: d.Notes}
		agencies := make([]string, 0, len(d.Grades))
		for a := range d.Grades {
			agencies = append(agencies, a)
		}
		slices.Sort(agencies)
		for _, a := range agencies {
			m.AgencyGrades = append(m.AgencyGrades, &caseauditv1.AgencyGrade{Agency: "organisations/" + a, Grade: d.Grades[a]})
		}
		for _, ds := range d.Dissent {
			m.Dissent = append(m.Dissent, &caseauditv1.AgencyDissent{Agency: "organisations/" + ds.Agency, Note: ds.Note})
		}
		out.Domains = append(out.Domains, m)
	}
	return out
}

// SaveCaseModeration implements the RPC.
func (s *Server) SaveCaseModeration(ctx context.Context, req *caseauditv1.SaveCaseModerationRequest) (*caseauditv1.CaseModeration, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	domains := map[string]domain.ModeratedDomain{}
	for _, d := range req.GetDomains() {
		md := domain.ModeratedDomain{Agreed: d.GetAgreedGrade(), Notes: d.GetNotes()}
		for _, ds := range d.GetDissent() {
			md.Dissent = append(md.Dissent, domain.Dissent{Agency: strings.TrimPrefix(ds.GetAgency(), "organisations/"), Note: ds.GetNote()})
		}
		domains[d.GetKey()] = md
	}
	v, err := s.app.SaveCaseModeration(ctx, ids[0], ids[1], req.GetCaseReference(), req.GetEtag(), domains, caller(ctx))
	if err != nil {
		return nil, err
	}
	return moderationMessage(v), nil
}

// GetCaseModeration implements the RPC.
func (s *Server) GetCaseModeration(ctx context.Context, req *caseauditv1.GetCaseModerationRequest) (*caseauditv1.CaseModeration, error) {
	ids, err := resource.Parse("name", req.GetName(), "partnerships", "rounds")
	if err != nil {
		return nil, err
	}
	v, err := s.app.GetCaseModeration(ctx, ids[0], ids[1], req.GetCaseReference())
	if err != nil {
		return nil, err
	}
	return moderationMessage(v), nil
}
