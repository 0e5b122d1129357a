package comments

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// maxLimiterKeys bounds the memory of the limiter. Users whose bucket has refilled are dropped first (a
// fresh bucket behaves the same); beyond that arbitrary ones, which can only make the limit more lenient.
const maxLimiterKeys = 10000

// limiter is a token bucket per user, read with the service clock so that tests can advance time.
type limiter struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	m     map[int64]*rate.Limiter
}

func newLimiter(every time.Duration, burst int) *limiter {
	return &limiter{every: rate.Every(every), burst: burst, m: map[int64]*rate.Limiter{}}
}

// take spends one token of user at now, or returns a RateLimited error with the time until one is available.
func (l *limiter) take(user int64, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[user]
	if !ok {
		if len(l.m) >= maxLimiterKeys {
			l.evict(now)
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[user] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &apperr.RateLimited{RetryAfter: d}
	}
	return nil
}

func (l *limiter) evict(now time.Time) {
	for k, lim := range l.m {
		if lim.TokensAt(now) >= float64(l.burst) {
			delete(l.m, k)
		}
	}
	for k := range l.m {
		if len(l.m) < maxLimiterKeys*3/4 {
			return
		}
		delete(l.m, k)
	}
}
