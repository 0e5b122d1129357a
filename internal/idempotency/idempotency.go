// Package idempotency keeps the Idempotency-Key records of create requests: which user sent which key
// with which request, what the write created, and the response to replay for a retry. The HTTP middleware
// in api decides what to answer; this package persists.
//
// The record is part of the write: the middleware only looks the key up and puts the request's Key into
// the context (WithKey); the create service calls Record inside its own transaction, which inserts the
// record with the created resource. So a key whose write committed always has its record (and a retry
// replays it, re-reading the resource when the response was never stored because the process died or
// storing failed), and a key whose write rolled back or never committed has none and is free again at
// once. Two concurrent requests with one key cannot both commit: the second insert meets the unique
// (user, key) index and its transaction rolls back with ErrInProgress (409).
package idempotency

import (
	"context"
	"log/slog"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// TTL is how long idempotency keys are kept.
const TTL = 24 * time.Hour

// ErrInProgress answers a request whose key another request is using right now.
var ErrInProgress = apperr.New(apperr.ErrConflict, "idempotency_in_progress",
	"A request with this Idempotency-Key is still being processed; retry shortly.")

// Key is a user's Idempotency-Key for one request. ID is set once Record wrote it.
type Key struct {
	ID          int64
	UserID      int64
	Key         string
	Method      string
	Route       string
	RequestHash string
	CreatedAt   time.Time
}

// Record is an earlier use of the same key: its request hash, what it created and, once stored, its
// response.
type Record struct {
	RequestHash    string
	Resource       string // '' only for claims written by versions before the record joined the write
	Completed      bool
	ResponseStatus int
	ResponseBody   string
}

type ctxKey struct{}

// WithKey returns ctx carrying k, for the create service's transaction to record (see Record).
func WithKey(ctx context.Context, k *Key) context.Context { return context.WithValue(ctx, ctxKey{}, k) }

// RecordWrite writes the key of the request in ctx (if any) with resource, the created resource
// ("comment:<id>", "project:<slug>", "document:<id>"), using tx — the transaction of the write, so the
// record commits exactly when the write does. Another committed or running use of the key makes it
// ErrInProgress, which rolls the write back.
func RecordWrite(ctx context.Context, tx *store.Store, resource string) error {
	k, ok := ctx.Value(ctxKey{}).(*Key)
	if !ok || k == nil {
		return nil
	}
	rec := &model.IdempotencyKey{UserID: k.UserID, IdempotencyKey: k.Key, Method: k.Method, Route: k.Route,
		RequestHash: k.RequestHash, Resource: resource, CreatedAt: k.CreatedAt}
	inserted, err := tx.Idempotency().Insert(ctx, rec)
	if err != nil {
		return err
	}
	if !inserted {
		return ErrInProgress
	}
	k.ID = rec.ID
	return nil
}

// Service persists idempotency records.
type Service struct{ st *store.Store }

// New returns the idempotency service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Lookup returns the user's record of key, or nil when there is none. Records older than TTL and claims
// of earlier versions that never completed (their write may or may not have committed, but they name no
// resource to replay) are deleted and count as absent.
func (s *Service) Lookup(ctx context.Context, userID int64, key string, now time.Time) (*Record, error) {
	old, err := s.st.Idempotency().Find(ctx, userID, key)
	if err != nil || old == nil {
		return nil, err
	}
	if old.CreatedAt.Before(now.Add(-TTL)) || (old.Resource == "" && old.CompletedAt == nil) {
		return nil, s.st.Idempotency().Release(ctx, old.ID)
	}
	return &Record{RequestHash: old.RequestHash, Resource: old.Resource, Completed: old.CompletedAt != nil,
		ResponseStatus: old.ResponseStatus, ResponseBody: old.ResponseBody}, nil
}

// Complete stores the response of the request whose write recorded id, so that a retry replays it as it
// was. When this fails or never runs, a retry re-reads the recorded resource instead.
func (s *Service) Complete(ctx context.Context, id int64, status int, body string, at time.Time) error {
	return s.st.Idempotency().Complete(ctx, id, status, body, at)
}

// Prune deletes the records created before now − TTL and returns how many.
func (s *Service) Prune(ctx context.Context, now time.Time) (int64, error) {
	return s.st.Idempotency().DeleteOlderThan(ctx, now.Add(-TTL))
}

// PruneEvery prunes every interval (and once at once) until ctx ends.
func (s *Service) PruneEvery(ctx context.Context, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.Prune(ctx, time.Now().UTC()); err != nil {
			if ctx.Err() == nil {
				log.Warn("prune idempotency keys", "error", err.Error())
			}
		} else if n > 0 {
			log.Info("pruned idempotency keys", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
