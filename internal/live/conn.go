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
	send     chan []byte   // messages for the write pump; bounded
	done     chan struct{} // closed by shut
	readDone chan struct{} // closed when the read pump ends
	once     sync.Once
	code     int // close code, set before done is closed
	reason   string

	mu   sync.Mutex // guards user and subs; held only for non-blocking work
	user *model.User
	subs map[string]*subscription
}

// subscription is the state of one topic of a client. While replaying, live events are buffered and sent
// after the replay, so none is lost or overtakes an older one.
type subscription struct {
	replaying bool
	buf       []*outEvent
	after     int64 // events up to this id were replayed; the reader may still be behind and bring them again
}

// ServeWS upgrades the request to a websocket and serves the live protocol on it. u is the user of an
// Authorization header, if any; clients normally authenticate with an auth message. The origin must have
// been checked by the caller.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, u *model.User) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &client{h: h, conn: conn, send: make(chan []byte, h.opts.QueueSize), done: make(chan struct{}),
		readDone: make(chan struct{}), user: u, subs: map[string]*subscription{}}
	if !h.add(c) {
		_ = conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(closeGoingAway, "server shutting down"),
			time.Now().Add(writeWait))
		_ = conn.Close()
		return
	}
	go c.writePump()
	go c.readPump()
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

// enqueue queues msg without blocking; a full queue drops the client.
func (c *client) enqueue(msg []byte) bool {
	select {
	case c.send <- msg:
		return true
	default:
		c.slow()
		return false
	}
}

// sendWait queues msg, waiting up to writeWait for space. Only the read pump uses it (replies and
// replays), so a slow client blocks nobody but itself.
func (c *client) sendWait(msg []byte) bool {
	select {
	case c.send <- msg:
		return true
	default:
	}
	t := time.NewTimer(writeWait)
	defer t.Stop()
	select {
	case c.send <- msg:
		return true
	case <-c.done:
		return false
	case <-t.C:
		c.slow()
		return false
	}
}

// deliver hands a live event to the client; called by the hub's reader with the hub lock held, so it
// must not block.
func (c *client) deliver(ev *outEvent) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.subs[ev.topic]
	if s == nil || ev.id <= s.after || !mayEvent(c.user, ev.audience) {
		return
	}
	if s.replaying {
		if len(s.buf) >= cap(c.send) {
			c.slow()
			return
		}
		s.buf = append(s.buf, ev)
		return
	}
	if c.enqueue(ev.msg) {
		c.h.delivered.Inc()
	}
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

// writePump is the only writer of the connection.
func (c *client) writePump() {
	defer c.h.conns.Done()
	ping := time.NewTicker(pingPeriod)
	defer func() {
		ping.Stop()
		_ = c.conn.Close()
	}()
	for {
		select {
		case <-c.done: // closing takes precedence over queued messages
			c.writeClose()
			return
		default:
		}
		select {
		case <-c.done:
			c.writeClose()
			return
		case msg := <-c.send:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				c.shut(websocket.CloseAbnormalClosure, "")
				return
			}
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.shut(websocket.CloseAbnormalClosure, "")
				return
			}
		}
	}
}

// writeClose sends the close frame and gives the client a moment to answer before the socket closes.
func (c *client) writeClose() {
	if c.code == websocket.CloseAbnormalClosure {
		return
	}
	err := c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.code, c.reason), time.Now().Add(writeWait))
	if err != nil {
		return
	}
	select {
	case <-c.readDone:
	case <-time.After(closeWait):
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

// clientMessage is any message a client sends.
type clientMessage struct {
	Op    string `json:"op"`
	Token string `json:"token"`
	Topic string `json:"topic"`
	Since *int64 `json:"since"`
}

// reply is a protocol message other than an event.
type reply struct {
	Op     string `json:"op"`
	Code   string `json:"code,omitempty"`
	Topic  string `json:"topic,omitempty"`
	UserID string `json:"user_id,omitempty"`
	LastID *int64 `json:"last_id,omitempty"`
}

func (c *client) reply(r reply) bool {
	b, _ := json.Marshal(r)
	return c.sendWait(b)
}

// handle answers one client message; false ends the connection.
func (c *client) handle(data []byte) bool {
	var m clientMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return c.reply(reply{Op: "error", Code: "bad_request"})
	}
	switch m.Op {
	case "auth":
		return c.authenticate(m.Token)
	case "subscribe":
		if !c.h.kinds.valid(m.Topic) {
			return c.reply(reply{Op: "error", Code: "bad_request", Topic: m.Topic})
		}
		return c.subscribe(m.Topic, m.Since)
	case "unsubscribe":
		c.mu.Lock()
		delete(c.subs, m.Topic)
		c.mu.Unlock()
		c.h.unsubscribe(c, m.Topic)
		return c.reply(reply{Op: "unsubscribed", Topic: m.Topic})
	}
	return c.reply(reply{Op: "error", Code: "bad_request"})
}

