package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digitalrat/digitalrat/internal/model"
)

type sessionBody struct {
	ID                  string  `json:"id"`
	State               string  `json:"state"`
	Visibility          string  `json:"visibility"`
	Version             int     `json:"version"`
	Quorum              float64 `json:"quorum"`
	SpeakingTimeSeconds int     `json:"speaking_time_seconds"`
	ActiveItemID        *string `json:"active_item_id"`
	Attendance          struct {
		Present        int  `json:"present"`
		CouncilSize    int  `json:"council_size"`
		QuorumRequired int  `json:"quorum_required"`
		QuorumReached  bool `json:"quorum_reached"`
	} `json:"attendance"`
	Permissions map[string]bool `json:"permissions"`
}

type itemBody struct {
	ID           string  `json:"id"`
	Position     int     `json:"position"`
	Title        string  `json:"title"`
	Description  string  `json:"description"`
	State        string  `json:"state"`
	Confidential bool    `json:"confidential"`
	ProjectSlug  *string `json:"project_slug"`
	DocumentID   *string `json:"document_id"`
	Notes        *string `json:"notes"`
	Decision     string  `json:"decision"`
	Version      int     `json:"version"`
}

type speakerEntryBody struct {
	ID              string     `json:"id"`
	DisplayName     *string    `json:"display_name"`
	Kind            string     `json:"kind"`
	State           string     `json:"state"`
	StartedAt       *time.Time `json:"started_at"`
	EndedAt         *time.Time `json:"ended_at"`
	DurationSeconds *int       `json:"duration_seconds"`
}

type speakerListBody struct {
	ItemID              string             `json:"item_id"`
	Version             int                `json:"version"`
	SpeakingTimeSeconds int                `json:"speaking_time_seconds"`
	Current             *speakerEntryBody  `json:"current"`
	Waiting             []speakerEntryBody `json:"waiting"`
	Done                []speakerEntryBody `json:"done"`
}

func sessionInput(fields map[string]any) map[string]any {
	in := map[string]any{"title": "3. Sitzung des Digitalrats", "starts_at": "2026-11-20T16:00:00Z",
		"location": "Rathaus, Plenarsaal", "visibility": "public", "description": "Öffentliche Sitzung."}
	for k, v := range fields {
		if v == nil {
			delete(in, k)
			continue
		}
		in[k] = v
	}
	return in
}

func sessionPath(id string, rest ...string) string {
	return "/api/v1/sessions/" + id + strings.Join(rest, "")
}

// createSession creates a session; fails the test otherwise.
func (e *env) createSession(token string, fields map[string]any) sessionBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/sessions", token: token, body: sessionInput(fields)})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create session: %d %s", res.Code, res.Body)
	}
	var s sessionBody
	res.JSON(e.t, &s)
	return s
}

// sessionAction posts to a session path and fails the test unless it answers want.
func (e *env) sessionAction(token, path string, body any, want int) *response {
	e.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	res := e.do(req{method: http.MethodPost, path: path, token: token, body: body})
	if res.Code != want {
		e.t.Fatalf("POST %s: %d %s, want %d", path, res.Code, res.Body, want)
	}
	return res
}

func (e *env) addItem(token, sessionID string, fields map[string]any) itemBody {
	e.t.Helper()
	body := map[string]any{"title": "Punkt", "description": "Worum es geht."}
	for k, v := range fields {
		body[k] = v
	}
	var it itemBody
	e.sessionAction(token, sessionPath(sessionID, "/agenda-items"), body, 201).JSON(e.t, &it)
	return it
}

// liveSession creates a live public session with one item in discussion and returns both.
func (e *env) liveSession(token string, fields map[string]any) (sessionBody, itemBody) {
	e.t.Helper()
	s := e.createSession(token, fields)
	it := e.addItem(token, s.ID, nil)
	e.sessionAction(token, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(token, sessionPath(s.ID, "/agenda-items/", it.ID, "/activate"), nil, 200)
	return s, it
}

func speakersPath(s sessionBody, it itemBody, rest string) string {
	return sessionPath(s.ID, "/agenda-items/", it.ID, "/speakers", rest)
}

func (e *env) speakers(token string, s sessionBody, it itemBody) speakerListBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: speakersPath(s, it, ""), token: token})
	if res.Code != 200 {
		e.t.Fatalf("speakers: %d %s", res.Code, res.Body)
	}
	var l speakerListBody
	res.JSON(e.t, &l)
	return l
}

