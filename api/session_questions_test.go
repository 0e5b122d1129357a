package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

type questionBody struct {
	ID          string  `json:"id"`
	Body        string  `json:"body"`
	State       string  `json:"state"`
	DisplayName *string `json:"display_name"`
	Mine        bool    `json:"mine"`
	AnsweredAt  *string `json:"answered_at"`
}

func questionPath(s sessionBody, rest ...string) string {
	return sessionPath(s.ID, "/questions", strings.Join(rest, ""))
}

func (e *env) ask(token string, s sessionBody, body string) questionBody {
	e.t.Helper()
	var q questionBody
	e.sessionAction(token, questionPath(s), map[string]any{"body": body}, 201).JSON(e.t, &q)
	return q
}

func (e *env) questions(token string, s sessionBody) []questionBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: questionPath(s), token: token})
	if res.Code != 200 {
		e.t.Fatalf("questions: %d %s", res.Code, res.Body)
	}
	var l listBody[questionBody]
	res.JSON(e.t, &l)
	return l.Items
}

// TestSessionQuestions: a resident asks, the question is pending (seen by moderators and the asker only),
// a moderator approves it (it appears for everyone, in the state and live on session:<id>) or rejects it
// (it is gone), marks it answered; validation, closed sessions and double decisions answer 422 and 409.
func TestSessionQuestions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, rita := e.user("Rita Resident")
	_, rolf := e.user("Rolf Resident")
	s, _ := e.liveSession(mod, nil)

	if res := e.do(req{method: http.MethodPost, path: questionPath(s), token: rita, body: map[string]any{"body": "  "}}); res.Code != 422 {
		t.Fatalf("empty body: %d %s", res.Code, res.Body)
	}
	long := strings.Repeat("x", 10001)
	if res := e.do(req{method: http.MethodPost, path: questionPath(s), token: rita, body: map[string]any{"body": long}}); res.Code != 422 {
		t.Fatalf("long body: %d", res.Code)
	}
	q1 := e.ask(rita, s, "Wann kommt der Radweg?")
	q2 := e.ask(rita, s, "Eine zweite Frage")
	if q1.State != "pending" || !q1.Mine || q1.DisplayName == nil || *q1.DisplayName != "Rita Resident" {
		t.Fatalf("asked: %+v", q1)
	}
	if l := e.questions("", s); len(l) != 0 {
		t.Fatalf("anonymous sees pending: %+v", l)
	}
	if l := e.questions(rolf, s); len(l) != 0 {
		t.Fatalf("another resident sees pending: %+v", l)
	}
	if l := e.questions(rita, s); len(l) != 2 || !l[0].Mine {
		t.Fatalf("asker: %+v", l)
	}
	if l := e.questions(mod, s); len(l) != 2 || l[0].Mine {
		t.Fatalf("moderator: %+v", l)
	}

	var approved questionBody
	e.sessionAction(mod, questionPath(s, "/", q1.ID, "/approve"), nil, 200).JSON(t, &approved)
	if approved.State != "approved" || approved.Body != q1.Body {
		t.Fatalf("approved: %+v", approved)
	}
	e.sessionAction(mod, questionPath(s, "/", q1.ID, "/approve"), nil, 409)
	e.sessionAction(mod, questionPath(s, "/", q1.ID, "/reject"), nil, 409)
	e.sessionAction(mod, questionPath(s, "/", q2.ID, "/answered"), nil, 409) // pending
	e.sessionAction(mod, questionPath(s, "/", q2.ID, "/reject"), nil, 200)
	e.sessionAction(mod, questionPath(s, "/", q2.ID, "/answered"), nil, 409) // rejected
	e.sessionAction(mod, questionPath(s, "/999999/approve"), nil, 404)
	if l := e.questions("", s); len(l) != 1 || l[0].ID != q1.ID || l[0].AnsweredAt != nil {
		t.Fatalf("anonymous after approval: %+v", l)
	}
	if l := e.questions(mod, s); len(l) != 1 {
		t.Fatalf("moderator after rejection: %+v", l)
	}

	var st struct {
		Questions []questionBody `json:"questions"`
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state")}).JSON(t, &st)
	if len(st.Questions) != 1 || st.Questions[0].ID != q1.ID {
		t.Fatalf("state questions: %+v", st.Questions)
	}

	var answered questionBody
	e.sessionAction(mod, questionPath(s, "/", q1.ID, "/answered"), nil, 200).JSON(t, &answered)
	if answered.AnsweredAt == nil {
		t.Fatalf("answered: %+v", answered)
	}
	e.sessionAction(mod, questionPath(s, "/", q1.ID, "/answered"), nil, 409)

	var events []struct {
		Type    string
		Payload string
	}
	e.db.Gorm.Raw("SELECT type, payload FROM events WHERE topic = ? AND type = ? ORDER BY id", "session:"+s.ID, "session.question").Scan(&events)
	if len(events) != 2 || !strings.Contains(events[0].Payload, "Wann kommt der Radweg?") ||
		strings.Contains(events[0].Payload+events[1].Payload, "zweite") {
		t.Fatalf("events: %+v", events)
	}

	// Closed sessions take no more questions.
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	if res := e.do(req{method: http.MethodPost, path: questionPath(s), token: rita, body: map[string]any{"body": "Zu spät"}}); res.Code != 409 ||
		res.Problem(t).Code != "session_closed" {
		t.Fatalf("closed: %d %s", res.Code, res.Body)
	}
}

