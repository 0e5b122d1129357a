package api_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestSessionsRoleMatrix is the role × endpoint matrix of every /sessions endpoint (and the live topic),
// on a public and on a non-public session, for anonymous visitors, unverified and verified residents,
// council members, officials, moderators and admins. On a non-public session everyone outside the council
// audience gets exactly the answer a session that does not exist gets (status and problem code): 404
// where the route lets them in, and the route's own 401/403 — given before any session is looked at — where
// it does not; the live topic refuses them like a topic naming nothing.
func TestSessionsRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod, carl := a.tokens["moderator"], a.tokens["council"]
	var councilID string
	e.db.Gorm.Raw("SELECT CAST(id AS TEXT) FROM users WHERE display_name = 'Carl Council'").Scan(&councilID)
	cora, _ := e.user("Cora Council", model.RoleCouncil)
	coraID := strconv.FormatInt(cora.ID, 10)
	actors := []string{"anonymous", "unverified", "resident", "council", "official", "moderator", "admin"}
	councilAudience := map[string]bool{"council": true, "official": true, "moderator": true, "admin": true}
	guard := map[string]int{"anonymous": 401, "unverified": 403}                                                 // access.Verified
	run := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official": 403} // access.Moderators
	notCouncil := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "official": 403, "moderator": 403, "admin": 403}
	ifMatch := func(v int) map[string]string { return map[string]string{"If-Match": fmt.Sprint(v)} }
	var vis string
	scheduled := func() sessionBody { return e.createSession(mod, map[string]any{"visibility": vis}) }
	live := func() (sessionBody, itemBody) { return e.liveSession(mod, map[string]any{"visibility": vis}) }
	closed := func() sessionBody {
		s, _ := live()
		e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
		return s
	}
	// A public session's pending question; a non-public session has none (it takes no questions), so the
	// moderation endpoints name a missing one there.
	pending := func() (sessionBody, string) {
		s := scheduled()
		if vis != "public" {
			return s, "999999"
		}
		return s, e.ask(a.tokens["resident"], s, "Eine Frage?").ID
	}
	type endpoint struct {
		name string
		ok   int
		deny map[string]int
		// viaService: the deny answers of residents come from the service (after the session is loaded),
		// not from the route's rule.
		viaService bool
		// nonPublic overrides the answer for actors of the council audience on a non-public session.
		nonPublic map[string]int
		request   func(actor string) req
	}
	endpoints := []endpoint{
		{name: "get", ok: 200, request: func(string) req { return req{method: http.MethodGet, path: sessionPath(scheduled().ID)} }},
		{name: "state", ok: 200, request: func(string) req {
			s, _ := live()
			return req{method: http.MethodGet, path: sessionPath(s.ID, "/state")}
		}},
		{name: "agenda", ok: 200, request: func(string) req {
			s, _ := live()
			return req{method: http.MethodGet, path: sessionPath(s.ID, "/agenda")}
		}},
		{name: "speakers", ok: 200, request: func(string) req { s, it := live(); return req{method: http.MethodGet, path: speakersPath(s, it, "")} }},
		{name: "patch", ok: 200, deny: run, request: func(string) req {
			return req{method: http.MethodPatch, path: sessionPath(scheduled().ID), header: ifMatch(1), body: map[string]any{"title": "Neu"}}
		}},
		{name: "start", ok: 200, deny: run, request: func(string) req { return req{method: http.MethodPost, path: sessionPath(scheduled().ID, "/start")} }},
		{name: "close", ok: 200, deny: run, request: func(string) req {
			s, _ := live()
			return req{method: http.MethodPost, path: sessionPath(s.ID, "/close")}
		}},
		{name: "add item", ok: 201, deny: run, request: func(string) req {
			return req{method: http.MethodPost, path: sessionPath(scheduled().ID, "/agenda-items"), body: map[string]any{"title": "Punkt"}}
		}},
		{name: "patch item", ok: 200, deny: run, request: func(string) req {
			s := scheduled()
			it := e.addItem(mod, s.ID, nil)
			return req{method: http.MethodPatch, path: sessionPath(s.ID, "/agenda-items/", it.ID), header: ifMatch(1), body: map[string]any{"decision": "Angenommen."}}
		}},
		{name: "decision", ok: 200, deny: run, request: func(string) req {
			s := scheduled()
			it := e.addItem(mod, s.ID, nil)
			return req{method: http.MethodPut, path: sessionPath(s.ID, "/agenda-items/", it.ID, "/decision"), header: ifMatch(1), body: map[string]any{"decision": "Angenommen."}}
		}},
		{name: "notes", ok: 201, deny: run, request: func(string) req {
			s := scheduled()
			it := e.addItem(mod, s.ID, nil)
			return req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/", it.ID, "/notes"), body: map[string]any{"text": "Notiz."}}
		}},
		{name: "reorder", ok: 200, deny: run, request: func(string) req {
			s := scheduled()
			x, y := e.addItem(mod, s.ID, nil), e.addItem(mod, s.ID, nil)
			return req{method: http.MethodPut, path: sessionPath(s.ID, "/agenda"), header: ifMatch(3), body: map[string]any{"item_ids": []string{y.ID, x.ID}}}
		}},
		{name: "activate", ok: 200, deny: run, request: func(string) req {
			s, _ := live()
			it := e.addItem(mod, s.ID, nil)
			return req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/", it.ID, "/activate")}
		}},
		{name: "check in", ok: 200, deny: notCouncil, request: func(string) req {
			return req{method: http.MethodPost, path: sessionPath(scheduled().ID, "/attendance"), body: map[string]any{}}
		}},
		{name: "mark present", ok: 200, deny: run, viaService: true, request: func(string) req {
			return req{method: http.MethodPost, path: sessionPath(scheduled().ID, "/attendance"), body: map[string]any{"user_id": coraID}}
		}},
		{name: "roll", ok: 200, deny: run, request: func(string) req {
			return req{method: http.MethodGet, path: sessionPath(scheduled().ID, "/attendance")}
		}},
		{name: "mark absent", ok: 200, deny: run, request: func(string) req {
			s := scheduled()
			e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
			return req{method: http.MethodDelete, path: sessionPath(s.ID, "/attendance/", councilID)}
		}},
		{name: "request speech", ok: 201, deny: notCouncil, request: func(string) req {
			s, it := live()
			return req{method: http.MethodPost, path: speakersPath(s, it, ""), body: map[string]any{"kind": "speech"}}
		}},
		{name: "withdraw", ok: 200, deny: guard, request: func(string) req {
			s, it := live()
			e.sessionAction(carl, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
			return req{method: http.MethodDelete, path: speakersPath(s, it, "/me")}
		}},
		{name: "next", ok: 200, deny: run, request: func(string) req {
			s, it := live()
			e.sessionAction(carl, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
			return req{method: http.MethodPost, path: speakersPath(s, it, "/next"), body: map[string]any{"current_speaker_id": nil}}
		}},
		{name: "end", ok: 200, deny: run, request: func(string) req {
			s, it := live()
			e.sessionAction(carl, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
			e.sessionAction(mod, speakersPath(s, it, "/next"), nil, 200)
			return req{method: http.MethodPost, path: speakersPath(s, it, "/end")}
		}},
		{name: "questions", ok: 200, request: func(string) req { s, _ := pending(); return req{method: http.MethodGet, path: questionPath(s)} }},
		{name: "ask", ok: 201, deny: guard, nonPublic: map[string]int{"council": 409, "official": 409, "moderator": 409, "admin": 409},
			request: func(string) req {
				return req{method: http.MethodPost, path: questionPath(scheduled()), body: map[string]any{"body": "Frage?"}}
			}},
		{name: "approve", ok: 200, deny: run, nonPublic: map[string]int{"moderator": 404, "admin": 404}, request: func(string) req {
			s, q := pending()
			return req{method: http.MethodPost, path: questionPath(s, "/", q, "/approve")}
		}},
		{name: "reject", ok: 200, deny: run, nonPublic: map[string]int{"moderator": 404, "admin": 404}, request: func(string) req {
			s, q := pending()
			return req{method: http.MethodPost, path: questionPath(s, "/", q, "/reject")}
		}},
		{name: "answered", ok: 200, deny: run, nonPublic: map[string]int{"moderator": 404, "admin": 404}, request: func(string) req {
			s, q := pending()
			if vis == "public" {
				e.sessionAction(mod, questionPath(s, "/", q, "/approve"), nil, 200)
			}
			return req{method: http.MethodPost, path: questionPath(s, "/", q, "/answered")}
		}},
		{name: "minutes", ok: 200, request: func(string) req { return req{method: http.MethodGet, path: sessionPath(closed().ID, "/minutes")} }},
		{name: "minutes versions", ok: 200, request: func(string) req {
			return req{method: http.MethodGet, path: sessionPath(closed().ID, "/minutes/versions")}
		}},
		{name: "minutes version", ok: 200, request: func(string) req {
			s := closed()
			e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201)
			return req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions/1")}
		}},
		{name: "save draft", ok: 200, deny: run, request: func(string) req {
			return req{method: http.MethodPut, path: sessionPath(closed().ID, "/minutes/draft"), header: ifMatch(1),
				body: map[string]any{"sections": []map[string]any{{"key": "header", "body": "Kopf."}}}}
		}},
		{name: "publish", ok: 201, deny: run, request: func(string) req {
			return req{method: http.MethodPost, path: sessionPath(closed().ID, "/minutes/publish"), body: map[string]any{}}
		}},
	}
	sessionID := regexp.MustCompile(`^/api/v1/sessions/\d+`)
	for _, v := range []string{"public", "non_public"} {
		for _, ep := range endpoints {
			// A request that changes nothing (a read, or one the actor is refused) leaves its fixture as it
			// was: the next such request of this endpoint reuses it instead of building a new session.
			var shared *req
			for _, actor := range actors {
				t.Run(v+"/"+ep.name+"/"+actor, func(t *testing.T) {
					vis = v
					hidden := v == "non_public" && !councilAudience[actor]
					want := ep.ok
					if w, ok := ep.deny[actor]; ok {
						want = w
					}
					if ep.name == "withdraw" && want == 200 && actor != "council" {
						want = 409 // verified, but without a request of their own
					}
					if w, ok := ep.nonPublic[actor]; ok && v == "non_public" {
						want = w
					}
					var r req
					if shared != nil && (shared.method == http.MethodGet || want != ep.ok) {
						r = *shared
					} else {
						r = ep.request(actor)
						if r.method == http.MethodGet || want != ep.ok {
							shared = &r
						}
					}
					r.token = a.tokens[actor]
					// Outside the council audience only the route's own rule answers before the session is
					// looked at (access.Verified for anonymous and unverified accounts, access.Moderators for
					// everyone but moderators and admins); everything else answers 404.
					if hidden && (ep.deny[actor] == 0 || actor == "resident" && (ep.viaService || ep.deny["council"] != 403)) {
						want = 404
					}
					res := e.do(r)
					if res.Code != want {
						t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
					}
					if want == 403 && actor == "unverified" && res.Problem(t).Code != "email_unverified" {
						t.Errorf("code %q", res.Problem(t).Code)
					}
					if !hidden {
						return
					}
					// Never a hint: the answer of a session that does not exist.
					gone := r
					gone.path = sessionID.ReplaceAllString(r.path, "/api/v1/sessions/999999")
					other := e.do(gone)
					if other.Code != res.Code || res.Problem(t).Code != other.Problem(t).Code {
						t.Fatalf("a non-public session answers %d %s, a missing one %d %s", res.Code, res.Body, other.Code, other.Body)
					}
				})
			}
		}
	}
	// The list and creating a session are not about one session.
	for _, actor := range actors {
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/sessions", token: a.tokens[actor]}); res.Code != 200 {
			t.Errorf("%s list: %d", actor, res.Code)
		}
		want := 201
		if w, ok := run[actor]; ok {
			want = w
		}
		if res := e.do(req{method: http.MethodPost, path: "/api/v1/sessions", token: a.tokens[actor], body: sessionInput(nil)}); res.Code != want {
			t.Errorf("%s create: %d, want %d", actor, res.Code, want)
		}
	}

	// The live topic.
	url := e.liveServer()
	for _, v := range []string{"public", "non_public"} {
		vis = v
		s := scheduled()
		for _, actor := range actors {
			c := dialLive(t, url, a.tokens[actor])
			m, _ := c.subscribe("session:"+s.ID, 0)
			gone, _ := c.subscribe("session:999999", 0)
			if v == "public" || councilAudience[actor] {
				if m.Op != "subscribed" {
					t.Errorf("%s %s subscribe: %+v", v, actor, m)
				}
			} else if m.Op != "error" || m.Code != gone.Code {
				t.Errorf("%s %s subscribe: %+v (missing session: %+v)", v, actor, m, gone)
			}
		}
	}
}
