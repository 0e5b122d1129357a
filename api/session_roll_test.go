package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type rollJSON struct {
	Present       int  `json:"present"`
	QuorumReached bool `json:"quorum_reached"`
	Members       []struct {
		UserID      string     `json:"user_id"`
		DisplayName string     `json:"display_name"`
		Affiliation string     `json:"affiliation"`
		Present     bool       `json:"present"`
		CheckedInAt *time.Time `json:"checked_in_at"`
	} `json:"members"`
}

// TestSessionRoll: moderators and admins get every council member with present and checked_in_at, mark
// members present (POST with user_id) and absent (DELETE …/attendance/{user}); everyone else is refused, and
// a non-public session answers 404 to who may not see it. After the close nothing changes (409).
func TestSessionRoll(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	mod := a.tokens["moderator"]
	cora, _ := e.user("Cora Council", model.RoleCouncil)
	carl := a.tokens["council"]
	s := e.createSession(mod, nil)
	hidden := e.createSession(mod, map[string]any{"visibility": "non_public"})
	roll := func(token, id string) (*response, rollJSON) {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: sessionPath(id, "/attendance"), token: token})
		var r rollJSON
		if res.Code == 200 {
			res.JSON(t, &r)
		}
		return res, r
	}
	res, r := roll(mod, s.ID)
	if res.Code != 200 || len(r.Members) != 2 || r.Present != 0 || r.Members[0].DisplayName != "Carl Council" ||
		r.Members[0].Present || r.Members[0].CheckedInAt != nil || r.Members[0].Affiliation != "science" {
		t.Fatalf("roll %d %+v", res.Code, r)
	}
	e.sessionAction(carl, sessionPath(s.ID, "/attendance"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/attendance"), map[string]any{"user_id": formatUserID(cora)}, 200)
	_, r = roll(a.tokens["admin"], s.ID)
	if r.Present != 2 || !r.Members[0].Present || !r.Members[1].Present || r.Members[1].CheckedInAt == nil || !r.QuorumReached {
		t.Fatalf("after check-in %+v", r)
	}
	del := func(token, id, user string) *response {
		return e.do(req{method: http.MethodDelete, path: sessionPath(id, "/attendance/", user), token: token})
	}
	if res := del(mod, s.ID, formatUserID(cora)); res.Code != 200 {
		t.Fatalf("mark absent: %d %s", res.Code, res.Body)
	}
	if res := del(mod, s.ID, formatUserID(cora)); res.Code != 200 {
		t.Fatalf("mark absent twice: %d %s", res.Code, res.Body)
	}
	_, r = roll(mod, s.ID)
	if r.Present != 1 || r.Members[1].Present || r.Members[1].CheckedInAt != nil {
		t.Fatalf("after absent %+v", r)
	}
	var events int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE topic = ? AND type = 'session.attendance'", "session:"+s.ID).Scan(&events)
	if events != 3 {
		t.Fatalf("%d attendance events, want 3 (two check-ins, one absence)", events)
	}
	// Who may.
	for actor, want := range map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403,
		"official": 403, "moderator": 200, "admin": 200} {
		if res, _ := roll(a.tokens[actor], s.ID); res.Code != want {
			t.Errorf("%s roll: %d, want %d", actor, res.Code, want)
		}
		if res := del(a.tokens[actor], s.ID, formatUserID(cora)); res.Code != want {
			t.Errorf("%s absent: %d, want %d", actor, res.Code, want)
		}
		if res, _ := roll(a.tokens[actor], hidden.ID); actor == "moderator" && res.Code != 200 {
			t.Errorf("moderator roll of the non-public session: %d", res.Code)
		}
	}
	if res, _ := roll(mod, "999999"); res.Code != 404 {
		t.Fatalf("missing session: %d", res.Code)
	}
	// Closed: no more changes.
	e.sessionAction(mod, sessionPath(s.ID, "/start"), nil, 200)
	e.sessionAction(mod, sessionPath(s.ID, "/close"), nil, 200)
	if res := del(mod, s.ID, formatUserID(cora)); res.Code != 409 || res.Problem(t).Code != "session_closed" {
		t.Fatalf("absent after close: %d %s", res.Code, res.Body)
	}
	_ = carl
}

func formatUserID(u *model.User) string { return strconv.FormatInt(u.ID, 10) }
