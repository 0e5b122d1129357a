package live_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"
	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

func TestMain(m *testing.M) {
	auth.FastHashesForTests()
	goleak.VerifyTestMain(m)
}

// noLeaks checks, after every cleanup of the test has run, that no goroutine it started is left.
func noLeaks(t *testing.T) {
	opt := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, opt) })
}

// server is one instance: the full router behind a real HTTP server, with its hub started.
type server struct {
	t   testing.TB
	d   *db.DB
	svc *app.Services
	srv *httptest.Server
}

func newServer(t testing.TB, d *db.DB, vars map[string]string) *server {
	t.Helper()
	return newServerAt(t, d, vars, nil)
}

// newServerAt is newServer with the clock now (nil: the real one).
func newServerAt(t testing.TB, d *db.DB, vars map[string]string, now func() time.Time) *server {
	t.Helper()
	spec, err := os.ReadFile("../../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "JWT_SECRET":
			return "test-secret-test-secret-test-secret-0123"
		case "DATA_DIR":
			return t.TempDir()
		}
		return vars[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	h, svc := app.Build(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), spec, now)
	if err := svc.Live.Start(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() { svc.Live.Close(); srv.Close() })
	return &server{t: t, d: d, svc: svc, srv: srv}
}

func (s *server) url() string { return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/api/v1/live" }

// user creates a verified user with roles and returns it with an access token.
func (s *server) user(name string, roles ...string) (*model.User, string) {
	s.t.Helper()
	in := accounts.CreateUserInput{Email: strings.ToLower(name) + "@example.org", DisplayName: name,
		Password: "correct horse battery staple", Roles: roles, Verified: true}
	u, err := s.svc.Accounts.CreateUser(context.Background(), in)
	if err != nil {
		s.t.Fatal(err)
	}
	tok, err := s.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		s.t.Fatal(err)
	}
	return u, tok
}

