package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// cachedProjectBody are the fields of a project that its inputs move.
type cachedProjectBody struct {
	Slug          string `json:"slug"`
	Title         string `json:"title"`
	Status        string `json:"status"`
	Version       int    `json:"version"`
	PriorityScore int64  `json:"priority_score"`
	CommentCount  int    `json:"comment_count"`
	SupportCount  int64  `json:"support_count"`
	SupportedByMe bool   `json:"supported_by_me"`
	Permissions   struct {
		CanEdit bool `json:"edit"`
	} `json:"permissions"`
}

// projectsRead reads a project list (query starts with "?") or, for a path without "?", a project page,
// as token (anonymous when empty); it returns the projects and the ETag.
func (e *env) projectsRead(token, path string) ([]cachedProjectBody, string) {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects" + path, token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("GET %s: %d %s", path, res.Code, res.Body)
	}
	if strings.HasPrefix(path, "?") {
		var l listBody[cachedProjectBody]
		res.JSON(e.t, &l)
		return l.Items, res.Header.Get("ETag")
	}
	var p cachedProjectBody
	res.JSON(e.t, &p)
	return []cachedProjectBody{p}, res.Header.Get("ETag")
}

func findProject(items []cachedProjectBody, slug string) *cachedProjectBody {
	for i := range items {
		if items[i].Slug == slug {
			return &items[i]
		}
	}
	return nil
}

// TestProjectCacheNeverStale: every write that changes what an anonymous project list or project page
// shows is in the very next read of the cached answers — a new project, an edit, a status change (and
// with it the filtered lists), a support, comments on the project and on its documents, a moderator's
// hide, a cycle that opens, an evaluation and an account deletion that takes a support back — and each
// moves the ETags. Signed-in readers get the same data with their own supported_by_me and permissions.
func TestProjectCacheNeverStale(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, supporterTok := e.user("Susi Supporter")
	e.createProject(admin, projectInput("schon-da"))
	const slug = "im-cache"

	reads := []string{"?limit=100", "?status=planned&limit=100", "?status=in_progress&sort=supports", "/" + slug}
	seen := map[string]map[string]string{} // read → ETag → step
	for _, r := range reads {
		seen[r] = map[string]string{}
	}
	step := func(name string, check func(r string, p *cachedProjectBody) bool) {
		t.Helper()
		for _, r := range reads {
			if r == "/"+slug && name == "start" {
				continue
			}
			for range 2 { // a build, then a cache hit that must not lose the change
				items, etag := e.projectsRead("", r)
				if !check(r, findProject(items, slug)) {
					t.Fatalf("%s: %s is not in the next read: %+v", name, r, findProject(items, slug))
				}
				if prev, ok := seen[r][etag]; ok && prev != name {
					t.Fatalf("%s: %s has the ETag %s as after %s", name, r, etag, prev)
				}
				seen[r][etag] = name
			}
		}
	}
	isList := func(r string) bool { return strings.HasPrefix(r, "?") }
	planned := func(r string) bool { return r != "?status=in_progress&sort=supports" }

	step("start", func(_ string, p *cachedProjectBody) bool { return p == nil })
	e.createProject(admin, projectInput(slug))
	step("create", func(r string, p *cachedProjectBody) bool { return (p != nil) == planned(r) })
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + slug, token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"title": "Neu betitelt"}}); res.Code != 200 {
		t.Fatalf("edit: %d %s", res.Code, res.Body)
	}
	step("edit", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == planned(r) && (p == nil || p.Title == "Neu betitelt" && p.Version == 2)
	})
	// The anonymous page's ETag serves as If-Match: it begins with the version.
	_, etag := e.projectsRead("", "/"+slug)
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + slug, token: admin,
		header: map[string]string{"If-Match": etag}, body: map[string]any{"status": "in_progress"}}); res.Code != 200 {
		t.Fatalf("status with If-Match %s: %d %s", etag, res.Code, res.Body)
	}
	inProgress := func(r string) bool { return r != "?status=planned&limit=100" }
	step("status", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.Status == "in_progress")
	})
	before := e.getProject(slug).PriorityScore
	if res := e.support(http.MethodPut, supporterTok, slug); res.Code != 204 {
		t.Fatalf("support: %d %s", res.Code, res.Body)
	}
	step("support", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.SupportCount == 1 && p.PriorityScore > before && !p.SupportedByMe)
	})
	// Signed in: the same data with the reader's own support and permissions, and no cache ETag.
	for _, r := range []string{"?limit=100", "/" + slug} {
		items, etag := e.projectsRead(supporterTok, r)
		if p := findProject(items, slug); p == nil || !p.SupportedByMe || p.SupportCount != 1 || p.Permissions.CanEdit {
			t.Fatalf("supporter's %s: %+v", r, p)
		}
		if isList(r) && etag != "" || !isList(r) && etag != `"3"` {
			t.Fatalf("supporter's %s: ETag %q", r, etag)
		}
		items, _ = e.projectsRead(admin, r)
		if p := findProject(items, slug); p == nil || p.SupportedByMe || !p.Permissions.CanEdit {
			t.Fatalf("admin's %s: %+v", r, p)
		}
	}
	c := e.postComment(resident, slug, map[string]any{"body": "Ein Beitrag"})
	step("comment", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.CommentCount == 1)
	})
	doc := e.createDocument(admin, slug, "Absatz eins.\n\nAbsatz zwei.")
	step("document", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.CommentCount == 1)
	})
	e.postComment(resident, slug, map[string]any{"body": "Zum Absatz", "document_id": doc.ID, "version": 1,
		"block_id": doc.Blocks[0].BlockID})
	step("document comment", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.CommentCount == 2)
	})
	if res := e.moderate(mod, c.ID, map[string]any{"action": "hide", "reason": "spam"}); res.Code != 200 {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	step("hide", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.CommentCount == 1)
	})
	cycle := e.createCycle(admin, 24*time.Hour, nil) // opened an hour ago: the current cycle from now on
	step("cycle", func(r string, p *cachedProjectBody) bool { return (p != nil) == inProgress(r) })
	scored := e.getProject(slug).PriorityScore
	council := e.councilMember("rat@example.org", "politics")
	if res := e.evaluate(council, cycle, slug, scores(5, nil), "gut"); res.Code != 200 {
		t.Fatalf("evaluate: %d %s", res.Code, res.Body)
	}
	step("evaluation", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.PriorityScore > scored)
	})
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: supporterTok,
		body: map[string]string{"password": "correct horse battery staple"}}); res.Code != 204 {
		t.Fatalf("delete account: %d %s", res.Code, res.Body)
	}
	step("account deletion", func(r string, p *cachedProjectBody) bool {
		return (p != nil) == inProgress(r) && (p == nil || p.SupportCount == 0)
	})
}

