// Package live delivers the events of the outbox (store.Events, written through internal/events) to
// websocket clients. It knows no topic of its own: features register their topic kinds (Registry). Each
// instance has one Hub: one reader follows the outbox by id and fans new events out to the local
// subscribers of their topic, checking every event against the rights of every subscriber. Delivery is at least once and in id
// order per topic; clients drop duplicates by id and reconnect with the last id they saw.
package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Authenticator verifies an access token and tells when it expires (accounts.Service implements it).
type Authenticator interface {
	AuthenticateToken(ctx context.Context, token string) (*model.User, time.Time, error)
}

// Options tune a Hub; zero values take the defaults.
type Options struct {
	Retention       time.Duration // events older than this are deleted by Cleanup; default 7 days
	QueueSize       int           // messages queued per client before it counts as slow; default 256
	MaxTopics       int           // subscriptions per connection; default 50
	MaxPerAddress   int           // open connections per client address on this instance; default 50
	MaxReplayEvents int           // a replay of more events answers reset instead; default 1000
	MaxReplayBytes  int           // a replay of more payload bytes answers reset instead; default 1 MiB
	PollInterval    time.Duration // safety poll of the outbox; default 2 s
	Now             func() time.Time
}

// Close codes sent to clients.
const (
	CloseSlowClient = 4008 // the client did not read fast enough; reconnect with since
	// CloseUnauthorized ends a connection whose token expired without a new auth message, or whose user's
	// sessions were revoked (role change, disabling, password change, deletion). Reconnect and
	// authenticate with a fresh token, or continue anonymously.
	CloseUnauthorized = 4401
)

// EventSessionRevoked on user:<id> announces that every earlier session of the user ended (accounts
// writes it in the transaction of the change). Each instance's hub re-checks that user's connections
// before it delivers any later event: a connection whose token no longer counts is closed with
// CloseUnauthorized; one that already presented a newer token keeps it, with its subscriptions re-checked.
const EventSessionRevoked = "session.revoked"

// Hub is the live-event hub of one instance.
type Hub struct {
	events  *store.Events // the outbox
	dialect db.Dialect
	dbURL   string
	kinds   *Registry
	auth    Authenticator
	log     *slog.Logger
	opts    Options

	listenName string // application_name of the LISTEN connection

	mu      sync.RWMutex // guards topics, clients, perAddr and closed; never held while blocking
	topics  map[string]map[*client]struct{}
	clients map[*client]struct{}
	perAddr map[string]int // open connections per client address
	closed  bool

	wake    chan struct{} // the LISTEN connection saw a notification or reconnected
	notify  chan int64    // the newest local event id to announce to the other instances (see notifyLoop)
	settled atomic.Int64  // the reader's horizon: every event up to this id has been handed to the subscribers
	ctx     context.Context
	cancel  context.CancelFunc
	started bool
	bg      sync.WaitGroup // reader and listener
	conns   sync.WaitGroup // pumps of the connections

	connections prometheus.Gauge
	delivered   prometheus.Counter
	slowDrops   prometheus.Counter
}

// New returns a hub on the database d that serves the topic kinds of topics. Start it once the database
// is migrated.
func New(d *db.DB, topics *Registry, auth Authenticator, log *slog.Logger, opts Options) *Hub {
	if topics == nil {
		topics = NewRegistry()
	}
	if opts.Retention <= 0 {
		opts.Retention = 7 * 24 * time.Hour
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = 256
	}
	if opts.MaxTopics <= 0 {
		opts.MaxTopics = 50
	}
	if opts.MaxPerAddress <= 0 {
		opts.MaxPerAddress = 50
	}
	if opts.MaxReplayEvents <= 0 {
		opts.MaxReplayEvents = 1000
	}
	if opts.MaxReplayBytes <= 0 {
		opts.MaxReplayBytes = 1 << 20
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return time.Now().UTC() }
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	ctx, cancel := context.WithCancel(context.Background())
	return &Hub{
		events: store.NewEvents(d.Gorm), dialect: d.Dialect, dbURL: d.URL, kinds: topics, auth: auth, log: log, opts: opts,
		listenName: "digitalrat-live-" + hex.EncodeToString(b),
		topics:     map[string]map[*client]struct{}{},
		clients:    map[*client]struct{}{},
		perAddr:    map[string]int{},
		wake:       make(chan struct{}, 1),
		notify:     make(chan int64, 1),
		ctx:        ctx, cancel: cancel,
		connections: prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "digitalrat", Subsystem: "live",
			Name: "connections", Help: "Open live websocket connections."}),
		delivered: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "digitalrat", Subsystem: "live",
			Name: "events_delivered_total", Help: "Events queued to live clients (replays included)."}),
		slowDrops: prometheus.NewCounter(prometheus.CounterOpts{Namespace: "digitalrat", Subsystem: "live",
			Name: "slow_client_drops_total", Help: "Live clients closed because their send queue was full."}),
	}
}

// Collectors are the hub's Prometheus metrics, for the server's registry.
func (h *Hub) Collectors() []prometheus.Collector {
	return []prometheus.Collector{h.connections, h.delivered, h.slowDrops}
}

