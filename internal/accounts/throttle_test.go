package accounts

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

func TestLimiterSet(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiterSet(time.Minute, 5)
	for i := range 5 {
		if err := l.take("a", now); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	err := l.take("a", now)
	var rl *apperr.RateLimited
	if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > time.Minute {
		t.Fatalf("6th attempt: %v", err)
	}
	if err := l.take("b", now); err != nil {
		t.Fatalf("other key limited: %v", err)
	}
	if err := l.take("a", now.Add(time.Minute)); err != nil {
		t.Fatalf("after refill: %v", err)
	}
}

func TestLimiterSetStaysBounded(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := newLimiterSet(time.Second, 2)
	l.max = 100
	for i := range 1000 {
		_ = l.take(fmt.Sprint("k", i), now)
		if l.size() > l.max {
			t.Fatalf("size %d exceeds %d", l.size(), l.max)
		}
	}
	later := now.Add(time.Hour)
	for i := range 200 {
		_ = l.take(fmt.Sprint("x", i), later)
	}
	if l.size() > l.max {
		t.Fatalf("size %d exceeds %d", l.size(), l.max)
	}
}
