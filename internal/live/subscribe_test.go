package live_test

import (
	"context"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestSubscribeWithoutSinceSkipsEarlierEvents: a subscription without since starts after the horizon its
// answer names (last_id). An event committed before it that the hub's reader has not delivered yet (the
// reader is behind) must not follow the answer: the client would see it twice, once in the page it
// fetches over HTTP and once live. On PostgreSQL, the first events of a new topic came after subscribed.
func TestSubscribeWithoutSinceSkipsEarlierEvents(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	const topic = "project:behind"
	// Written past the hub: no signal of this process, no NOTIFY, so the reader finds it only with the
	// next change it is told of (or its safety poll, 2 s later).
	early := &model.Event{Topic: topic, Type: "test.event", Payload: `"early"`}
	if err := store.New(s.d.Gorm).Events().Append(context.Background(), early); err != nil {
		t.Fatal(err)
	}
	c := dial(t, s, "")
	if m := c.subscribe(topic, nil); m.LastID == nil || *m.LastID < early.ID {
		t.Fatalf("subscribed %+v: last_id below the event committed before (%d)", m, early.ID)
	}
	later := appendEvent(t, s.d, topic, "", "later") // wakes the reader, which now reads both
	c.expectEvent(later)
}