// appendEvent commits one event in its own transaction and returns its id.
func appendEvent(t testing.TB, d *db.DB, topic, audience string, data any) int64 {
	t.Helper()
	var id int64
	err := d.Gorm.Transaction(func(tx *gorm.DB) error {
		ev, err := events.AppendFor(store.New(tx), topic, "test.event", audience, data)
		if err != nil {
			return err
		}
		id = ev.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// msg is any server message.
type msg struct {
	Op     string          `json:"op"`
	ID     int64           `json:"id"`
	Topic  string          `json:"topic"`
	Type   string          `json:"type"`
	Data   json.RawMessage `json:"data"`
	Code   string          `json:"code"`
	UserID string          `json:"user_id"`
	LastID *int64          `json:"last_id"`
}

type wsClient struct {
	t *testing.T
	c *websocket.Conn
}

func dial(t *testing.T, s *server, origin string) *wsClient {
	t.Helper()
	hdr := http.Header{}
	if origin != "" {
		hdr.Set("Origin", origin)
	}
	c, res, err := websocket.DefaultDialer.Dial(s.url(), hdr)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, res)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &wsClient{t: t, c: c}
}

func (w *wsClient) send(v any) {
	w.t.Helper()
	if err := w.c.WriteJSON(v); err != nil {
		w.t.Fatal(err)
	}
}

func (w *wsClient) read(timeout time.Duration) (msg, error) {
	_ = w.c.SetReadDeadline(time.Now().Add(timeout))
	var m msg
	_, b, err := w.c.ReadMessage()
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		w.t.Fatalf("bad message %s: %v", b, err)
	}
	return m, nil
}

func (w *wsClient) expect(op string) msg {
	w.t.Helper()
	m, err := w.read(2 * time.Second)
	if err != nil {
		w.t.Fatalf("waiting for %s: %v", op, err)
	}
	if m.Op != op {
		w.t.Fatalf("got %+v, want op %s", m, op)
	}
	return m
}

// expectEvent waits up to 2 s for the next message, which must be the event id.
func (w *wsClient) expectEvent(id int64) msg {
	w.t.Helper()
	m := w.expect("event")
	if m.ID != id {
		w.t.Fatalf("got event %d (%s), want %d", m.ID, m.Topic, id)
	}
	return m
}

func (w *wsClient) subscribe(topic string, since *int64) msg {
	w.t.Helper()
	w.send(map[string]any{"op": "subscribe", "topic": topic, "since": since})
	return w.expect("subscribed")
}

func (w *wsClient) auth(token string) {
	w.t.Helper()
	w.send(map[string]any{"op": "auth", "token": token})
	w.expect("authed")
}

func TestLiveDeliversCommittedEventsOnly(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	c := dial(t, s, "")
	if m := c.subscribe("project:radwege", nil); m.Topic != "project:radwege" || m.LastID == nil {
		t.Fatalf("subscribed: %+v", m)
	}

	start := time.Now()
	id := appendEvent(t, s.d, "project:radwege", "", map[string]string{"hello": "world"})
	m := c.expectEvent(id)
	if m.Topic != "project:radwege" || m.Type != "test.event" || string(m.Data) != `{"hello":"world"}` {
		t.Fatalf("event: %+v", m)
	}
	t.Logf("delivered in %v", time.Since(start))

	// A rolled-back transaction's event is never delivered; the next committed one is.
	err := s.d.Gorm.Transaction(func(tx *gorm.DB) error {
		if _, err := events.Append(store.New(tx), "project:radwege", "test.event", map[string]string{"rolled": "back"}); err != nil {
			return err
		}
		return errors.New("roll back")
	})
	if err == nil {
		t.Fatal("transaction did not roll back")
	}
	id2 := appendEvent(t, s.d, "project:radwege", "", map[string]string{"n": "2"})
	c.expectEvent(id2)
	// Events of other topics do not arrive.
	appendEvent(t, s.d, "project:other", "", nil)
	if m, err := c.read(300 * time.Millisecond); err == nil {
		t.Fatalf("unexpected message %+v", m)
	}
}

func TestLiveReplaySinceAndReset(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	c := dial(t, s, "")
	c.subscribe("document:7", nil)
	first := appendEvent(t, s.d, "document:7", "", 1)
	c.expectEvent(first)
	_ = c.c.Close()

	// Missed while disconnected: three events of the topic, one of another topic, one rolled back.
	missed := []int64{appendEvent(t, s.d, "document:7", "", 2)}
	appendEvent(t, s.d, "document:8", "", 0)
	_ = s.d.Gorm.Transaction(func(tx *gorm.DB) error {
		_, _ = events.Append(store.New(tx), "document:7", "test.event", 99)
		return errors.New("roll back")
	})
	missed = append(missed, appendEvent(t, s.d, "document:7", "", 3), appendEvent(t, s.d, "document:7", "", 4))

	c = dial(t, s, "")
	c.send(map[string]any{"op": "subscribe", "topic": "document:7", "since": first})
	for _, id := range missed {
		c.expectEvent(id)
	}
	sub := c.expect("subscribed")
	if sub.LastID == nil || *sub.LastID < missed[2] {
		t.Fatalf("subscribed: %+v", sub)
	}
	next := appendEvent(t, s.d, "document:7", "", 5)
	c.expectEvent(next) // exactly once: the next message is no duplicate
	if m, err := c.read(300 * time.Millisecond); err == nil {
		t.Fatalf("unexpected message %+v", m)
	}

	// Events older than the retention are deleted; a since among them gets reset instead of a replay.
	if err := s.d.Gorm.Exec("UPDATE events SET created_at = ? WHERE id <= ?", time.Now().Add(-8*24*time.Hour), missed[2]).Error; err != nil {
		t.Fatal(err)
	}
	n, err := s.svc.Live.Cleanup(context.Background())
	if err != nil || n != 5 {
		t.Fatalf("cleanup deleted %d, %v; want 5", n, err)
	}
	c2 := dial(t, s, "")
	c2.send(map[string]any{"op": "subscribe", "topic": "document:7", "since": first})
	if m := c2.expect("reset"); m.Topic != "document:7" {
		t.Fatalf("reset: %+v", m)
	}
	c2.expect("subscribed")
	after := appendEvent(t, s.d, "document:7", "", 6)
	c2.expectEvent(after)
}

func TestLiveRights(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	resident, residentTok := s.user("Resident")
	other, _ := s.user("Other")
	mod, modTok := s.user("Moderator", model.RoleModerator)

	r := dial(t, s, "")
	r.auth(residentTok)
	for _, topic := range []string{"moderation", "user:" + strconv.FormatInt(other.ID, 10)} {
		r.send(map[string]any{"op": "subscribe", "topic": topic})
		if m := r.expect("error"); m.Code != "forbidden" || m.Topic != topic {
			t.Fatalf("%s: %+v", topic, m)
		}
	}
	r.subscribe("user:"+strconv.FormatInt(resident.ID, 10), nil)
	r.subscribe("project:p", nil)

	m := dial(t, s, "")
	m.send(map[string]any{"op": "auth", "token": modTok})
	if a := m.expect("authed"); a.UserID != strconv.FormatInt(mod.ID, 10) {
		t.Fatalf("authed: %+v", a)
	}
	m.subscribe("moderation", nil)
	m.subscribe("project:p", nil)

	anon := dial(t, s, "")
	anon.send(map[string]any{"op": "auth", "token": "not-a-token"})
	if e := anon.expect("error"); e.Code != "invalid_token" {
		t.Fatalf("bad token: %+v", e)
	}
	anon.send(map[string]any{"op": "subscribe", "topic": "moderation"})
	anon.expect("error")
	anon.subscribe("project:p", nil)
	for _, bad := range []string{"{", `{"op":"dance"}`, `{"op":"subscribe","topic":"nonsense"}`} {
		if err := anon.c.WriteMessage(websocket.TextMessage, []byte(bad)); err != nil {
			t.Fatal(err)
		}
		if e := anon.expect("error"); e.Code != "bad_request" {
			t.Fatalf("%s: %+v", bad, e)
		}
	}

	// Audience moderators on a public topic: only the moderator gets it.
	hidden := appendEvent(t, s.d, "project:p", events.AudienceModerators, "pending comment")
	public := appendEvent(t, s.d, "project:p", "", "published comment")
	m.expectEvent(hidden)
	m.expectEvent(public)
	r.expectEvent(public)
	anon.expectEvent(public)
	// Audience of one user: that user only.
	mine := appendEvent(t, s.d, "project:p", events.AudienceUser(resident.ID), "your pending comment")
	modQueue := appendEvent(t, s.d, "moderation", "", "queue")
	r.expectEvent(mine)
	m.expectEvent(modQueue) // not mine: a moderator is not in the audience user:<resident>
	if e, err := anon.read(300 * time.Millisecond); err == nil {
		t.Fatalf("anonymous got %+v", e)
	}
	if e, err := r.read(100 * time.Millisecond); err == nil {
		t.Fatalf("resident got %+v", e)
	}
}

func TestLiveSlowClientIsDropped(t *testing.T) {
	noLeaks(t)
	// A queue of 16 events gives the fast client slack for scheduling hiccups on a loaded CI machine,
	// while 160 events of 128 KiB still overflow the socket buffers and the queue of one that never reads.
	s := newServer(t, testdb.New(t), map[string]string{"LIVE_QUEUE_SIZE": "16"})
	slow := dial(t, s, "")
	slow.subscribe("project:big", nil)
	fast := dial(t, s, "")
	fast.subscribe("project:big", nil)

	blob := strings.Repeat("x", 128<<10)
	done := make(chan []int64)
	go func() {
		var ids []int64
		for range 160 {
			ids = append(ids, appendEvent(t, s.d, "project:big", "", blob))
			time.Sleep(5 * time.Millisecond)
		}
		done <- ids
	}()
	var got []int64
	for len(got) < 160 {
		m, err := fast.read(10 * time.Second)
		if err != nil {
			t.Fatalf("fast client after %d events: %v", len(got), err)
		}
		got = append(got, m.ID)
	}
	ids := <-done
	for i := range ids {
		if got[i] != ids[i] {
			t.Fatalf("fast client got %v, want %v", got, ids)
		}
	}
	for {
		_, err := slow.read(10 * time.Second)
		if err == nil {
			continue
		}
		// The server sends close 4008 and ends the connection. A client whose socket buffers are full may
		// never see that frame (the server cannot wait for a reader that does not read: its write deadline
		// passes and it drops the connection), so an abnormal closure counts too; the metric below proves
		// that the server dropped it for being slow.
		if !websocket.IsCloseError(err, 4008, websocket.CloseAbnormalClosure) {
			t.Fatalf("slow client: %v, want close 4008 (or an abnormal closure)", err)
		}
		break
	}
	res, err := http.Get(s.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	for _, want := range []string{"digitalrat_live_slow_client_drops_total 1", "digitalrat_live_events_delivered_total", "digitalrat_live_connections"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestLiveOrigin(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), map[string]string{"PUBLIC_URL": "https://beteiligung.example.org",
		"LIVE_ORIGINS": "https://app.example.org"})
	dial(t, s, "https://beteiligung.example.org").subscribe("project:x", nil)
	dial(t, s, "https://app.example.org").subscribe("project:x", nil)
	dial(t, s, "").subscribe("project:x", nil)
	hdr := http.Header{"Origin": {"https://evil.example.com"}}
	_, res, err := websocket.DefaultDialer.Dial(s.url(), hdr)
	if err == nil || res == nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("bad origin: %v %v", err, res)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("content type %q", ct)
	}
}

func TestLiveShutdownSends1001(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	c := dial(t, s, "")
	c.subscribe("project:x", nil)
	s.svc.Live.Close()
	_, err := c.read(5 * time.Second)
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Fatalf("got %v, want close 1001", err)
	}
}

