// Package failure gives domain and application code typed errors that say
// what kind of failure happened (not found, invalid input, conflict …)
// without importing gRPC. The transport maps kinds to status codes in one
// place (see package grpcserver).
package failure

import (
	"errors"
	"fmt"
	"strings"
)

// Kind classifies a failure for the caller.
type Kind int

// The kinds of failure.
const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindAlreadyExists
	KindConflict
	KindFailedPrecondition
	KindPermissionDenied
	KindUnauthenticated
	KindUnavailable
	KindExhausted
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindAlreadyExists:
		return "already exists"
	case KindConflict:
		return "conflict"
	case KindFailedPrecondition:
		return "failed precondition"
	case KindPermissionDenied:
		return "permission denied"
	case KindUnauthenticated:
		return "unauthenticated"
	case KindUnavailable:
		return "unavailable"
	case KindExhausted:
		return "exhausted"
	default:
		return "internal"
	}
}

// FieldViolation names one bad field and why it is bad.
type FieldViolation struct {
	Field  string
	Reason string
}

// Error is a failure of a known kind with a message a person can act on.
type Error struct {
	Kind       Kind
	Message    string
	Violations []FieldViolation
	// Details are messages for the caller's program beside the message
	// (protobuf messages, attached to the gRPC status as details).
	Details []any
	cause   error
}

func (e *Error) Error() string {
	if len(e.Violations) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		parts[i] = v.Field + ": " + v.Reason
	}
	if e.Message == "" {
		return strings.Join(parts, "; ")
	}
	return e.Message + ": " + strings.Join(parts, "; ")
}

// Unwrap returns the underlying cause, if any.
func (e *Error) Unwrap() error { return e.cause }

func newf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Message: fmt.Sprintf(format, args...)}
}

// NotFound reports a missing resource.
func NotFound(format string, args ...any) error { return newf(KindNotFound, format, args...) }

// AlreadyExists reports a resource that exists already.
func AlreadyExists(format string, args ...any) error {
	return newf(KindAlreadyExists, format, args...)
}

// Conflict reports a concurrent change (a stale etag or version).
func Conflict(format string, args ...any) error { return newf(KindConflict, format, args...) }

// FailedPrecondition reports an operation not allowed in the current state.
func FailedPrecondition(format string, args ...any) error {
	return newf(KindFailedPrecondition, format, args...)
}

// PermissionDenied reports a caller not allowed to do this.
func PermissionDenied(format string, args ...any) error {
	return newf(KindPermissionDenied, format, args...)
}

// Unauthenticated reports a caller whose identity could not be established.
func Unauthenticated(format string, args ...any) error {
	return newf(KindUnauthenticated, format, args...)
}

// Exhausted reports a caller over a budget (a rate limit); later may work.
func Exhausted(format string, args ...any) error { return newf(KindExhausted, format, args...) }

// Unavailable reports a dependency that cannot be reached now; retrying may help.
func Unavailable(cause error, format string, args ...any) error {
	e := newf(KindUnavailable, format, args...)
	e.cause = cause
	return e
}

// Invalid reports bad input in one field.
func Invalid(field, reason string) error {
	return &Error{Kind: KindInvalid, Message: "invalid argument", Violations: []FieldViolation{{Field: field, Reason: reason}}}
}

// Violations collects field violations and turns them into one error.
type Violations []FieldViolation

// Add records a violation.
func (v *Violations) Add(field, reason string) { *v = append(*v, FieldViolation{field, reason}) }

// Addf records a violation with a formatted reason.
func (v *Violations) Addf(field, format string, args ...any) {
	v.Add(field, fmt.Sprintf(format, args...))
}

// Err returns nil if nothing was recorded, or an invalid-argument error
// listing every violation.
func (v Violations) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: "invalid argument", Violations: append([]FieldViolation(nil), v...)}
}

// WithDetail returns err with detail attached for the caller's program;
// an error of no known kind is returned as it is.
func WithDetail(err error, detail any) error {
	e, ok := As(err)
	if !ok {
		return err
	}
	c := *e
	c.Details = append(append([]any(nil), e.Details...), detail)
	return &c
}

// KindOf returns the kind of err, or KindInternal if it carries none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// As returns the *Error inside err, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
