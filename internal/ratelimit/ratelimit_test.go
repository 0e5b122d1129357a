package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// clock is a fixed clock that tests advance by hand.
type clock struct{ ns atomic.Int64 }

func newClock() *clock {
	c := &clock{}
	c.ns.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
	return c
}

func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// backends runs f against the in-process limiter and against the shared one on a fresh database of the
// current leg (SQLite or PostgreSQL), since both must behave alike.
func backends(t *testing.T, f func(t *testing.T, l *Limiter, c *clock)) {
	t.Run("local", func(t *testing.T) {
		t.Parallel()
		c := newClock()
		f(t, NewLocal(c.Now), c)
	})
	t.Run("shared", func(t *testing.T) {
		t.Parallel()
		c := newClock()
		f(t, NewShared(store.NewRateLimits(testdb.New(t).Gorm), c.Now), c)
	})
}

func retryAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var rl *apperr.RateLimited
	if !errors.As(err, &rl) {
		t.Fatalf("want RateLimited, got %v", err)
	}
	return rl.RetryAfter
}

var (
	login    = Rule{Name: "login", Limit: 5, Per: 5 * time.Minute}
	comments = Rule{Name: "comments", Limit: 10, Per: 2 * time.Minute}
)

func TestTake(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, l *Limiter, c *clock) {
		ctx := context.Background()
		for i := range 5 {
			if err := l.Take(ctx, login, "a"); err != nil {
				t.Fatalf("attempt %d: %v", i, err)
			}
		}
		if ra := retryAfter(t, l.Take(ctx, login, "a")); ra <= 0 || ra > time.Minute {
			t.Fatalf("6th attempt: Retry-After %v", ra)
		}
		if err := l.Take(ctx, login, "b"); err != nil {
			t.Fatalf("other key limited: %v", err)
		}
		if err := l.Take(ctx, comments, "a"); err != nil {
			t.Fatalf("same key under another rule limited: %v", err)
		}
		c.Advance(time.Minute)
		if err := l.Take(ctx, login, "a"); err != nil {
			t.Fatalf("after refill: %v", err)
		}
		if err := l.Take(ctx, login, "a"); err == nil {
			t.Fatal("second take after one refill granted")
		}
	})
}

// TestRetryAfter pins the hint to today's: a burst of 10 comments, then one every 12 s.
func TestRetryAfter(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, l *Limiter, c *clock) {
		ctx := context.Background()
		for range 10 {
			if err := l.Take(ctx, comments, "u1"); err != nil {
				t.Fatal(err)
			}
		}
		if ra := retryAfter(t, l.Take(ctx, comments, "u1")); ra != 12*time.Second {
			t.Fatalf("Retry-After %v, want 12s", ra)
		}
		c.Advance(5 * time.Second)
		if ra := retryAfter(t, l.Take(ctx, comments, "u1")); ra != 7*time.Second {
			t.Fatalf("Retry-After %v, want 7s", ra)
		}
		c.Advance(7 * time.Second)
		if err := l.Take(ctx, comments, "u1"); err != nil {
			t.Fatalf("after 12 s: %v", err)
		}
		if ra := retryAfter(t, l.Take(ctx, comments, "u1")); ra != 12*time.Second {
			t.Fatalf("again at once: Retry-After %v, want 12s", ra)
		}
	})
}

// TestRefill: a used-up budget is complete again after Per, and not more than complete after longer.
func TestRefill(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, l *Limiter, c *clock) {
		ctx := context.Background()
		r := Rule{Name: "flags", Limit: 3, Per: time.Minute}
		use := func() int {
			n := 0
			for range 10 {
				if l.Take(ctx, r, "k") == nil {
					n++
				}
			}
			return n
		}
		if n := use(); n != 3 {
			t.Fatalf("first: %d granted, want 3", n)
		}
		c.Advance(40 * time.Second)
		if n := use(); n != 2 {
			t.Fatalf("after 40 s: %d granted, want 2", n)
		}
		c.Advance(time.Hour)
		if n := use(); n != 3 {
			t.Fatalf("after an hour: %d granted, want 3", n)
		}
	})
}

