package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/assure-audit/assure/pkg/mail"
	"github.com/assure-audit/assure/pkg/workdays"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
	"golang.org/x/sync/errgroup"
)

// Directory role names as the directory's events give them.
const (
	roleLead          = "organisation_lead"
	roleContributor   = "contributor"
	roleSeniorContact = "senior_contact"
	roleAdmin         = "partnership_admin"
	roleExecutive     = "executive_viewer"
)

// item is one return in a message, with who it goes to.
type item struct {
	delivery domain.Delivery
	data     mail.ReminderItem
	policy   domain.Policy
	partner  string // the owning partnership's display name
}

// campaignPlan is a campaign's policy, timing and plan.
type campaignPlan struct {
	c      domain.Chased
	policy domain.Policy
	timing domain.Timing
}

func (a *App) campaignPlan(ctx context.Context, c domain.Chased) (campaignPlan, error) {
	p, _, err := a.reminders.Policy(ctx, c.Name)
	if err != nil {
		return campaignPlan{}, err
	}
	t, err := p.Timing()
	if err != nil {
		return campaignPlan{}, fmt.Errorf("policy of %s: %w", c.Name, err)
	}
	return campaignPlan{c: c, policy: p, timing: t}, nil
}

func (cp campaignPlan) dates() domain.Dates {
	open := cp.c.Open
	return domain.Dates{Open: open, Due: cp.c.DueTime, Close: cp.c.Close}
}

// owner is the id of the partnership that owns the campaign.
func owner(campaign string) string {
	parts := strings.Split(campaign, "/")
	if len(parts) < 2 {
		return ""
	}
	return parts[1]
}

// recipients are who a reminder about a submission goes to.
func (a *App) recipients(ctx context.Context, cp campaignPlan, s domain.Submission, p domain.Planned) ([]domain.Person, error) {
	if !p.Escalation() {
		roles := []string{roleLead}
		if cp.policy.IncludeContributors {
			roles = append(roles, roleContributor)
		}
		return a.reminders.People(ctx, s.Organisation, roles...)
	}
	switch p.Step {
	case domain.StepOrganisationLead:
		return a.reminders.People(ctx, s.Organisation, roleLead)
	case domain.StepSeniorContact:
		return a.reminders.People(ctx, s.Organisation, roleSeniorContact)
	default:
		people, err := a.reminders.People(ctx, "partnerships/"+owner(cp.c.Name), roleAdmin)
		if err != nil || !cp.policy.ExecutiveSummary {
			return people, err
		}
		// The executives get the same items, gathered into their summary.
		execs, err := a.reminders.People(ctx, "partnerships/"+owner(cp.c.Name), roleExecutive)
		return append(people, execs...), err
	}
}

// names remembers display names for one run of the schedule.
type names struct {
	r Reminders
	m map[string]string
}

func (n *names) get(ctx context.Context, name string) (string, error) {
	if v, ok := n.m[name]; ok {
		return v, nil
	}
	v, err := n.r.DisplayName(ctx, name)
	if err != nil {
		return "", err
	}
	if n.m == nil {
		n.m = map[string]string{}
	}
	n.m[name] = v
	return v, nil
}

