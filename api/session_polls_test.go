package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

func agendaPollInput(itemID string, fields map[string]any) map[string]any {
	in := map[string]any{"subject": map[string]any{"type": "agenda_item", "id": itemID}, "question": "Beschluss?",
		"kind": "yes_no_abstain", "audience": "council", "secrecy": "named"}
	for k, v := range fields {
		in[k] = v
	}
	return in
}

// TestSessionPolls: council polls on agenda items — only moderators and admins create them, for the
// council only; the voters are the members present at the opening (a member who was not checks in later
// and still gets 403 not_eligible); the results say whether the session's quorum was reached; the events go
// to session:<id>; GET /polls?subject=agenda_item:<id> and the session state list them.
func TestSessionPolls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, official := e.user("Olga Official", model.RoleOfficial)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	_, conny := e.user("Conny Council", model.RoleCouncil)
	s, it := e.liveSession(mod, nil)

	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls", token: official, body: agendaPollInput(it.ID, nil)}); res.Code != 403 {
		t.Fatalf("official creates: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls", token: mod,
		body: agendaPollInput(it.ID, map[string]any{"audience": "public", "secrecy": "secret"})}); res.Code != 422 ||
		!strings.Contains(string(res.Body), "audience") {
		t.Fatalf("public audience: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls", token: mod, body: agendaPollInput("999999", nil)}); res.Code != 422 {
		t.Fatalf("missing item: %d %s", res.Code, res.Body)
	}

	draft := e.createPoll(mod, agendaPollInput(it.ID, nil), false)
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/polls/" + draft.ID, token: mod, header: map[string]string{"If-Match": "1"},
		body: map[string]any{"audience": "public", "secrecy": "secret"}}); res.Code != 422 {
		t.Fatalf("patch to public: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + draft.ID, token: carl}); res.Code != 404 {
		t.Fatalf("draft seen by a council member: %d", res.Code)
	}
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(cora, sessionPath(s.ID, "/attendance"), nil, 200)
	p := e.createPoll(mod, agendaPollInput(it.ID, nil), true)
	if p.Eligible == nil || *p.Eligible != 2 {
		t.Fatalf("eligible: %+v", p.Eligible)
	}
	e.sessionAction(conny, sessionPath(s.ID, "/attendance"), nil, 200) // too late for this poll
	if res := e.ballot(conny, p.ID, p.Options[0].ID); res.Code != 403 || res.Problem(t).Code != "not_eligible" {
		t.Fatalf("absent member: %d %s", res.Code, res.Body)
	}
	if res := e.ballot(carl, p.ID, p.Options[0].ID); res.Code != 201 {
		t.Fatalf("carl: %d %s", res.Code, res.Body)
	}
	if res := e.ballot(cora, p.ID, p.Options[1].ID); res.Code != 201 {
		t.Fatalf("cora: %d %s", res.Code, res.Body)
	}

	var l listBody[pollBody]
	e.do(req{method: http.MethodGet, path: "/api/v1/polls?subject=agenda_item:" + it.ID}).JSON(t, &l)
	if len(l.Items) != 1 || l.Items[0].ID != p.ID {
		t.Fatalf("list: %+v", l)
	}
	var st struct {
		Polls []pollBody `json:"polls"`
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state")}).JSON(t, &st)
	if len(st.Polls) != 1 || st.Polls[0].ID != p.ID {
		t.Fatalf("state polls: %+v", st.Polls)
	}

	e.sessionAction(mod, "/api/v1/polls/"+p.ID+"/close", nil, 200)
	e.svc.Polls.Flush()
	var r struct {
		resultsBody
		SessionQuorumRequired *int `json:"session_quorum_required"`
	}
	res := e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + p.ID + "/results"})
	res.JSON(t, &r)
	// Council of 3, default quorum: more than half, 2 members; 2 were present at the opening.
	if res.Code != 200 || r.TotalBallots != 2 || r.SessionQuorumRequired == nil || *r.SessionQuorumRequired != 2 || !r.QuorumReached {
		t.Fatalf("results: %d %+v", res.Code, r)
	}
	e.do(req{method: http.MethodGet, path: sessionPath(s.ID, "/state")}).JSON(t, &st)
	if len(st.Polls) != 0 {
		t.Fatalf("state after close: %+v", st.Polls)
	}

	var types []string
	e.db.Gorm.Raw("SELECT type FROM events WHERE topic = ? AND type LIKE 'poll.%' ORDER BY id", "session:"+s.ID).Scan(&types)
	if len(types) < 2 || types[0] != "poll.opened" || types[len(types)-1] != "poll.closed" {
		t.Fatalf("events on the session topic: %v", types)
	}

	// Without a quorum present: the result says so.
	s2, it2 := e.liveSession(mod, nil)
	e.sessionAction(carl, sessionPath(s2.ID, "/attendance"), nil, 200)
	p2 := e.createPoll(mod, agendaPollInput(it2.ID, nil), true)
	if res := e.ballot(carl, p2.ID, p2.Options[0].ID); res.Code != 201 {
		t.Fatalf("carl: %d %s", res.Code, res.Body)
	}
	e.sessionAction(mod, "/api/v1/polls/"+p2.ID+"/close", nil, 200)
	e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + p2.ID + "/results"}).JSON(t, &r)
	if r.QuorumReached || r.Eligible == nil || *r.Eligible != 1 {
		t.Fatalf("results without quorum: %+v", r)
	}

	// A poll on an item of a session that is not live does not open.
	s3 := e.createSession(mod, nil)
	it3 := e.addItem(mod, s3.ID, nil)
	p3 := e.createPoll(mod, agendaPollInput(it3.ID, nil), false)
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + p3.ID + "/open", token: mod}); res.Code != 409 ||
		res.Problem(t).Code != "session_not_live" {
		t.Fatalf("open before live: %d %s", res.Code, res.Body)
	}
}

// TestSessionPollsNonPublic: the polls of a non-public session are 404 for residents and anonymous
// visitors (poll, results, list), visible to the council.
func TestSessionPollsNonPublic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, rita := e.user("Rita Resident")
	_, carl := e.user("Carl Council", model.RoleCouncil)
	s, it := e.liveSession(mod, map[string]any{"visibility": "non_public"})
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	p := e.createPoll(mod, agendaPollInput(it.ID, nil), true)
	for _, path := range []string{"/api/v1/polls/" + p.ID, "/api/v1/polls/" + p.ID + "/results", "/api/v1/polls?subject=agenda_item:" + it.ID} {
		for _, tok := range []string{"", rita} {
			if res := e.do(req{method: http.MethodGet, path: path, token: tok}); res.Code != 404 {
				t.Errorf("GET %s: %d %s", path, res.Code, res.Body)
			}
		}
		if res := e.do(req{method: http.MethodGet, path: path, token: carl}); res.Code != 200 {
			t.Errorf("council GET %s: %d %s", path, res.Code, res.Body)
		}
	}
	if res := e.ballot(rita, p.ID, p.Options[0].ID); res.Code != 404 {
		t.Errorf("resident ballot: %d %s", res.Code, res.Body)
	}
	if res := e.ballot(carl, p.ID, p.Options[0].ID); res.Code != 201 {
		t.Errorf("council ballot: %d %s", res.Code, res.Body)
	}
}