// TestParallel: concurrent takes never exceed the budget.
func TestParallel(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, l *Limiter, _ *clock) {
		r := Rule{Name: "p", Limit: 10, Per: time.Hour}
		var granted, refused atomic.Int32
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				err := l.Take(context.Background(), r, "k")
				var rl *apperr.RateLimited
				switch {
				case err == nil:
					granted.Add(1)
				case errors.As(err, &rl):
					refused.Add(1)
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if granted.Load() != 10 || refused.Load() != 40 {
			t.Fatalf("granted %d, refused %d; want 10 and 40", granted.Load(), refused.Load())
		}
	})
}

// TestSharedAcrossInstances: two limiters on one database are two server instances; they share one
// budget, also under concurrency.
func TestSharedAcrossInstances(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	c := newClock()
	a := NewShared(store.NewRateLimits(d.Gorm), c.Now)
	b := NewShared(store.NewRateLimits(d.Gorm), c.Now)
	ctx := context.Background()
	for i := range 5 {
		l := a
		if i%2 == 1 {
			l = b
		}
		if err := l.Take(ctx, login, "ada@example.org"); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	for _, l := range []*Limiter{a, b} {
		if ra := retryAfter(t, l.Take(ctx, login, "ada@example.org")); ra != time.Minute {
			t.Fatalf("Retry-After %v, want 1m", ra)
		}
	}
	r := Rule{Name: "p", Limit: 10, Per: time.Hour}
	var granted atomic.Int32
	var wg sync.WaitGroup
	for i := range 50 {
		l := []*Limiter{a, b}[i%2]
		wg.Go(func() {
			if l.Take(ctx, r, "k") == nil {
				granted.Add(1)
			}
		})
	}
	wg.Wait()
	if granted.Load() != 10 {
		t.Fatalf("granted %d across two instances, want 10", granted.Load())
	}
}

func TestNewPicksBackend(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	l := New(d, time.Now)
	_, isShared := l.b.(shared)
	if want := d.Dialect == db.Postgres; isShared != want {
		t.Fatalf("dialect %s: shared %v", d.Dialect, isShared)
	}
}

func TestNilLimiterGrants(t *testing.T) {
	var l *Limiter
	if err := l.Take(context.Background(), login, "a"); err != nil {
		t.Fatal(err)
	}
}

// TestCleanup: pruning drops only full buckets, so it never changes a budget.
func TestCleanup(t *testing.T) {
	t.Parallel()
	d := testdb.New(t)
	c := newClock()
	s := store.NewRateLimits(d.Gorm)
	l := NewShared(s, c.Now)
	ctx := context.Background()
	_ = l.Take(ctx, login, "old")
	c.Advance(2 * time.Minute) // "old" is full again
	for range 5 {
		_ = l.Take(ctx, login, "new")
	}
	n, err := s.DeleteFull(ctx, c.Now().UnixMicro())
	if err != nil || n != 1 {
		t.Fatalf("deleted %d, %v; want 1", n, err)
	}
	if err := l.Take(ctx, login, "new"); err == nil {
		t.Fatal("cleanup reset a used budget")
	}
	var rows int64
	d.Gorm.Raw(`SELECT count(*) FROM rate_limits`).Scan(&rows)
	if rows != 1 {
		t.Fatalf("%d rows left, want 1", rows)
	}
}

func TestRunCleanupStops(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		NewLocal(time.Now).RunCleanup(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Hour)
		close(done)
	}()
	cancel()
	<-done
}

func TestLocalStaysBounded(t *testing.T) {
	t.Parallel()
	c := newClock()
	l := NewLocal(c.Now)
	loc := l.b.(*local)
	loc.max = 100
	r := Rule{Name: "r", Limit: 2, Per: 2 * time.Second}
	for i := range 1000 {
		_ = l.Take(context.Background(), r, fmt.Sprint("k", i))
		if loc.size() > loc.max {
			t.Fatalf("size %d exceeds %d", loc.size(), loc.max)
		}
	}
	c.Advance(time.Hour)
	for i := range 200 {
		_ = l.Take(context.Background(), r, fmt.Sprint("x", i))
	}
	if loc.size() > loc.max {
		t.Fatalf("size %d exceeds %d", loc.size(), loc.max)
	}
	if n, _ := loc.cleanup(context.Background(), c.Now().Add(time.Hour)); n == 0 || loc.size() != 0 {
		t.Fatalf("cleanup dropped %d, %d left", n, loc.size())
	}
}
