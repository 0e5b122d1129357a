package api_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestSessionCloseClosesPolls: closing a session closes its open council polls in the same transaction,
// each with poll.closed on session:<id>; a draft stays a draft and can no longer be opened (409
// session_not_live).
func TestSessionCloseClosesPolls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	s, it := e.liveSession(mod, nil)
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	open := e.createPoll(mod, agendaPollInput(it.ID, nil), true)
	draft := e.createPoll(mod, agendaPollInput(it.ID, nil), false)
	if res := e.ballot(carl, open.ID, open.Options[0].ID); res.Code != 201 {
		t.Fatalf("ballot: %d %s", res.Code, res.Body)
	}
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	var p pollBody
	e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + open.ID, token: mod}).JSON(t, &p)
	if p.State != "closed" {
		t.Fatalf("poll after the close: %s", p.State)
	}
	var closed int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE topic = ? AND type = 'poll.closed'", "session:"+s.ID).Scan(&closed)
	if closed != 1 {
		t.Fatalf("%d poll.closed events", closed)
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + draft.ID + "/open", token: mod})
	if res.Code != 409 || res.Problem(t).Code != "session_not_live" {
		t.Fatalf("open after close: %d %s", res.Code, res.Body)
	}
	if res := e.ballot(carl, open.ID, open.Options[1].ID); res.Code != 409 {
		t.Fatalf("ballot after the close: %d", res.Code)
	}
}

// TestSessionCloseRacesPollOpen: a moderator opens a council poll while another closes the session, many
// times over (on PostgreSQL truly at once): whichever wins, no poll of a closed session is ever open.
func TestSessionCloseRacesPollOpen(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	opened := 0
	for range 12 {
		s, it := e.liveSession(mod, nil)
		e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
		drafts := []pollBody{e.createPoll(mod, agendaPollInput(it.ID, nil), false), e.createPoll(mod, agendaPollInput(it.ID, nil), false)}
		var wg sync.WaitGroup
		codes := make([]int, 3)
		start := make(chan struct{})
		for i, d := range drafts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				codes[i] = e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + d.ID + "/open", token: mod}).Code
			}()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			codes[2] = e.do(req{method: http.MethodPost, path: sessionPath(s.ID, "/close"), token: admin}).Code
		}()
		close(start)
		wg.Wait()
		if codes[2] != 200 || (codes[0] != 200 && codes[0] != 409) || (codes[1] != 200 && codes[1] != 409) {
			t.Fatalf("codes %v", codes)
		}
		for _, c := range codes[:2] {
			if c == 200 {
				opened++
			}
		}
		var open int64
		e.db.Gorm.Raw(`SELECT COUNT(*) FROM polls p JOIN agenda_items i ON p.subject_type = 'agenda_item' AND i.id = p.subject_id
			JOIN sessions s ON s.id = i.session_id WHERE s.id = ? AND s.state = 'closed' AND p.state = 'open'`, s.ID).Scan(&open)
		if open != 0 {
			t.Fatalf("%d open polls on a closed session (codes %v)", open, codes)
		}
	}
	t.Logf("polls opened before the close: %d of 24", opened)
}
