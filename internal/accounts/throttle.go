package accounts

import (
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// maxLimiterKeys bounds the memory of one limiter set. Keys whose bucket has refilled completely are
// dropped first (a fresh bucket behaves the same); beyond that, arbitrary keys are dropped, which can only
// make the limit more lenient for them, never lock anyone out.
const maxLimiterKeys = 10000

// limiterSet is a token bucket per key (an email address or an IP address), read with an explicit clock
// so that tests can advance time.
type limiterSet struct {
	mu    sync.Mutex
	every rate.Limit
	burst int
	max   int
	m     map[string]*rate.Limiter
}

func newLimiterSet(every time.Duration, burst int) *limiterSet {
	return &limiterSet{every: rate.Every(every), burst: burst, max: maxLimiterKeys, m: map[string]*rate.Limiter{}}
}

// take spends one token of key at now, or returns a RateLimited error with the time until one is available.
func (l *limiterSet) take(key string, now time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	lim, ok := l.m[key]
	if !ok {
		if len(l.m) >= l.max {
			l.evict(now)
		}
		lim = rate.NewLimiter(l.every, l.burst)
		l.m[key] = lim
	}
	r := lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return &apperr.RateLimited{RetryAfter: d}
	}
	return nil
}

// evict drops full buckets and, if that is not enough, arbitrary ones down to three quarters of max.
// It runs only when the map is full, so its cost is amortised over many inserts.
func (l *limiterSet) evict(now time.Time) {
	for k, lim := range l.m {
		if lim.TokensAt(now) >= float64(l.burst) {
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

func (l *limiterSet) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.m)
}
