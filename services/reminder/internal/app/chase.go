package app

import (
	"context"
	"sort"
	"time"

	"github.com/assure-audit/assure/pkg/failure"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// Chase queues a reminder now to the named submissions of a campaign, or
// every outstanding one, whatever the schedule says; request makes a retry
// harmless. It returns how many deliveries were queued and the submissions
// skipped as no longer outstanding. The scheduler sends them at once.
func (a *App) Chase(ctx context.Context, campaign string, submissions []string, request string) (int, []string, error) {
	c, found, err := a.reminders.ChasedCampaign(ctx, campaign)
	if err != nil {
		return 0, nil, err
	}
	if !found {
		return 0, nil, failure.NotFound("%s not found: the reminder service has heard of no such campaign", campaign)
	}
	if !c.Chasing() {
		return 0, nil, failure.FailedPrecondition("%s is not open: there is nothing to chase", campaign)
	}
	now := a.clock()
	first, err := a.deliveries.RecordChase(ctx, request, campaign, now)
	if err != nil || !first {
		return 0, nil, err
	}
	cp, err := a.campaignPlan(ctx, c)
	if err != nil {
		return 0, nil, err
	}
	outstanding, err := a.reminders.AllOutstanding(ctx, campaign)
	if err != nil {
		return 0, nil, err
	}
	byName := map[string]domain.Submission{}
	for _, s := range outstanding {
		byName[s.Name] = s
	}
	var chosen []domain.Submission
	var skipped []string
	if len(submissions) == 0 {
		chosen = outstanding
	}
	for _, name := range submissions {
		if s, ok := byName[name]; ok {
			chosen = append(chosen, s)
		} else {
			skipped = append(skipped, name)
		}
	}
	answered, err := a.reminders.Answered(ctx, campaign)
	if err != nil {
		return 0, nil, err
	}
	p := domain.Planned{Key: "chase:" + request, Kind: domain.KindChase, At: now}
	nm := &names{r: a.reminders}
	var all []item
	for _, s := range chosen {
		its, err := a.items(ctx, nm, cp, s, []domain.Planned{p}, answered[s.Name], now)
		if err != nil {
			return 0, nil, err
		}
		all = append(all, its...)
	}
	ds, err := a.messages(all)
	if err != nil {
		return 0, nil, err
	}
	n, err := a.deliveries.Insert(ctx, ds)
	sort.Strings(skipped)
	return n, skipped, err
}

// Preview is one coming reminder.
type Preview struct {
	Submission domain.Submission
	Planned    domain.Planned
	Recipients []string
	Subject    string
	Text       string
}

// PreviewReminders lists the reminders a campaign's schedule will send
// between now and until, soonest first, at most limit, each with its
// recipients and the message as the first would get it.
func (a *App) PreviewReminders(ctx context.Context, campaign string, until time.Time, limit int) ([]Preview, error) {
	c, found, err := a.reminders.ChasedCampaign(ctx, campaign)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, failure.NotFound("%s not found: the reminder service has heard of no such campaign", campaign)
	}
	if !c.Chasing() {
		return nil, nil
	}
	now := a.clock()
	cp, err := a.campaignPlan(ctx, c)
	if err != nil {
		return nil, err
	}
	plan := cp.policy.Plan(cp.dates(), cp.timing, until)
	subs, err := a.reminders.AllOutstanding(ctx, campaign)
	if err != nil {
		return nil, err
	}
	sent, err := a.reminders.SentReminders(ctx, campaign)
	if err != nil {
		return nil, err
	}
	answered, err := a.reminders.Answered(ctx, campaign)
	if err != nil {
		return nil, err
	}
	var out []Preview
	nm := &names{r: a.reminders}
	for _, p := range plan {
		for _, s := range subs {
			if len(out) >= limit {
				return out, nil
			}
			if sent[s.Name][p.Key] || !p.At.After(now) && !contains(domain.Due(plan, sent[s.Name], now), p.Key) {
				continue
			}
			its, err := a.items(ctx, nm, cp, s, []domain.Planned{p}, answered[s.Name], p.At)
			if err != nil {
				return nil, err
			}
			pv := Preview{Submission: s, Planned: p}
			for _, it := range its {
				pv.Recipients = append(pv.Recipients, it.delivery.Recipient)
			}
			if len(its) > 0 {
				ds, err := a.messages(its[:1])
				if err != nil {
					return nil, err
				}
				pv.Subject, pv.Text = ds[0].Subject, ds[0].Text
			}
			out = append(out, pv)
		}
	}
	return out, nil
}

func contains(ps []domain.Planned, key string) bool {
	for _, p := range ps {
		if p.Key == key {
			return true
		}
	}
	return false
}

// ListDeliveries returns one page of a campaign's deliveries, or one
// submission's.
func (a *App) ListDeliveries(ctx context.Context, campaign, submission string, offset, limit int) ([]domain.Delivery, error) {
	if err := a.known(ctx, campaign); err != nil {
		return nil, err
	}
	return a.reminders.ListDeliveries(ctx, campaign, submission, offset, limit)
}
