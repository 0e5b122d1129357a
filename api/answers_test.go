package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type responseTimesBody struct {
	Project               *string  `json:"project"`
	Questions             int      `json:"questions"`
	Answered              int      `json:"answered"`
	MedianResponseSeconds *int64   `json:"median_response_seconds"`
	AnsweredWithin14Days  *float64 `json:"answered_within_14_days"`
}

func (e *env) respond(token, id, body string) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + id + "/responses", token: token, body: map[string]any{"body": body}})
}

func TestOfficialResponsesAndQuestionStatus(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	residentUser := mustUser(t, e, s.resident)
	_, official := e.user("Olga Official", model.RoleOfficial)
	other := e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	otherUser := mustUser(t, e, other)
	q := e.postComment(s.resident, s.slug, map[string]any{"body": "Wann geht es los?", "kind": "question"})
	if q.QuestionStatus == nil || *q.QuestionStatus != "open" {
		t.Fatalf("new question: %+v", q.QuestionStatus)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + q.ID + "/take", token: other}); res.Code != http.StatusForbidden ||
		res.Problem(t).Code != "forbidden_department" {
		t.Errorf("take by another department: %d %s", res.Code, res.Body)
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + q.ID + "/take", token: official})
	var taken commentBody
	res.JSON(t, &taken)
	if res.Code != http.StatusOK || *taken.QuestionStatus != "in_progress" || taken.TakenBy == nil || taken.TakenBy.DisplayName != "Olga Official" {
		t.Fatalf("take: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + q.ID + "/take", token: official}); res.Code != http.StatusConflict {
		t.Errorf("second take: %d", res.Code)
	}
	plain := e.postComment(s.resident, s.slug, map[string]any{"body": "Nur ein Kommentar"})
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + plain.ID + "/take", token: official}); res.Code != http.StatusConflict ||
		res.Problem(t).Code != "not_a_question" {
		t.Errorf("take a comment: %d", res.Code)
	}
	e.clock.Advance(2 * time.Hour) // access tokens live 15 minutes: issue new ones
	other, s.resident = e.token(otherUser), e.token(residentUser)
	// Officials of any department may answer; the response carries the department.
	res = e.respond(other, q.ID, "Im Frühjahr.")
	var r commentBody
	res.JSON(t, &r)
	if res.Code != http.StatusCreated || r.Kind != "official_response" || r.Department == nil || *r.Department != "Umweltamt" ||
		r.ParentID == nil || *r.ParentID != q.ID {
		t.Fatalf("response: %d %s", res.Code, res.Body)
	}
	var got commentBody
	e.getComment("", q.ID).JSON(t, &got)
	if *got.QuestionStatus != "answered" || got.TakenBy != nil || got.ReplyCount != 1 {
		t.Errorf("answered question: %+v", got)
	}
	if ns := e.notifications(s.resident); len(ns) != 1 || ns[0].Type != "official_response" || *ns[0].CommentID != r.ID {
		t.Errorf("asker notifications: %+v", ns)
	}
	// Residents cannot post official responses; kind official_response cannot be chosen directly.
	if res := e.respond(s.resident, q.ID, "Ich bin amtlich"); res.Code != http.StatusForbidden {
		t.Errorf("resident response: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident,
		body: map[string]any{"body": "x", "kind": "official_response"}}); res.Code != 422 {
		t.Errorf("kind official_response by a resident: %d", res.Code)
	}
	var rt responseTimesBody
	e.do(req{method: http.MethodGet, path: "/api/v1/response-times?project=" + s.slug}).JSON(t, &rt)
	if rt.Questions != 1 || rt.Answered != 1 || *rt.MedianResponseSeconds != 7200+24 {
		t.Errorf("response times: %+v (median %v)", rt, *rt.MedianResponseSeconds)
	}
}