// items builds the deliveries of planned reminders to one submission.
func (a *App) items(ctx context.Context, nm *names, cp campaignPlan, s domain.Submission, planned []domain.Planned, answered int, now time.Time) ([]item, error) {
	orgName, err := nm.get(ctx, s.Organisation)
	if err != nil {
		return nil, err
	}
	if orgName == "" {
		orgName = strings.TrimPrefix(s.Organisation, "organisations/")
	}
	partner, err := nm.get(ctx, "partnerships/"+owner(cp.c.Name))
	if err != nil {
		return nil, err
	}
	loc := cp.timing.Window.Location
	cal := cp.timing.Calendar
	today, dueDay := workdays.DateOf(now, loc), workdays.DateOf(cp.c.DueTime, loc)
	var out []item
	for _, p := range planned {
		people, err := a.recipients(ctx, cp, s, p)
		if err != nil {
			return nil, err
		}
		data := mail.ReminderItem{Campaign: cp.c.DisplayName, Organisation: orgName, Due: cp.c.DueTime,
			DueText: mail.FormatDue(cp.c.DueTime, loc), Overdue: now.After(cp.c.DueTime),
			WorkingDaysLeft: cal.WorkingDaysBetween(today, dueDay), Answered: answered,
			Link: ReturnLink(a.mail.SignInURL, s.Name)}
		for _, who := range people {
			d := domain.Delivery{ID: domain.DeliveryID(s.Name, p.Key, who.Email), Campaign: cp.c.Name, Submission: s.Name,
				Organisation: s.Organisation, Reminder: p.Key, Kind: p.Kind, Recipient: who.Email, Name: who.Name,
				State: domain.DeliveryPending, DueTime: p.At, NextAttempt: now, CreateTime: now}
			out = append(out, item{delivery: d, data: data, policy: cp.policy, partner: partner})
		}
	}
	return out, nil
}

// Plan works out the reminders due at now across every chased campaign:
// the deliveries to make, gathered into one message per recipient (a
// digest when a person owes several returns, across partnerships).
func (a *App) Plan(ctx context.Context, now time.Time) ([]domain.Delivery, error) {
	campaigns, err := a.reminders.ChasedCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	var all []item
	nm := &names{r: a.reminders}
	for _, c := range campaigns {
		cp, err := a.campaignPlan(ctx, c)
		if err != nil {
			return nil, err
		}
		plan := cp.policy.Plan(cp.dates(), cp.timing, now)
		if len(plan) == 0 {
			continue
		}
		subs, err := a.reminders.AllOutstanding(ctx, c.Name)
		if err != nil {
			return nil, err
		}
		sent, err := a.reminders.SentReminders(ctx, c.Name)
		if err != nil {
			return nil, err
		}
		answered, err := a.reminders.Answered(ctx, c.Name)
		if err != nil {
			return nil, err
		}
		for _, s := range subs {
			due := domain.Due(plan, sent[s.Name], now)
			if len(due) == 0 {
				continue
			}
			its, err := a.items(ctx, nm, cp, s, due, answered[s.Name], now)
			if err != nil {
				return nil, err
			}
			all = append(all, its...)
		}
	}
	return a.messages(all)
}

// messages gathers items into one message per recipient and renders it.
func (a *App) messages(all []item) ([]domain.Delivery, error) {
	byRecipient := map[string][]item{}
	var order []string
	for _, it := range all {
		r := it.delivery.Recipient
		if _, ok := byRecipient[r]; !ok {
			order = append(order, r)
		}
		byRecipient[r] = append(byRecipient[r], it)
	}
	sort.Strings(order)
	var out []domain.Delivery
	for _, r := range order {
		its := byRecipient[r]
		ids := make([]string, len(its))
		for i, it := range its {
			ids[i] = it.delivery.ID
		}
		msgID := domain.MessageID(ids)
		subject, text, html, err := render(its, a.mail.SignInURL)
		if err != nil {
			return nil, err
		}
		for _, it := range its {
			d := it.delivery
			d.MessageID, d.Subject, d.Text, d.HTML = msgID, subject, text, html
			out = append(out, d)
		}
	}
	return out, nil
}

// render writes one message for the items of one recipient, with their
// campaign's templates (the defaults when the items come from campaigns
// whose templates differ).
func render(its []item, signIn string) (string, string, string, error) {
	t := its[0].policy.Templates
	// A message is an opening notice when every item in it is one.
	data := mail.ReminderData{RecipientName: its[0].delivery.Name, Partnership: its[0].partner, SignInURL: signIn, Opening: true}
	for _, it := range its {
		if it.policy.Templates != t {
			t = mail.DefaultTemplates()
		}
		if it.partner != data.Partnership {
			data.Partnership = ""
		}
		data.Items = append(data.Items, it.data)
		data.Escalation = data.Escalation || it.delivery.Kind == domain.KindEscalation
		data.Opening = data.Opening && it.delivery.Kind == domain.KindOpening
	}
	return t.Render(data)
}

