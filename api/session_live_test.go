package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// liveMsg is a message of the live websocket.
type liveMsg struct {
	Op    string          `json:"op"`
	ID    int64           `json:"id"`
	Topic string          `json:"topic"`
	Type  string          `json:"type"`
	Code  string          `json:"code"`
	Data  json.RawMessage `json:"data"`
}

// liveServer starts the live hub of e and serves e's router; it returns the websocket URL.
func (e *env) liveServer() string {
	e.t.Helper()
	if err := e.svc.Live.Start(); err != nil {
		e.t.Fatal(err)
	}
	srv := httptest.NewServer(e.h)
	e.t.Cleanup(func() { e.svc.Live.Close(); srv.Close() })
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/live"
}

// liveConn is a websocket client of a test.
type liveConn struct {
	t *testing.T
	c *websocket.Conn
}

func dialLive(t *testing.T, url, token string) *liveConn {
	t.Helper()
	c, resp, err := websocket.DefaultDialer.Dial(url, nil)
	if err != nil {
		if resp != nil {
			b, _ := io.ReadAll(resp.Body)
			t.Fatalf("%v: %d %s", err, resp.StatusCode, b)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	lc := &liveConn{t: t, c: c}
	if token != "" {
		if err := c.WriteJSON(map[string]any{"op": "auth", "token": token}); err != nil {
			t.Fatal(err)
		}
		if m, err := lc.read(2 * time.Second); err != nil || m.Op != "authed" {
			t.Fatalf("auth: %+v %v", m, err)
		}
	}
	return lc
}

func (lc *liveConn) read(timeout time.Duration) (liveMsg, error) {
	_ = lc.c.SetReadDeadline(time.Now().Add(timeout))
	var m liveMsg
	err := lc.c.ReadJSON(&m)
	return m, err
}

// subscribe subscribes to topic from since and returns the answer (subscribed or error) and the events
// replayed before it.
func (lc *liveConn) subscribe(topic string, since int64) (liveMsg, []liveMsg) {
	lc.t.Helper()
	if err := lc.c.WriteJSON(map[string]any{"op": "subscribe", "topic": topic, "since": since}); err != nil {
		lc.t.Fatal(err)
	}
	var replayed []liveMsg
	for {
		m, err := lc.read(3 * time.Second)
		if err != nil {
			lc.t.Fatalf("subscribe %s: %v", topic, err)
		}
		switch m.Op {
		case "subscribed", "error":
			return m, replayed
		case "event":
			replayed = append(replayed, m)
		}
	}
}

// await reads until an event of typ on topic arrives within timeout.
func (lc *liveConn) await(topic, typ string, timeout time.Duration) (liveMsg, error) {
	deadline := time.Now().Add(timeout)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return liveMsg{}, fmt.Errorf("no %s on %s within %s", typ, topic, timeout)
		}
		m, err := lc.read(left)
		if err != nil {
			return liveMsg{}, fmt.Errorf("waiting for %s: %w", typ, err)
		}
		if m.Op == "event" && m.Topic == topic && m.Type == typ {
			return m, nil
		}
	}
}

// events reads what arrives within d.
func (lc *liveConn) events(d time.Duration) []liveMsg {
	var out []liveMsg
	deadline := time.Now().Add(d)
	for time.Until(deadline) > 0 {
		m, err := lc.read(time.Until(deadline))
		if err != nil {
			break
		}
		if m.Op == "event" {
			out = append(out, m)
		}
	}
	return out
}

// TestSessionMinutesEvent: publishing minutes writes session.minutes with the version and its time, no
// text; a non-public session's only for the council audience.
func TestSessionMinutesEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	url := e.liveServer()
	for _, vis := range []string{"public", "non_public"} {
		s, _ := e.liveSession(mod, map[string]any{"visibility": vis})
		e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
		topic := "session:" + s.ID
		council, anon := dialLive(t, url, a.tokens["council"]), dialLive(t, url, "")
		if m, _ := council.subscribe(topic, 0); m.Op != "subscribed" {
			t.Fatalf("council: %+v", m)
		}
		anonOK := false
		if m, _ := anon.subscribe(topic, 0); m.Op == "subscribed" {
			anonOK = true
		}
		if anonOK != (vis == "public") {
			t.Fatalf("%s: anonymous subscribed %v", vis, anonOK)
		}
		e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201)
		m, err := council.await(topic, "session.minutes", 2*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", vis, err)
		}
		var d map[string]any
		if err := json.Unmarshal(m.Data, &d); err != nil {
			t.Fatal(err)
		}
		if d["version"] != float64(1) || d["published_at"] == nil || len(d) != 3 || d["session_id"] != s.ID {
			t.Fatalf("%s: data %s", vis, m.Data)
		}
		if anonOK {
			if _, err := anon.await(topic, "session.minutes", 2*time.Second); err != nil {
				t.Fatalf("anonymous on a public session: %v", err)
			}
		}
	}
}

