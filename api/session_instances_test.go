package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestSessionTwoInstances: two instances on one PostgreSQL database, each with its own connection pool,
// live hub and LISTEN connection. What a moderator and a council member do through instance A reaches
// subscribers of instance B (anonymous and council) within 2 seconds — session.updated, session.agenda,
// session.speakers — and GET /state on B agrees with A. (The NOTIFY path on its own, with B's LISTEN
// connection killed, is TestLiveTwoInstancesOnPostgres in internal/live.)
func TestSessionTwoInstances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.secondInstance(t)
	urlB := b.liveServer()

	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	s := e.createSession(mod, nil)
	topic := "session:" + s.ID
	anon, council := dialLive(t, urlB, ""), dialLive(t, urlB, carl)
	for _, c := range []*liveConn{anon, council} {
		if m, _ := c.subscribe(topic, 0); m.Op != "subscribed" {
			t.Fatalf("subscribe on B: %+v", m)
		}
	}
	expect := func(what string, types ...string) {
		t.Helper()
		for _, c := range []*liveConn{anon, council} {
			for _, typ := range types {
				start := time.Now()
				if _, err := c.await(topic, typ, 2*time.Second); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				if d := time.Since(start); d > 2*time.Second {
					t.Fatalf("%s: %s after %s", what, typ, d)
				}
			}
		}
	}
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	expect("start", "session.updated")
	it := e.addItem(mod, s.ID, map[string]any{"title": "Über zwei Instanzen"})
	expect("add item", "session.agenda")
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", it.ID, "/activate"), nil, 200)
	expect("activate", "session.agenda", "session.updated")
	e.sessionAction(carl, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
	expect("request speech", "session.speakers")
	e.sessionAction(mod, speakersPath(s, it, "/next"), map[string]any{"current_speaker_id": nil}, 200)
	expect("next", "session.speakers")

	// GET /state on B agrees with A (last_event_id aside: both read the same outbox).
	state := func(inst *env) map[string]json.RawMessage {
		t.Helper()
		res := inst.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state"), token: carl})
		if res.Code != 200 {
			t.Fatalf("state: %d %s", res.Code, res.Body)
		}
		var m map[string]json.RawMessage
		res.JSON(t, &m)
		return m
	}
	sa, sb := state(e), state(b)
	for _, k := range []string{"session", "agenda", "active_item", "speakers", "attendance", "questions", "polls"} {
		if string(sa[k]) != string(sb[k]) {
			t.Errorf("%s differs:\nA %s\nB %s", k, sa[k], sb[k])
		}
	}
	if !strings.Contains(string(sb["speakers"]), "Carl Council") || !strings.Contains(string(sb["active_item"]), it.ID) {
		t.Fatalf("state on B: %s %s", sb["speakers"], sb["active_item"])
	}
}