// Topics is the registry of the topic kinds the hub serves.
func (h *Hub) Topics() *Registry { return h.kinds }

// ListenerName is the application_name of the hub's PostgreSQL LISTEN connection (tests use it to kill
// exactly that connection).
func (h *Hub) ListenerName() string { return h.listenName }

// Start starts the outbox reader (and on PostgreSQL the LISTEN connection). It needs a migrated database;
// events committed before Start are not pushed, but clients get them by subscribing with since.
func (h *Hub) Start() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.started || h.closed {
		return nil
	}
	last, _, err := h.events.Settled(h.ctx)
	if err != nil {
		return fmt.Errorf("live: start: %w", err)
	}
	h.settled.Store(last)
	h.started = true
	h.bg.Add(2)
	go h.readLoop(last)
	go h.expiryLoop()
	if h.dialect == db.Postgres && h.dbURL != "" {
		h.bg.Add(2)
		go h.notifyLoop()
		go func() {
			defer h.bg.Done()
			events.Listen(h.ctx, h.dbURL, h.listenName, h.signal, h.log)
		}()
	}
	return nil
}

// Close closes every connection with code 1001 (going away), stops the reader and waits (up to 5 s) for
// the connections' goroutines. Hijacked websocket connections are not closed by http.Server.Shutdown, so
// the server calls this on shutdown.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	for c := range h.clients {
		c.shut(closeGoingAway, "server shutting down")
	}
	h.mu.Unlock()
	h.cancel()
	h.bg.Wait()
	done := make(chan struct{})
	go func() { h.conns.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		h.log.Warn("live: connections did not close in time")
	}
}

// readLoop follows the outbox: on a signal of this process, a notification or the safety poll it reads
// every event newer than the last it delivered.
func (h *Hub) readLoop(last int64) {
	defer h.bg.Done()
	watch := events.Watch()
	defer events.Unwatch(watch)
	poll := time.NewTicker(h.opts.PollInterval)
	defer poll.Stop()
	for {
		local := false
		select {
		case <-h.ctx.Done():
			return
		case <-watch:
			local = true
		case <-h.wake:
		case <-poll.C:
		}
		last = h.readNew(last, local)
	}
}

// readNew reads and fans out the events after last up to the outbox's settled horizon (ids become
// visible out of order on PostgreSQL; see store.Events.Settled) in pages, and returns the new last id.
// When a local change woke it and it found events, it announces them to the other instances (notifyLoop).
func (h *Hub) readNew(last int64, local bool) int64 {
	// Settling waits for the transactions in flight, which may have committed more events meanwhile:
	// read again until the horizon stays.
	for {
		upto, waited, err := h.events.SettledAfterWake(h.ctx)
		if err != nil {
			if h.ctx.Err() == nil {
				h.log.Warn("live: read outbox", "error", err.Error())
			}
			break
		}
		if upto <= last {
			if waited {
				continue
			}
			break
		}
		if local {
			// Announce before fanning out here: the other instances read while this one delivers.
			h.announce(upto)
		}
		if last, err = h.deliverUpTo(last, upto); err != nil {
			if h.ctx.Err() == nil {
				h.log.Warn("live: read outbox", "error", err.Error())
			}
			break
		}
	}
	return last
}

// announce hands id to notifyLoop, replacing an id it has not sent yet (one NOTIFY covers every event up
// to the newest).
func (h *Hub) announce(id int64) {
	for {
		select {
		case h.notify <- id:
			return
		default:
		}
		select {
		case old := <-h.notify:
			id = max(id, old)
		default:
		}
	}
}

// notifyLoop tells the other instances (store.Events.Notify) about events that a local change committed,
// once the reader has seen them settled: outside the writing transactions (a NOTIFY in a transaction
// serialises its commit with every other notifying one) and beside the local fan-out, not after it.
func (h *Hub) notifyLoop() {
	defer h.bg.Done()
	for {
		select {
		case <-h.ctx.Done():
			return
		case id := <-h.notify:
			if err := h.events.Notify(h.ctx, id); err != nil && h.ctx.Err() == nil {
				h.log.Warn("live: notify other instances", "error", err.Error())
			}
		}
	}
}

// deliverUpTo fans out the events in (last, upto] in pages and returns upto: ids that were not read
// belong to transactions that rolled back, and none can appear any more.
func (h *Hub) deliverUpTo(last, upto int64) (int64, error) {
	for {
		rows, err := h.events.After(h.ctx, last, upto, 500)
		if err != nil {
			return last, err
		}
		for i := range rows {
			if rows[i].Type == EventSessionRevoked {
				// Before anything later is delivered: the user's connections must not see it with the old rights.
				h.revoked(rows[i].Topic)
			}
			h.publish(newOutEvent(&rows[i]))
			last = rows[i].ID
			h.settled.Store(last)
		}
		if len(rows) < 500 {
			break
		}
	}
	h.settled.Store(upto)
	return upto, nil
}

