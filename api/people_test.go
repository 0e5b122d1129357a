package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Links to a comment (issue 10, item 8): notifications carry the document of a block comment, the public
// moderation log says where a comment can be read while it is public and nothing while it is not.
func TestCommentLinksInNotificationsAndLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	block := e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Absatz", "document_id": s.doc.ID, "version": 1,
		"block_id": s.doc.Blocks[0].BlockID})
	top := e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Vorhaben"})
	e.postComment(s.admin, s.slug, map[string]any{"body": "Antwort am Absatz", "parent_id": block.ID})
	e.postComment(s.admin, s.slug, map[string]any{"body": "Antwort am Vorhaben", "parent_id": top.ID})

	var l struct {
		Items []struct {
			CommentID  *string `json:"comment_id"`
			DocumentID *string `json:"document_id"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/notifications", token: s.resident}).JSON(t, &l)
	if len(l.Items) != 2 || l.Items[0].DocumentID != nil || l.Items[1].DocumentID == nil || *l.Items[1].DocumentID != s.doc.ID {
		t.Fatalf("notifications: %+v", l.Items)
	}

	if res := e.moderate(mod, block.ID, map[string]any{"action": "hide", "reason": "off_topic"}); res.Code != http.StatusOK {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + block.ID + "/appeal", token: s.resident}); res.Code != http.StatusNoContent {
		t.Fatalf("appeal: %d %s", res.Code, res.Body)
	}
	if res := e.moderate(mod, block.ID, map[string]any{"action": "restore"}); res.Code != http.StatusOK {
		t.Fatalf("restore: %d %s", res.Code, res.Body)
	}
	if res := e.moderate(mod, top.ID, map[string]any{"action": "hide", "reason": "off_topic"}); res.Code != http.StatusOK {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	var log struct {
		Items []struct {
			CommentID string `json:"comment_id"`
			Target    *struct {
				ProjectSlug string  `json:"project_slug"`
				DocumentID  *string `json:"document_id"`
			} `json:"target"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/moderation/log"}).JSON(t, &log)
	if len(log.Items) != 3 {
		t.Fatalf("log: %+v", log.Items)
	}
	// The entries of a comment that is public again (hidden, then restored) both link to it.
	hidden, approved := log.Items[0], log.Items[2]
	if hidden.CommentID != top.ID || hidden.Target != nil {
		t.Errorf("a hidden comment is linked: %+v", hidden)
	}
	if approved.CommentID != block.ID || approved.Target == nil || approved.Target.ProjectSlug != s.slug ||
		approved.Target.DocumentID == nil || *approved.Target.DocumentID != s.doc.ID {
		t.Errorf("the published block comment: %+v", approved)
	}
}

// Public accountability (issue 10, item 9): the response times per project and per department are open to
// everybody, anonymous readers included, carry the project's title and hold aggregates only.
func TestPublicResponseTimes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	adminUser, admin := e.user("Ada Admin", model.RoleAdmin)
	residentUser, resident := e.user("Rita Geheimname")
	officialUser, _ := e.user("Olga Official", model.RoleOfficial)
	a := e.createProject(admin, projectInput("projekt-a")).Slug
	in := projectInput("projekt-b")
	in["owner_unit"] = "Stadtplanungsamt"
	b := e.createProject(admin, in).Slug
	e.createProject(admin, projectInput("ohne-fragen"))
	ask := func(slug string) string {
		return e.postComment(resident, slug, map[string]any{"body": "Geheime Frage?", "kind": "question"}).ID
	}
	q1 := ask(a)
	ask(a)
	ask(b)
	e.clock.Advance(24 * time.Hour)
	if res := e.respond(e.token(officialUser), q1, "Antwort"); res.Code != http.StatusCreated {
		t.Fatalf("respond: %d %s", res.Code, res.Body)
	}
	_, official := e.user("Otto Official", model.RoleOfficial)
	for _, tok := range []string{"", e.token(residentUser), official, e.token(adminUser)} {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/response-times/projects", token: tok})
		if res.Code != http.StatusOK {
			t.Fatalf("by project as %q: %d %s", tok, res.Code, res.Body)
		}
		for _, secret := range []string{"Geheim", "Rita", "Olga"} {
			if strings.Contains(string(res.Body), secret) {
				t.Errorf("by project shows %q", secret)
			}
		}
		var l struct {
			Items []struct {
				Project   string `json:"project"`
				Title     string `json:"title"`
				OwnerUnit string `json:"owner_unit"`
				Questions int    `json:"questions"`
				Answered  int    `json:"answered"`
				Open      int    `json:"open"`
				Median    *int64 `json:"median_response_seconds"`
			} `json:"items"`
		}
		res.JSON(t, &l)
		if len(l.Items) != 2 || l.Items[0].Project != a || l.Items[0].Title != "Vorhaben projekt-a" || l.Items[0].Questions != 2 ||
			l.Items[0].Answered != 1 || l.Items[0].Open != 1 || l.Items[0].Median == nil || l.Items[1].Project != b ||
			l.Items[1].OwnerUnit != "Stadtplanungsamt" || l.Items[1].Open != 1 || l.Items[1].Median != nil {
			t.Errorf("by project: %+v", l.Items)
		}
	}
	var d struct {
		Items []struct {
			Department string   `json:"department"`
			Projects   int      `json:"projects"`
			Questions  int      `json:"questions"`
			Answered   int      `json:"answered"`
			Open       int      `json:"open"`
			Within14   *float64 `json:"answered_within_14_days"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/response-times/departments"}).JSON(t, &d)
	if len(d.Items) != 2 || d.Items[0].Department != "Bürgeramt" || d.Items[0].Projects != 1 || d.Items[0].Questions != 2 ||
		d.Items[0].Answered != 1 || d.Items[0].Within14 == nil || *d.Items[0].Within14 != 0.5 ||
		d.Items[1].Department != "Stadtplanungsamt" || d.Items[1].Open != 1 {
		t.Errorf("by department: %+v", d.Items)
	}
}

// Role badges (issue 10, item 4): comment authors carry their public roles in threads, the moderation
// queue and notifications — council with affiliation, official with department, moderator; residents none.
func TestAuthorBadges(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, council := e.user("Clara Council", model.RoleCouncil)
	e.db.Gorm.Model(&model.User{}).Where("display_name = ?", "Clara Council").Update("affiliation", "science")
	_, official := e.user("Olga Official", model.RoleOfficial)
	e.db.Gorm.Model(&model.User{}).Where("display_name = ?", "Olga Official").Update("department", "Bürgeramt")
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	top := e.postComment(s.resident, s.slug, map[string]any{"body": "Bürgerstimme"})
	e.postComment(council, s.slug, map[string]any{"body": "Aus der Wissenschaft", "parent_id": top.ID})
	e.postComment(official, s.slug, map[string]any{"body": "Aus dem Amt", "parent_id": top.ID})
	e.postComment(mod, s.slug, map[string]any{"body": "Aus der Moderation", "parent_id": top.ID})

	type badge struct {
		Role        string  `json:"role"`
		Affiliation *string `json:"affiliation"`
		Department  *string `json:"department"`
	}
	type author struct {
		DisplayName string  `json:"display_name"`
		Badges      []badge `json:"badges"`
	}
	var l struct {
		Items []struct {
			Author  *author `json:"author"`
			Replies []struct {
				Author *author `json:"author"`
			} `json:"replies"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comments?sort=old"}).JSON(t, &l)
	if len(l.Items) != 1 || len(l.Items[0].Replies) != 3 || len(l.Items[0].Author.Badges) != 0 {
		t.Fatalf("thread: %+v", l.Items)
	}
	want := []badge{{Role: "council"}, {Role: "official"}, {Role: "moderator"}}
	for i, r := range l.Items[0].Replies {
		if len(r.Author.Badges) != 1 || r.Author.Badges[0].Role != want[i].Role {
			t.Errorf("reply %d: %+v", i, r.Author)
		}
	}
	if b := l.Items[0].Replies[0].Author.Badges[0]; b.Affiliation == nil || *b.Affiliation != "science" || b.Department != nil {
		t.Errorf("council badge: %+v", b)
	}
	if b := l.Items[0].Replies[1].Author.Badges[0]; b.Department == nil || *b.Department != "Bürgeramt" || b.Affiliation != nil {
		t.Errorf("official badge: %+v", b)
	}
	var n struct {
		Items []struct {
			Type   string  `json:"type"`
			Author *author `json:"author"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/notifications", token: s.resident}).JSON(t, &n)
	if len(n.Items) != 3 || n.Items[2].Author == nil || n.Items[2].Author.DisplayName != "Clara Council" ||
		len(n.Items[2].Author.Badges) != 1 || n.Items[2].Author.Badges[0].Role != "council" {
		t.Errorf("notifications: %+v", n.Items)
	}
}
