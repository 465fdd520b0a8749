package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// RiskFlag is what the case-audit service says of an immediate risk
// flagged on a case: which flag, case and agency, and how many times it
// has been raised. What the auditor wrote stays in the case-audit service.
type RiskFlag struct {
	// Name is partnerships/{p}/rounds/{r}/riskFlags/{f}.
	Name, CaseReference string
	// Agency is organisations/{o}.
	Agency    string
	ChildRisk bool
	Sends     int
}

// AlertRisk tells the agency's safeguarding (senior) contacts, or its
// leads when it has none, and the partnership's admins, that an immediate
// risk was flagged on a case (or raised again, unacknowledged), in one
// message each, due at once. A raising is told once per person however
// often its event arrives. It returns how many messages were new.
func (a *App) AlertRisk(ctx context.Context, f RiskFlag) (int, error) {
	parts := strings.Split(f.Name, "/")
	if len(parts) != 6 || parts[0] != "partnerships" || f.Agency == "" || f.Sends < 1 {
		return 0, nil
	}
	round := strings.Join(parts[:4], "/")
	people, err := a.reminders.People(ctx, f.Agency, roleSeniorContact)
	if err != nil {
		return 0, err
	}
	if len(people) == 0 {
		if people, err = a.reminders.People(ctx, f.Agency, roleLead); err != nil {
			return 0, err
		}
	}
	admins, err := a.reminders.People(ctx, "partnerships/"+parts[1], roleAdmin)
	if err != nil {
		return 0, err
	}
	agency, err := a.reminders.DisplayName(ctx, f.Agency)
	if err != nil {
		return 0, err
	}
	if agency == "" {
		agency = f.Agency
	}
	what := "unsafe practice"
	if f.ChildRisk {
		what = "a child at immediate risk"
	}
	subject := fmt.Sprintf("Immediate risk flagged on case %s: %s", f.CaseReference, agency)
	if f.Sends > 1 {
		subject = fmt.Sprintf("Still not acknowledged (%d): immediate risk on case %s", f.Sends, f.CaseReference)
	}
	now := a.clock()
	key := fmt.Sprintf("risk:%d", f.Sends)
	seen := map[string]bool{}
	var ds []domain.Delivery
	for _, p := range append(people, admins...) {
		if seen[strings.ToLower(p.Email)] {
			continue
		}
		seen[strings.ToLower(p.Email)] = true
		text := fmt.Sprintf("Dear %s,\n\nAn auditor in the case audit %s flagged %s on case %s, concerning %s.\n\n"+
			"Act on it now through your agency's safeguarding procedures, then acknowledge the flag in Assure (%s) so that it is not raised again.\n"+
			"The flag: %s\n", nameOr(p), round, what, f.CaseReference, agency, a.mail.SignInURL, f.Name)
		id := domain.DeliveryID(f.Name, key, p.Email)
		ds = append(ds, domain.Delivery{ID: id, Campaign: round, Submission: f.Name, Organisation: f.Agency, Reminder: key,
			Kind: domain.KindRiskAlert, Recipient: p.Email, Name: p.Name, State: domain.DeliveryPending, DueTime: now, NextAttempt: now,
			MessageID: domain.MessageID([]string{id}), Subject: subject, Text: text, CreateTime: now})
	}
	if len(ds) == 0 {
		return 0, nil
	}
	return a.deliveries.Insert(ctx, ds)
}

// nameOr is how a message greets a person: by name, or by address.
func nameOr(p domain.Person) string {
	if p.Name != "" {
		return p.Name
	}
	return p.Email
}
