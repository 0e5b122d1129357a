package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestSessionItemNotes: POST …/notes appends timestamped notes to the item's notes (both kept), which
// only the council audience reads — never residents, anonymous visitors, live events or public minutes.
func TestSessionItemNotes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod, council := a.tokens["moderator"], a.tokens["council"]
	s, it := e.liveSession(mod, nil)
	notes := sessionPath(s.ID, "/agenda-items/", it.ID, "/notes")
	var first, second itemBody
	e.sessionAction(mod, notes, map[string]any{"text": "Erste Notiz."}, 201).JSON(t, &first)
	e.clock.Advance(5 * time.Minute)
	res := e.sessionAction(a.tokens["admin"], notes, map[string]any{"text": "Zweite Notiz."}, 201)
	res.JSON(t, &second)
	if first.Notes == nil || *first.Notes != "[2026-11-02 09:00 UTC] Erste Notiz." {
		t.Fatalf("first note: %v", first.Notes)
	}
	if second.Notes == nil || *second.Notes != "[2026-11-02 09:00 UTC] Erste Notiz.\n\n[2026-11-02 09:05 UTC] Zweite Notiz." ||
		second.Version != first.Version+1 || res.Header.Get("ETag") == "" {
		t.Fatalf("second note: %v version %d/%d", second.Notes, first.Version, second.Version)
	}
	// PATCH still edits the one notes text (If-Match of the item as the notes left it).
	patched := e.patchItem(mod, s.ID, second, map[string]any{"notes": "Zusammengefasst."})
	if *patched.Notes != "Zusammengefasst." {
		t.Fatalf("patched notes %v", patched.Notes)
	}
	e.sessionAction(mod, notes, map[string]any{"text": "Nachtrag."}, 201)

	for _, bad := range []map[string]any{{"text": ""}, {"text": "   "}, {"text": strings.Repeat("x", 5001)}, {}} {
		res := e.do(req{method: http.MethodPost, path: notes, token: mod, body: bad})
		if res.Code != 422 || !res.Problem(t).HasField("text") {
			t.Fatalf("note %v: %d %s", bad, res.Code, res.Body)
		}
	}
	if res := e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/agenda-items/999999/notes"), token: mod,
		body: map[string]any{"text": "x"}}); res.Code != 404 {
		t.Fatalf("note on a missing item: %d", res.Code)
	}
	for actor, want := range map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official": 403} {
		if res := e.do(req{method: http.MethodPost, path: notes, token: a.tokens[actor], body: map[string]any{"text": "x"}}); res.Code != want {
			t.Errorf("%s note: %d, want %d", actor, res.Code, want)
		}
	}
	// Who reads the notes.
	for actor, visible := range map[string]bool{"anonymous": false, "resident": false, "council": true, "official": true, "moderator": true} {
		var st struct {
			Agenda []itemBody `json:"agenda"`
		}
		e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state"), token: a.tokens[actor]}).JSON(t, &st)
		got := st.Agenda[0].Notes
		if visible != (got != nil && strings.Contains(*got, "Nachtrag.")) || (!visible && got != nil) {
			t.Errorf("%s reads notes %v", actor, got)
		}
	}
	_ = council
	// No event carries them; the public minutes neither.
	var n int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE payload LIKE ? OR payload LIKE ?", "%Nachtrag%", "%Zusammengefasst%").Scan(&n)
	if n != 0 {
		t.Fatalf("%d events carry notes", n)
	}
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	var v minutesVersionJSON
	e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201).JSON(t, &v)
	if strings.Contains(v.Public.Markdown, "Nachtrag") || v.Internal == nil || !strings.Contains(v.Internal.Markdown, "Nachtrag") {
		t.Fatalf("minutes: public %q internal %v", v.Public.Markdown, v.Internal)
	}
}

// TestSessionItemDecision: PUT …/decision sets the decision with If-Match as PATCH does; the statement on
// the linked project and its history row are written once per text, whichever endpoint sets it.
func TestSessionItemDecision(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod, admin := a.tokens["moderator"], a.tokens["admin"]
	slug := e.createProject(admin, projectInput("entscheidung-put")).Slug
	s := e.createSession(mod, nil)
	it := e.addItem(mod, s.ID, map[string]any{"title": "Vorhaben", "project_slug": slug})
	path := sessionPath(s.ID, "/agenda-items/", it.ID, "/decision")
	put := func(token string, version int, body any) *response {
		h := map[string]string{}
		if version > 0 {
			h["If-Match"] = fmt.Sprint(version)
		}
		return e.do(req{method: http.MethodPut, path: path, token: token, header: h, body: body})
	}
	if res := put(mod, 0, map[string]any{"decision": "Ja."}); res.Code != 428 {
		t.Fatalf("without If-Match: %d", res.Code)
	}
	if res := put(mod, it.Version+1, map[string]any{"decision": "Ja."}); res.Code != 412 {
		t.Fatalf("stale If-Match: %d", res.Code)
	}
	if res := put(mod, it.Version, map[string]any{}); res.Code != 422 || !res.Problem(t).HasField("decision") {
		t.Fatalf("without decision: %d %s", res.Code, res.Body)
	}
	for actor, want := range map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official": 403} {
		if res := put(a.tokens[actor], it.Version, map[string]any{"decision": "Ja."}); res.Code != want {
			t.Errorf("%s decision: %d, want %d", actor, res.Code, want)
		}
	}
	res := put(mod, it.Version, map[string]any{"decision": "Der Digitalrat empfiehlt es."})
	if res.Code != 200 {
		t.Fatalf("decision: %d %s", res.Code, res.Body)
	}
	var got itemBody
	res.JSON(t, &got)
	if got.Decision != "Der Digitalrat empfiehlt es." || got.Version != it.Version+1 || res.Header.Get("ETag") == "" {
		t.Fatalf("item %+v", got)
	}
	// The same text again (PUT, then PATCH) writes no second statement.
	res = put(admin, got.Version, map[string]any{"decision": "Der Digitalrat empfiehlt es."})
	res.JSON(t, &got)
	got = e.patchItem(mod, s.ID, got, map[string]any{"decision": "Der Digitalrat empfiehlt es."})
	if st := e.listComments("", slug, "?kind=council_decision").Items; len(st) != 1 {
		t.Fatalf("statements: %d", len(st))
	}
	var history int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM project_history WHERE field = 'council_decision'").Scan(&history)
	if history != 1 {
		t.Fatalf("history rows: %d", history)
	}
	// PATCH keeps working: a new text is a new statement.
	e.patchItem(mod, s.ID, got, map[string]any{"decision": "Mit Auflagen."})
	if st := e.listComments("", slug, "?kind=council_decision").Items; len(st) != 2 {
		t.Fatalf("statements after change: %d", len(st))
	}
}

