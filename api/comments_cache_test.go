package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// anonPage reads the first comment page of slug anonymously (query starts with "?" or is empty).
func (e *env) anonPage(slug, query string) (listBody[commentBody], string) {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/comments" + query})
	if res.Code != http.StatusOK {
		e.t.Fatalf("list comments: %d %s", res.Code, res.Body)
	}
	var l listBody[commentBody]
	res.JSON(e.t, &l)
	return l, res.Header.Get("ETag")
}

func findComment(items []commentBody, id string) *commentBody {
	for i := range items {
		if items[i].ID == id {
			return &items[i]
		}
		if c := findComment(items[i].Replies, id); c != nil {
			return c
		}
	}
	return nil
}

// TestCommentPageCacheNeverStale: every write that changes what an anonymous comment page shows is in the
// very next read of the cached page — a new comment, a reply, an edit, a vote, a moderator's hide, a new
// document version, a display-name change and an account deletion — and each moves the page's ETag.
func TestCommentPageCacheNeverStale(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, voter := e.user("Vera Voter")
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	block := s.doc.Blocks[1].BlockID

	_, etag0 := e.anonPage(s.slug, "") // an empty page, now cached
	etags := map[string]string{"start": etag0}
	step := func(name string, check func(items []commentBody) bool, query string) {
		t.Helper()
		l, etag := e.anonPage(s.slug, query)
		if !check(l.Items) {
			t.Fatalf("%s: not in the next read: %+v", name, l.Items)
		}
		if query == "" {
			for prev, tag := range etags {
				if tag == etag {
					t.Fatalf("%s: ETag %s as after %s", name, etag, prev)
				}
			}
			etags[name] = etag
		}
		// The same page again: a cache hit that must not lose the change.
		if l2, _ := e.anonPage(s.slug, query); !check(l2.Items) {
			t.Fatalf("%s: lost on the second read", name)
		}
	}

	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Erster Beitrag"})
	step("create", func(items []commentBody) bool { return findComment(items, c.ID) != nil }, "")
	r := e.postComment(voter, s.slug, map[string]any{"body": "Eine Antwort", "parent_id": c.ID})
	step("reply", func(items []commentBody) bool { return findComment(items, r.ID) != nil }, "")
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: s.resident,
		body: map[string]any{"body": "Erster Beitrag, verbessert"}}); res.Code != 200 {
		t.Fatalf("edit: %d %s", res.Code, res.Body)
	}
	step("edit", func(items []commentBody) bool {
		x := findComment(items, c.ID)
		return x != nil && x.Body == "Erster Beitrag, verbessert" && x.Edited
	}, "")
	if res := e.vote(voter, c.ID, 1); res.Code != 200 {
		t.Fatalf("vote: %d %s", res.Code, res.Body)
	}
	step("vote", func(items []commentBody) bool {
		x := findComment(items, c.ID)
		return x != nil && x.Up == 1 && x.MyVote == 0
	}, "")
	// Signed in: the cached page with the reader's own vote.
	if x := findComment(e.listComments(voter, s.slug, "").Items, c.ID); x == nil || x.MyVote != 1 || x.Up != 1 {
		t.Fatalf("voter's page: %+v", x)
	}
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: s.resident,
		body: map[string]string{"display_name": "Rita Umbenannt"}}); res.Code != 200 {
		t.Fatalf("display name: %d %s", res.Code, res.Body)
	}
	step("display name", func(items []commentBody) bool {
		x := findComment(items, c.ID)
		return x != nil && x.Author != nil && x.Author.DisplayName == "Rita Umbenannt"
	}, "")
	if res := e.moderate(mod, r.ID, map[string]any{"action": "hide", "reason": "spam"}); res.Code != 200 {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	step("hide", func(items []commentBody) bool {
		x := findComment(items, r.ID)
		return x != nil && x.Status == "hidden" && x.Body == ""
	}, "")
	onBlock := e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Absatz", "document_id": s.doc.ID, "version": 1, "block_id": block})
	step("block comment", func(items []commentBody) bool {
		x := findComment(items, onBlock.ID)
		return x != nil && !x.OnEarlierVersion
	},
		"?document="+s.doc.ID)
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/documents/" + s.doc.ID + "/versions", token: s.admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"markdown": "Absatz eins.\n\nAbsatz zwei, neu.\n\nAbsatz drei."}}); res.Code != 201 {
		t.Fatalf("new version: %d %s", res.Code, res.Body)
	}
	step("new version (document page)", func(items []commentBody) bool {
		x := findComment(items, onBlock.ID)
		return x != nil && x.OnEarlierVersion
	}, "?document="+s.doc.ID)
	step("new version (project page)", func(items []commentBody) bool {
		x := findComment(items, onBlock.ID)
		return x != nil && x.OnEarlierVersion
	}, "")
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: s.resident,
		body: map[string]string{"password": "correct horse battery staple"}}); res.Code != 204 {
		t.Fatalf("delete account: %d %s", res.Code, res.Body)
	}
	step("account deletion", func(items []commentBody) bool { x := findComment(items, c.ID); return x != nil && x.Author == nil }, "")
}

