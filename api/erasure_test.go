package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
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
