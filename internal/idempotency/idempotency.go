// Package idempotency keeps the Idempotency-Key records of create requests: which user sent which key
// with which request, and the response to replay for a retry. The HTTP middleware in api decides what to
// answer; this package only persists.
package idempotency

import (
	"context"
	"log/slog"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Idempotency keys are kept TTL; a request that claimed a key and did not finish within Abandoned (its
// instance died) no longer blocks the key.
const (
	TTL       = 24 * time.Hour
	Abandoned = 2 * time.Minute
)

// Key is a claim of an Idempotency-Key by a user for one request.
type Key struct {
	ID          int64
	UserID      int64
	Key         string
	Method      string
	Route       string
	RequestHash string
	CreatedAt   time.Time
}

// Record is an earlier claim of the same key: its request hash and, once completed, its response.
type Record struct {
	RequestHash    string
	Completed      bool
	ResponseStatus int
	ResponseBody   string
}

// Service persists idempotency records.
type Service struct{ st *store.Store }

// New returns the idempotency service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Claim records k unless the user already has a live record with that key. It reports whether k was
// claimed (then k.ID is set); otherwise it returns the earlier record. Records older than TTL, and
// unfinished ones older than Abandoned, count as absent.
func (s *Service) Claim(ctx context.Context, k *Key) (bool, *Record, error) {
	rec := &model.IdempotencyKey{UserID: k.UserID, IdempotencyKey: k.Key, Method: k.Method, Route: k.Route,
		RequestHash: k.RequestHash, CreatedAt: k.CreatedAt}
	claimed, old, err := s.st.Idempotency().Claim(ctx, rec, k.CreatedAt.Add(-TTL), k.CreatedAt.Add(-Abandoned))
	if err != nil || claimed {
		k.ID = rec.ID
		return claimed, nil, err
	}
	return false, &Record{RequestHash: old.RequestHash, Completed: old.CompletedAt != nil,
		ResponseStatus: old.ResponseStatus, ResponseBody: old.ResponseBody}, nil
}

// Complete stores the response of the request that claimed record id.
func (s *Service) Complete(ctx context.Context, id int64, status int, body string, at time.Time) error {
	return s.st.Idempotency().Complete(ctx, id, status, body, at)
}

// Release deletes record id, so that the key may be used again (after a failed request).
func (s *Service) Release(ctx context.Context, id int64) error {
	return s.st.Idempotency().Release(ctx, id)
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
