package live_test

import (
	"context"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// openEventTx appends an event of topic in a transaction it leaves open: commit or roll it back with the
// returned function. The event's id is taken now, so later transactions get higher ones.
func openEventTx(t *testing.T, d *gorm.DB, topic string, data any) (int64, func(commit bool)) {
	t.Helper()
	tx := d.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	ev, err := events.Append(store.New(tx), topic, "test.event", data)
	if err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	done := false
	end := func(commit bool) {
		if done {
			return
		}
		done = true
		if commit {
			if err := tx.Commit().Error; err != nil {
				t.Error(err)
			}
			return
		}
		tx.Rollback()
	}
	t.Cleanup(func() { end(false) })
	return ev.ID, end
}

// TestLiveOutOfOrderCommits: without a lock ordering the writers, a later id can commit before an earlier
// one (PostgreSQL). The reader holds the later one back until the earlier transaction has ended, then
// delivers both in id order; an earlier transaction that rolls back releases the later ones. A subscriber
// never misses the earlier event, and one that joins in between gets it by replay.
func TestLiveOutOfOrderCommits(t *testing.T) {
	noLeaks(t)
	d := testdb.NewPostgres(t)
	s := newServer(t, d, nil)
	c := dial(t, s, "")
	c.subscribe("project:order", nil)
	// A read that times out breaks a websocket connection: the "nothing arrives" checks use probes.
	probe := func() *wsClient {
		p := dial(t, s, "")
		p.subscribe("project:order", nil)
		return p
	}
	quiet := func(p *wsClient, what string) {
		t.Helper()
		if m, err := p.read(400 * time.Millisecond); err == nil {
			t.Fatalf("delivered %+v while %s", m, what)
		}
	}

	p := probe()
	early, endEarly := openEventTx(t, d.Gorm, "project:order", "early")
	late := appendEvent(t, d, "project:order", "", "late") // commits first
	if late <= early {
		t.Fatalf("ids %d, %d", early, late)
	}
	quiet(p, "an earlier id is in flight")
	// The horizon waits too: a bounded wait ends with the context.
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	if _, _, err := store.New(d.Gorm).Events().Settled(ctx); err == nil {
		t.Error("Settled returned while an event-writing transaction was in flight")
	}
	cancel()
	endEarly(true)
	c.expectEvent(early)
	c.expectEvent(late)

	// A rollback of the earlier transaction lets the later event through.
	p = probe()
	_, endGone := openEventTx(t, d.Gorm, "project:order", "gone")
	after := appendEvent(t, d, "project:order", "", "after")
	quiet(p, "an earlier id is in flight (to be rolled back)")
	endGone(false)
	c.expectEvent(after)

	// Transactions without events are not waited for, in this database or another.
	other := testdb.NewPostgres(t)
	for _, g := range []*gorm.DB{d.Gorm, other.Gorm} {
		tx := g.Begin()
		if err := tx.Exec("CREATE TEMP TABLE busy (x int); INSERT INTO busy VALUES (1)").Error; err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { tx.Rollback() })
	}
	start := time.Now()
	quick := appendEvent(t, d, "project:order", "", "quick")
	t.Logf("appended in %v", time.Since(start))
	c.expectEvent(quick)
	t.Logf("delivered in %v beside two open transactions without events", time.Since(start))

	// A subscriber that joins while an earlier id is in flight gets it by replay once it commits... or live:
	// either way exactly once and in order.
	early2, endEarly2 := openEventTx(t, d.Gorm, "project:order", "early2")
	late2 := appendEvent(t, d, "project:order", "", "late2")
	since := quick
	c2 := dial(t, s, "")
	go func() { time.Sleep(200 * time.Millisecond); endEarly2(true) }()
	c2.send(map[string]any{"op": "subscribe", "topic": "project:order", "since": since})
	var got []int64
	subscribed := false
	for len(got) < 2 || !subscribed {
		m, err := c2.read(3 * time.Second)
		if err != nil {
			t.Fatalf("second subscriber: %v after %v", err, got)
		}
		switch m.Op {
		case "event":
			got = append(got, m.ID)
		case "subscribed":
			subscribed = true
		}
	}
	if got[0] != early2 || got[1] != late2 {
		t.Errorf("second subscriber got %v, want [%d %d]", got, early2, late2)
	}
	c.expectEvent(early2)
	c.expectEvent(late2)
	if m, err := c2.read(300 * time.Millisecond); err == nil {
		t.Errorf("second subscriber: extra %+v", m)
	}
}
