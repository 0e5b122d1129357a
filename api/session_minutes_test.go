package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

type renderingJSON struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
}

type minutesVersionJSON struct {
	Number   int            `json:"number"`
	Public   renderingJSON  `json:"public"`
	Internal *renderingJSON `json:"internal"`
}

type minutesJSON struct {
	Draft *struct {
		Version  int  `json:"version"`
		Stored   bool `json:"stored"`
		Sections []struct {
			Key          string `json:"key"`
			Title        string `json:"title"`
			Confidential bool   `json:"confidential"`
			Body         string `json:"body"`
		} `json:"sections"`
		Markdown string `json:"markdown"`
		HTML     string `json:"html"`
	} `json:"draft"`
	Latest      *minutesVersionJSON `json:"latest"`
	Permissions map[string]bool     `json:"permissions"`
}

func (e *env) minutes(token, sessionID string) minutesJSON {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: sessionPath(sessionID, "/minutes"), token: token})
	if res.Code != 200 {
		e.t.Fatalf("minutes: %d %s", res.Code, res.Body)
	}
	var m minutesJSON
	res.JSON(e.t, &m)
	return m
}

func (e *env) patchItem(token, sessionID string, it itemBody, body map[string]any) itemBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPatch, path: sessionPath(sessionID, "/agenda-items/", it.ID), token: token,
		header: map[string]string{"If-Match": fmt.Sprint(it.Version)}, body: body})
	if res.Code != 200 {
		e.t.Fatalf("patch item: %d %s", res.Code, res.Body)
	}
	var out itemBody
	res.JSON(e.t, &out)
	return out
}