// TestSessionsLifecycle: validation naming fields, defaults, PATCH with If-Match (428, 412), the state
// machine scheduled → live → closed with 409 invalid_transition for every other move.
func TestSessionsLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)

	invalid := []struct {
		name, field string
		fields      map[string]any
	}{
		{"http url", "online_url", map[string]any{"online_url": "http://meet.example.org/digitalrat"}},
		{"not a url", "online_url", map[string]any{"online_url": "Videokonferenz"}},
		{"no place", "location", map[string]any{"location": nil}},
		{"no title", "title", map[string]any{"title": "  "}},
		{"no start", "starts_at", map[string]any{"starts_at": nil}},
		{"bad start", "starts_at", map[string]any{"starts_at": "morgen"}},
		{"visibility", "visibility", map[string]any{"visibility": "secret"}},
		{"quorum 0", "quorum", map[string]any{"quorum": 0}},
		{"quorum > 1", "quorum", map[string]any{"quorum": 1.5}},
		{"speaking time", "speaking_time_seconds", map[string]any{"speaking_time_seconds": 5}},
	}
	for _, c := range invalid {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/sessions", token: mod, body: sessionInput(c.fields)})
		if res.Code != http.StatusUnprocessableEntity || !res.Problem(t).HasField(c.field) {
			t.Errorf("%s: %d %s", c.name, res.Code, res.Body)
		}
	}
	online := e.createSession(mod, map[string]any{"location": nil, "online_url": "https://meet.example.org/dr"})
	if online.Quorum != 0.5 || online.SpeakingTimeSeconds != 180 || online.State != "scheduled" || online.Version != 1 {
		t.Fatalf("defaults: %+v", online)
	}

	s := e.createSession(mod, map[string]any{"quorum": 0.75})
	patch := func(ifMatch string, body map[string]any) *response {
		h := map[string]string{}
		if ifMatch != "" {
			h["If-Match"] = ifMatch
		}
		return e.do(req{method: http.MethodPatch, path: sessionPath(s.ID), token: mod, body: body, header: h})
	}
	if res := patch("", map[string]any{"title": "Neu"}); res.Code != 428 || res.Problem(t).Code != "if_match_required" {
		t.Fatalf("no If-Match: %d %s", res.Code, res.Body)
	}
	if res := patch(`"1"`, map[string]any{"online_url": "ftp://x"}); res.Code != 422 || !res.Problem(t).HasField("online_url") {
		t.Fatalf("bad url: %d %s", res.Code, res.Body)
	}
	res := patch(`"1"`, map[string]any{"title": "Neu", "speaking_time_seconds": 120})
	if res.Code != 200 || res.Header.Get("ETag") != `"2"` {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &s)
	if s.SpeakingTimeSeconds != 120 || s.Quorum != 0.75 {
		t.Fatalf("patched: %+v", s)
	}
	if res := patch("1", map[string]any{"title": "Alt"}); res.Code != 412 || res.Problem(t).Code != "version_mismatch" {
		t.Fatalf("stale: %d %s", res.Code, res.Body)
	}

	transition := func(action string, want int) {
		t.Helper()
		res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/", action), token: mod})
		if res.Code != want {
			t.Fatalf("%s: %d %s, want %d", action, res.Code, res.Body, want)
		}
		if want == 409 && res.Problem(t).Code != "invalid_transition" {
			t.Fatalf("%s: code %s", action, res.Problem(t).Code)
		}
		if want == 200 {
			res.JSON(t, &s)
		}
	}
	it := e.addItem(mod, s.ID, nil)
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/", it.ID, "/activate"), token: mod}); res.Code != 409 || res.Problem(t).Code != "session_not_live" {
		t.Fatalf("activate while scheduled: %d %s", res.Code, res.Body)
	}
	transition("close", 409)
	transition("start", 200)
	if s.State != "live" {
		t.Fatalf("state %s", s.State)
	}
	transition("start", 409)
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", it.ID, "/activate"), nil, 200)
	transition("close", 200)
	if s.State != "closed" || s.ActiveItemID != nil {
		t.Fatalf("closed: %+v", s)
	}
	transition("start", 409)
	transition("close", 409)
	if res := patch(fmt.Sprint(s.Version), map[string]any{"title": "Zu spät"}); res.Code != 409 || res.Problem(t).Code != "session_closed" {
		t.Fatalf("patch closed: %d %s", res.Code, res.Body)
	}
	var items struct{ Items []itemBody }
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/agenda")}).JSON(t, &items)
	if len(items.Items) != 1 || items.Items[0].State != "done" {
		t.Fatalf("agenda after close: %+v", items)
	}
	// Lists: upcoming and past.
	list := func(when string) []sessionBody {
		var l listBody[sessionBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/sessions?when=" + when}).JSON(t, &l)
		return l.Items
	}
	if up, past := list("upcoming"), list("past"); len(up) != 1 || up[0].ID != online.ID || len(past) != 1 || past[0].ID != s.ID {
		t.Fatalf("upcoming %+v, past %+v", up, past)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/sessions?when=soon"}); res.Code != 422 || !res.Problem(t).HasField("when") {
		t.Fatalf("bad when: %d", res.Code)
	}
}

// TestSessionsConcurrentTransitions: moderators starting (and then closing) the same session at once:
// exactly one wins, every other answer is 409 invalid_transition.
func TestSessionsConcurrentTransitions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	s := e.createSession(mod, nil)
	for _, action := range []string{"start", "close"} {
		codes := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tok := mod
				if i%2 == 1 {
					tok = admin
				}
				res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/", action), token: tok})
				mu.Lock()
				defer mu.Unlock()
				codes[res.Code]++
				if res.Code == 409 && res.Problem(t).Code != "invalid_transition" {
					t.Errorf("code %s", res.Problem(t).Code)
				}
			}()
		}
		wg.Wait()
		if codes[200] != 1 || codes[409] != 7 {
			t.Fatalf("%s at once: %v", action, codes)
		}
	}
	var events int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE type = 'session.updated' AND topic = ?", "session:"+s.ID).Scan(&events)
	if events != 2 {
		t.Fatalf("%d session.updated events for two transitions", events)
	}
}