// TestProjectCacheETag: anonymous lists and pages carry an ETag; the same ETag in If-None-Match answers
// 304 without a body until a write changes the answer (200 with a new ETag). Searches (q) are not cached
// and carry none.
func TestProjectCacheETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	e.createProject(admin, projectInput("etag-vorhaben"))
	for _, path := range []string{"/api/v1/projects?limit=10", "/api/v1/projects/etag-vorhaben"} {
		first := e.do(req{method: http.MethodGet, path: path})
		etag := first.Header.Get("ETag")
		if first.Code != 200 || etag == "" || first.Header.Get("Cache-Control") != "private, no-cache" {
			t.Fatalf("%s: %d ETag %q Cache-Control %q", path, first.Code, etag, first.Header.Get("Cache-Control"))
		}
		same := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"If-None-Match": etag}})
		if same.Code != http.StatusNotModified || len(same.Body) != 0 || same.Header.Get("ETag") != etag {
			t.Fatalf("%s: If-None-Match %s: %d %q", path, etag, same.Code, same.Body)
		}
		if res := e.support(http.MethodPut, resident, "etag-vorhaben"); res.Code != 204 {
			t.Fatalf("support: %d", res.Code)
		}
		changed := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"If-None-Match": etag}})
		if changed.Code != 200 || changed.Header.Get("ETag") == etag {
			t.Fatalf("%s after a support: %d ETag %q", path, changed.Code, changed.Header.Get("ETag"))
		}
		if res := e.support(http.MethodDelete, resident, "etag-vorhaben"); res.Code != 200 && res.Code != 204 {
			t.Fatalf("withdraw support: %d", res.Code)
		}
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects?q=etag"}); res.Code != 200 || res.Header.Get("ETag") != "" {
		t.Fatalf("search: %d ETag %q", res.Code, res.Header.Get("ETag"))
	}
}