// TestSessionItemDocument: document_id must name a document (of the project, when project_slug is given
// too): 422 naming document_id otherwise; the agenda and the state carry it.
func TestSessionItemDocument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	p1 := e.createProject(admin, projectInput("dokument-eins")).Slug
	p2 := e.createProject(admin, projectInput("dokument-zwei")).Slug
	d1 := e.createDocument(admin, p1, "Absatz.")
	d2 := e.createDocument(admin, p2, "Absatz.")
	s := e.createSession(mod, nil)
	items := sessionPath(s.ID, "/agenda-items")
	for name, body := range map[string]map[string]any{
		"missing":       {"title": "X", "document_id": "999999"},
		"not an id":     {"title": "X", "document_id": "abc"},
		"other project": {"title": "X", "project_slug": p1, "document_id": d2.ID},
	} {
		res := e.do(req{method: http.MethodPost, path: items, token: mod, body: body})
		if res.Code != 422 || !res.Problem(t).HasField("document_id") {
			t.Errorf("%s: %d %s", name, res.Code, res.Body)
		}
	}
	alone := e.addItem(mod, s.ID, map[string]any{"document_id": d2.ID})
	both := e.addItem(mod, s.ID, map[string]any{"project_slug": p1, "document_id": d1.ID})
	if alone.DocumentID == nil || *alone.DocumentID != d2.ID || both.DocumentID == nil || *both.DocumentID != d1.ID {
		t.Fatalf("items %+v %+v", alone, both)
	}
	// PATCH: moving the project away from the document's is refused; null clears.
	res := e.do(req{method: http.MethodPatch, path: sessionPath(s.ID, "/agenda-items/", both.ID), token: mod,
		header: map[string]string{"If-Match": fmt.Sprint(both.Version)}, body: map[string]any{"project_slug": p2}})
	if res.Code != 422 || !res.Problem(t).HasField("document_id") {
		t.Fatalf("patch project away: %d %s", res.Code, res.Body)
	}
	cleared := e.patchItem(mod, s.ID, alone, map[string]any{"document_id": nil})
	if cleared.DocumentID != nil {
		t.Fatalf("cleared %+v", cleared)
	}
	var st struct {
		Agenda []itemBody `json:"agenda"`
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state")}).JSON(t, &st)
	var ag struct {
		Items []itemBody `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/agenda")}).JSON(t, &ag)
	for _, list := range [][]itemBody{st.Agenda, ag.Items} {
		if len(list) != 2 || list[0].DocumentID != nil || list[1].DocumentID == nil || *list[1].DocumentID != d1.ID {
			t.Fatalf("document ids in %+v", list)
		}
	}
}

// TestSessionItemNotesConcurrent: notes appended by two moderators at once are all kept.
func TestSessionItemNotesConcurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	s, it := e.liveSession(mod, nil)
	path := sessionPath(s.ID, "/agenda-items/", it.ID, "/notes")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := mod
			if i%2 == 1 {
				tok = admin
			}
			if res := e.do(req{method: http.MethodPost, path: path, token: tok, body: map[string]any{"text": fmt.Sprintf("Notiz %d.", i)}}); res.Code != 201 {
				t.Errorf("note %d: %d %s", i, res.Code, res.Body)
			}
		}()
	}
	wg.Wait()
	var ag struct {
		Items []itemBody `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/agenda"), token: mod}).JSON(t, &ag)
	notes := *ag.Items[0].Notes
	for i := range 8 {
		if !strings.Contains(notes, fmt.Sprintf("Notiz %d.", i)) {
			t.Fatalf("note %d lost:\n%s", i, notes)
		}
	}
	if ag.Items[0].Version != it.Version+1+8 { // activation, then one per note
		t.Fatalf("version %d after 8 notes (was %d)", ag.Items[0].Version, it.Version)
	}
}