// ReturnLink is the address that signs a person in and opens a return in
// the web app: its page is /respond/{submission name}.
func ReturnLink(signIn, submission string) string {
	return strings.TrimSuffix(signIn, "/") + "?next=" + url.QueryEscape("/respond/"+submission)
}

// senders is how many messages are sent at once.
const senders = 8

// SendDue sends every message whose time has come and returns how many
// were sent, several at a time. Each is claimed first, so replicas never
// send one twice; the outcome of each delivery is recorded with its event.
func (a *App) SendDue(ctx context.Context, now time.Time) (int, error) {
	var sent atomic.Int64
	for {
		ids, err := a.deliveries.MessagesDue(ctx, now, 200)
		if err != nil || len(ids) == 0 {
			return int(sent.Load()), err
		}
		var progress atomic.Bool
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(senders)
		for _, id := range ids {
			g.Go(func() error {
				ds, err := a.deliveries.Claim(gctx, id, now, a.hold)
				if err != nil || len(ds) == 0 {
					return err
				}
				progress.Store(true)
				cancelled, err := a.cancelUnowed(gctx, ds)
				if err != nil {
					return err
				}
				if !cancelled && a.send(gctx, ds, a.clock()) {
					sent.Add(1)
				}
				return a.deliveries.Finish(context.WithoutCancel(gctx), ds)
			})
		}
		if err := g.Wait(); err != nil {
			return int(sent.Load()), err
		}
		if !progress.Load() || ctx.Err() != nil {
			return int(sent.Load()), ctx.Err()
		}
	}
}

// cancelUnowed cancels a message none of whose returns is owed any more
// (handed in, or its campaign closed since it was planned, perhaps while
// it waited to be tried again); it reports whether it did.
func (a *App) cancelUnowed(ctx context.Context, ds []domain.Delivery) (bool, error) {
	for _, d := range ds {
		if d.Kind == domain.KindRiskAlert {
			return false, nil // an immediate risk is always told
		}
		owed, err := a.reminders.Owed(ctx, d.Submission)
		if err != nil || owed {
			return false, err
		}
	}
	for i := range ds {
		ds[i].State, ds[i].LastError = domain.DeliveryCancelled, "cancelled: the return was handed in or the campaign closed before it went"
	}
	return true, nil
}

// send sends the message of claimed deliveries and sets each one's
// outcome; it reports whether the message went.
func (a *App) send(ctx context.Context, ds []domain.Delivery, now time.Time) bool {
	d := ds[0]
	m := mail.Message{ID: d.MessageID, From: a.mail.From, To: []mail.Address{{Name: d.Name, Email: d.Recipient}},
		Subject: d.Subject, Text: d.Text, HTML: d.HTML, Headers: map[string]string{"X-Assure-Reminder": d.Reminder}}
	err := a.mail.Sender.Send(ctx, m)
	for i := range ds {
		x := &ds[i]
		switch {
		case err == nil:
			x.State, x.SendTime, x.LastError = domain.DeliverySent, now, ""
		case isPermanent(err) || x.Attempts >= domain.MaxAttempts:
			x.State, x.LastError = domain.DeliveryFailed, err.Error()
		default:
			x.LastError, x.NextAttempt = err.Error(), now.Add(domain.Backoff(x.Attempts))
		}
	}
	return err == nil
}

func isPermanent(err error) bool { return errors.Is(err, mail.ErrPermanent) }

// RunOnce plans the reminders due at now and sends every message due. It
// returns how many deliveries were new and how many messages went.
func (a *App) RunOnce(ctx context.Context) (planned, sent int, err error) {
	now := a.clock()
	ds, err := a.Plan(ctx, now)
	if err != nil {
		return 0, 0, fmt.Errorf("plan reminders: %w", err)
	}
	if planned, err = a.deliveries.Insert(ctx, ds); err != nil {
		return 0, 0, err
	}
	sent, err = a.SendDue(ctx, now)
	return planned, sent, err
}
