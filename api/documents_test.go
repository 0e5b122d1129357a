package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

type blockBody struct {
	BlockID string `json:"block_id"`
	Kind    string `json:"kind"`
	HTML    string `json:"html"`
	Changed bool   `json:"changed"`
}

type documentBody struct {
	ID            string      `json:"id"`
	ProjectSlug   string      `json:"project_slug"`
	Kind          string      `json:"kind"`
	Title         string      `json:"title"`
	LatestVersion int         `json:"latest_version"`
	Version       int         `json:"version"`
	Markdown      string      `json:"markdown"`
	ChangeNote    string      `json:"change_note"`
	AuthorName    *string     `json:"author_name"`
	Blocks        []blockBody `json:"blocks"`
}

type versionBody struct {
	Number     int     `json:"number"`
	AuthorName *string `json:"author_name"`
	ChangeNote string  `json:"change_note"`
}

// createDocument creates a concept document and fails the test unless it answers 201.
func (e *env) createDocument(token, slug, md string) documentBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/documents", token: token,
		body: map[string]any{"kind": "concept", "title": "Konzept", "markdown": md}})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create document: %d %s", res.Code, res.Body)
	}
	var d documentBody
	res.JSON(e.t, &d)
	return d
}

// getDocument loads a document version (0: the newest).
func (e *env) getDocument(id string, version int) documentBody {
	e.t.Helper()
	path := "/api/v1/documents/" + id
	if version > 0 {
		path += fmt.Sprintf("?version=%d", version)
	}
	res := e.do(req{method: http.MethodGet, path: path})
	if res.Code != http.StatusOK {
		e.t.Fatalf("get document: %d %s", res.Code, res.Body)
	}
	var d documentBody
	res.JSON(e.t, &d)
	return d
}

func blockIDs(d documentBody) []string {
	var out []string
	for _, b := range d.Blocks {
		out = append(out, b.BlockID)
	}
	return out
}