// authenticate switches the connection to the user of token (after a refresh too). An invalid token makes
// the connection anonymous. Subscriptions the new identity may not have are ended with a forbidden error.
func (c *client) authenticate(token string) bool {
	ctx, cancel := context.WithTimeout(c.h.ctx, 5*time.Second)
	defer cancel()
	u, err := c.h.auth.Authenticate(ctx, token)
	if err != nil && !errors.Is(err, apperr.ErrUnauthenticated) {
		c.h.log.Warn("live: authenticate", "error", err.Error())
		return c.reply(reply{Op: "error", Code: "unavailable"})
	}
	// Rights are decided outside the client lock: a topic's rule (TopicKind.May) may query the database, and the
	// hub's reader must never wait for that.
	var lost []string
	for _, topic := range c.topicList() {
		if !c.h.kinds.may(ctx, u, topic) {
			lost = append(lost, topic)
		}
	}
	c.mu.Lock()
	c.user = u
	for _, topic := range lost {
		delete(c.subs, topic)
	}
	c.mu.Unlock()
	for _, topic := range lost {
		c.h.unsubscribe(c, topic)
		if !c.reply(reply{Op: "error", Code: "forbidden", Topic: topic}) {
			return false
		}
	}
	if err != nil {
		return c.reply(reply{Op: "error", Code: "invalid_token"})
	}
	return c.reply(reply{Op: "authed", UserID: formatID(u.ID)})
}

// subscribe adds topic: it registers the subscription first (buffering live events), then replays newer
// events from the outbox, answers subscribed and finally drains the buffer, skipping what the replay sent.
func (c *client) subscribe(topic string, since *int64) bool {
	ctx, cancel := context.WithTimeout(c.h.ctx, 30*time.Second)
	defer cancel()
	user := c.currentUser()
	if !c.h.kinds.may(ctx, user, topic) {
		return c.reply(reply{Op: "error", Code: "forbidden", Topic: topic})
	}
	s := &subscription{replaying: true}
	c.mu.Lock()
	if _, ok := c.subs[topic]; !ok && len(c.subs) >= c.h.opts.MaxTopics {
		c.mu.Unlock()
		return c.reply(reply{Op: "error", Code: "too_many_topics", Topic: topic})
	}
	c.subs[topic] = s // a repeated subscribe starts over
	c.mu.Unlock()
	c.h.subscribe(c, topic)

	fail := func() bool {
		c.mu.Lock()
		if c.subs[topic] == s {
			delete(c.subs, topic)
		}
		c.mu.Unlock()
		c.h.unsubscribe(c, topic)
		return c.reply(reply{Op: "error", Code: "unavailable", Topic: topic})
	}
	// Everything up to the highest visible id is covered by the replay; newer events arrive live (ids
	// become visible in order, see internal/events).
	water, err := c.h.events.MaxID(ctx)
	if err != nil {
		return fail()
	}
	skip := int64(0)
	if since != nil {
		from := *since
		if from > 0 {
			ok, err := c.h.events.Exists(ctx, from)
			if err != nil {
				return fail()
			}
			if !ok { // the client's last event is gone: older than the retention (or not ours)
				if !c.reply(reply{Op: "reset", Topic: topic}) {
					return false
				}
				from = water
			}
		}
		for from < water {
			rows, err := c.h.events.OfTopic(ctx, topic, from, water, replayPage)
			if err != nil {
				return fail()
			}
			for i, r := range rows {
				if mayEvent(user, r.Audience) {
					ev := newOutEvent(&rows[i])
					if !c.sendWait(ev.msg) {
						return false
					}
					c.h.delivered.Inc()
				}
				from = r.ID
			}
			if len(rows) < replayPage {
				break
			}
		}
		skip = water
	}
	if !c.reply(reply{Op: "subscribed", Topic: topic, LastID: &water}) {
		return false
	}
	for {
		c.mu.Lock()
		s.after = skip
		if len(s.buf) == 0 {
			s.replaying = false
			c.mu.Unlock()
			return true
		}
		buf := s.buf
		s.buf = nil
		c.mu.Unlock()
		for _, ev := range buf {
			if ev.id <= skip {
				continue
			}
			if !c.sendWait(ev.msg) {
				return false
			}
			c.h.delivered.Inc()
		}
	}
}