// outEvent is an event encoded once for all its subscribers: the protocol message, framed as a websocket
// text frame. Every eligible connection queues the same frame; nothing is marshalled or copied per
// subscriber.
type outEvent struct {
	id       int64
	topic    string
	audience string
	frame    []byte
}

// Message is the protocol message of an event as its subscribers receive it (tests validate it against
// openapi.yaml).
func Message(ev *model.Event) []byte { return frameData(newOutEvent(ev).frame) }

func newOutEvent(ev *model.Event) *outEvent {
	payload := json.RawMessage(ev.Payload)
	if !json.Valid(payload) {
		payload = json.RawMessage("null")
	}
	b, _ := json.Marshal(struct {
		Op    string          `json:"op"`
		ID    int64           `json:"id"`
		Topic string          `json:"topic"`
		Type  string          `json:"type"`
		Data  json.RawMessage `json:"data"`
	}{"event", ev.ID, ev.Topic, ev.Type, payload})
	return &outEvent{id: ev.ID, topic: ev.Topic, audience: ev.Audience, frame: textFrame(b)}
}

// publish hands an event to every local subscriber of its topic. It never blocks: a client whose queue
// is full is closed as slow.
func (h *Hub) publish(ev *outEvent) {
	n, now := 0, h.opts.Now() // the hub's clock, read once for all subscribers
	h.mu.RLock()
	for c := range h.topics[ev.topic] {
		if c.deliver(ev, now) {
			n++
		}
	}
	h.mu.RUnlock()
	if n > 0 {
		h.delivered.Add(float64(n))
	}
}

// subscribe registers c for topic in the fan-out.
func (h *Hub) subscribe(c *client, topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.topics[topic]
	if m == nil {
		m = map[*client]struct{}{}
		h.topics[topic] = m
	}
	m[c] = struct{}{}
}

// unsubscribe removes c from topic.
func (h *Hub) unsubscribe(c *client, topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m := h.topics[topic]; m != nil {
		delete(m, c)
		if len(m) == 0 {
			delete(h.topics, topic)
		}
	}
}

// revoked re-checks every local connection of the user of topic (user:<id>), see EventSessionRevoked.
// The reader calls it and waits: the checks read the database, but revocations are rare.
func (h *Hub) revoked(topic string) {
	id, ok := strings.CutPrefix(topic, "user:")
	if !ok {
		return
	}
	var affected []*client
	h.mu.RLock()
	for c := range h.clients {
		if u := c.currentUser(); u != nil && formatID(u.ID) == id {
			affected = append(affected, c)
		}
	}
	h.mu.RUnlock()
	for _, c := range affected {
		c.recheck()
	}
}

// expiryLoop closes connections whose token expired (by the hub's clock) once a second; deliveries check
// the expiry themselves, so no event reaches such a connection in between.
func (h *Hub) expiryLoop() {
	defer h.bg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-h.ctx.Done():
			return
		case <-t.C:
		}
		now := h.opts.Now()
		h.mu.RLock()
		for c := range h.clients {
			c.closeIfExpired(now)
		}
		h.mu.RUnlock()
	}
}

// reserve counts a new connection from addr; false when the address has MaxPerAddress open already.
func (h *Hub) reserve(addr string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.perAddr[addr] >= h.opts.MaxPerAddress {
		return false
	}
	h.perAddr[addr]++
	return true
}

// release undoes reserve.
func (h *Hub) release(addr string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.releaseLocked(addr)
}

func (h *Hub) releaseLocked(addr string) {
	if h.perAddr[addr] <= 1 {
		delete(h.perAddr, addr)
		return
	}
	h.perAddr[addr]--
}

// add registers a new connection and its two pumps; false when the hub is closed.
func (h *Hub) add(c *client) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return false
	}
	h.clients[c] = struct{}{}
	h.connections.Inc()
	h.conns.Add(2) // under the lock, so Close cannot be waiting already
	return true
}

// remove drops a connection and all its subscriptions.
func (h *Hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; !ok {
		return
	}
	delete(h.clients, c)
	h.releaseLocked(c.addr)
	h.connections.Dec()
	for _, topic := range c.topicList() {
		if m := h.topics[topic]; m != nil {
			delete(m, c)
			if len(m) == 0 {
				delete(h.topics, topic)
			}
		}
	}
}

// Cleanup deletes events older than the retention and returns how many it deleted.
func (h *Hub) Cleanup(ctx context.Context) (int64, error) {
	n, err := h.events.DeleteBefore(ctx, h.opts.Now().Add(-h.opts.Retention))
	if err != nil {
		return 0, fmt.Errorf("live: cleanup: %w", err)
	}
	return n, nil
}

// RunCleanup calls Cleanup every interval until ctx ends.
func (h *Hub) RunCleanup(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := h.Cleanup(ctx); err != nil {
			if ctx.Err() == nil {
				h.log.Warn("live: cleanup failed", "error", err.Error())
			}
		} else if n > 0 {
			h.log.Info("live: old events deleted", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// signal wakes the reader without blocking.
func (h *Hub) signal() {
	select {
	case h.wake <- struct{}{}:
	default:
	}
}
