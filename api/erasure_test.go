package api_test

import (
	"context"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

func TestExportAndDeleteMe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, voter := e.user("Vera Voter")
	mine := e.postComment(s.resident, s.slug, map[string]any{"body": "Mein Beitrag", "stance": "pro"})
	other := e.postComment(voter, s.slug, map[string]any{"body": "Anderer Beitrag"})
	if res := e.vote(s.resident, other.ID, 1); res.Code != 200 {
		t.Fatalf("vote: %d %s", res.Code, res.Body)
	}

	t.Run("export needs a login", func(t *testing.T) {
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me/export"}); res.Code != 401 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("export holds profile, comments and votes", func(t *testing.T) {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/me/export", token: s.resident})
		if res.Code != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("got %d %v", res.Code, res.Header)
		}
		var x struct {
			User     struct{ Email string }
			Comments []struct{ ID, Body string }
			Votes    []struct {
				CommentID string `json:"comment_id"`
				Value     int
			}
		}
		res.JSON(t, &x)
		if x.User.Email != "rita.resident@example.org" || len(x.Comments) != 1 || x.Comments[0].ID != mine.ID ||
			x.Comments[0].Body != "Mein Beitrag" || len(x.Votes) != 1 || x.Votes[0].CommentID != other.ID {
			t.Fatalf("export incomplete: %+v", x)
		}
	})
	t.Run("wrong password changes nothing", func(t *testing.T) {
		res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: s.resident, body: map[string]string{"password": "falsch-falsch-falsch"}})
		if res.Code != 422 || !res.Problem(t).HasField("password") {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: s.resident}); res.Code != 200 {
			t.Fatalf("account gone after a wrong password: %d", res.Code)
		}
	})
	t.Run("delete keeps comments without author and takes back votes", func(t *testing.T) {
		res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: s.resident, body: map[string]string{"password": "correct horse battery staple"}})
		if res.Code != 204 {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: s.resident}); res.Code != 401 {
			t.Fatalf("token of a deleted account still works: %d", res.Code)
		}
		list := e.listComments("", s.slug, "?sort=old")
		var found bool
		for _, c := range list.Items {
			switch c.ID {
			case mine.ID:
				found = true
				if c.Author != nil || c.Body != "Mein Beitrag" {
					t.Errorf("own comment after deletion: %+v", c)
				}
			case other.ID:
				if c.Up != 0 {
					t.Errorf("vote of the deleted account still counted: up=%d", c.Up)
				}
			}
		}
		if !found {
			t.Error("comment of the deleted account vanished")
		}
	})
	t.Run("the last admin cannot delete their account", func(t *testing.T) {
		res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: s.admin, body: map[string]string{"password": "correct horse battery staple"}})
		if res.Code != 409 || res.Problem(t).Code != "last_admin" {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
		_, _ = e.user("Second Admin", model.RoleAdmin)
		res = e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: s.admin, body: map[string]string{"password": "correct horse battery staple"}})
		if res.Code != 204 {
			t.Fatalf("with a second admin: got %d %s", res.Code, res.Body)
		}
	})
}

// The export holds supports, poll participation and evaluations too: the choice of a named council vote,
// but for a secret poll only that the user voted (nothing else is stored).
func TestExportHoldsSupportsPollsAndEvaluations(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	member := e.councilMember("rat.export@example.org", "science")
	if res := e.support(http.MethodPut, member, s.slug); res.Code != 204 {
		t.Fatalf("support: %d %s", res.Code, res.Body)
	}
	secret := e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "Geheim?"}), true)
	named := e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "Namentlich?", "audience": "council",
		"secrecy": "named"}), true)
	if res := e.ballot(member, secret.ID, secret.Options[1].ID); res.Code != 201 {
		t.Fatalf("secret ballot: %d %s", res.Code, res.Body)
	}
	if res := e.ballot(member, named.ID, named.Options[2].ID); res.Code != 201 {
		t.Fatalf("named ballot: %d %s", res.Code, res.Body)
	}
	cycle := e.createCycle(s.admin, 24*time.Hour, map[string]any{"title": "Evaluation 2026–2029"})
	if res := e.evaluate(member, cycle, s.slug, scores(4, map[string]int{"overall": 2}), "Solide"); res.Code != 200 {
		t.Fatalf("evaluate: %d %s", res.Code, res.Body)
	}

	res := e.do(req{method: http.MethodGet, path: "/api/v1/me/export", token: member})
	if res.Code != 200 {
		t.Fatalf("export: %d %s", res.Code, res.Body)
	}
	var x struct {
		Supports []struct{ Project string }
		Polls    []struct {
			PollID   string `json:"poll_id"`
			Question string
			Secrecy  string
			Project  *string
			Choices  []string
		}
		Evaluations []struct {
			CycleID string `json:"cycle_id"`
			Cycle   string
			Project string
			Group   string
			Scores  map[string]int
			Comment string
		}
	}
	res.JSON(t, &x)
	if len(x.Supports) != 1 || x.Supports[0].Project != s.slug {
		t.Errorf("supports: %+v", x.Supports)
	}
	if len(x.Polls) != 2 {
		t.Fatalf("polls: %+v", x.Polls)
	}
	for _, p := range x.Polls {
		if p.Project == nil || *p.Project != s.slug {
			t.Errorf("poll %s without its project: %+v", p.Question, p)
		}
		switch p.PollID {
		case secret.ID:
			if p.Secrecy != "secret" || len(p.Choices) != 0 {
				t.Errorf("a secret poll's export reveals choices: %+v", p)
			}
		case named.ID:
			if p.Secrecy != "named" || len(p.Choices) != 1 || p.Choices[0] != named.Options[2].Label {
				t.Errorf("named vote: %+v", p)
			}
		default:
			t.Errorf("unknown poll %+v", p)
		}
	}
	if len(x.Evaluations) != 1 {
		t.Fatalf("evaluations: %+v", x.Evaluations)
	}
	ev := x.Evaluations[0]
	if ev.CycleID != cycle || ev.Cycle != "Evaluation 2026–2029" || ev.Project != s.slug || ev.Group != "council" ||
		ev.Comment != "Solide" || ev.Scores["overall"] != 2 || ev.Scores["efficiency"] != 4 || len(ev.Scores) != 6 {
		t.Errorf("evaluation: %+v", ev)
	}

	// Deleting the account withdraws the support, with a live event carrying the new count.
	res = e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: member, body: map[string]string{"password": "correct horse battery staple"}})
	if res.Code != 204 {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	if v := e.supportView("", s.slug); v.SupportCount != 0 {
		t.Errorf("support_count after the supporter's deletion: %d", v.SupportCount)
	}
	evs, err := store.NewEvents(e.db.Gorm).After(context.Background(), 0, math.MaxInt64, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var last string
	for _, ev := range evs {
		if ev.Type == "project.supports" && ev.Topic == "project:"+s.slug {
			last = ev.Payload
		}
	}
	if !strings.Contains(last, `"support_count":0`) {
		t.Errorf("last project.supports event %q, want the count 0", last)
	}

	// A resident who did none of it gets empty lists, not nulls.
	res = e.do(req{method: http.MethodGet, path: "/api/v1/me/export", token: s.resident})
	if body := string(res.Body); !strings.Contains(body, `"supports":[]`) || !strings.Contains(body, `"polls":[]`) ||
		!strings.Contains(body, `"evaluations":[]`) {
		t.Errorf("empty export lists: %s", body)
	}
}