// heldSession runs a public session: Carl and Cora check in, item 1 (public) has Carl speaking, notes
// and a decision, item 2 is confidential with notes; the session is closed.
func (e *env) heldSession(mod, carl, cora string, fields map[string]any) (sessionBody, itemBody, itemBody) {
	e.t.Helper()
	s := e.createSession(mod, fields)
	one := e.addItem(mod, s.ID, map[string]any{"title": "Offener Haushalt", "description": "Öffentliche Beratung."})
	two := e.addItem(mod, s.ID, map[string]any{"title": "Personalsache", "description": "Geheime Beschreibung.", "confidential": true})
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(cora, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", one.ID, "/activate"), nil, 200)
	e.sessionAction(carl, speakersPath(s, one, ""), map[string]any{"kind": "pro"}, 201)
	e.sessionAction(mod, speakersPath(s, one, "/next"), nil, 200)
	e.sessionAction(mod, speakersPath(s, one, "/end"), nil, 200)
	one.Version++ // activation bumps the item's version
	one = e.patchItem(mod, s.ID, one, map[string]any{"notes": "Carl fragt nach den Kosten.", "decision": "Der Haushalt wird veröffentlicht."})
	e.sessionAction(mod, sessionPath(s.ID, "/agenda-items/", two.ID, "/activate"), nil, 200)
	two.Version++
	two = e.patchItem(mod, s.ID, two, map[string]any{"notes": "Geheime Notiz.", "decision": "Geheimer Beschluss."})
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	return s, one, two
}

// TestSessionMinutes: the generated draft holds attendance, items with times, speakers with their
// speaking times, notes and decisions; editing with If-Match; publication gives a public version with
// the confidential item reduced to its title and a full internal one; versions never change.
func TestSessionMinutes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	_, rita := e.user("Rita Resident")
	s, one, two := e.heldSession(mod, carl, cora, nil)

	m := e.minutes(mod, s.ID)
	if m.Draft == nil || m.Draft.Stored || m.Draft.Version != 1 || m.Latest != nil || !m.Permissions["publish"] {
		t.Fatalf("draft %+v", m)
	}
	md := m.Draft.Markdown
	for _, want := range []string{"Anwesenheit", "Carl Council", "Cora Council", "2 von", "TOP 1: Offener Haushalt",
		"Aufgerufen:", "Redeliste", "1. Carl Council (Für)", "Redezeit", "Carl fragt nach den Kosten.",
		"Der Haushalt wird veröffentlicht.", "TOP 2: Personalsache", "Geheime Notiz.", "Geheimer Beschluss."} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(m.Draft.HTML, "<h2") {
		t.Errorf("html %s", m.Draft.HTML)
	}
	// A resident sees no draft; council members do.
	if r := e.minutes(rita, s.ID); r.Draft != nil || r.Latest != nil || r.Permissions["edit"] {
		t.Fatalf("resident %+v", r)
	}
	if c := e.minutes(carl, s.ID); c.Draft == nil || c.Permissions["edit"] {
		t.Fatalf("council %+v", c)
	}

	// Edit: If-Match required and checked; unknown sections are rejected; script is sanitised.
	save := func(version int, body map[string]any) *response {
		h := map[string]string{}
		if version > 0 {
			h["If-Match"] = fmt.Sprint(version)
		}
		return e.do(req{method: http.MethodPut, path: sessionPath(s.ID, "/minutes/draft"), token: mod, header: h, body: body})
	}
	edit := map[string]any{"sections": []map[string]any{
		{"key": "item:" + one.ID, "body": "Bearbeitet: Der Haushalt wird veröffentlicht. <script>alert(1)</script>"},
		// The editor leaves the confidential text in: the public version drops it anyway.
		{"key": "item:" + two.ID, "body": "Geheime Notiz, bearbeitet."},
	}}
	if res := save(0, edit); res.Code != 428 {
		t.Fatalf("no If-Match: %d %s", res.Code, res.Body)
	}
	if res := save(7, edit); res.Code != 412 {
		t.Fatalf("stale: %d %s", res.Code, res.Body)
	}
	if res := save(1, map[string]any{"sections": []map[string]any{{"key": "item:999999", "body": "x"}}}); res.Code != 422 {
		t.Fatalf("unknown section: %d %s", res.Code, res.Body)
	}
	if res := save(1, edit); res.Code != 200 || res.Header.Get("ETag") == "" {
		t.Fatalf("save: %d %s", res.Code, res.Body)
	}
	if res := save(1, edit); res.Code != 412 {
		t.Fatalf("save again with the old version: %d %s", res.Code, res.Body)
	}
	m = e.minutes(mod, s.ID)
	if !m.Draft.Stored || m.Draft.Version != 2 || !strings.Contains(m.Draft.Markdown, "Bearbeitet:") || strings.Contains(m.Draft.HTML, "<script") {
		t.Fatalf("saved draft %+v", m.Draft)
	}

	// Publish: only moderators and admins, version 1.
	var v1 minutesVersionJSON
	e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201).JSON(t, &v1)
	if v1.Number != 1 || v1.Internal == nil {
		t.Fatalf("published %+v", v1)
	}
	pub := v1.Public.Markdown
	for _, leak := range []string{"Geheim", "Personalsache\n\nGeheime"} {
		if strings.Contains(pub, leak) || strings.Contains(v1.Public.HTML, leak) {
			t.Errorf("public version leaks %q:\n%s", leak, pub)
		}
	}
	if !strings.Contains(pub, "TOP 2: Personalsache") || !strings.Contains(pub, "Bearbeitet:") || !strings.Contains(pub, "Carl Council") {
		t.Errorf("public version:\n%s", pub)
	}
	if !strings.Contains(v1.Internal.Markdown, "Geheime Notiz, bearbeitet.") {
		t.Errorf("internal version:\n%s", v1.Internal.Markdown)
	}

	// Versions: a resident gets the public text only; a new edit does not change version 1.
	getVersion := func(tok string, n int) minutesVersionJSON {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, fmt.Sprintf("/minutes/versions/%d", n)), token: tok})
		if res.Code != 200 {
			t.Fatalf("version %d: %d %s", n, res.Code, res.Body)
		}
		var v minutesVersionJSON
		res.JSON(t, &v)
		return v
	}
	if v := getVersion(rita, 1); v.Internal != nil || v.Public.Markdown != pub {
		t.Fatalf("resident version %+v", v)
	}
	if r := e.minutes("", s.ID); r.Latest == nil || r.Latest.Internal != nil || r.Latest.Public.Markdown != pub {
		t.Fatalf("anonymous minutes %+v", r)
	}
	if res := save(2, map[string]any{"sections": []map[string]any{{"key": "header", "body": "Neuer Kopf."}}}); res.Code != 200 {
		t.Fatalf("save 2: %d %s", res.Code, res.Body)
	}
	if v := getVersion(carl, 1); v.Public.Markdown != pub || v.Internal.Markdown != v1.Internal.Markdown {
		t.Fatalf("version 1 changed: %+v", v)
	}
	var v2 minutesVersionJSON
	e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201).JSON(t, &v2)
	if v2.Number != 2 || !strings.Contains(v2.Public.Markdown, "Neuer Kopf.") {
		t.Fatalf("version 2 %+v", v2)
	}
	var list struct {
		Items []minutesVersionJSON `json:"items"`
	}
	res := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions"), token: rita})
	res.JSON(t, &list)
	if res.Code != 200 || len(list.Items) != 2 || list.Items[0].Number != 2 || list.Items[1].Public.Markdown != pub || list.Items[0].Internal != nil {
		t.Fatalf("versions %d %+v", res.Code, list)
	}
	if res := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions/9")}); res.Code != 404 {
		t.Fatalf("missing version: %d", res.Code)
	}

	// Publishing before the session is closed: 409.
	open := e.createSession(mod, nil)
	if res := e.do(req{method: http.MethodPost, path: sessionPath(open.ID, "/minutes/publish"), token: mod, body: map[string]any{}}); res.Code != 409 || res.Problem(t).Code != "session_not_closed" {
		t.Fatalf("publish open: %d %s", res.Code, res.Body)
	}
}

