package live

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

// Connection limits (see the gorilla chat example).
const (
	readLimit  = 16 << 10         // bytes per client message
	pongWait   = 60 * time.Second // a client must answer pings within this
	pingPeriod = 30 * time.Second
	writeWait  = 10 * time.Second // per write; also how long a reply may wait for queue space
	closeWait  = 2 * time.Second  // how long the write pump waits for the client's close reply
	replayPage = 500

	// Subscribes per connection: a burst of subscribeBurst (a reconnect subscribes every topic again), then
	// subscribeRate a second. Each subscribe may replay up to MaxReplayEvents/MaxReplayBytes, so this keeps
	// a client from turning small messages into a stream of replays.
	subscribeBurst = 60
	subscribeRate  = 2.0

	// echoLimit bounds the part of an invalid topic that is echoed in an error.
	echoLimit = 64

	closeGoingAway = websocket.CloseGoingAway
)

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 1024,
	// Write buffers are only held while writing, which saves memory per idle connection.
	WriteBufferPool: &sync.Pool{},
	// The caller (api/live.go) checks the origin against PUBLIC_URL and LIVE_ORIGINS before upgrading.
	CheckOrigin: func(*http.Request) bool { return true },
}

// client is one websocket connection.
type client struct {
	h        *Hub
	conn     *websocket.Conn
	queue    sendQueue     // frames for the write pump; bounded by Options.QueueSize
	done     chan struct{} // closed by shut
	readDone chan struct{} // closed when the read pump ends
	once     sync.Once
	code     int // close code, set before done is closed
	reason   string

	addr string // client address, counted against MaxPerAddress

	mu    sync.Mutex // guards user, token, exp, gen and subs; held only for non-blocking work
	user  *model.User
	token string    // the access token user came from; re-checked when the user's sessions are revoked
	exp   time.Time // when token expires; zero for anonymous connections
	gen   int       // counts identity changes, so a re-check does not overwrite a newer auth
	subs  map[string]*subscription

	// The subscribe budget (see subscribeBurst); only the read pump touches it.
	subTokens float64
	subAt     time.Time
}

// subscription is the state of one topic of a client. While replaying, live events are buffered and sent
// after the replay, so none is lost or overtakes an older one.
type subscription struct {
	replaying bool
	buf       []*outEvent
	after     int64 // events up to this id were replayed; the reader may still be behind and bring them again
	covered   int64 // while replaying: events up to this id come from the replay (or the reset), not the reader
}

// errTooManyConnections refuses a connection beyond MaxPerAddress.
var errTooManyConnections = &apperr.RateLimited{RetryAfter: 5 * time.Second}

// ServeWS upgrades the request to a websocket and serves the live protocol on it. token is the bearer
// token of an Authorization header, if any (clients normally authenticate with an auth message); addr is
// the client's address. Beyond MaxPerAddress open connections of addr it answers nothing and returns an
// apperr.RateLimited for the caller to render. The origin must have been checked by the caller.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, token, addr string) error {
	var (
		u   *model.User
		exp time.Time
	)
	if token != "" {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		var err error
		u, exp, err = h.auth.AuthenticateToken(ctx, token)
		cancel()
		if err != nil {
			u, exp, token = nil, time.Time{}, "" // the router has refused invalid tokens already
		}
	}
	if !h.reserve(addr) {
		return errTooManyConnections
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		h.release(addr)
		return nil // the upgrader has answered
	}
	c := &client{h: h, conn: conn, done: make(chan struct{}),
		readDone: make(chan struct{}), addr: addr, user: u, token: token, exp: exp, subs: map[string]*subscription{},
		subTokens: subscribeBurst, subAt: h.opts.Now()}
	c.queue.init()
	if !h.add(c) {
		h.release(addr)
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeGoingAway, "server shutting down"),
			time.Now().Add(writeWait))
		_ = conn.Close()
		return nil
	}
	go c.writePump()
	go c.readPump()
	return nil
}

