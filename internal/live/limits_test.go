package live_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// appendMany commits n events of topic with payload data in one transaction.
func appendMany(t *testing.T, s *server, topic string, n int, data any) {
	t.Helper()
	err := s.d.Gorm.Transaction(func(tx *gorm.DB) error {
		for range n {
			if _, err := events.Append(store.New(tx), topic, "test.event", data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A replay beyond 1,000 events or 1 MiB is not sent: the client gets reset (refetch over HTTP) and then
// only new events. A replay within the bounds is sent as before.
func TestLiveReplayIsCapped(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	zero := int64(0)
	appendMany(t, s, "project:many", 1001, 1)
	appendMany(t, s, "project:big", 9, strings.Repeat("x", 128<<10))
	appendMany(t, s, "project:few", 3, 1)
	for _, topic := range []string{"project:many", "project:big"} {
		c := dial(t, s, "")
		c.send(map[string]any{"op": "subscribe", "topic": topic, "since": zero})
		if m := c.expect("reset"); m.Topic != topic {
			t.Fatalf("%s: %+v", topic, m)
		}
		c.expect("subscribed")
		id := appendEvent(t, s.d, topic, "", "new")
		c.expectEvent(id)
	}
	c := dial(t, s, "")
	c.send(map[string]any{"op": "subscribe", "topic": "project:few", "since": zero})
	for range 3 {
		c.expect("event")
	}
	c.expect("subscribed")
}

// Subscribes are budgeted per connection (60 at once, then 2 a second): rapid re-subscribes of the same
// topic, each of which could replay, get rate_limited.
func TestLiveRapidResubscribesAreRefused(t *testing.T) {
	noLeaks(t)
	clock := newTestClock()
	s := newServerAt(t, testdb.New(t), nil, clock.Now)
	zero := int64(0)
	c := dial(t, s, "")
	for range 60 {
		c.subscribe("project:p", &zero)
	}
	c.send(map[string]any{"op": "subscribe", "topic": "project:p", "since": zero})
	if m := c.expect("error"); m.Code != "rate_limited" || m.Topic != "project:p" {
		t.Fatalf("got %+v, want rate_limited", m)
	}
	clock.Advance(time.Second) // two more
	c.subscribe("project:p", &zero)
	c.subscribe("project:p", &zero)
	c.send(map[string]any{"op": "subscribe", "topic": "project:p", "since": zero})
	c.expect("error")
	// The subscription itself stays.
	id := appendEvent(t, s.d, "project:p", "", 1)
	c.expectEvent(id)
}

// LIVE_MAX_PER_ADDRESS bounds the open sockets of one client address: one more gets 429; closing one
// frees its place.
func TestLiveSocketsPerAddress(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), map[string]string{"LIVE_MAX_PER_ADDRESS": "3"})
	var open []*wsClient
	for range 3 {
		c := dial(t, s, "")
		c.subscribe("project:p", nil)
		open = append(open, c)
	}
	_, res, err := websocket.DefaultDialer.Dial(s.url(), nil)
	if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("fourth socket: %v %v", err, res)
	}
	var p struct {
		Code string `json:"code"`
	}
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil || p.Code != "rate_limited" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("problem %+v, %v, Retry-After %q", p, err, res.Header.Get("Retry-After"))
	}
	_ = res.Body.Close()

	_ = open[0].c.Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, res, err := websocket.DefaultDialer.Dial(s.url(), nil)
		if err == nil {
			_ = c.Close()
			break
		}
		if res == nil || res.StatusCode != http.StatusTooManyRequests || time.Now().After(deadline) {
			t.Fatalf("after closing one: %v %v", err, res)
		}
		_ = res.Body.Close()
		time.Sleep(20 * time.Millisecond)
	}
}

// An invalid topic is echoed only as a short prefix, in errors and in unsubscribed.
func TestLiveInvalidTopicEchoIsShort(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	c := dial(t, s, "")
	long := "nonsense:" + strings.Repeat("ü", 8000)
	c.send(map[string]any{"op": "subscribe", "topic": long})
	m := c.expect("error")
	if m.Code != "bad_request" || len(m.Topic) > 64 || !strings.HasPrefix(long, m.Topic) || m.Topic == "" {
		t.Fatalf("echoed %d bytes: %.80q", len(m.Topic), m.Topic)
	}
	c.send(map[string]any{"op": "unsubscribe", "topic": long})
	if m := c.expect("unsubscribed"); len(m.Topic) > 64 || !strings.HasPrefix(long, m.Topic) {
		t.Fatalf("echoed %d bytes", len(m.Topic))
	}
	// Valid topics are echoed whole.
	c.send(map[string]any{"op": "unsubscribe", "topic": "project:" + strings.Repeat("a", 100)})
	if m := c.expect("unsubscribed"); m.Topic != "project:"+strings.Repeat("a", 100) {
		t.Fatalf("valid topic echoed as %q", m.Topic)
	}
}