func TestResponseTimeFigures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	officialUser, _ := e.user("Olga Official", model.RoleOfficial)
	a := e.createProject(admin, projectInput("projekt-a")).Slug
	b := e.createProject(admin, projectInput("projekt-b")).Slug
	adminUser := mustUser(t, e, admin)
	ask := func(slug string) string {
		return e.postComment(resident, slug, map[string]any{"body": "Frage?", "kind": "question"}).ID
	}
	day := 24 * time.Hour
	// Clock steps of postComment (12 s each) are subtracted below, so the response times are exact.
	q1, q2, q3 := ask(a), ask(a), ask(a)
	q4 := ask(b)
	start := e.clock.Now()
	e.clock.Advance(1 * day)
	answer := func(id string) time.Time {
		if res := e.respond(e.token(officialUser), id, "Antwort"); res.Code != http.StatusCreated {
			t.Fatalf("respond: %d %s", res.Code, res.Body)
		}
		return e.clock.Now()
	}
	at1 := answer(q1) // 1 day (+ 48 s) after q1: within 14 days
	e.clock.Advance(19 * day)
	at2 := answer(q2)                                      // 20 days (+ 36 s) after q2: later than 14 days
	answer(q4)                                             // 20 days (+ 12 s) after q4
	e.respond(e.token(officialUser), q1, "Zweite Antwort") // only the first response counts
	_ = q3

	var rt responseTimesBody
	e.do(req{method: http.MethodGet, path: "/api/v1/response-times?project=" + a}).JSON(t, &rt)
	d1 := at1.Sub(start.Add(-48 * time.Second)) // q1 was asked four postComment steps before start
	d2 := at2.Sub(start.Add(-36 * time.Second))
	median := int64((d1 + d2) / 2 / time.Second)
	if rt.Questions != 3 || rt.Answered != 2 || rt.MedianResponseSeconds == nil || *rt.MedianResponseSeconds != median ||
		rt.AnsweredWithin14Days == nil || *rt.AnsweredWithin14Days != 1.0/3 || *rt.Project != a {
		t.Errorf("project a: %+v, want median %d", rt, median)
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/response-times"}).JSON(t, &rt)
	if rt.Questions != 4 || rt.Answered != 3 || rt.Project != nil || *rt.AnsweredWithin14Days != 0.25 {
		t.Errorf("overall: %+v", rt)
	}
	// The median of three (1 d, 20 d + 36 s, 20 d + 12 s) is the middle one.
	if *rt.MedianResponseSeconds != int64((20*day+12*time.Second)/time.Second) {
		t.Errorf("overall median %d", *rt.MedianResponseSeconds)
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/response-times?project=" + e.createProject(e.token(adminUser), projectInput("leer")).Slug}).JSON(t, &rt)
	if rt.Questions != 0 || rt.MedianResponseSeconds != nil || rt.AnsweredWithin14Days != nil {
		t.Errorf("empty project: %+v", rt)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/response-times?project=gibt-es-nicht"}); res.Code != 404 {
		t.Errorf("unknown project: %d", res.Code)
	}
}

func TestOpenQuestionsPerDepartment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	_, official := e.user("Olga Official", model.RoleOfficial) // Bürgeramt
	other := e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	mine := e.createProject(admin, projectInput("buergeramt")).Slug
	in := projectInput("umwelt")
	in["owner_unit"] = "Umweltamt"
	theirs := e.createProject(admin, in).Slug
	q1 := e.postComment(resident, mine, map[string]any{"body": "Erste?", "kind": "question"})
	q2 := e.postComment(resident, theirs, map[string]any{"body": "Zweite?", "kind": "question"})
	q3 := e.postComment(resident, mine, map[string]any{"body": "Dritte?", "kind": "question"})
	e.postComment(resident, mine, map[string]any{"body": "Keine Frage"})
	q4 := e.postComment(resident, mine, map[string]any{"body": "Beantwortet?", "kind": "question"})
	e.respond(official, q4.ID, "Ja.")
	e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + q3.ID + "/take", token: official})
	list := func(tok string) []string {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/questions/open", token: tok})
		if res.Code != http.StatusOK {
			t.Fatalf("open questions: %d %s", res.Code, res.Body)
		}
		var l listBody[commentBody]
		res.JSON(t, &l)
		return ids(l.Items)
	}
	if got := list(official); !slices.Equal(got, []string{q1.ID, q3.ID}) {
		t.Errorf("Bürgeramt: %v", got)
	}
	if got := list(other); !slices.Equal(got, []string{q2.ID}) {
		t.Errorf("Umweltamt: %v", got)
	}
	if got := list(admin); !slices.Equal(got, []string{q1.ID, q2.ID, q3.ID}) {
		t.Errorf("admin: %v", got)
	}
	res := e.do(req{method: http.MethodGet, path: "/api/v1/questions/open?limit=1", token: admin})
	var l listBody[commentBody]
	res.JSON(t, &l)
	res = e.do(req{method: http.MethodGet, path: "/api/v1/questions/open?limit=2&cursor=" + *l.NextCursor, token: admin})
	res.JSON(t, &l)
	if got := ids(l.Items); !slices.Equal(got, []string{q2.ID, q3.ID}) || l.NextCursor != nil {
		t.Errorf("second page: %v", got)
	}
}