// shut closes the connection with code; the first code wins. It never blocks.
func (c *client) shut(code int, reason string) bool {
	first := false
	c.once.Do(func() {
		c.code, c.reason, first = code, reason, true
		close(c.done)
	})
	return first
}

// slow drops a client that cannot keep up; it reconnects with since.
func (c *client) slow() {
	if c.shut(CloseSlowClient, "too slow") {
		c.h.slowDrops.Inc()
	}
}

// deliver hands a live event to the client; called by the hub's reader with the hub lock held, so it
// must not block. It reports whether the event was queued for the write pump. Eligibility takes no
// encoding: the audience is checked against the connection's user, and the event's frame is shared.
func (c *client) deliver(ev *outEvent, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.subs[ev.topic]
	if s == nil || ev.id <= s.after {
		return false
	}
	if c.expiredLocked(now) {
		c.shut(CloseUnauthorized, "token expired")
		return false
	}
	if !mayEvent(c.user, ev.audience) {
		return false
	}
	if s.replaying {
		// A reader that is behind brings events the replay covers; buffering them could overflow the
		// buffer of a client that is not slow at all.
		if ev.id <= s.covered {
			return false
		}
		if len(s.buf) >= c.h.opts.QueueSize {
			c.slow()
			return false
		}
		s.buf = append(s.buf, ev)
		return false
	}
	return c.enqueue(ev.frame)
}

func (c *client) topicList() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.subs))
	for t := range c.subs {
		out = append(out, t)
	}
	return out
}

func (c *client) currentUser() *model.User {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.user
}

// expiredLocked reports whether the connection's token has expired at now; c.mu must be held.
func (c *client) expiredLocked(now time.Time) bool {
	return !c.exp.IsZero() && !now.Before(c.exp)
}

// closeIfExpired closes the connection with CloseUnauthorized once its token has expired. It never blocks.
func (c *client) closeIfExpired(now time.Time) {
	c.mu.Lock()
	expired := c.expiredLocked(now)
	c.mu.Unlock()
	if expired {
		c.shut(CloseUnauthorized, "token expired")
	}
}

// recheck verifies the connection's token again after its user's sessions were revoked: a token that no
// longer counts closes the connection with CloseUnauthorized; a valid one (presented after the change)
// takes the user's current rights, and subscriptions they no longer allow end with forbidden. Database
// errors close the connection too: it reconnects and authenticates again. Called by the hub's reader.
func (c *client) recheck() {
	for {
		c.mu.Lock()
		token, gen := c.token, c.gen
		c.mu.Unlock()
		if token == "" {
			return // anonymous meanwhile
		}
		ctx, cancel := context.WithTimeout(c.h.ctx, 5*time.Second)
		u, exp, err := c.h.auth.AuthenticateToken(ctx, token)
		var lost []string
		if err == nil {
			for _, topic := range c.topicList() {
				if !c.h.kinds.may(ctx, u, topic) {
					lost = append(lost, topic)
				}
			}
		}
		cancel()
		if err != nil {
			c.shut(CloseUnauthorized, "session revoked")
			return
		}
		c.mu.Lock()
		if c.gen != gen { // a new auth arrived meanwhile: check that token instead
			c.mu.Unlock()
			continue
		}
		c.user, c.exp = u, exp
		for _, topic := range lost {
			delete(c.subs, topic)
		}
		c.mu.Unlock()
		for _, topic := range lost {
			c.h.unsubscribe(c, topic)
			b, _ := json.Marshal(reply{Op: "error", Code: "forbidden", Topic: topic})
			c.enqueue(textFrame(b)) // the reader must not wait; a full queue drops the client
		}
		return
	}
}

// readPump reads client messages until the connection ends.
func (c *client) readPump() {
	defer c.h.conns.Done()
	defer func() {
		c.h.remove(c)
		c.shut(websocket.CloseNormalClosure, "")
		close(c.readDone)
	}()
	c.conn.SetReadLimit(readLimit)
	_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			if errors.Is(err, websocket.ErrReadLimit) {
				c.shut(websocket.CloseMessageTooBig, "message too big")
			}
			return
		}
		_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
		if !c.handle(data) {
			return
		}
	}
}