// TestSessionQuestionsNonPublic: a non-public session is 404 to residents and anonymous visitors on every
// question endpoint; the council audience sees it but asks nothing there (409 session_not_public).
func TestSessionQuestionsNonPublic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, rita := e.user("Rita Resident")
	_, carl := e.user("Carl Council", model.RoleCouncil)
	hidden := e.createSession(mod, map[string]any{"visibility": "non_public"})
	for _, tok := range []string{"", rita} {
		if res := e.do(req{method: http.MethodGet, path: questionPath(hidden), token: tok}); res.Code != 404 {
			t.Errorf("GET: %d", res.Code)
		}
	}
	if res := e.do(req{method: http.MethodPost, path: questionPath(hidden), token: rita, body: map[string]any{"body": "Hallo?"}}); res.Code != 404 {
		t.Errorf("resident POST: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: questionPath(hidden), token: carl, body: map[string]any{"body": "Hallo?"}}); res.Code != 409 ||
		res.Problem(t).Code != "session_not_public" {
		t.Errorf("council POST: %d %s", res.Code, res.Body)
	}
	if l := e.questions(carl, hidden); len(l) != 0 {
		t.Errorf("council list: %+v", l)
	}
}

// TestSessionQuestionsRoleMatrix is the role × endpoint matrix of the question endpoints on a public session.
func TestSessionQuestionsRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	_, asker := e.user("Anna Asker")
	run := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official": 403, "official other": 403}
	verified := map[string]int{"anonymous": 401, "unverified": 403}
	pending := func() (sessionBody, questionBody) {
		s := e.createSession(mod, nil)
		return s, e.ask(asker, s, "Eine Frage")
	}
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request func() req
	}{
		{"list", 200, nil, func() req { s, _ := pending(); return req{method: http.MethodGet, path: questionPath(s)} }},
		{"ask", 201, verified, func() req {
			return req{method: http.MethodPost, path: questionPath(e.createSession(mod, nil)), body: map[string]any{"body": "Frage"}}
		}},
		{"approve", 200, run, func() req {
			s, q := pending()
			return req{method: http.MethodPost, path: questionPath(s, "/", q.ID, "/approve")}
		}},
		{"reject", 200, run, func() req {
			s, q := pending()
			return req{method: http.MethodPost, path: questionPath(s, "/", q.ID, "/reject")}
		}},
		{"answered", 200, run, func() req {
			s, q := pending()
			e.sessionAction(mod, questionPath(s, "/", q.ID, "/approve"), nil, 200)
			return req{method: http.MethodPost, path: questionPath(s, "/", q.ID, "/answered")}
		}},
	}
	for _, ep := range endpoints {
		for _, actor := range a.names {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if w, ok := ep.deny[actor]; ok {
					want = w
				}
				r := ep.request()
				r.token = a.tokens[actor]
				if res := e.do(r); res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
			})
		}
	}
}

// TestSessionQuestionsExportAndErasure: GET /me/export holds the user's questions; deleting the account
// keeps an approved question without a name.
func TestSessionQuestionsExportAndErasure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, rita := e.user("Rita Resident")
	s := e.createSession(mod, map[string]any{"title": "Sitzung mit Fragen"})
	q := e.ask(rita, s, "Was kostet das?")
	e.sessionAction(mod, questionPath(s, "/", q.ID, "/approve"), nil, 200)
	var x struct {
		Questions []struct {
			Session string `json:"session"`
			Body    string `json:"body"`
			State   string `json:"state"`
		} `json:"session_questions"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/me/export", token: rita}).JSON(t, &x)
	if len(x.Questions) != 1 || x.Questions[0].Session != "Sitzung mit Fragen" || x.Questions[0].State != "approved" {
		t.Fatalf("export: %+v", x.Questions)
	}
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: rita,
		body: map[string]string{"password": "correct horse battery staple"}}); res.Code != 204 {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	if l := e.questions("", s); len(l) != 1 || l[0].DisplayName != nil || l[0].Body != "Was kostet das?" {
		t.Fatalf("after erasure: %+v", l)
	}
}