// TestCommentPageETag: an anonymous page carries an ETag; the same ETag in If-None-Match answers 304
// without a body, until a write changes the page (200 with a new ETag). Signed-in readers get no ETag.
func TestCommentPageETag(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	e.postComment(s.resident, s.slug, map[string]any{"body": "Hallo"})
	path := "/api/v1/projects/" + s.slug + "/comments"
	first := e.do(req{method: http.MethodGet, path: path})
	etag := first.Header.Get("ETag")
	if first.Code != 200 || etag == "" || first.Header.Get("Cache-Control") != "private, no-cache" {
		t.Fatalf("first read: %d ETag %q Cache-Control %q", first.Code, etag, first.Header.Get("Cache-Control"))
	}
	again := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"If-None-Match": etag}})
	if again.Code != http.StatusNotModified || len(again.Body) != 0 || again.Header.Get("ETag") != etag {
		t.Fatalf("If-None-Match: %d %q %s", again.Code, again.Header.Get("ETag"), again.Body)
	}
	if res := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"If-None-Match": `"other", W/` + etag}}); res.Code != 304 {
		t.Fatalf("weak ETag in a list: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodGet, path: path, token: s.resident}); res.Code != 200 || res.Header.Get("ETag") != "" {
		t.Fatalf("signed in: %d ETag %q", res.Code, res.Header.Get("ETag"))
	}
	e.postComment(s.resident, s.slug, map[string]any{"body": "Noch einer"})
	after := e.do(req{method: http.MethodGet, path: path, header: map[string]string{"If-None-Match": etag}})
	if after.Code != 200 || after.Header.Get("ETag") == etag {
		t.Fatalf("after a write: %d ETag %q (was %q)", after.Code, after.Header.Get("ETag"), etag)
	}
	var l listBody[commentBody]
	after.JSON(t, &l)
	if len(l.Items) != 2 {
		t.Fatalf("after a write: %d items", len(l.Items))
	}
}

// TestCommentPagePendingForAuthor: in a pre-moderated project the author's pending comment is on their
// page (as before the cache) and on nobody else's; after approval it is on the anonymous page.
func TestCommentPagePendingForAuthor(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newModSetup(e)
	e.anonPage(s.slug, "") // cached, empty
	c := e.postComment(s.author, s.slug, map[string]any{"body": "Wartet auf Freigabe"})
	if c.Status != "pending" {
		t.Fatalf("status %s", c.Status)
	}
	if x := findComment(e.listComments(s.author, s.slug, "").Items, c.ID); x == nil || x.Status != "pending" || x.Body == "" {
		t.Fatalf("author's page: %+v", x)
	}
	if x := findComment(e.listComments(s.other, s.slug, "").Items, c.ID); x != nil {
		t.Fatalf("another reader sees the pending comment")
	}
	if l, _ := e.anonPage(s.slug, ""); findComment(l.Items, c.ID) != nil {
		t.Fatal("anonymous page shows the pending comment")
	}
	if res := e.moderate(s.moderator, c.ID, map[string]any{"action": "approve"}); res.Code != 200 {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	if l, _ := e.anonPage(s.slug, ""); findComment(l.Items, c.ID) == nil {
		t.Fatal("approved comment not on the anonymous page")
	}
}

// TestCommentPageTwoInstances: two instances on one PostgreSQL database, each with its own page cache. A
// write acknowledged by A is in the next read on B, whose cache held the page before: a comment, a vote,
// a display-name change.
func TestCommentPageTwoInstances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.secondInstance(t)
	s := newCommentSetup(e)
	_, voter := e.user("Vera Voter")

	b.anonPage(s.slug, "") // B caches the empty page
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Über A geschrieben"})
	if l, _ := b.anonPage(s.slug, ""); findComment(l.Items, c.ID) == nil {
		t.Fatal("comment written on A missing on B")
	}
	if res := e.vote(voter, c.ID, 1); res.Code != 200 {
		t.Fatalf("vote: %d", res.Code)
	}
	if l, _ := b.anonPage(s.slug, ""); findComment(l.Items, c.ID).Up != 1 {
		t.Fatal("vote on A missing on B")
	}
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: s.resident,
		body: map[string]string{"display_name": "Rita Anders"}}); res.Code != 200 {
		t.Fatalf("display name: %d %s", res.Code, res.Body)
	}
	if l, _ := b.anonPage(s.slug, ""); findComment(l.Items, c.ID).Author.DisplayName != "Rita Anders" {
		t.Fatal("display name changed on A is old on B")
	}
}
