package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestPermissionsObjects checks that resources tell each role what it may do, as the access rules say.
func TestPermissionsObjects(t *testing.T) {
	e := newEnv(t)
	officialUser, official := e.user("Perm Official", model.RoleOfficial) // department Bürgeramt
	authorUser, author := e.user("Perm Author")
	_, other := e.user("Perm Other")
	_, mod := e.user("Perm Moderator", model.RoleModerator)
	e.createProject(official, projectInput("perm-project"))
	cm := e.postComment(author, "perm-project", map[string]any{"body": "Eine Frage?", "kind": "question"})

	type perms map[string]bool
	get := func(token, path string) map[string]any {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: path, token: token})
		if res.Code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.Code, res.Body)
		}
		var body map[string]any
		res.JSON(t, &body)
		return body
	}
	check := func(name string, got any, want perms) {
		t.Helper()
		m, ok := got.(map[string]any)
		if !ok {
			t.Fatalf("%s: permissions missing: %v", name, got)
		}
		for k, v := range want {
			if m[k] != v {
				t.Errorf("%s: %s = %v, want %v", name, k, m[k], v)
			}
		}
	}
	project := "/api/v1/projects/perm-project"
	check("project/official", get(official, project)["permissions"], perms{"edit": true, "add_document": true, "record_contribution": true, "comment": true})
	check("project/resident", get(author, project)["permissions"], perms{"edit": false, "add_document": false, "comment": true})
	check("project/anonymous", get("", project)["permissions"], perms{"edit": false, "comment": false})

	comment := "/api/v1/comments/" + cm.ID
	check("comment/author", get(author, comment)["permissions"], perms{"edit": true, "delete": true, "flag": false, "vote": false, "respond": false, "moderate": false})
	check("comment/other", get(other, comment)["permissions"], perms{"edit": false, "delete": false, "flag": true, "vote": true})
	check("comment/official", get(official, comment)["permissions"], perms{"respond": true, "take": true, "moderate": false})
	check("comment/moderator", get(mod, comment)["permissions"], perms{"moderate": true, "respond": false})
	check("comment/anonymous", get("", comment)["permissions"], perms{"vote": false, "flag": false})
	e.clock.Advance(16 * 60e9) // past the edit window
	author = e.token(authorUser)
	check("comment/author later", get(author, comment)["permissions"], perms{"edit": false, "delete": true})

	official = e.token(officialUser)
	check("me/official", get(official, "/api/v1/me")["permissions"], perms{"create_project": true, "answer_questions": true, "moderate": false, "administer_users": false})
	check("me/resident", get(author, "/api/v1/me")["permissions"], perms{"create_project": false, "moderate": false})
}
