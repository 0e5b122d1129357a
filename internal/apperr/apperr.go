// Package apperr defines the errors domain services return; api/ maps them to problem+json.
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Wrap them with fmt.Errorf("…: %w", ErrX) or use the typed errors below for a code.
var (
	ErrNotFound           = errors.New("not found")
	ErrUnauthenticated    = errors.New("authentication required")
	ErrForbidden          = errors.New("forbidden")
	ErrConflict           = errors.New("conflict")
	ErrPreconditionFailed = errors.New("version does not match")
	ErrPreconditionNeeded = errors.New("If-Match header required")
	ErrUnavailable        = errors.New("service unavailable")
	ErrBadRequest         = errors.New("bad request")
	ErrTooLarge           = errors.New("request too large")
	// ErrUnsupportedMediaType is a request body in a format the endpoint does not take.
	ErrUnsupportedMediaType = errors.New("unsupported media type")
)

// ErrDatabaseUnavailable is the database being unreachable (503 with Retry-After).
var ErrDatabaseUnavailable = New(ErrUnavailable, "database_unavailable", "The database is not reachable; retry shortly.")

var classifiers []func(error) error

// RegisterClassifier adds a function that tells the kind (one of the sentinels, or an *Error) of errors
// from a lower layer that reach the HTTP layer unwrapped, e.g. the database driver's; nil when it does
// not know the error. Packages register in init.
func RegisterClassifier(f func(error) error) { classifiers = append(classifiers, f) }

// Classify returns the kind a registered classifier gives err, or nil.
func Classify(err error) error {
	for _, f := range classifiers {
		if k := f(err); k != nil {
			return k
		}
	}
	return nil
}

// Error is a domain error with a stable code (the SPA's i18n key) and an HTTP-independent kind.
type Error struct {
	Kind   error  // one of the sentinels above
	Code   string // stable machine-readable code, e.g. "email_unverified"
	Detail string // human-readable English detail
}

func (e *Error) Error() string { return e.Code + ": " + e.Detail }

// Unwrap lets errors.Is match the kind.
func (e *Error) Unwrap() error { return e.Kind }

// New returns an Error of kind with code and detail.
func New(kind error, code, detail string) *Error {
	return &Error{Kind: kind, Code: code, Detail: detail}
}

// FieldError names one invalid field.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationError lists every invalid field of a request.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return "validation failed"
	}
	return fmt.Sprintf("validation failed: %s: %s", e.Fields[0].Field, e.Fields[0].Message)
}

// Add appends a field error.
func (e *ValidationError) Add(field, code, message string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Code: code, Message: message})
}

// OrNil returns e when it holds a field error and nil otherwise.
func (e *ValidationError) OrNil() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Invalid is a shortcut for a validation error on one field.
func Invalid(field, code, message string) error {
	return &ValidationError{Fields: []FieldError{{Field: field, Code: code, Message: message}}}
}

// RateLimited asks the client to retry after a while.
type RateLimited struct {
	RetryAfter time.Duration
}

func (e *RateLimited) Error() string { return "rate limited" }