// TestSessionQuestionPendingEvent: a new public question is announced as session.question_pending to
// moderators and admins only — live and on replay; residents, council members, officials and anonymous
// subscribers never receive it. The session's permissions say who moderates questions.
func TestSessionQuestionPendingEvent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	url := e.liveServer()
	s := e.createSession(mod, nil)
	topic := "session:" + s.ID
	watchers := map[string]*liveConn{}
	for _, actor := range []string{"anonymous", "resident", "council", "official", "moderator", "admin"} {
		watchers[actor] = dialLive(t, url, a.tokens[actor])
		if m, _ := watchers[actor].subscribe(topic, 0); m.Op != "subscribed" {
			t.Fatalf("%s: %+v", actor, m)
		}
	}
	var q struct {
		ID string `json:"id"`
	}
	e.sessionAction(a.tokens["resident"], sessionPath(s.ID, "/questions"), map[string]any{"body": "Wann kommt das WLAN?"}, 201).JSON(t, &q)
	for _, actor := range []string{"moderator", "admin"} {
		m, err := watchers[actor].await(topic, "session.question_pending", 2*time.Second)
		if err != nil {
			t.Fatalf("%s: %v", actor, err)
		}
		if !strings.Contains(string(m.Data), "Wann kommt das WLAN?") || !strings.Contains(string(m.Data), `"state":"pending"`) {
			t.Fatalf("%s: %s", actor, m.Data)
		}
	}
	e.sessionAction(mod, sessionPath(s.ID, "/questions/", q.ID, "/reject"), nil, 200)
	m, err := watchers["moderator"].await(topic, "session.question_pending", 2*time.Second)
	if err != nil || !strings.Contains(string(m.Data), `"state":"rejected"`) {
		t.Fatalf("moderator after reject: %s %v", m.Data, err)
	}
	for _, actor := range []string{"anonymous", "resident", "council", "official"} {
		for _, m := range watchers[actor].events(300 * time.Millisecond) {
			if m.Type == "session.question_pending" || strings.Contains(string(m.Data), "WLAN") {
				t.Fatalf("%s received %s %s", actor, m.Type, m.Data)
			}
		}
	}
	// Replay with since=0: the same rule.
	for actor, want := range map[string]int{"resident": 0, "council": 0, "anonymous": 0, "moderator": 2, "admin": 2} {
		c := dialLive(t, url, a.tokens[actor])
		_, replayed := c.subscribe(topic, 0)
		n := 0
		for _, m := range replayed {
			if m.Type == "session.question_pending" {
				n++
			}
		}
		if n != want {
			t.Errorf("%s replayed %d pending events, want %d", actor, n, want)
		}
	}
	// permissions.moderate_questions.
	for actor, want := range map[string]bool{"anonymous": false, "resident": false, "council": false, "official": false,
		"moderator": true, "admin": true} {
		var got sessionBody
		e.do(req{method: http.MethodGet, path: sessionPath(s.ID), token: a.tokens[actor]}).JSON(t, &got)
		if got.Permissions["moderate_questions"] != want {
			t.Errorf("%s moderate_questions %v", actor, got.Permissions["moderate_questions"])
		}
	}
}

// TestSessionIdempotency: the same Idempotency-Key twice creates one session, item or question and
// answers the same response; another body with the key is 422.
func TestSessionIdempotency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod, rita := a.tokens["moderator"], a.tokens["resident"]
	twice := func(token, path string, body map[string]any, table string) string {
		t.Helper()
		var before, after int64
		e.db.Gorm.Raw("SELECT COUNT(*) FROM " + table).Scan(&before)
		r := req{method: http.MethodPost, path: path, token: token, body: body, header: map[string]string{"Idempotency-Key": "k-" + table}}
		first, second := e.do(r), e.do(r)
		if first.Code != 201 || second.Code != 201 || string(first.Body) != string(second.Body) ||
			second.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("%s: %d %s / %d %s", path, first.Code, first.Body, second.Code, second.Body)
		}
		e.db.Gorm.Raw("SELECT COUNT(*) FROM " + table).Scan(&after)
		if after != before+1 {
			t.Fatalf("%s: %d rows added", table, after-before)
		}
		other := r
		other.body = map[string]any{"title": "Anders", "body": "Anders"}
		if res := e.do(other); res.Code != 422 || res.Problem(t).Code != "idempotency_key_reused" {
			t.Fatalf("%s with another body: %d %s", path, res.Code, res.Body)
		}
		var id struct {
			ID string `json:"id"`
		}
		first.JSON(t, &id)
		return id.ID
	}
	sid := twice(mod, "/api/v1/sessions", sessionInput(nil), "sessions")
	twice(mod, sessionPath(sid, "/agenda-items"), map[string]any{"title": "Punkt"}, "agenda_items")
	twice(rita, sessionPath(sid, "/questions"), map[string]any{"body": "Eine Frage?"}, "session_questions")
}