// TestSessionsAgenda: items append in order, reorder with If-Match on the session, exactly one item in
// discussion, confidential content and notes only for the council audience.
func TestSessionsAgenda(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, council := e.user("Carl Council", model.RoleCouncil)
	_, rita := e.user("Rita Resident")
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	slug := e.createProject(admin, projectInput("sitzung-vorhaben")).Slug
	s := e.createSession(mod, nil)
	a := e.addItem(mod, s.ID, map[string]any{"title": "Begrüßung"})
	b := e.addItem(mod, s.ID, map[string]any{"title": "Vorhaben", "project_slug": slug})
	c := e.addItem(mod, s.ID, map[string]any{"title": "Personalie", "confidential": true, "description": "Vertraulich."})
	if a.Position != 1 || b.Position != 2 || c.Position != 3 || b.ProjectSlug == nil || *b.ProjectSlug != slug {
		t.Fatalf("positions %d %d %d, project %v", a.Position, b.Position, c.Position, b.ProjectSlug)
	}
	res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items"), token: mod,
		body: map[string]any{"title": "X", "project_slug": "gibt-es-nicht"}})
	if res.Code != 422 || !res.Problem(t).HasField("project_slug") {
		t.Fatalf("unknown project: %d %s", res.Code, res.Body)
	}
	// Notes and a decision on the confidential item.
	res = e.do(req{method: http.MethodPatch, path: sessionPath(s.ID, "/agenda-items/", c.ID), token: mod,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"notes": "Nur intern.", "decision": "Einstimmig.", "speaking_time_seconds": 60}})
	if res.Code != 200 {
		t.Fatalf("patch item: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPatch, path: sessionPath(s.ID, "/agenda-items/", c.ID), token: mod,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"title": "Alt"}}); res.Code != 412 {
		t.Fatalf("stale item patch: %d", res.Code)
	}
	agenda := func(tok string) (int, []itemBody) {
		var ag struct {
			SessionVersion int        `json:"session_version"`
			Items          []itemBody `json:"items"`
		}
		res := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/agenda"), token: tok})
		res.JSON(t, &ag)
		return ag.SessionVersion, ag.Items
	}
	for _, tok := range []string{"", rita} {
		_, items := agenda(tok)
		conf := items[2]
		if conf.Title != "Personalie" || conf.Description != "" || conf.Decision != "" || conf.Notes != nil {
			t.Fatalf("confidential item for the public: %+v", conf)
		}
	}
	version, items := agenda(council)
	if conf := items[2]; conf.Description != "Vertraulich." || conf.Notes == nil || *conf.Notes != "Nur intern." || conf.Decision != "Einstimmig." {
		t.Fatalf("confidential item for the council: %+v", conf)
	}
	// Reorder: If-Match on the session version; a permutation of every item.
	reorder := func(ifMatch int, ids ...string) *response {
		return e.do(req{method: http.MethodPut, path: sessionPath(s.ID, "/agenda"), token: mod,
			header: map[string]string{"If-Match": fmt.Sprint(ifMatch)}, body: map[string]any{"item_ids": ids}})
	}
	if res := reorder(version, c.ID, a.ID); res.Code != 422 || !res.Problem(t).HasField("item_ids") {
		t.Fatalf("incomplete order: %d %s", res.Code, res.Body)
	}
	if res := reorder(version-1, c.ID, a.ID, b.ID); res.Code != 412 {
		t.Fatalf("stale order: %d %s", res.Code, res.Body)
	}
	if res := reorder(version, c.ID, a.ID, b.ID); res.Code != 200 {
		t.Fatalf("reorder: %d %s", res.Code, res.Body)
	}
	_, items = agenda(council)
	if items[0].ID != c.ID || items[1].ID != a.ID || items[2].ID != b.ID || items[0].Position != 1 {
		t.Fatalf("order %+v", items)
	}
	// Exactly one item in discussion.
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", a.ID, "/activate"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", a.ID, "/activate"), nil, 200) // no change
	var wg sync.WaitGroup
	for _, id := range []string{b.ID, c.ID, b.ID, c.ID} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/", id, "/activate"), token: mod}); res.Code != 200 {
				t.Errorf("activate: %d %s", res.Code, res.Body)
			}
		}()
	}
	wg.Wait()
	_, items = agenda(council)
	active := 0
	for _, it := range items {
		if it.State == "in_discussion" {
			active++
		}
	}
	if active != 1 || items[1].State != "done" {
		t.Fatalf("%d items in discussion: %+v", active, items)
	}
	var got sessionBody
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID)}).JSON(t, &got)
	if got.ActiveItemID == nil || (*got.ActiveItemID != b.ID && *got.ActiveItemID != c.ID) {
		t.Fatalf("active item %v", got.ActiveItemID)
	}
}

