package polls

import (
	"log/slog"
	"sync"
	"time"
)

// coalescer turns many ballots into few poll.tally events: at most one per interval and poll (per
// instance), and always one after the last ballot (a ballot that finds no write scheduled schedules one;
// a scheduled write reads the counters when it runs, after every ballot that found it scheduled).
type coalescer struct {
	interval time.Duration
	write    func(pollID int64) error

	mu      sync.Mutex
	last    map[int64]time.Time
	pending map[int64]*time.Timer
	wg      sync.WaitGroup
}

func newCoalescer(interval time.Duration, write func(int64) error) *coalescer {
	return &coalescer{interval: interval, write: write, last: map[int64]time.Time{}, pending: map[int64]*time.Timer{}}
}

// poke is called after a ballot committed.
func (c *coalescer) poke(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pending[id]; ok {
		return
	}
	wait := max(c.interval-time.Since(c.last[id]), 0)
	c.wg.Add(1)
	c.pending[id] = time.AfterFunc(wait, func() { c.fire(id) })
}

func (c *coalescer) fire(id int64) {
	defer c.wg.Done()
	c.mu.Lock()
	delete(c.pending, id)
	c.last[id] = time.Now()
	if len(c.last) > 10000 { // forget old polls; the worst case is one early tally
		clear(c.last)
	}
	c.mu.Unlock()
	if err := c.write(id); err != nil {
		slog.Default().Warn("poll tally not written", "poll", id, "error", err.Error())
	}
}

// flush runs the scheduled writes now and waits for all writes.
func (c *coalescer) flush() {
	c.mu.Lock()
	var now []int64
	for id, t := range c.pending {
		if t.Stop() {
			now = append(now, id)
		}
	}
	c.mu.Unlock()
	for _, id := range now {
		c.fire(id)
	}
	c.wg.Wait()
}
