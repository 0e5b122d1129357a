package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// The project list answers summaries: the long texts only come with the project itself.
func TestProjectListAnswersSummaries(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	in := projectInput("zusammenfassung")
	in["description"] = "Ein **langer** Text."
	in["plain_summary"] = "In Leichter Sprache."
	e.createProject(admin, in)

	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects"})
	if res.Code != http.StatusOK {
		t.Fatalf("list: %d %s", res.Code, res.Body)
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	res.JSON(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("want 1 project, got %d", len(list.Items))
	}
	item := list.Items[0]
	for _, long := range []string{"description", "description_html", "plain_summary"} {
		if _, ok := item[long]; ok {
			t.Errorf("a list item carries %s", long)
		}
	}
	for _, kept := range []string{"slug", "title", "summary", "status", "owner_unit", "comment_count", "support_count", "supported_by_me", "permissions"} {
		if _, ok := item[kept]; !ok {
			t.Errorf("a list item lacks %s", kept)
		}
	}

	var one map[string]any
	got := e.do(req{method: http.MethodGet, path: "/api/v1/projects/zusammenfassung"})
	got.JSON(t, &one)
	if one["description"] != "Ein **langer** Text." || one["plain_summary"] != "In Leichter Sprache." || one["description_html"] == "" {
		t.Errorf("the project lost its long texts: %v", one)
	}
}