// TestSessionsSpeakers: requests of every kind, a point of order goes to the top, one open request per
// member, withdraw, next and end with the actual speaking times, and two moderators pressing "next" at
// once: one 200, one 409.
func TestSessionsSpeakers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	_, cleo := e.user("Cleo Council", model.RoleCouncil)
	_, rita := e.user("Rita Resident")
	s, it := e.liveSession(mod, nil)
	request := func(tok, kind string, want int) speakerListBody {
		t.Helper()
		var l speakerListBody
		res := e.sessionAction(tok, speakersPath(s, it, ""), map[string]any{"kind": kind}, want)
		if want == 201 {
			res.JSON(t, &l)
		}
		return l
	}
	request(carl, "speech", 201)
	request(cora, "contra", 201)
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, ""), token: carl, body: map[string]any{"kind": "pro"}}); res.Code != 409 || res.Problem(t).Code != "already_requested" {
		t.Fatalf("second request: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, ""), token: rita, body: map[string]any{"kind": "speech"}}); res.Code != 403 || res.Problem(t).Code != "not_council" {
		t.Fatalf("resident request: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, ""), token: cleo, body: map[string]any{"kind": "rant"}}); res.Code != 422 || !res.Problem(t).HasField("kind") {
		t.Fatalf("bad kind: %d %s", res.Code, res.Body)
	}
	l := request(cleo, "point_of_order", 201)
	names := func(l speakerListBody) []string {
		var out []string
		for _, w := range l.Waiting {
			out = append(out, *w.DisplayName+":"+w.Kind)
		}
		return out
	}
	if got := strings.Join(names(l), ","); got != "Cleo Council:point_of_order,Carl Council:speech,Cora Council:contra" {
		t.Fatalf("waiting %s", got)
	}
	if l.SpeakingTimeSeconds != 180 {
		t.Fatalf("speaking time %d", l.SpeakingTimeSeconds)
	}
	// Withdraw: once.
	if res := e.do(req{method: http.MethodDelete, path: speakersPath(s, it, "/me"), token: cora}); res.Code != 200 {
		t.Fatalf("withdraw: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodDelete, path: speakersPath(s, it, "/me"), token: cora}); res.Code != 409 || res.Problem(t).Code != "no_open_request" {
		t.Fatalf("withdraw twice: %d %s", res.Code, res.Body)
	}
	request(cora, "pro", 201) // a new request after withdrawing

	// Two moderators pressing "next" at once, both seeing nobody speak: one calls Cleo, the other 409.
	next := func(tok string, current *string) *response {
		return e.do(req{method: http.MethodPost, path: speakersPath(s, it, "/next"), token: tok,
			body: map[string]any{"current_speaker_id": current}})
	}
	race := func(current *string) string {
		t.Helper()
		var wg sync.WaitGroup
		codes := make([]*response, 2)
		for i, tok := range []string{mod, admin} {
			wg.Add(1)
			go func() { defer wg.Done(); codes[i] = next(tok, current) }()
		}
		wg.Wait()
		var won speakerListBody
		ok, lost := 0, 0
		for _, res := range codes {
			switch {
			case res.Code == 200:
				ok++
				res.JSON(t, &won)
			case res.Code == 409 && res.Problem(t).Code == "speaker_changed":
				lost++
			default:
				t.Fatalf("next: %d %s", res.Code, res.Body)
			}
		}
		if ok != 1 || lost != 1 {
			t.Fatalf("two moderators at once: %d won, %d lost", ok, lost)
		}
		return won.Current.ID
	}
	first := race(nil)
	l = e.speakers("", s, it)
	if l.Current == nil || l.Current.ID != first || *l.Current.DisplayName != "Cleo Council" || l.Current.StartedAt == nil || len(l.Waiting) != 2 {
		t.Fatalf("after the first next: %+v", l)
	}
	e.clock.Advance(95 * time.Second)
	second := race(&first)
	l = e.speakers("", s, it)
	if l.Current == nil || l.Current.ID != second || *l.Current.DisplayName != "Carl Council" || len(l.Done) != 1 ||
		l.Done[0].DurationSeconds == nil || *l.Done[0].DurationSeconds != 95 {
		t.Fatalf("after the second next: %+v", l)
	}
	// A request of a member who is speaking is still open.
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, ""), token: carl, body: map[string]any{}}); res.Code != 409 {
		t.Fatalf("request while speaking: %d", res.Code)
	}
	e.clock.Advance(30 * time.Second)
	var ended speakerListBody
	e.sessionAction(mod, speakersPath(s, it, "/end"), nil, 200).JSON(t, &ended)
	if ended.Current != nil || len(ended.Done) != 2 || *ended.Done[1].DurationSeconds != 30 {
		t.Fatalf("end: %+v", ended)
	}
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, "/end"), token: mod}); res.Code != 409 || res.Problem(t).Code != "no_running_speech" {
		t.Fatalf("end twice: %d %s", res.Code, res.Body)
	}
	if res := next(mod, &second); res.Code != 409 || res.Problem(t).Code != "speaker_changed" {
		t.Fatalf("next with an ended speech: %d %s", res.Code, res.Body)
	}
	e.sessionAction(mod, speakersPath(s, it, "/next"), map[string]any{"current_speaker_id": nil}, 200) // Cora
	e.clock.Advance(10 * time.Second)
	var last speakerListBody
	e.sessionAction(mod, speakersPath(s, it, "/next"), map[string]any{"current_speaker_id": e.speakers("", s, it).Current.ID}, 200).JSON(t, &last)
	if last.Current != nil || len(last.Waiting) != 0 || len(last.Done) != 3 {
		t.Fatalf("the last next ends the last speech: %+v", last)
	}
	if res := next(mod, nil); res.Code != 409 || res.Problem(t).Code != "speaker_list_empty" {
		t.Fatalf("next on an empty list: %d %s", res.Code, res.Body)
	}
	// Speaking time from the item; speaker list of an item not in discussion cannot be worked.
	other := e.addItem(mod, s.ID, map[string]any{"speaking_time_seconds": 90})
	request2 := e.sessionAction(carl, speakersPath(s, other, ""), map[string]any{"kind": "speech"}, 201)
	var ol speakerListBody
	request2.JSON(t, &ol)
	if ol.SpeakingTimeSeconds != 90 {
		t.Fatalf("item speaking time %d", ol.SpeakingTimeSeconds)
	}
	if res := next(mod, nil); res.Code != 409 {
		t.Fatalf("next: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, other, "/next"), token: mod, body: map[string]any{}}); res.Code != 409 || res.Problem(t).Code != "item_not_active" {
		t.Fatalf("next on an item not in discussion: %d %s", res.Code, res.Body)
	}
	// After the close: no requests.
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	if res := e.do(req{method: http.MethodPost, path: speakersPath(s, it, ""), token: cleo, body: map[string]any{}}); res.Code != 409 || res.Problem(t).Code != "session_not_live" {
		t.Fatalf("request after close: %d %s", res.Code, res.Body)
	}
}