// TestProjectCacheGzip: the gzip bytes kept beside a cached list or page (projects and comments) decode to
// the plain bytes, and
// go out with Content-Encoding gzip and Vary: Accept-Encoding; without Accept-Encoding the plain bytes.
func TestProjectCacheGzip(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	for i := range 5 {
		in := projectInput(fmt.Sprintf("gz-%02d", i))
		in["description"] = strings.Repeat("Ein langer Absatz über das Vorhaben. ", 60)
		in["summary"] = strings.Repeat("Kurz gesagt, aber nicht zu kurz. ", 8)
		e.createProject(admin, in)
	}
	for i := range 8 {
		e.postComment(resident, "gz-00", map[string]any{"body": fmt.Sprintf("Beitrag %d: %s", i, strings.Repeat("Das finde ich gut. ", 10))})
	}
	gz := map[string]string{"Accept-Encoding": "gzip"}
	for _, path := range []string{"/api/v1/projects?limit=100", "/api/v1/projects/gz-00", "/api/v1/projects?status=planned",
		"/api/v1/projects/gz-00/comments?limit=50"} {
		for range 2 { // built, then kept
			plain := e.raw(path, nil)
			zipped := e.raw(path, gz)
			if plain.Code != 200 || plain.Header().Get("Content-Encoding") != "" || plain.Body.Len() < 1024 {
				t.Fatalf("%s plain: %d %q %d bytes", path, plain.Code, plain.Header().Get("Content-Encoding"), plain.Body.Len())
			}
			if zipped.Code != 200 || zipped.Header().Get("Content-Encoding") != "gzip" ||
				!strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") || zipped.Header().Get("ETag") != plain.Header().Get("ETag") {
				t.Fatalf("%s gzipped: %d %v", path, zipped.Code, zipped.Header())
			}
			if got := gunzip(t, zipped.Body.Bytes()); !bytes.Equal(got, plain.Body.Bytes()) {
				t.Fatalf("%s: gzip decodes to other bytes", path)
			}
		}
	}
	// Signed-in answers (not kept) are gzipped as they go.
	r := e.raw("/api/v1/projects?limit=100", map[string]string{"Accept-Encoding": "gzip", "Authorization": "Bearer " + resident})
	if r.Code != 200 || r.Header().Get("Content-Encoding") != "gzip" || !bytes.Contains(gunzip(t, r.Body.Bytes()), []byte(`"supported_by_me":false`)) {
		t.Fatalf("signed-in list: %d %v", r.Code, r.Header())
	}
}

// TestProjectCacheTwoInstances: two instances on one PostgreSQL database, each with its own caches. A
// write acknowledged by A is in the next read on B, whose caches held the list and the page before.
func TestProjectCacheTwoInstances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.secondInstance(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	const slug = "zwei-instanzen"
	e.createProject(admin, projectInput(slug))
	read := func() (list, page *cachedProjectBody) {
		items, _ := b.projectsRead("", "?limit=100")
		one, _ := b.projectsRead("", "/"+slug)
		return findProject(items, slug), &one[0]
	}
	if l, p := read(); l == nil || p.SupportCount != 0 { // B caches both
		t.Fatalf("B before: %+v %+v", l, p)
	}
	if res := e.support(http.MethodPut, resident, slug); res.Code != 204 {
		t.Fatalf("support: %d", res.Code)
	}
	if l, p := read(); l.SupportCount != 1 || p.SupportCount != 1 {
		t.Fatalf("support on A missing on B: %+v %+v", l, p)
	}
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + slug, token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"title": "Auf A geändert"}}); res.Code != 200 {
		t.Fatalf("edit: %d %s", res.Code, res.Body)
	}
	if l, p := read(); l.Title != "Auf A geändert" || p.Title != "Auf A geändert" {
		t.Fatalf("edit on A missing on B: %+v %+v", l, p)
	}
	e.postComment(resident, slug, map[string]any{"body": "Über A"})
	if l, p := read(); l.CommentCount != 1 || p.CommentCount != 1 {
		t.Fatalf("comment on A missing on B: %+v %+v", l, p)
	}
}
