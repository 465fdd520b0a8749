package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/assure-audit/assure/pkg/outbox"
	"github.com/assure-audit/assure/pkg/store"
	"github.com/assure-audit/assure/services/reminder/internal/domain"
)

// Deliveries keeps the deliveries and publishes their outcomes through the
// outbox.
type Deliveries struct {
	events *outbox.Writer[domain.Event]
}

// NewDeliveries returns the deliveries on the database of w.
func NewDeliveries(w *outbox.Writer[domain.Event]) *Deliveries { return &Deliveries{events: w} }

// Insert writes the deliveries not yet kept (an id already there was
// planned before and is left as it is) and returns how many were new.
func (d *Deliveries) Insert(ctx context.Context, ds []domain.Delivery) (int, error) {
	var n int
	err := d.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		for _, x := range ds {
			res, err := tx.ExecContext(ctx, `INSERT INTO reminder_deliveries (`+deliveryColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) ON CONFLICT DO NOTHING`,
				x.ID, x.Campaign, x.Submission, x.Organisation, x.Reminder, string(x.Kind), x.Recipient, x.Name, int(x.State), x.Attempts,
				x.LastError, x.DueTime.UTC(), x.NextAttempt.UTC(), store.NullTime(x.SendTime), x.MessageID, x.Subject, x.Text, x.HTML, x.CreateTime.UTC())
			if err != nil {
				return nil, fmt.Errorf("insert delivery: %w", err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil, nil
	})
	return n, err
}

// MessagesDue lists messages with deliveries waiting whose time has come.
func (d *Deliveries) MessagesDue(ctx context.Context, now time.Time, limit int) ([]string, error) {
	return messagesDue(ctx, d.events.DB, now, limit)
}

// Claim takes a message for sending until hold from now: it counts the
// attempt and pushes the next attempt past the hold, so no other sender
// takes it meanwhile, and one that dies mid-send leaves it to be sent
// again (with the same Message-ID) once the hold passes. It returns the
// message's deliveries, none if another sender has it.
func (d *Deliveries) Claim(ctx context.Context, messageID string, now time.Time, hold time.Duration) ([]domain.Delivery, error) {
	var out []domain.Delivery
	err := d.events.DB.InTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM reminder_deliveries
			WHERE message_id = $1 AND state = 1 AND next_attempt_time <= $2`+d.events.DB.SkipLocked(), messageID, now.UTC())
		if err != nil {
			return fmt.Errorf("claim message: %w", err)
		}
		for rows.Next() {
			x, err := scanDelivery(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, x)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for i := range out {
			out[i].Attempts++
			if _, err := tx.ExecContext(ctx, `UPDATE reminder_deliveries SET attempts = attempts + 1, next_attempt_time = $2 WHERE id = $1`,
				out[i].ID, now.Add(hold).UTC()); err != nil {
				return fmt.Errorf("claim delivery: %w", err)
			}
		}
		return nil
	})
	return out, err
}

// Finish records the outcome of sending a message: each delivery as given
// (sent, failed, or pending with its next attempt), with an event for each
// sent or failed one, in one transaction.
func (d *Deliveries) Finish(ctx context.Context, ds []domain.Delivery) error {
	return d.events.InTx(ctx, func(tx *sql.Tx) ([]domain.Event, error) {
		var evs []domain.Event
		for _, x := range ds {
			if _, err := tx.ExecContext(ctx, `UPDATE reminder_deliveries SET state = $2, last_error = $3, next_attempt_time = $4, send_time = $5
				WHERE id = $1 AND state = 1`, x.ID, int(x.State), x.LastError, x.NextAttempt.UTC(), store.NullTime(x.SendTime)); err != nil {
				return nil, fmt.Errorf("finish delivery: %w", err)
			}
			if x.State != domain.DeliveryPending {
				evs = append(evs, domain.DeliveryDone{Delivery: x})
			}
		}
		return evs, nil
	})
}

// RecordChase notes a chase request; it reports false if the request was
// carried out before.
func (d *Deliveries) RecordChase(ctx context.Context, requestID, campaign string, now time.Time) (bool, error) {
	res, err := d.events.DB.ExecContext(ctx, `INSERT INTO reminder_chases (request_id, campaign, create_time) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, requestID, campaign, now.UTC())
	if err != nil {
		return false, fmt.Errorf("record chase: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