// TestSessionsNextRace repeats two moderators pressing "next" at once with a longer list, so the race is
// run many times on both databases: every round calls exactly one speaker.
func TestSessionsNextRace(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, mod2 := e.user("Max Moderator", model.RoleModerator)
	s, it := e.liveSession(mod, nil)
	for _, tok := range e.bulkUsers("rat", 10, model.RoleCouncil) {
		e.sessionAction(tok, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
	}
	var current *string
	for round := range 10 {
		var wg sync.WaitGroup
		res := make([]*response, 2)
		for i, tok := range []string{mod, mod2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i] = e.do(req{method: http.MethodPost, path: speakersPath(s, it, "/next"), token: tok,
					body: map[string]any{"current_speaker_id": current}})
			}()
		}
		wg.Wait()
		if res[0].Code+res[1].Code != 200+409 {
			t.Fatalf("round %d: %d %s / %d %s", round, res[0].Code, res[0].Body, res[1].Code, res[1].Body)
		}
		l := e.speakers("", s, it)
		current = &l.Current.ID
		if len(l.Done) != round || len(l.Waiting) != 9-round {
			t.Fatalf("round %d: %d done, %d waiting", round, len(l.Done), len(l.Waiting))
		}
	}
}

// TestSessionsQuorum: attendance by check-in and by a moderator's mark, and the quorum arithmetic
// (more than the fraction; all for 1; never with an empty council).
func TestSessionsQuorum(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, rita := e.user("Rita Resident")
	s := e.createSession(mod, nil)
	if s.Attendance.CouncilSize != 0 || s.Attendance.QuorumReached {
		t.Fatalf("empty council: %+v", s.Attendance)
	}
	council := e.bulkUsers("mitglied", 4, model.RoleCouncil)
	check := func(tok string, body map[string]any, want int) {
		t.Helper()
		e.sessionAction(tok, sessionPath(s.ID, "/attendance"), body, want)
	}
	get := func(id string) sessionBody {
		var b sessionBody
		e.do(req{method: http.MethodGet, path: sessionPath(id)}).JSON(t, &b)
		return b
	}
	// 4 members, quorum 0.5: more than half is 3.
	if got := get(s.ID).Attendance; got.CouncilSize != 4 || got.QuorumRequired != 3 || got.Present != 0 || got.QuorumReached {
		t.Fatalf("before: %+v", got)
	}
	check(council[0], map[string]any{}, 200)
	check(council[0], map[string]any{}, 200) // twice: once present
	check(council[1], map[string]any{}, 200)
	if got := get(s.ID).Attendance; got.Present != 2 || got.QuorumReached {
		t.Fatalf("two of four: %+v", got)
	}
	// Residents do not check in; a moderator marks a member (not a resident) present.
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/attendance"), token: rita, body: map[string]any{}}); res.Code != 403 || res.Problem(t).Code != "not_council" {
		t.Fatalf("resident check-in: %d %s", res.Code, res.Body)
	}
	ids := func(tok string) string {
		var me struct {
			ID string `json:"id"`
		}
		e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tok}).JSON(t, &me)
		return me.ID
	}
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/attendance"), token: mod, body: map[string]any{"user_id": ids(rita)}}); res.Code != 422 || !res.Problem(t).HasField("user_id") {
		t.Fatalf("marking a resident: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/attendance"), token: council[0], body: map[string]any{"user_id": ids(council[3])}}); res.Code != 403 {
		t.Fatalf("a member marking another: %d %s", res.Code, res.Body)
	}
	var att struct {
		Present       int  `json:"present"`
		QuorumReached bool `json:"quorum_reached"`
		Members       []struct {
			DisplayName string `json:"display_name"`
		} `json:"members"`
	}
	e.sessionAction(mod, sessionPath(s.ID, "/attendance"), map[string]any{"user_id": ids(council[2])}, 200).JSON(t, &att)
	if att.Present != 3 || !att.QuorumReached || len(att.Members) != 3 {
		t.Fatalf("three of four: %+v", att)
	}
	// The arithmetic for other fractions and sizes.
	cases := []struct {
		quorum   float64
		required int
		reached  bool
	}{{0.5, 3, true}, {0.75, 4, false}, {1, 4, false}, {0.25, 2, true}, {2.0 / 3, 3, true}}
	for _, c := range cases {
		cur := get(s.ID)
		res := e.do(req{method: http.MethodPatch, path: sessionPath(s.ID), token: mod, body: map[string]any{"quorum": c.quorum},
			header: map[string]string{"If-Match": fmt.Sprint(cur.Version)}})
		var b sessionBody
		res.JSON(t, &b)
		if res.Code != 200 || b.Attendance.QuorumRequired != c.required || b.Attendance.QuorumReached != c.reached {
			t.Errorf("quorum %v: %d %+v", c.quorum, res.Code, b.Attendance)
		}
	}
	var events int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE type = 'session.attendance'").Scan(&events)
	if events != 3 {
		t.Fatalf("%d attendance events for three members", events)
	}
	// A nine-member council with a two-thirds quorum needs 7 (more than 6).
	e.bulkUsers("weitere", 5, model.RoleCouncil)
	if got := get(s.ID).Attendance; got.CouncilSize != 9 || got.QuorumRequired != 7 {
		t.Fatalf("nine members, 2/3: %+v", got)
	}
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/attendance"), token: council[3], body: map[string]any{}}); res.Code != 409 || res.Problem(t).Code != "session_closed" {
		t.Fatalf("check-in after close: %d %s", res.Code, res.Body)
	}
}

