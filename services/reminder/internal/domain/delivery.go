package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
	"time"
)

// DeliveryState is where one reminder to one person stands. Values match
// the API.
type DeliveryState int

// The delivery states.
const (
	DeliveryPending DeliveryState = iota + 1
	DeliverySent
	DeliveryFailed
	DeliveryCancelled
)

// Delivery is one reminder to one person. Its id is derived from the
// submission, the reminder and the recipient, so the database keeps each
// at most once however often the schedule is worked out, by however many
// replicas.
type Delivery struct {
	ID           string
	Campaign     string // partnerships/{p}/campaigns/{c}
	Submission   string
	Organisation string
	Reminder     string // the Planned key
	Kind         Kind
	Recipient    string // email
	Name         string // the recipient's name
	State        DeliveryState
	Attempts     int
	LastError    string
	DueTime      time.Time
	NextAttempt  time.Time
	SendTime     time.Time
	MessageID    string
	Subject      string
	Text         string
	HTML         string
	CreateTime   time.Time
}

// DeliveryID is the id of the reminder key to recipient about submission.
func DeliveryID(submission, key, recipient string) string {
	sum := sha256.Sum256([]byte(submission + "\x00" + key + "\x00" + strings.ToLower(recipient)))
	return hex.EncodeToString(sum[:12])
}

// MessageID is the Message-ID of the message carrying the deliveries ids:
// the same deliveries always go in a message with the same id, so a
// message sent again after a crash is one the recipient's mail system can
// recognise as the same.
func MessageID(ids []string) string {
	sorted := append([]string(nil), ids...)
	sort.Strings(sorted)
	sum := sha256.Sum256([]byte(strings.Join(sorted, ",")))
	return "reminder-" + hex.EncodeToString(sum[:12]) + "@assure"
}

// MaxAttempts is how many times a message is tried before it is given up.
const MaxAttempts = 8

// Backoff is the wait before attempt n+1 after n attempts failed for a
// reason that may pass: 1, 2, 4 … minutes, at most an hour.
func Backoff(attempts int) time.Duration {
	d := time.Minute
	for i := 1; i < attempts && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

// Event is something that happened to reminders that others may care
// about.
type Event interface{ isEvent() }

// DeliveryDone records a delivery sent, or given up.
type DeliveryDone struct{ Delivery Delivery }

func (DeliveryDone) isEvent() {}