func TestAnalogueContributionsAndParticipation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, official := e.user("Olga Official", model.RoleOfficial)
	other := e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	path := "/api/v1/projects/" + s.slug + "/contributions"
	today := e.clock.Now().Format(time.DateOnly)
	res := e.do(req{method: http.MethodPost, path: path, token: official, body: map[string]any{"body": "Bitte mehr Sprechzeiten.",
		"channel": "letter", "submitter_name": "Erika Muster", "received_at": "2026-10-30"}})
	var c commentBody
	res.JSON(t, &c)
	if res.Code != http.StatusCreated || c.Channel != "letter" || *c.SubmitterName != "Erika Muster" || *c.ReceivedAt != "2026-10-30" ||
		c.Status != "published" || c.Author == nil || c.Author.DisplayName != "Olga Official" {
		t.Fatalf("contribution: %d %s", res.Code, res.Body)
	}
	res = e.do(req{method: http.MethodPost, path: path, token: s.admin, body: map[string]any{"body": "Telefonisch gefragt",
		"channel": "phone", "received_at": today, "kind": "question", "document_id": s.doc.ID, "version": 1, "block_id": s.doc.Blocks[0].BlockID}})
	res.JSON(t, &c)
	if res.Code != http.StatusCreated || *c.SubmitterName != "anonym" || c.Kind != "question" || c.DocumentID == nil {
		t.Fatalf("anonymous phone question: %d %s", res.Code, res.Body)
	}
	e.postComment(s.resident, s.slug, map[string]any{"body": "Online"})
	e.do(req{method: http.MethodPost, path: path, token: official, body: map[string]any{"body": "Am Schalter", "channel": "in_person", "received_at": today}})
	tests := []struct {
		name   string
		token  string
		body   map[string]any
		code   int
		fields []string
	}{
		{"other department", other, map[string]any{"body": "x", "channel": "letter", "received_at": today}, 403, nil},
		{"resident", s.resident, map[string]any{"body": "x", "channel": "letter", "received_at": today}, 403, nil},
		{"future", official, map[string]any{"body": "x", "channel": "letter", "received_at": "2026-11-03"}, 422, []string{"received_at"}},
		{"bad date", official, map[string]any{"body": "x", "channel": "letter", "received_at": "gestern"}, 422, []string{"received_at"}},
		{"online channel", official, map[string]any{"body": "x", "channel": "online", "received_at": today}, 422, []string{"channel"}},
		{"empty", official, map[string]any{"body": "", "channel": "fax", "received_at": today}, 422, []string{"body", "channel"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: path, token: tc.token, body: tc.body})
			if res.Code != tc.code {
				t.Fatalf("%d %s", res.Code, res.Body)
			}
			for _, f := range tc.fields {
				if !res.Problem(t).HasField(f) {
					t.Errorf("no error for %s: %s", f, res.Body)
				}
			}
		})
	}
	var p struct {
		Project   *string        `json:"project"`
		Total     int            `json:"total"`
		ByChannel map[string]int `json:"by_channel"`
		ByKind    map[string]int `json:"by_kind"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/participation?project=" + s.slug}).JSON(t, &p)
	want := map[string]int{"online": 1, "letter": 1, "phone": 1, "in_person": 1}
	if p.Total != 4 || *p.Project != s.slug || len(p.ByChannel) != 4 || p.ByKind["question"] != 1 || p.ByKind["comment"] != 3 {
		t.Errorf("participation: %+v", p)
	}
	for k, v := range want {
		if p.ByChannel[k] != v {
			t.Errorf("by_channel[%s] = %d, want %d", k, p.ByChannel[k], v)
		}
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/participation"}).JSON(t, &p)
	if p.Total != 4 || p.Project != nil {
		t.Errorf("overall: %+v", p)
	}
}