// TestSessionsState: the whole current state in one call for a late joiner.
func TestSessionsState(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	s := e.createSession(mod, nil)
	var st struct {
		LastEventID int64            `json:"last_event_id"`
		Session     sessionBody      `json:"session"`
		Agenda      []itemBody       `json:"agenda"`
		ActiveItem  *itemBody        `json:"active_item"`
		Speakers    *speakerListBody `json:"speakers"`
		Attendance  struct {
			Present int `json:"present"`
			Members []struct {
				DisplayName string `json:"display_name"`
			} `json:"members"`
		} `json:"attendance"`
	}
	state := func() {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state")})
		if res.Code != 200 {
			t.Fatalf("state: %d %s", res.Code, res.Body)
		}
		st.ActiveItem, st.Speakers = nil, nil
		res.JSON(t, &st)
	}
	state()
	if st.Session.State != "scheduled" || len(st.Agenda) != 0 || st.ActiveItem != nil || st.Speakers != nil {
		t.Fatalf("empty state: %+v", st)
	}
	e.addItem(mod, s.ID, map[string]any{"title": "Eins"})
	two := e.addItem(mod, s.ID, map[string]any{"title": "Zwei"})
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", two.ID, "/activate"), nil, 200)
	e.sessionAction(carl, speakersPath(s, two, ""), map[string]any{"kind": "pro"}, 201)
	e.sessionAction(cora, speakersPath(s, two, ""), map[string]any{"kind": "contra"}, 201)
	e.sessionAction(mod, speakersPath(s, two, "/next"), nil, 200)
	state()
	if st.Session.State != "live" || len(st.Agenda) != 2 || st.ActiveItem == nil || st.ActiveItem.ID != two.ID ||
		st.Speakers == nil || st.Speakers.Current == nil || *st.Speakers.Current.DisplayName != "Carl Council" ||
		st.Speakers.Current.StartedAt == nil || len(st.Speakers.Waiting) != 1 || st.Attendance.Present != 1 ||
		st.Attendance.Members[0].DisplayName != "Carl Council" || st.LastEventID == 0 {
		t.Fatalf("live state: %+v", st)
	}
	var max int64
	e.db.Gorm.Raw("SELECT MAX(id) FROM events").Scan(&max)
	if st.LastEventID != max {
		t.Fatalf("last_event_id %d, outbox at %d", st.LastEventID, max)
	}
}

