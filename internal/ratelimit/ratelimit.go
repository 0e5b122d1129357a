// Package ratelimit is the one rate limiter of the server: logins, registrations and mail requests,
// comments and flags all take from it, each under its own Rule.
//
// Every rule is a token bucket: Limit requests at once, and a used-up budget refills completely within
// Per (one request every Per/Limit). On PostgreSQL the buckets live in the table rate_limits, so that all
// instances share one budget. They are kept there in the form of the generic cell rate algorithm (one
// "theoretical arrival time" per key, updated by one atomic upsert), which grants exactly what a token
// bucket grants. A fixed window was not chosen because it lets twice the limit through around a window
// boundary and would change the Retry-After clients see today. With SQLite (one instance by design, one
// writer connection) the buckets are kept in process with golang.org/x/time/rate: a write per login or
// comment would only queue behind the real writes.
package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Rule is a named budget: Limit requests at once, refilled completely within Per. Keys of different
// rules never share a budget.
type Rule struct {
	Name  string
	Limit int
	Per   time.Duration
}

// Every is the time in which one request of a used-up budget becomes available again.
func (r Rule) Every() time.Duration { return r.Per / time.Duration(r.Limit) }

// backend keeps the buckets. take returns 0 when the request is granted, otherwise the time until it
// would be.
type backend interface {
	take(ctx context.Context, r Rule, key string, now time.Time) (time.Duration, error)
	cleanup(ctx context.Context, now time.Time) (int64, error)
}

// Limiter grants or refuses requests under rules. It is safe for concurrent use.
type Limiter struct {
	b   backend
	now func() time.Time
}

// New returns the limiter for d: shared through the database on PostgreSQL, in process on SQLite.
func New(d *db.DB, now func() time.Time) *Limiter {
	if d.Dialect == db.Postgres {
		return NewShared(store.NewRateLimits(d.Gorm), now)
	}
	return NewLocal(now)
}

// NewShared returns a limiter whose buckets live in the database of s, shared by every instance on it.
func NewShared(s *store.RateLimits, now func() time.Time) *Limiter {
	return &Limiter{b: shared{s}, now: now}
}

// NewLocal returns a limiter whose buckets live in this process.
func NewLocal(now func() time.Time) *Limiter {
	return &Limiter{b: newLocal(maxLocalKeys), now: now}
}

// Take spends one request of key under r, or returns an *apperr.RateLimited (429 with Retry-After) with
// the time until one is available. A nil Limiter grants everything (tools and tests without limits).
func (l *Limiter) Take(ctx context.Context, r Rule, key string) error {
	if l == nil {
		return nil
	}
	if r.Limit < 1 || r.Per <= 0 || r.Name == "" {
		return fmt.Errorf("ratelimit: invalid rule %+v", r)
	}
	wait, err := l.b.take(ctx, r, key, l.now())
	if err != nil {
		return err
	}
	if wait > 0 {
		return &apperr.RateLimited{RetryAfter: wait}
	}
	return nil
}

// RunCleanup deletes the buckets that have refilled completely, at once and then every interval until ctx
// ends. Such a bucket behaves like a missing one, so nothing changes for anybody.
func (l *Limiter) RunCleanup(ctx context.Context, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := l.b.cleanup(ctx, l.now()); err != nil {
			if ctx.Err() == nil {
				log.Warn("prune rate limits", "error", err.Error())
			}
		} else if n > 0 {
			log.Info("pruned rate limits", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// shared keeps the buckets in the table rate_limits.
type shared struct{ s *store.RateLimits }

// hashKey keeps email and IP addresses out of the table: only the budget of a value matters, not the
// value.
func hashKey(key string) string {
	h := sha256.Sum256([]byte(key))
	return hex.EncodeToString(h[:])
}

func (b shared) take(ctx context.Context, r Rule, key string, now time.Time) (time.Duration, error) {
	key = hashKey(key)
	every := r.Every().Microseconds()
	ok, err := b.s.Take(ctx, r.Name, key, now.UnixMicro(), every, int64(r.Limit))
	if err != nil || ok {
		return 0, err
	}
	tat, err := b.s.FullAt(ctx, r.Name, key)
	if err != nil {
		return 0, err
	}
	// The next request fits once the budget is no more than Limit-1 requests from full.
	wait := time.Duration(tat-int64(r.Limit-1)*every-now.UnixMicro()) * time.Microsecond
	if wait <= 0 {
		wait = r.Every() // refilled meanwhile (or pruned): a hint, so err on the side of waiting a little
	}
	return wait, nil
}

func (b shared) cleanup(ctx context.Context, now time.Time) (int64, error) {
	return b.s.DeleteFull(ctx, now.UnixMicro())
}

// maxLocalKeys bounds the memory of the in-process buckets. Keys whose bucket has refilled completely are
// dropped first (a fresh bucket behaves the same); beyond that, arbitrary keys are dropped, which can only
// make the limit more lenient for them, never lock anyone out.
const maxLocalKeys = 10000

type localKey struct{ rule, key string }

// local is a token bucket per rule and key, read with the limiter's clock so that tests can advance time.
type local struct {
	mu  sync.Mutex
	max int
	m   map[localKey]*rate.Limiter
}

func newLocal(max int) *local { return &local{max: max, m: map[localKey]*rate.Limiter{}} }

func (l *local) take(_ context.Context, r Rule, key string, now time.Time) (time.Duration, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := localKey{r.Name, key}
	lim, ok := l.m[k]
	if !ok {
		if len(l.m) >= l.max {
			l.evict(now)
		}
		lim = rate.NewLimiter(rate.Every(r.Every()), r.Limit)
		l.m[k] = lim
	}
	res := lim.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return d, nil
	}
	return 0, nil
}

// evict drops full buckets and, if that is not enough, arbitrary ones down to three quarters of max.
// It runs only when the map is full, so its cost is amortised over many inserts.
func (l *local) evict(now time.Time) {
	for k, lim := range l.m {
		if lim.TokensAt(now) >= float64(lim.Burst()) {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) < l.max*3/4 {
			break
		}
		delete(l.m, k)
	}
}

// cleanup drops full buckets, so that memory goes back after a burst of many keys.
func (l *local) cleanup(_ context.Context, now time.Time) (int64, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var n int64
	for k, lim := range l.m {
		if lim.TokensAt(now) >= float64(lim.Burst()) {
			delete(l.m, k)
			n++
		}
	}
	return n, nil
}

func (l *local) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
