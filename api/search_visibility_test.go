package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestSearchVisibility: nothing a reader may not see is ever found — one case per rule, with the
// same rule as the lists (a comment only while published and not deleted; sessions, their agenda and
// minutes only when public). Changes take effect on the next search.
func TestSearchVisibility(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, rita := e.user("Rita Resident")
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	open := e.createProject(admin, projectInput("offen")).Slug
	pre := projectInput("vorab")
	pre["pre_moderation"] = true
	premod := e.createProject(admin, pre).Slug

	t.Run("pending comments are not found, approved ones are", func(t *testing.T) {
		c := e.postComment(rita, premod, map[string]any{"body": "Vorabprüfung ausstehend"})
		if e.found("Vorabprüfung", "comment", c.ID) {
			t.Fatal("pending comment found")
		}
		if res := e.moderate(mod, c.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
			t.Fatalf("approve: %d %s", res.Code, res.Body)
		}
		if !e.found("Vorabprüfung", "comment", c.ID) {
			t.Error("approved comment not found")
		}
	})
	for _, action := range []string{"hide", "remove"} {
		t.Run(action+": the comment disappears at once", func(t *testing.T) {
			c := e.postComment(rita, open, map[string]any{"body": "Moderationsfall " + action})
			if !e.found("Moderationsfall "+action, "comment", c.ID) {
				t.Fatal("published comment not found")
			}
			if res := e.moderate(mod, c.ID, map[string]any{"action": action, "reason": "spam"}); res.Code != http.StatusOK {
				t.Fatalf("%s: %d %s", action, res.Code, res.Body)
			}
			if e.found("Moderationsfall "+action, "comment", c.ID) {
				t.Errorf("%s comment found", action)
			}
		})
	}
	t.Run("an edited comment is found by its new text only", func(t *testing.T) {
		c := e.postComment(rita, open, map[string]any{"body": "Straßenbahnhaltestelle"})
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: rita, body: map[string]any{"body": "Bushaltestelle"}})
		if res.Code != http.StatusOK {
			t.Fatalf("edit: %d %s", res.Code, res.Body)
		}
		if e.found("Straßenbahnhaltestelle", "comment", c.ID) || !e.found("Bushaltestelle", "comment", c.ID) {
			t.Error("search does not follow the edit")
		}
	})
	t.Run("a project edit counts at once", func(t *testing.T) {
		p := e.getProject(open)
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + open, token: admin,
			header: map[string]string{"If-Match": fmt.Sprint(p.Version)}, body: map[string]any{"description": "Neu: Sprechstunde per Video."}})
		if res.Code != http.StatusOK {
			t.Fatalf("patch: %d %s", res.Code, res.Body)
		}
		if !e.found("Sprechstunde", "project", p.ID) {
			t.Error("new description not found")
		}
		if e.found("Absatz", "project", p.ID) { // projectInput's description
			t.Error("old description still found")
		}
	})
	t.Run("a comment deleted by its author is not found", func(t *testing.T) {
		c := e.postComment(rita, open, map[string]any{"body": "Zurückgezogener Gedanke"})
		if res := e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + c.ID, token: rita}); res.Code != http.StatusOK && res.Code != http.StatusNoContent {
			t.Fatalf("delete: %d %s", res.Code, res.Body)
		}
		if e.found("Zurückgezogener", "comment", c.ID) {
			t.Error("deleted comment found")
		}
	})
	t.Run("comments of a deleted account stay found, as the lists show them", func(t *testing.T) {
		_, gone := e.user("Gisela Gone")
		c := e.postComment(gone, open, map[string]any{"body": "Nachlass einer Bürgerin"})
		res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: gone, body: map[string]string{"password": "correct horse battery staple"}})
		if res.Code != http.StatusNoContent && res.Code != http.StatusOK {
			t.Fatalf("delete account: %d %s", res.Code, res.Body)
		}
		if !e.found("Nachlass", "comment", c.ID) {
			t.Error("comment of a deleted account not found")
		}
		for _, h := range e.search("Nachlass", "").Items {
			if h.Title != "Vorhaben offen" { // the project's title, never the author
				t.Errorf("hit %+v", h)
			}
		}
	})
	t.Run("non-public sessions, their agenda and minutes are not found", func(t *testing.T) {
		s, _, _ := e.heldSession(mod, carl, cora, map[string]any{"title": "Interne Klausurtagung", "visibility": "non_public"})
		e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201)
		for _, q := range []string{"Klausurtagung", "Haushalt", "veröffentlicht"} {
			if got := e.search(q, "").Items; len(got) != 0 {
				t.Errorf("%q finds %+v", q, got)
			}
		}
		// The same session in public is found, so the rule, not the data, hides it above.
		p, _, _ := e.heldSession(mod, carl, cora, map[string]any{"title": "Offene Klausurtagung"})
		if !e.found("Klausurtagung", "session", p.ID) {
			t.Error("public session not found")
		}
		if got := e.search("veröffentlicht", "type=minutes").Items; len(got) != 0 {
			t.Errorf("unpublished minutes found: %+v", got)
		}
	})
}