// TestSessionsNonPublic: a non-public session is 404 for anonymous visitors, unverified accounts and
// residents on every endpoint (as a session that does not exist), missing from their list, and refused
// on the live topic like a topic that names nothing; the council audience sees it and gets its events.
func TestSessionsNonPublic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	hidden, it := e.liveSession(mod, map[string]any{"visibility": "non_public", "title": "Nichtöffentlich"})
	public := e.createSession(mod, map[string]any{"title": "Öffentlich"})
	paths := []string{"", "/state", "/agenda", "/agenda-items/" + it.ID + "/speakers"}
	for _, actor := range a.names {
		visible := actor != "anonymous" && actor != "resident" && actor != "unverified"
		for _, p := range paths {
			res := e.do(req{method: http.MethodGet, path: sessionPath(hidden.ID, p), token: a.tokens[actor]})
			if want := map[bool]int{true: 200, false: 404}[visible]; res.Code != want {
				t.Errorf("%s GET %s: %d, want %d", actor, p, res.Code, want)
			}
			if !visible {
				gone := e.do(req{method: http.MethodGet, path: sessionPath("999999", p), token: a.tokens[actor]})
				if res.Problem(t).Code != gone.Problem(t).Code || res.Problem(t).Detail != gone.Problem(t).Detail {
					t.Errorf("%s: a non-public session answers unlike a missing one: %s vs %s", actor, res.Body, gone.Body)
				}
			}
		}
		var l listBody[sessionBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/sessions", token: a.tokens[actor]}).JSON(t, &l)
		if want := map[bool]int{true: 2, false: 1}[visible]; len(l.Items) != want {
			t.Errorf("%s lists %d sessions, want %d", actor, len(l.Items), want)
		}
		// Writing routes open to verified accounts: 404 as well, never a hint.
		if actor == "resident" {
			for _, r := range []req{
				{method: http.MethodPost, path: sessionPath(hidden.ID, "/attendance"), body: map[string]any{}},
				{method: http.MethodPost, path: speakersPath(hidden, it, ""), body: map[string]any{}},
				{method: http.MethodDelete, path: speakersPath(hidden, it, "/me")},
			} {
				r.token = a.tokens[actor]
				if res := e.do(r); res.Code != 404 {
					t.Errorf("resident %s %s: %d", r.method, r.path, res.Code)
				}
			}
		}
	}

	// The live topic.
	if err := e.svc.Live.Start(); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.h)
	t.Cleanup(func() { e.svc.Live.Close(); srv.Close() })
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/v1/live"
	type msg struct {
		Op    string          `json:"op"`
		Topic string          `json:"topic"`
		Type  string          `json:"type"`
		Code  string          `json:"code"`
		Data  json.RawMessage `json:"data"`
	}
	dial := func(token string) *websocket.Conn {
		c, _, err := websocket.DefaultDialer.Dial(url, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		if token != "" {
			if err := c.WriteJSON(map[string]any{"op": "auth", "token": token}); err != nil {
				t.Fatal(err)
			}
			var m msg
			if err := c.ReadJSON(&m); err != nil || m.Op != "authed" {
				t.Fatalf("auth: %+v %v", m, err)
			}
		}
		return c
	}
	read := func(c *websocket.Conn, timeout time.Duration) (msg, error) {
		_ = c.SetReadDeadline(time.Now().Add(timeout))
		var m msg
		err := c.ReadJSON(&m)
		return m, err
	}
	subscribe := func(c *websocket.Conn, topic string) msg {
		t.Helper()
		if err := c.WriteJSON(map[string]any{"op": "subscribe", "topic": topic, "since": 0}); err != nil {
			t.Fatal(err)
		}
		for {
			m, err := read(c, 2*time.Second)
			if err != nil {
				t.Fatalf("subscribe %s: %v", topic, err)
			}
			if m.Op == "subscribed" || m.Op == "error" {
				return m
			}
		}
	}
	for _, actor := range []string{"anonymous", "resident"} {
		c := dial(a.tokens[actor])
		m := subscribe(c, "session:"+hidden.ID)
		gone := subscribe(c, "session:999999")
		if m.Op != "error" || m.Code != gone.Code {
			t.Fatalf("%s subscribing to a non-public session: %+v (missing session: %+v)", actor, m, gone)
		}
		if m := subscribe(c, "session:"+public.ID); m.Op != "subscribed" {
			t.Fatalf("%s subscribing to a public session: %+v", actor, m)
		}
	}
	// The council member replays the non-public session's events and gets new ones live.
	c := dial(a.tokens["council"])
	if m := subscribe(c, "session:"+hidden.ID); m.Op != "subscribed" {
		t.Fatalf("council subscribing: %+v", m)
	}
	e.sessionAction(a.tokens["council"], speakersPath(hidden, it, ""), map[string]any{"kind": "speech"}, 201)
	for {
		m, err := read(c, 2*time.Second)
		if err != nil {
			t.Fatalf("waiting for session.speakers: %v", err)
		}
		if m.Op == "event" && m.Type == "session.speakers" {
			if !strings.Contains(string(m.Data), "Carl Council") {
				t.Fatalf("speakers event: %s", m.Data)
			}
			break
		}
	}
	// A public session made non-public: who followed it anonymously gets none of its events from then on;
	// the council member does.
	anon := dial("")
	if m := subscribe(anon, "session:"+public.ID); m.Op != "subscribed" {
		t.Fatalf("anonymous subscribing: %+v", m)
	}
	if m := subscribe(c, "session:"+public.ID); m.Op != "subscribed" {
		t.Fatalf("council subscribing: %+v", m)
	}
	res := e.do(req{method: http.MethodPatch, path: sessionPath(public.ID), token: mod, body: map[string]any{"visibility": "non_public"},
		header: map[string]string{"If-Match": fmt.Sprint(public.Version)}})
	if res.Code != 200 {
		t.Fatalf("make non-public: %d %s", res.Code, res.Body)
	}
	e.addItem(mod, public.ID, map[string]any{"title": "Jetzt intern"})
	for {
		m, err := read(c, 2*time.Second)
		if err != nil {
			t.Fatalf("council waiting for session.agenda: %v", err)
		}
		if m.Op == "event" && m.Type == "session.agenda" && m.Topic == "session:"+public.ID {
			break
		}
	}
	if m, err := read(anon, 300*time.Millisecond); err == nil {
		t.Fatalf("anonymous got %+v from a session that is no longer public", m)
	}
	if res := e.do(req{method: http.MethodGet, path: sessionPath(public.ID)}); res.Code != 404 {
		t.Fatalf("anonymous GET after the change: %d", res.Code)
	}

	// Every event of the non-public session is stored for the council audience only.
	var public0 int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE topic = ? AND audience = ''", "session:"+hidden.ID).Scan(&public0)
	if public0 != 0 {
		t.Fatalf("%d events of a non-public session without an audience", public0)
	}
}