// TestSessionMinutesRoleMatrix: every minutes endpoint for every role, on a public and a non-public
// session (404 for everyone outside the council audience).
func TestSessionMinutesRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	_, cora := e.user("Cora Council", model.RoleCouncil)
	pubS, _, _ := e.heldSession(mod, a.tokens["council"], cora, nil)
	hidden, _, _ := e.heldSession(mod, a.tokens["council"], cora, map[string]any{"visibility": "non_public"})
	e.sessionAction(mod, sessionPath(pubS.ID, "/minutes/publish"), nil, 201)
	e.sessionAction(mod, sessionPath(hidden.ID, "/minutes/publish"), nil, 201)
	actors := []string{"anonymous", "unverified", "resident", "council", "official", "moderator", "admin"}
	council := map[string]bool{"council": true, "official": true, "moderator": true, "admin": true}
	draftVersion := map[string]int{pubS.ID: 1, hidden.ID: 1}
	for _, s := range []sessionBody{pubS, hidden} {
		for _, actor := range actors {
			t.Run(s.Visibility+"/"+actor, func(t *testing.T) {
				tok := a.tokens[actor]
				visible := s.Visibility == "public" || council[actor]
				check := func(name string, r req, want int) {
					t.Helper()
					r.token = tok
					if res := e.do(r); res.Code != want {
						t.Errorf("%s: got %d, want %d: %s", name, res.Code, want, res.Body)
					}
				}
				read := 200
				if !visible {
					read = 404
				}
				check("minutes", req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes")}, read)
				check("versions", req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions")}, read)
				check("version", req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions/1")}, read)
				write := map[string]int{"anonymous": 401, "unverified": 403}[actor]
				switch {
				case write != 0:
				// The route's rule answers before the session is loaded: 403 whether it exists or not.
				case actor == "moderator" || actor == "admin":
					write = 200
				default:
					write = 403
				}
				body := map[string]any{"sections": []map[string]any{{"key": "header", "body": "Kopf von " + actor}}}
				check("save", req{method: http.MethodPut, path: sessionPath(s.ID, "/minutes/draft"), body: body,
					header: map[string]string{"If-Match": fmt.Sprint(draftVersion[s.ID])}}, write)
				if write == 200 {
					draftVersion[s.ID]++
					write = 201
				}
				check("publish", req{method: http.MethodPost, path: sessionPath(s.ID, "/minutes/publish"), body: map[string]any{}}, write)
				if visible && tok != "" && actor != "unverified" {
					var m minutesJSON
					r := e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes/versions/1"), token: tok})
					var v minutesVersionJSON
					r.JSON(t, &v)
					if (v.Internal != nil) != council[actor] {
						t.Errorf("internal for %s: %v", actor, v.Internal != nil)
					}
					e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/minutes"), token: tok}).JSON(t, &m)
					if (m.Draft != nil) != council[actor] {
						t.Errorf("draft for %s: %v", actor, m.Draft != nil)
					}
				}
			})
		}
	}
}

// TestSessionCouncilDecision: the decision of an item that links a project becomes one council_decision
// comment on the project and one history row; setting it again writes nothing, a changed decision a new
// statement; a confidential item's decision is never published.
func TestSessionCouncilDecision(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	slug := e.createProject(admin, projectInput("beschluss-vorhaben")).Slug
	s := e.createSession(mod, nil)
	it := e.addItem(mod, s.ID, map[string]any{"title": "Vorhaben beraten", "project_slug": slug})
	secret := e.addItem(mod, s.ID, map[string]any{"title": "Vertraulich", "project_slug": slug, "confidential": true})
	statements := func() []commentBody {
		t.Helper()
		return e.listComments("", slug, "?kind=council_decision").Items
	}
	history := func() []map[string]any {
		t.Helper()
		var h struct {
			Items []map[string]any `json:"items"`
		}
		res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/history?limit=100"})
		res.JSON(t, &h)
		var out []map[string]any
		for _, row := range h.Items {
			if row["field"] == "council_decision" {
				out = append(out, row)
			}
		}
		return out
	}
	it = e.patchItem(mod, s.ID, it, map[string]any{"decision": "Der Digitalrat empfiehlt die Umsetzung."})
	it = e.patchItem(mod, s.ID, it, map[string]any{"decision": "Der Digitalrat empfiehlt die Umsetzung."})
	it = e.patchItem(mod, s.ID, it, map[string]any{"notes": "Nur Notizen geändert."})
	secret = e.patchItem(mod, s.ID, secret, map[string]any{"decision": "Geheim."})
	_ = secret
	st := statements()
	if len(st) != 1 || st[0].Kind != "council_decision" || !strings.Contains(st[0].Body, "Der Digitalrat empfiehlt die Umsetzung.") {
		t.Fatalf("statements %+v", st)
	}
	if h := history(); len(h) != 1 || h[0]["new_value"] != "Der Digitalrat empfiehlt die Umsetzung." || h[0]["old_value"] != "" {
		t.Fatalf("history %+v", h)
	}
	// All comments: the statement is there once, distinct from official responses.
	all := e.listComments("", slug, "")
	n := 0
	for _, c := range all.Items {
		if c.Kind == "council_decision" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("statements among comments: %d", n)
	}
	// A changed decision is a new statement; the history shows old and new.
	e.patchItem(mod, s.ID, it, map[string]any{"decision": "Der Digitalrat empfiehlt die Umsetzung mit Auflagen."})
	if st := statements(); len(st) != 2 {
		t.Fatalf("statements after change %d", len(st))
	}
	// (Rows of one project version are listed in the order they were written.)
	if h := history(); len(h) != 2 || h[1]["old_value"] != "Der Digitalrat empfiehlt die Umsetzung." {
		t.Fatalf("history after change %+v", h)
	}
	// The statement changes only through a new decision: not through the comments endpoints.
	for _, r := range []req{
		{method: http.MethodPatch, path: "/api/v1/comments/" + st[0].ID, body: map[string]any{"body": "Umgeschrieben."}},
		{method: http.MethodDelete, path: "/api/v1/comments/" + st[0].ID},
	} {
		r.token = mod
		if res := e.do(r); res.Code != 403 || res.Problem(t).Code != "council_decision" {
			t.Fatalf("%s statement: %d %s", r.method, res.Code, res.Body)
		}
	}
	// Residents cannot write the kind.
	_, rita := e.user("Rita Resident")
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/comments", token: rita,
		body: map[string]any{"body": "Ich bin der Rat.", "kind": "council_decision"}})
	if res.Code != 422 {
		t.Fatalf("resident council_decision: %d %s", res.Code, res.Body)
	}
}

