package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// overviewParts are the routes the project overview stands for, by the overview's field.
var overviewParts = map[string]string{
	"project":        "",
	"documents":      "/documents?limit=100",
	"comments":       "/comments?document=none&sort=new&limit=50",
	"comment_counts": "/comment-counts",
}

// overview reads a project's overview as token (anonymous when empty) and returns its parts.
func (e *env) overview(token, slug string) map[string]json.RawMessage {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/overview", token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("overview %s: %d %s", slug, res.Code, res.Body)
	}
	var parts map[string]json.RawMessage
	res.JSON(e.t, &parts)
	return parts
}

// sameJSON compares two JSON documents by value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}

// TestProjectOverview: the overview holds, for each reader, exactly what the four routes it stands for
// answer that reader — anonymous readers (from the page caches), the author of a pending comment (who
// sees it, nobody else does), a resident with a vote and a support (my_vote, supported_by_me) and the
// admin (permissions) — and it follows writes at once. An unknown project is a 404 problem.
func TestProjectOverview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, author := e.user("Rita Resident")
	_, voter := e.user("Vera Voter")
	_, moderator := e.user("Mona Moderator", model.RoleModerator)
	in := projectInput("ueberblick")
	in["pre_moderation"] = true
	slug := e.createProject(admin, in).Slug
	doc := e.createDocument(admin, slug, "Absatz eins.\n\nAbsatz zwei.")

	published := e.postComment(author, slug, map[string]any{"body": "Sichtbar für alle"})
	if res := e.moderate(moderator, published.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	onBlock := e.postComment(author, slug, map[string]any{"body": "Zum Absatz", "document_id": doc.ID, "version": 1,
		"block_id": doc.Blocks[0].BlockID})
	if res := e.moderate(moderator, onBlock.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	pending := e.postComment(author, slug, map[string]any{"body": "Noch in Prüfung"})
	if res := e.vote(voter, published.ID, 1); res.Code != http.StatusOK {
		t.Fatalf("vote: %d %s", res.Code, res.Body)
	}
	if res := e.support(http.MethodPut, voter, slug); res.Code != http.StatusNoContent {
		t.Fatalf("support: %d %s", res.Code, res.Body)
	}

	check := func(who, token string) map[string]json.RawMessage {
		t.Helper()
		parts := e.overview(token, slug)
		if len(parts) != len(overviewParts) {
			t.Fatalf("%s: overview has %d parts, want %d", who, len(parts), len(overviewParts))
		}
		for field, route := range overviewParts {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + route, token: token})
			if res.Code != http.StatusOK {
				t.Fatalf("%s: GET %s: %d %s", who, route, res.Code, res.Body)
			}
			if !sameJSON(t, parts[field], res.Body) {
				t.Errorf("%s: overview's %s differs from GET …%s:\n%s\n%s", who, field, route, parts[field], res.Body)
			}
		}
		return parts
	}
	readers := map[string]string{"anonymous": "", "author": author, "voter": voter, "admin": admin}
	got := map[string]map[string]json.RawMessage{}
	for who, token := range readers {
		got[who] = check(who, token)
	}

	// The parts carry what makes them differ between readers (so the comparison above could fail).
	var anonComments, authorComments, voterComments listBody[commentBody]
	_ = json.Unmarshal(got["anonymous"]["comments"], &anonComments)
	_ = json.Unmarshal(got["author"]["comments"], &authorComments)
	_ = json.Unmarshal(got["voter"]["comments"], &voterComments)
	if len(anonComments.Items) != 1 || anonComments.Items[0].ID != published.ID {
		t.Errorf("anonymous comments = %+v, want only the published one on the project itself", anonComments.Items)
	}
	if len(authorComments.Items) != 2 || authorComments.Items[0].ID != pending.ID {
		t.Errorf("author's comments = %+v, want the pending one first, then the published", authorComments.Items)
	}
	if len(voterComments.Items) != 1 || voterComments.Items[0].MyVote != 1 {
		t.Errorf("voter's comments = %+v, want the published one with my_vote 1", voterComments.Items)
	}
	var anonProject, voterProject supportBody
	_ = json.Unmarshal(got["anonymous"]["project"], &anonProject)
	_ = json.Unmarshal(got["voter"]["project"], &voterProject)
	if anonProject.SupportedByMe || !voterProject.SupportedByMe || voterProject.SupportCount != 1 {
		t.Errorf("supported_by_me: anonymous %+v, voter %+v", anonProject, voterProject)
	}
	var counts countsBody
	_ = json.Unmarshal(got["anonymous"]["comment_counts"], &counts)
	if counts.Project != 1 || len(counts.Blocks) != 1 || counts.Blocks[0].DocumentID != doc.ID {
		t.Errorf("counts = %+v, want 1 on the project itself, 1 on a block of the document", counts)
	}
	if !strings.Contains(string(got["anonymous"]["documents"]), doc.ID) {
		t.Errorf("documents = %s, want the document %s", got["anonymous"]["documents"], doc.ID)
	}

	// A write shows in the next overview (the cached parts are never stale).
	if res := e.moderate(moderator, pending.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	after := check("anonymous after an approval", "")
	var l listBody[commentBody]
	_ = json.Unmarshal(after["comments"], &l)
	if len(l.Items) != 2 || l.Items[0].ID != pending.ID {
		t.Errorf("anonymous comments after the approval = %+v, want the approved one first", l.Items)
	}

	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht/overview"})
	if res.Code != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("unknown project: %d %s %s", res.Code, res.Header.Get("Content-Type"), res.Body)
	}
}
