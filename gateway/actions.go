package gateway

import (
	"cmp"
	"fmt"

	reportingv1 "github.com/assure-audit/assure/proto/gen/assure/reporting/v1"
)

// sheetActions is the workbook's sheet of the action plans.
const sheetActions = "Actions"

// actionsSheet: the actions by status, by organisation and by standard,
// the overdue ones, and month by month, one block under another.
func actionsSheet(b *book, rep *reportingv1.ActionReport, names map[string]string) {
	const s = sheetActions
	b.row(s, 1, 1, "Actions", rep.GetTotal())
	b.row(s, 1, 2, "Overdue judged on", rep.GetAsOfDate())
	b.bold(s, 1, 1, 1, 2)
	row := 4
	block := func(title string, head ...any) {
		b.set(s, 1, row, title)
		b.bold(s, 1, row, 1, row)
		b.row(s, 1, row+1, head...)
		b.bold(s, 1, row+1, len(head), row+1)
		row += 2
	}
	counts := func(cs []*reportingv1.ActionCount, label func(*reportingv1.ActionCount) []any) {
		for _, c := range cs {
			b.row(s, 1, row, append(label(c), c.GetTotal(), c.GetComplete(), c.GetOverdue())...)
			row++
		}
		row++
	}
	block("By status", "Status", "", "Actions", "Complete", "Overdue")
	counts(rep.GetByStatus(), func(c *reportingv1.ActionCount) []any { return []any{actionStatusLabel(c.GetKey()), ""} })
	block("By organisation, most overdue first", "Organisation", "Organisation resource", "Actions", "Complete", "Overdue")
	counts(rep.GetByOrganisation(), func(c *reportingv1.ActionCount) []any {
		return []any{orgName(cmp.Or(c.GetLabel(), names[c.GetKey()]), c.GetKey()), c.GetKey()}
	})
	block("By standard, most overdue first", "Standard", "Title", "Actions", "Complete", "Overdue")
	counts(rep.GetByStandard(), func(c *reportingv1.ActionCount) []any { return []any{c.GetKey(), c.GetLabel()} })
	block("Overdue actions, soonest due first", "Organisation", "Standard", "Question", "Action", "Owner", "Due", "Status")
	for _, a := range rep.GetOverdue() {
		b.row(s, 1, row, orgName(cmp.Or(a.GetOrganisationName(), names[a.GetOrganisation()]), a.GetOrganisation()),
			a.GetSection(), a.GetQuestionKey(), a.GetTitle(), a.GetOwner(), a.GetDueDate(), actionStatusLabel(a.GetStatus()))
		row++
	}
	row++
	block("Month by month", "Month", "", "Created", "Completed", "Open at the month's end")
	for _, m := range rep.GetOverTime() {
		b.row(s, 1, row, m.GetMonth(), "", m.GetCreated(), m.GetCompleted(), m.GetOpen())
		row++
	}
	b.widths(s, 1, 34, 30, 12, 40, 20, 12, 14)
}

// actionStatusLabel names an action's status for people.
func actionStatusLabel(status string) string {
	switch status {
	case "NOT_STARTED":
		return "Not started"
	case "ON_TRACK":
		return "On track"
	case "AT_RISK":
		return "At risk"
	case "COMPLETE":
		return "Complete"
	case "OVERDUE":
		return "Overdue"
	}
	return status
}

// actionsView is the action plans as the printable page shows them.
type actionsView struct {
	Total, Complete, Overdue int32
	Summary                  string
	ByStatus                 []actionCountView
	Late                     []lateActionView
}

type actionCountView struct {
	Label                    string
	Total, Complete, Overdue int32
}

type lateActionView struct {
	Organisation, Standard, Title, Owner, Due, Status string
}

// actionsOf works out the page's section on action plans.
func actionsOf(rep *reportingv1.ActionReport, names map[string]string) actionsView {
	v := actionsView{Total: rep.GetTotal()}
	for _, c := range rep.GetByStatus() {
		if c.GetKey() == "OVERDUE" {
			v.Overdue = c.GetTotal()
			continue
		}
		if c.GetKey() == "COMPLETE" {
			v.Complete = c.GetTotal()
		}
		v.ByStatus = append(v.ByStatus, actionCountView{Label: actionStatusLabel(c.GetKey()), Total: c.GetTotal(),
			Complete: c.GetComplete(), Overdue: c.GetOverdue()})
	}
	v.Summary = fmt.Sprintf("%d actions in the plans: %d complete (%s), %d overdue on %s.", v.Total, v.Complete,
		percent(v.Complete, v.Total), v.Overdue, dayText(rep.GetAsOfDate()))
	for _, a := range rep.GetOverdue() {
		v.Late = append(v.Late, lateActionView{Organisation: orgName(cmp.Or(a.GetOrganisationName(), names[a.GetOrganisation()]), a.GetOrganisation()),
			Standard: a.GetSection(), Title: a.GetTitle(), Owner: a.GetOwner(), Due: dayText(a.GetDueDate()), Status: actionStatusLabel(a.GetStatus())})
	}
	return v
}