// TestLiveTwoInstancesOnPostgres runs two instances on one PostgreSQL database: events appended through
// A reach a subscriber of B, also while B's LISTEN connection is killed and reconnects.
func TestLiveTwoInstancesOnPostgres(t *testing.T) {
	noLeaks(t)
	url := testdb.PostgresURL(t) // skips on the SQLite leg
	open := func() *db.DB {
		d, err := db.Open(url, "", 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Close() })
		if err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := newServer(t, open(), nil)
	b := newServer(t, open(), nil)
	listening := func() int {
		var n int
		if err := a.d.Gorm.Raw("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ? AND query LIKE 'LISTEN%'",
			b.svc.Live.ListenerName()).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	deadline := time.Now().Add(5 * time.Second)
	for listening() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if listening() != 1 {
		t.Fatal("instance B is not listening")
	}

	c := dial(t, b, "")
	c.subscribe("project:shared", nil)
	start := time.Now()
	first := appendEvent(t, a.d, "project:shared", "", "via A")
	c.expectEvent(first)
	t.Logf("A → B in %v", time.Since(start))

	// Kill B's LISTEN connection while events keep coming through A.
	ids := make(chan int64, 100)
	go func() {
		defer close(ids)
		for i := range 40 {
			if i == 10 {
				var killed int
				if err := a.d.Gorm.Raw("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
					b.svc.Live.ListenerName()).Scan(&killed).Error; err != nil || killed != 1 {
					t.Errorf("terminate B's listener: %d, %v", killed, err)
				}
			}
			ids <- appendEvent(t, a.d, "project:shared", "", i)
			time.Sleep(10 * time.Millisecond)
		}
	}()
	for id := range ids {
		m, err := c.read(5 * time.Second)
		if err != nil || m.Op != "event" || m.ID != id {
			t.Fatalf("got %+v, %v; want event %d", m, err, id)
		}
	}
	deadline = time.Now().Add(5 * time.Second)
	for listening() == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if listening() != 1 {
		t.Fatal("instance B did not reconnect its LISTEN connection")
	}
	// After reconnecting, delivery is immediate again (not only through the poll).
	start = time.Now()
	last := appendEvent(t, a.d, "project:shared", "", "after reconnect")
	c.expectEvent(last)
	if d := time.Since(start); d > time.Second {
		t.Errorf("delivery after reconnect took %v", d)
	}
}

// TestLiveReauth switches identities on one connection: rights follow the user of the latest auth, and
// subscriptions the new identity may not have end with forbidden.
func TestLiveReauth(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	_, modTok := s.user("Mod", model.RoleModerator)
	_, resTok := s.user("Res")
	c := dial(t, s, "")
	c.auth(modTok)
	c.subscribe("moderation", nil)
	c.subscribe("project:p", nil)
	c.auth(modTok) // a refreshed token for the same user keeps everything
	id := appendEvent(t, s.d, "moderation", "", 1)
	c.expectEvent(id)

	c.send(map[string]any{"op": "auth", "token": resTok})
	if m := c.expect("error"); m.Code != "forbidden" || m.Topic != "moderation" {
		t.Fatalf("got %+v, want moderation ended", m)
	}
	c.expect("authed")
	appendEvent(t, s.d, "moderation", "", 2)
	appendEvent(t, s.d, "project:p", events.AudienceModerators, 3)
	public := appendEvent(t, s.d, "project:p", "", 4)
	c.expectEvent(public)

	// Unsubscribe stops events; the topic limit holds.
	c.send(map[string]any{"op": "unsubscribe", "topic": "project:p"})
	c.expect("unsubscribed")
	appendEvent(t, s.d, "project:p", "", 5)
	for i := range 50 {
		c.subscribe("project:t"+strconv.Itoa(i), nil)
	}
	c.send(map[string]any{"op": "subscribe", "topic": "project:one-too-many"})
	if m := c.expect("error"); m.Code != "too_many_topics" {
		t.Fatalf("got %+v", m)
	}
}