func TestDocumentVersionsKeepBlockIDs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, official := e.user("Olga Official", model.RoleOfficial)
	p := e.createProject(official, projectInput("dokumente"))
	v1md := "## Ziel\n\nErster Absatz.\n\nZweiter Absatz.\n\n- Punkt eins\n- Punkt zwei\n\nGleicher Text.\n\nGleicher Text."
	d := e.createDocument(official, p.Slug, v1md)
	if d.Version != 1 || d.LatestVersion != 1 || len(d.Blocks) != 7 || d.ProjectSlug != p.Slug {
		t.Fatalf("created: %+v", d)
	}
	for _, b := range d.Blocks {
		if b.Changed || len(b.BlockID) != 10 {
			t.Errorf("version 1 block: %+v", b)
		}
	}
	kinds := []string{}
	for _, b := range d.Blocks {
		kinds = append(kinds, b.Kind)
	}
	if !slices.Equal(kinds, []string{"heading", "paragraph", "paragraph", "list_item", "list_item", "paragraph", "paragraph"}) {
		t.Fatalf("kinds %v", kinds)
	}
	old := blockIDs(d)
	if old[5] == old[6] {
		t.Fatal("two blocks share an id")
	}

	post := func(ifMatch, md string) *response {
		h := map[string]string{}
		if ifMatch != "" {
			h["If-Match"] = ifMatch
		}
		return e.do(req{method: http.MethodPost, path: "/api/v1/documents/" + d.ID + "/versions", token: official,
			header: h, body: map[string]any{"markdown": md, "change_note": "Absatz zwei überarbeitet"}})
	}
	// Change the second paragraph, drop the first of the identical pair's twin, add a paragraph at the end.
	v2md := "## Ziel\n\nErster Absatz.\n\nZweiter Absatz, überarbeitet.\n\n- Punkt eins\n- Punkt zwei\n\nGleicher Text.\n\nGleicher Text.\n\nNeuer Absatz."
	if res := post("", v2md); res.Code != 428 || res.Problem(t).Code != "if_match_required" {
		t.Fatalf("without If-Match: %d %s", res.Code, res.Body)
	}
	if res := post(`"2"`, v2md); res.Code != 412 || res.Problem(t).Code != "version_mismatch" {
		t.Fatalf("stale If-Match: %d %s", res.Code, res.Body)
	}
	res := post(`W/"1"`, v2md)
	if res.Code != 201 || res.Header.Get("ETag") != `"2"` {
		t.Fatalf("new version: %d %s %s", res.Code, res.Header.Get("ETag"), res.Body)
	}
	var v2 documentBody
	res.JSON(t, &v2)
	ids := blockIDs(v2)
	if len(ids) != 8 || v2.Version != 2 || v2.LatestVersion != 2 {
		t.Fatalf("version 2: %+v", v2)
	}
	for _, i := range []int{0, 1, 3, 4, 5, 6} {
		if ids[i] != old[i] {
			t.Errorf("unchanged block %d got a new id", i)
		}
		if v2.Blocks[i].Changed {
			t.Errorf("unchanged block %d marked changed", i)
		}
	}
	for _, i := range []int{2, 7} {
		if slices.Contains(old, ids[i]) || !v2.Blocks[i].Changed {
			t.Errorf("changed or added block %d: id %s changed %v", i, ids[i], v2.Blocks[i].Changed)
		}
	}
	if !strings.Contains(v2.Blocks[2].HTML, "überarbeitet") {
		t.Errorf("block html: %s", v2.Blocks[2].HTML)
	}

	again := e.getDocument(d.ID, 1)
	if again.Version != 1 || again.LatestVersion != 2 || !slices.Equal(blockIDs(again), old) || again.Markdown != v1md {
		t.Fatalf("version 1 after the change: %+v", again)
	}
	if latest := e.getDocument(d.ID, 0); latest.Version != 2 || !slices.Equal(blockIDs(latest), ids) {
		t.Fatalf("latest: %+v", latest)
	}

	res = e.do(req{method: http.MethodGet, path: "/api/v1/documents/" + d.ID + "/versions"})
	var versions listBody[versionBody]
	res.JSON(t, &versions)
	if len(versions.Items) != 2 || versions.Items[0].Number != 2 || versions.Items[1].Number != 1 ||
		versions.Items[0].AuthorName == nil || *versions.Items[0].AuthorName != "Olga Official" ||
		versions.Items[0].ChangeNote != "Absatz zwei überarbeitet" {
		t.Fatalf("versions: %s", res.Body)
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/documents/" + d.ID + "/versions?limit=1"})
	var page listBody[versionBody]
	res.JSON(t, &page)
	if page.NextCursor == nil {
		t.Fatal("no next cursor")
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/documents/" + d.ID + "/versions?limit=1&cursor=" + *page.NextCursor})
	res.JSON(t, &page)
	if len(page.Items) != 1 || page.Items[0].Number != 1 || page.NextCursor != nil {
		t.Fatalf("second page: %s", res.Body)
	}

	res = e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + p.Slug + "/documents"})
	var docs listBody[documentBody]
	res.JSON(t, &docs)
	if len(docs.Items) != 1 || docs.Items[0].LatestVersion != 2 || docs.Items[0].Title != "Konzept" {
		t.Fatalf("documents: %s", res.Body)
	}

	for _, tc := range []struct {
		path string
		code int
	}{
		{"/api/v1/documents/" + d.ID + "?version=3", 404},
		{"/api/v1/documents/" + d.ID + "?version=0", 422},
		{"/api/v1/documents/" + d.ID + "?version=zwei", 422},
		{"/api/v1/documents/999999", 404},
		{"/api/v1/documents/abc", 404},
		{"/api/v1/documents/999999/versions", 404},
	} {
		if res := e.do(req{method: http.MethodGet, path: tc.path}); res.Code != tc.code {
			t.Errorf("%s: %d, want %d", tc.path, res.Code, tc.code)
		}
	}
}

func TestDocumentValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	e.createProject(admin, projectInput("doku-pruefung"))
	tests := []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"unknown kind", map[string]any{"kind": "memo", "title": "x", "markdown": "y"}, 422, "kind"},
		{"missing title", map[string]any{"kind": "report", "markdown": "y"}, 422, "title"},
		{"blank title", map[string]any{"kind": "report", "title": "  ", "markdown": "y"}, 422, "title"},
		{"missing markdown", map[string]any{"kind": "report", "title": "x"}, 422, "markdown"},
		{"malformed", `{"kind":`, 400, ""},
		{"too large", `{"markdown": "` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/doku-pruefung/documents", token: admin, body: tc.body})
			if res.Code != tc.code {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.code, res.Body)
			}
			if tc.field != "" && !res.Problem(t).HasField(tc.field) {
				t.Fatalf("problem does not name %s: %s", tc.field, res.Body)
			}
		})
	}
}

func TestDocumentBlocksAreSanitised(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	e.createProject(admin, projectInput("doku-sicher"))
	d := e.createDocument(admin, "doku-sicher", "Start.")
	res := e.do(req{method: http.MethodPost, path: "/api/v1/documents/" + d.ID + "/versions", token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"markdown": xssPayloads}})
	if res.Code != 201 {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	for _, doc := range []documentBody{e.createDocument(admin, "doku-sicher", xssPayloads), e.getDocument(d.ID, 2)} {
		if len(doc.Blocks) == 0 {
			t.Fatal("no blocks")
		}
		for _, b := range doc.Blocks {
			assertInert(t, b.HTML)
		}
	}
}