// TestSessionMinutesHoldQuestionsAndPolls: the generated draft lists the approved public questions (not the
// pending or rejected ones) and each closed council poll's result in its item's section; a confidential
// item's poll stays out of the public version.
func TestSessionMinutesHoldQuestionsAndPolls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, rita := e.user("Rita Resident")
	s, it := e.liveSession(mod, nil)
	secret := e.addItem(mod, s.ID, map[string]any{"title": "Vertrauliches", "confidential": true})
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)

	approved := e.ask(rita, s, "Wann kommt das Bürgerportal?")
	e.sessionAction(mod, questionPath(s, "/", approved.ID, "/approve"), nil, 200)
	e.sessionAction(mod, questionPath(s, "/", approved.ID, "/answered"), nil, 200)
	rejected := e.ask(rita, s, "Unsachliche Frage")
	e.sessionAction(mod, questionPath(s, "/", rejected.ID, "/reject"), nil, 200)
	e.ask(rita, s, "Noch offene Frage")

	vote := func(itemID, question string, option int) {
		p := e.createPoll(mod, agendaPollInput(itemID, map[string]any{"question": question}), true)
		if res := e.ballot(carl, p.ID, p.Options[option].ID); res.Code != 201 {
			t.Fatalf("ballot: %d %s", res.Code, res.Body)
		}
		e.sessionAction(mod, "/api/v1/polls/"+p.ID+"/close", nil, 200)
	}
	vote(it.ID, "Soll das Portal kommen?", 0)
	vote(secret.ID, "Geheime Personalfrage?", 1)
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)

	m := e.minutes(mod, s.ID)
	if m.Draft == nil {
		t.Fatal("no draft")
	}
	body := map[string]string{}
	for _, sec := range m.Draft.Sections {
		body[sec.Key] = sec.Body
	}
	header := body["header"]
	if !strings.Contains(header, "Fragen aus der Öffentlichkeit") || !strings.Contains(header, "Rita Resident: Wann kommt das Bürgerportal? (beantwortet)") ||
		strings.Contains(header, "Unsachliche") || strings.Contains(header, "Noch offene") {
		t.Errorf("questions in the header:\n%s", header)
	}
	if b := body["item:"+it.ID]; !strings.Contains(b, "Soll das Portal kommen?") || !strings.Contains(b, "Ja 1, Nein 0, Enthaltung 0; 1 Stimmen von 1 Stimmberechtigten") {
		t.Errorf("poll result in the item's section:\n%s", b)
	}
	var v minutesVersionJSON
	e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201).JSON(t, &v)
	if strings.Contains(v.Public.Markdown, "Geheime Personalfrage") || !strings.Contains(v.Public.Markdown, "Soll das Portal kommen?") {
		t.Errorf("public minutes:\n%s", v.Public.Markdown)
	}
	if v.Internal == nil || !strings.Contains(v.Internal.Markdown, "Geheime Personalfrage?") {
		t.Errorf("internal minutes miss the confidential poll: %+v", v.Internal)
	}
}