// TestSessionsActivateRacesNext: a moderator calls the next speaker while another activates the next
// item, ten times over: each answers 200 or 409 (never a 500 or a deadlock on PostgreSQL), and no speech
// ever runs on an item that is not in discussion.
func TestSessionsActivateRacesNext(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, mod2 := e.user("Max Moderator", model.RoleModerator)
	members := e.bulkUsers("redner", 3, model.RoleCouncil)
	s, it := e.liveSession(mod, nil)
	for round := range 10 {
		for _, tok := range members {
			e.sessionAction(tok, speakersPath(s, it, ""), map[string]any{"kind": "speech"}, 201)
		}
		e.sessionAction(mod, speakersPath(s, it, "/next"), nil, 200)
		current := e.speakers("", s, it).Current.ID
		nextItem := e.addItem(mod, s.ID, nil)
		var wg sync.WaitGroup
		var next, activate *response
		wg.Add(2)
		go func() {
			defer wg.Done()
			next = e.do(req{method: http.MethodPost, path: speakersPath(s, it, "/next"), token: mod,
				body: map[string]any{"current_speaker_id": current}})
		}()
		go func() {
			defer wg.Done()
			activate = e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/", nextItem.ID, "/activate"), token: mod2})
		}()
		wg.Wait()
		if activate.Code != 200 || (next.Code != 200 && (next.Code != 409 || next.Problem(t).Code != "item_not_active")) {
			t.Fatalf("round %d: activate %d %s, next %d %s", round, activate.Code, activate.Body, next.Code, next.Body)
		}
		var running int64
		e.db.Gorm.Raw(`SELECT COUNT(*) FROM session_speakers sp JOIN agenda_items ai ON ai.id = sp.item_id
			WHERE sp.session_id = ? AND sp.state = 'speaking' AND ai.state <> 'in_discussion'`, s.ID).Scan(&running)
		if running != 0 {
			t.Fatalf("round %d: %d speeches running on items not in discussion", round, running)
		}
		// Back to the first item with its remaining requests withdrawn, for the next round.
		for _, tok := range members {
			e.do(req{method: http.MethodDelete, path: speakersPath(s, it, "/me"), token: tok})
		}
		e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", it.ID, "/activate"), nil, 200)
	}
}

// TestSessionsExportAndErasure: a member's attendance and speeches are in their export; deleting the
// account keeps the speech in the list without a name and takes the member out of the attendance.
func TestSessionsExportAndErasure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	s, it := e.liveSession(mod, map[string]any{"title": "Sitzung mit Export"})
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(carl, speakersPath(s, it, ""), map[string]any{"kind": "pro"}, 201)
	e.sessionAction(mod, speakersPath(s, it, "/next"), nil, 200)
	e.clock.Advance(42 * time.Second)
	e.sessionAction(mod, speakersPath(s, it, "/end"), nil, 200)
	var x struct {
		Attendance []struct {
			Session string `json:"session"`
		} `json:"session_attendance"`
		Speeches []struct {
			Session   string     `json:"session"`
			Kind      string     `json:"kind"`
			State     string     `json:"state"`
			StartedAt *time.Time `json:"started_at"`
			EndedAt   *time.Time `json:"ended_at"`
		} `json:"speeches"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/me/export", token: carl}).JSON(t, &x)
	if len(x.Attendance) != 1 || x.Attendance[0].Session != "Sitzung mit Export" || len(x.Speeches) != 1 ||
		x.Speeches[0].Kind != "pro" || x.Speeches[0].State != "done" || x.Speeches[0].EndedAt.Sub(*x.Speeches[0].StartedAt) != 42*time.Second {
		t.Fatalf("export: %+v", x)
	}
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: carl, body: map[string]string{"password": "correct horse battery staple"}}); res.Code != 204 {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	l := e.speakers(mod, s, it)
	if len(l.Done) != 1 || l.Done[0].DisplayName != nil || *l.Done[0].DurationSeconds != 42 {
		t.Fatalf("speech of a deleted account: %+v", l.Done)
	}
	var got sessionBody
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID)}).JSON(t, &got)
	if got.Attendance.Present != 0 {
		t.Fatalf("attendance after deletion: %+v", got.Attendance)
	}
}
