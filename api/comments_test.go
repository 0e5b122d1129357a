package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/model"
)

type commentBody struct {
	ID          string  `json:"id"`
	ProjectSlug string  `json:"project_slug"`
	DocumentID  *string `json:"document_id"`
	Version     *int    `json:"version"`
	BlockID     *string `json:"block_id"`
	ParentID    *string `json:"parent_id"`
	Depth       int     `json:"depth"`
	Author      *struct {
		ID          string `json:"id"`
		DisplayName string `json:"display_name"`
	} `json:"author"`
	Body             string     `json:"body"`
	BodyHTML         string     `json:"body_html"`
	Stance           *string    `json:"stance"`
	Kind             string     `json:"kind"`
	Status           string     `json:"status"`
	Edited           bool       `json:"edited"`
	EditedAt         *time.Time `json:"edited_at"`
	Deleted          bool       `json:"deleted"`
	Up               int        `json:"up"`
	Down             int        `json:"down"`
	MyVote           int        `json:"my_vote"`
	ReplyCount       int        `json:"reply_count"`
	OnEarlierVersion bool       `json:"on_earlier_version"`
	HiddenReason     *string    `json:"hidden_reason"`
	Department       *string    `json:"department"`
	QuestionStatus   *string    `json:"question_status"`
	TakenBy          *struct {
		ID          string `json:"id"`
		DisplayName string `json:"display_name"`
	} `json:"taken_by"`
	Channel       string        `json:"channel"`
	SubmitterName *string       `json:"submitter_name"`
	ReceivedAt    *string       `json:"received_at"`
	Replies       []commentBody `json:"replies"`
}

type voteBody struct {
	ID     string `json:"id"`
	Up     int    `json:"up"`
	Down   int    `json:"down"`
	MyVote int    `json:"my_vote"`
}

type countsBody struct {
	Project int `json:"project"`
	Blocks  []struct {
		DocumentID string `json:"document_id"`
		BlockID    string `json:"block_id"`
		Count      int    `json:"count"`
	} `json:"blocks"`
}

// postComment creates a comment and fails the test unless it answers 201. It advances the clock by the
// rate limit's refill interval, so tests that write many comments stay under the limit.
func (e *env) postComment(token, slug string, body map[string]any) commentBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/comments", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create comment: %d %s", res.Code, res.Body)
	}
	e.clock.Advance(12 * time.Second)
	var c commentBody
	res.JSON(e.t, &c)
	return c
}

// listComments fetches one page of comments; query starts with "?" or is empty.
func (e *env) listComments(token, slug, query string) listBody[commentBody] {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/comments" + query, token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("list comments: %d %s", res.Code, res.Body)
	}
	var l listBody[commentBody]
	res.JSON(e.t, &l)
	return l
}

func (e *env) vote(token, id string, value int) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPut, path: "/api/v1/comments/" + id + "/vote", token: token,
		body: map[string]any{"value": value}})
}

// commentSetup is a project with a document, an admin and a resident.
type commentSetup struct {
	slug, admin, resident string
	doc                   documentBody
}

// token issues a fresh access token for u at the current test time.
func (e *env) token(u *model.User) string {
	e.t.Helper()
	tok, err := e.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func newCommentSetup(e *env) commentSetup {
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	p := e.createProject(admin, projectInput("kommentare"))
	doc := e.createDocument(admin, p.Slug, "Absatz eins.\n\nAbsatz zwei.\n\nAbsatz drei.")
	return commentSetup{slug: p.Slug, admin: admin, resident: resident, doc: doc}
}

func TestCommentPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	tokens := map[string]string{"anonymous": "", "author": s.resident}
	_, tokens["other resident"] = e.user("Otto Other")
	_, tokens["moderator"] = e.user("Mona Moderator", model.RoleModerator)
	_, tokens["official"] = e.user("Olga Official", model.RoleOfficial)
	tokens["admin"] = s.admin
	tokens["unverified"] = e.otherUser("new.resident@example.org", false, "")
	actors := []string{"anonymous", "unverified", "author", "other resident", "moderator", "official", "admin"}

	base := e.postComment(s.resident, s.slug, map[string]any{"body": "Grundlage"})
	// want per endpoint and actor; missing actors get the endpoint's ok status.
	writer := map[string]int{"anonymous": 401, "unverified": 403}
	authorOnly := map[string]int{"anonymous": 401, "unverified": 403, "other resident": 403, "moderator": 403,
		"official": 403, "admin": 403}
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request func() req
	}{
		{"list", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comments"} }},
		{"counts", 200, nil, func() req {
			return req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comment-counts"}
		}},
		{"create", 201, writer, func() req {
			return req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", body: map[string]any{"body": "Hallo"}}
		}},
		{"reply", 201, writer, func() req {
			return req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments",
				body: map[string]any{"body": "Antwort", "parent_id": base.ID}}
		}},
		{"update", 200, authorOnly, func() req {
			c := e.postComment(s.resident, s.slug, map[string]any{"body": "Entwurf"})
			return req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, body: map[string]any{"body": "Neu"}}
		}},
		{"delete", 204, authorOnly, func() req {
			c := e.postComment(s.resident, s.slug, map[string]any{"body": "Weg damit"})
			return req{method: http.MethodDelete, path: "/api/v1/comments/" + c.ID}
		}},
		{"vote", 200, map[string]int{"anonymous": 401, "unverified": 403, "author": 403}, func() req {
			return req{method: http.MethodPut, path: "/api/v1/comments/" + base.ID + "/vote", body: map[string]any{"value": 1}}
		}},
	}
	for _, ep := range endpoints {
		for _, actor := range actors {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if w, ok := ep.deny[actor]; ok {
					want = w
				}
				r := ep.request()
				r.token = tokens[actor]
				res := e.do(r)
				e.clock.Advance(12 * time.Second)
				if res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
				if want == 403 && actor != "unverified" && ep.name != "vote" && res.Problem(t).Code != "not_author" {
					t.Errorf("code %q, want not_author", res.Problem(t).Code)
				}
				if want == 403 && actor == "author" && ep.name == "vote" && res.Problem(t).Code != "own_comment" {
					t.Errorf("code %q, want own_comment", res.Problem(t).Code)
				}
				if want == 403 && actor == "unverified" && res.Problem(t).Code != "email_unverified" {
					t.Errorf("code %q, want email_unverified", res.Problem(t).Code)
				}
			})
		}
	}
	for _, r := range []req{
		{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht/comments"},
		{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht/comment-counts"},
		{method: http.MethodPost, path: "/api/v1/projects/gibt-es-nicht/comments", token: s.resident, body: map[string]any{"body": "x"}},
		{method: http.MethodPatch, path: "/api/v1/comments/999999", token: s.resident, body: map[string]any{"body": "x"}},
		{method: http.MethodDelete, path: "/api/v1/comments/abc", token: s.resident},
		{method: http.MethodPut, path: "/api/v1/comments/999999/vote", token: s.resident, body: map[string]any{"value": 1}},
	} {
		if res := e.do(r); res.Code != 404 {
			t.Errorf("%s %s: %d, want 404", r.method, r.path, res.Code)
		}
	}
}

func TestCommentValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	base := e.postComment(s.resident, s.slug, map[string]any{"body": "Grundlage"})
	block := s.doc.Blocks[0].BlockID
	other := e.createProject(s.admin, projectInput("anderes-vorhaben"))
	otherDoc := e.createDocument(s.admin, other.Slug, "Fremd.")
	cases := []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"empty body", map[string]any{"body": "  \n "}, 422, "body"},
		{"missing body", map[string]any{}, 422, "body"},
		{"too long", map[string]any{"body": strings.Repeat("ä", 10001)}, 422, "body"},
		{"stance", map[string]any{"body": "x", "stance": "maybe"}, 422, "stance"},
		{"kind", map[string]any{"body": "x", "kind": "rant"}, 422, "kind"},
		{"official response not yet", map[string]any{"body": "x", "kind": "official_response"}, 422, "kind"},
		{"body type", map[string]any{"body": 5}, 422, "body"},
		{"version without document", map[string]any{"body": "x", "version": 1}, 422, "document_id"},
		{"block without document", map[string]any{"body": "x", "block_id": block}, 422, "document_id"},
		{"document without version", map[string]any{"body": "x", "document_id": s.doc.ID, "block_id": block}, 422, "version"},
		{"document without block", map[string]any{"body": "x", "document_id": s.doc.ID, "version": 1}, 422, "block_id"},
		{"unknown block", map[string]any{"body": "x", "document_id": s.doc.ID, "version": 1, "block_id": "nichtda"}, 422, "block_id"},
		{"unknown version", map[string]any{"body": "x", "document_id": s.doc.ID, "version": 7, "block_id": block}, 422, "version"},
		{"other project's document", map[string]any{"body": "x", "document_id": otherDoc.ID, "version": 1,
			"block_id": otherDoc.Blocks[0].BlockID}, 422, "document_id"},
		{"bad document id", map[string]any{"body": "x", "document_id": "abc", "version": 1, "block_id": block}, 422, "document_id"},
		{"unknown parent", map[string]any{"body": "x", "parent_id": "999999"}, 422, "parent_id"},
		{"reply elsewhere", map[string]any{"body": "x", "parent_id": base.ID, "document_id": s.doc.ID}, 422, "document_id"},
		{"malformed json", `{"body":`, 400, ""},
		{"max length ok", map[string]any{"body": strings.Repeat("ä", 10000)}, 201, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident, body: tc.body})
			e.clock.Advance(12 * time.Second)
			if res.Code != tc.code {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.code, res.Body)
			}
			if tc.field != "" && !res.Problem(t).HasField(tc.field) {
				t.Errorf("problem does not name %s: %s", tc.field, res.Body)
			}
		})
	}
	for _, tc := range []struct {
		name, path string
		body       any
		field      string
	}{
		{"vote value", "/vote", map[string]any{"value": 2}, "value"},
		{"vote missing", "/vote", map[string]any{}, "value"},
		{"edit empty", "", map[string]any{"body": ""}, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := http.MethodPut
			if tc.path == "" {
				method = http.MethodPatch
			}
			res := e.do(req{method: method, path: "/api/v1/comments/" + base.ID + tc.path, token: s.resident, body: tc.body})
			if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
				t.Fatalf("got %d %s, want 422 naming %s", res.Code, res.Body, tc.field)
			}
		})
	}
	for _, q := range []struct{ query, field string }{
		{"?sort=best", "sort"}, {"?kind=rant", "kind"}, {"?block=abc", "block"}, {"?document=abc", "document"},
		{"?document=" + otherDoc.ID, "document"}, {"?parent=999999", "parent"}, {"?limit=0", "limit"},
		{"?cursor=abc", "cursor"},
	} {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comments" + q.query})
		if res.Code != 422 || !res.Problem(t).HasField(q.field) {
			t.Errorf("list%s: %d %.300s, want 422 naming %s", q.query, res.Code, res.Body, q.field)
		}
	}
}

func TestCommentsClosed(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Noch offen"})
	v := e.getProject(s.slug).Version
	res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + s.slug, token: s.admin,
		header: map[string]string{"If-Match": strconv.Itoa(v)}, body: map[string]any{"comments_open": false}})
	if res.Code != 200 {
		t.Fatalf("close comments: %d %s", res.Code, res.Body)
	}
	for _, r := range []req{
		{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", body: map[string]any{"body": "Zu spät"}},
		{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", body: map[string]any{"body": "Zu spät", "parent_id": c.ID}},
		{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, body: map[string]any{"body": "Geändert"}},
		{method: http.MethodPut, path: "/api/v1/comments/" + c.ID + "/vote", body: map[string]any{"value": 1}},
	} {
		r.token = s.resident
		if res := e.do(r); res.Code != 403 || res.Problem(t).Code != "comments_closed" {
			t.Errorf("%s %s: %d %s, want 403 comments_closed", r.method, r.path, res.Code, res.Body)
		}
	}
	// Reading still works, and the author may still withdraw the comment.
	if l := e.listComments("", s.slug, ""); len(l.Items) != 1 {
		t.Errorf("list while closed: %d items", len(l.Items))
	}
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + c.ID, token: s.resident}); res.Code != 204 {
		t.Errorf("delete while closed: %d %s", res.Code, res.Body)
	}
}

func TestCommentEditWindow(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	u, _ := e.user("Eva Editor")
	s.resident = e.token(u)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Erste *Fassung*", "stance": "pro"})
	if c.Edited || c.EditedAt != nil || c.BodyHTML != "<p>Erste <em>Fassung</em></p>\n" || *c.Stance != "pro" {
		t.Fatalf("created: %+v", c)
	}
	res := e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: s.resident,
		body: map[string]any{"body": "Zweite **Fassung**"}})
	if res.Code != 200 {
		t.Fatalf("edit: %d %s", res.Code, res.Body)
	}
	var edited commentBody
	res.JSON(t, &edited)
	if !edited.Edited || edited.EditedAt == nil || edited.Body != "Zweite **Fassung**" ||
		!strings.Contains(edited.BodyHTML, "<strong>Fassung</strong>") {
		t.Fatalf("edited: %+v", edited)
	}
	var revisions []model.CommentRevision
	if err := e.db.Gorm.Where("comment_id = ?", c.ID).Find(&revisions).Error; err != nil {
		t.Fatal(err)
	}
	if len(revisions) != 1 || revisions[0].Body != "Erste *Fassung*" {
		t.Fatalf("revisions: %+v", revisions)
	}
	e.clock.Advance(16 * time.Minute)
	s.resident = e.token(u) // access tokens live 15 minutes
	res = e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: s.resident,
		body: map[string]any{"body": "Dritte Fassung"}})
	if res.Code != 403 || res.Problem(t).Code != "edit_window_closed" {
		t.Fatalf("edit after 16 min: %d %s", res.Code, res.Body)
	}
	if got := e.listComments("", s.slug, "").Items[0]; got.Body != "Zweite **Fassung**" || !got.Edited {
		t.Fatalf("listed: %+v", got)
	}
}

func TestCommentTombstoneKeepsReplies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, other := e.user("Otto Other")
	top := e.postComment(s.resident, s.slug, map[string]any{"body": "Wird gelöscht", "stance": "contra"})
	reply := e.postComment(other, s.slug, map[string]any{"body": "Antwort bleibt", "parent_id": top.ID})
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + top.ID, token: s.resident}); res.Code != 204 {
		t.Fatalf("delete: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + top.ID, token: s.resident}); res.Code != 204 {
		t.Fatalf("delete again: %d %s", res.Code, res.Body)
	}
	l := e.listComments("", s.slug, "")
	if len(l.Items) != 1 {
		t.Fatalf("items: %+v", l.Items)
	}
	got := l.Items[0]
	if !got.Deleted || got.Body != "" || got.BodyHTML != "" || got.Author != nil || got.Stance != nil || got.ReplyCount != 1 {
		t.Fatalf("tombstone: %+v", got)
	}
	if len(got.Replies) != 1 || got.Replies[0].ID != reply.ID || got.Replies[0].Body != "Antwort bleibt" {
		t.Fatalf("replies of tombstone: %+v", got.Replies)
	}
	for _, r := range []req{
		{method: http.MethodPatch, path: "/api/v1/comments/" + top.ID, body: map[string]any{"body": "Wieder da"}},
		{method: http.MethodPut, path: "/api/v1/comments/" + top.ID + "/vote", body: map[string]any{"value": 1}},
	} {
		r.token = s.resident
		if res := e.do(r); res.Code != 409 || res.Problem(t).Code != "comment_deleted" {
			t.Errorf("%s on tombstone: %d %s", r.method, res.Code, res.Body)
		}
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: other,
		body: map[string]any{"body": "Noch eine", "parent_id": top.ID}})
	if res.Code != 422 || !res.Problem(t).HasField("parent_id") {
		t.Errorf("reply to tombstone: %d %s", res.Code, res.Body)
	}
	var counts countsBody
	e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comment-counts"}).JSON(t, &counts)
	if counts.Project != 1 {
		t.Errorf("counts without the tombstone: %+v", counts)
	}
}

func TestCommentThreadsAndCounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	b0, b1 := s.doc.Blocks[0].BlockID, s.doc.Blocks[1].BlockID
	onBlock := func(block string) map[string]any {
		return map[string]any{"body": "Zum Absatz", "document_id": s.doc.ID, "version": 1, "block_id": block}
	}
	top := e.postComment(s.resident, s.slug, onBlock(b0))
	chain := []commentBody{top}
	for i := 1; i <= 5; i++ { // depths 1–5
		chain = append(chain, e.postComment(s.resident, s.slug, map[string]any{"body": fmt.Sprintf("Ebene %d", i),
			"parent_id": chain[i-1].ID}))
	}
	sibling := e.postComment(s.admin, s.slug, map[string]any{"body": "Zweite Antwort", "parent_id": top.ID, "kind": "question"})
	e.postComment(s.resident, s.slug, onBlock(b1))
	e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Vorhaben"})
	e.postComment(s.resident, s.slug, map[string]any{"body": "Noch eins zum Vorhaben", "kind": "question"})

	for i, c := range chain {
		if c.Depth != i || *c.DocumentID != s.doc.ID || *c.BlockID != b0 || *c.Version != 1 {
			t.Fatalf("chain[%d]: %+v", i, c)
		}
	}
	l := e.listComments("", s.slug, "?document="+s.doc.ID+"&block="+b0)
	if len(l.Items) != 1 || l.Items[0].ID != top.ID || l.Items[0].ReplyCount != 2 {
		t.Fatalf("block list: %+v", l.Items)
	}
	got := l.Items[0]
	if len(got.Replies) != 2 || got.Replies[0].ID != chain[1].ID || got.Replies[1].ID != sibling.ID {
		t.Fatalf("replies of top: %+v", got.Replies)
	}
	d2 := got.Replies[0].Replies
	if len(d2) != 1 || d2[0].ID != chain[2].ID || len(d2[0].Replies) != 1 || d2[0].Replies[0].ID != chain[3].ID {
		t.Fatalf("depth 2 and 3: %+v", d2)
	}
	if d3 := d2[0].Replies[0]; len(d3.Replies) != 0 || d3.ReplyCount != 1 {
		t.Fatalf("depth 4 must be left to ?parent=: %+v", d3)
	}
	deeper := e.listComments("", s.slug, "?parent="+chain[3].ID)
	if len(deeper.Items) != 1 || deeper.Items[0].ID != chain[4].ID || len(deeper.Items[0].Replies) != 1 {
		t.Fatalf("parent list: %+v", deeper.Items)
	}
	if l := e.listComments("", s.slug, "?document="+s.doc.ID); len(l.Items) != 2 {
		t.Errorf("document list: %d items", len(l.Items))
	}
	if l := e.listComments("", s.slug, "?document=none"); len(l.Items) != 2 {
		t.Errorf("project-only list: %d items", len(l.Items))
	}
	if l := e.listComments("", s.slug, "?document=none&kind=question"); len(l.Items) != 1 {
		t.Errorf("question list: %d items", len(l.Items))
	}
	if l := e.listComments("", s.slug, ""); len(l.Items) != 4 {
		t.Errorf("all top-level: %d items", len(l.Items))
	}
	var counts countsBody
	e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comment-counts"}).JSON(t, &counts)
	want := map[string]int{b0: 7, b1: 1}
	if counts.Project != 2 || len(counts.Blocks) != 2 {
		t.Fatalf("counts: %+v", counts)
	}
	for _, b := range counts.Blocks {
		if b.DocumentID != s.doc.ID || want[b.BlockID] != b.Count {
			t.Errorf("block count %+v, want %v", b, want)
		}
	}
	// Projects carry the total (project and paragraphs, replies included), in lists and alone.
	var p struct {
		CommentCount int `json:"comment_count"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug}).JSON(t, &p)
	if p.CommentCount != 10 {
		t.Errorf("project comment_count %d, want 10", p.CommentCount)
	}
	var pl struct {
		Items []struct {
			Slug         string `json:"slug"`
			CommentCount int    `json:"comment_count"`
		} `json:"items"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/projects?limit=100"}).JSON(t, &pl)
	found := false
	for _, it := range pl.Items {
		if it.Slug == s.slug {
			found = it.CommentCount == 10
		} else if it.CommentCount != 0 {
			t.Errorf("project %s without comments has comment_count %d", it.Slug, it.CommentCount)
		}
	}
	if !found {
		t.Errorf("list: %+v", pl.Items)
	}
}

func TestCommentOnEarlierVersion(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	kept, changed := s.doc.Blocks[0].BlockID, s.doc.Blocks[1].BlockID
	on := func(version int, block string) map[string]any {
		return map[string]any{"body": "Zum Absatz", "document_id": s.doc.ID, "version": version, "block_id": block}
	}
	cKept := e.postComment(s.resident, s.slug, on(1, kept))
	cChanged := e.postComment(s.resident, s.slug, on(1, changed))
	if cKept.OnEarlierVersion || cChanged.OnEarlierVersion {
		t.Fatal("on_earlier_version before any new version")
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/documents/" + s.doc.ID + "/versions", token: s.admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"markdown": "Absatz eins.\n\nAbsatz zwei, neu.\n\nAbsatz drei."}})
	if res.Code != 201 {
		t.Fatalf("new version: %d %s", res.Code, res.Body)
	}
	late := e.postComment(s.resident, s.slug, on(1, changed)) // on a block of the earlier version, still allowed
	if !late.OnEarlierVersion || *late.Version != 1 {
		t.Fatalf("comment on v1 block after v2: %+v", late)
	}
	got := map[string]bool{}
	for _, c := range e.listComments("", s.slug, "?document="+s.doc.ID).Items {
		got[c.ID] = c.OnEarlierVersion
	}
	if got[cKept.ID] || !got[cChanged.ID] || !got[late.ID] {
		t.Fatalf("on_earlier_version: %v", got)
	}
	res = e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident, body: on(2, changed)})
	if res.Code != 422 || !res.Problem(t).HasField("block_id") {
		t.Fatalf("old block on v2: %d %s", res.Code, res.Body)
	}
}

func TestCommentSortsAndPagination(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	var voters []string
	for i := range 4 {
		_, tok := e.user(fmt.Sprintf("Vera Voter %d", i))
		voters = append(voters, tok)
	}
	const n = 23
	score := map[string]int{}
	var ids []string
	for i := range n {
		c := e.postComment(s.resident, s.slug, map[string]any{"body": fmt.Sprintf("Kommentar %d", i)})
		ids = append(ids, c.ID)
		// scores -1..3 with many ties, so the id tie-break matters
		for v := range i % 5 {
			value := 1
			if i%5 == 1 {
				value = -1
			}
			if res := e.vote(voters[v], c.ID, value); res.Code != 200 {
				t.Fatalf("vote: %d %s", res.Code, res.Body)
			}
			score[c.ID] += value
		}
	}
	idNum := func(id string) int { n, _ := strconv.Atoi(id); return n }
	want := map[string][]string{"new": slices.Clone(ids), "old": slices.Clone(ids), "top": slices.Clone(ids)}
	slices.Reverse(want["new"])
	slices.SortStableFunc(want["top"], func(a, b string) int {
		if score[a] != score[b] {
			return score[b] - score[a]
		}
		return idNum(a) - idNum(b)
	})
	for _, sort := range []string{"new", "old", "top"} {
		t.Run(sort, func(t *testing.T) {
			var got []string
			cursor := ""
			for page := 0; ; page++ {
				q := "?limit=5&sort=" + sort
				if cursor != "" {
					q += "&cursor=" + cursor
				}
				l := e.listComments("", s.slug, q)
				for _, c := range l.Items {
					got = append(got, c.ID)
					if c.Up-c.Down != score[c.ID] {
						t.Errorf("comment %s: up %d down %d, want score %d", c.ID, c.Up, c.Down, score[c.ID])
					}
				}
				if l.NextCursor == nil {
					break
				}
				if page > n {
					t.Fatal("pagination does not end")
				}
				cursor = *l.NextCursor
			}
			if !slices.Equal(got, want[sort]) {
				t.Fatalf("order\n got %v\nwant %v", got, want[sort])
			}
		})
	}
	next := *e.listComments("", s.slug, "?limit=5&sort=top").NextCursor
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comments?sort=new&cursor=" + next})
	if res.Code != 422 || !res.Problem(t).HasField("cursor") {
		t.Fatalf("cursor of another sort: %d %s", res.Code, res.Body)
	}
}

func TestCommentVotes(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Abstimmen bitte"})
	_, other := e.user("Otto Other")
	_, third := e.user("Theo Third") // the author may not vote on their own comment
	steps := []struct {
		token        string
		value        int
		up, down, my int
	}{
		{other, 1, 1, 0, 1},
		{other, 1, 1, 0, 1}, // the same vote again changes nothing
		{other, -1, 0, 1, -1},
		{s.admin, -1, 0, 2, -1},
		{other, 0, 0, 1, 0},
		{other, 0, 0, 1, 0},
		{third, 1, 1, 1, 1},
	}
	for i, st := range steps {
		res := e.vote(st.token, c.ID, st.value)
		var v voteBody
		res.JSON(t, &v)
		if res.Code != 200 || v.Up != st.up || v.Down != st.down || v.MyVote != st.my || v.ID != c.ID {
			t.Fatalf("step %d: %d %+v, want up %d down %d my %d", i, res.Code, v, st.up, st.down, st.my)
		}
	}
	for token, my := range map[string]int{other: 0, s.admin: -1, third: 1, s.resident: 0, "": 0} {
		if got := e.listComments(token, s.slug, "").Items[0]; got.MyVote != my || got.Up != 1 || got.Down != 1 {
			t.Errorf("list my_vote %d up %d down %d, want my %d", got.MyVote, got.Up, got.Down, my)
		}
	}
	var rows int64
	e.db.Gorm.Model(&model.CommentVote{}).Where("comment_id = ?", c.ID).Count(&rows)
	if rows != 2 {
		t.Errorf("vote rows %d, want 2", rows)
	}
}

func TestCommentVotesConcurrent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Viele Stimmen"})
	const n = 100
	tokens := make([]string, n)
	for i := range n {
		u, err := e.svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{
			Email: fmt.Sprintf("voter%d@example.org", i), DisplayName: fmt.Sprintf("Voter %d", i),
			Password: "correct horse battery staple", Verified: true})
		if err != nil {
			t.Fatal(err)
		}
		if tokens[i], err = e.svc.Accounts.IssueAccessToken(u); err != nil {
			t.Fatal(err)
		}
	}
	vote := func(i int) int {
		if i%3 == 0 {
			return -1
		}
		return 1
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			if res := e.vote(tokens[i], c.ID, vote(i)); res.Code != 200 {
				t.Errorf("vote %d: %d %s", i, res.Code, res.Body)
			}
		})
	}
	wg.Wait()
	got := e.listComments("", s.slug, "").Items[0]
	if got.Up != 66 || got.Down != 34 {
		t.Fatalf("after 100 votes: up %d down %d, want 66/34", got.Up, got.Down)
	}
	// Everyone flips at once: the counters must follow exactly.
	for i := range n {
		wg.Go(func() {
			if res := e.vote(tokens[i], c.ID, -vote(i)); res.Code != 200 {
				t.Errorf("flip %d: %d %s", i, res.Code, res.Body)
			}
		})
	}
	wg.Wait()
	got = e.listComments("", s.slug, "").Items[0]
	if got.Up != 34 || got.Down != 66 {
		t.Fatalf("after flipping: up %d down %d, want 34/66", got.Up, got.Down)
	}
}

func TestCommentIdempotency(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	u, _ := e.user("Ida Idempotent", model.RoleAdmin)
	s.resident = e.token(u)
	post := func(key string, body map[string]any) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident,
			header: map[string]string{"Idempotency-Key": key}, body: body})
	}
	first := post("key-1", map[string]any{"body": "Einmal bitte"})
	again := post("key-1", map[string]any{"body": "Einmal bitte"})
	var a, b commentBody
	first.JSON(t, &a)
	again.JSON(t, &b)
	if first.Code != 201 || again.Code != 201 || a.ID != b.ID || again.Header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("replay: %d %s / %d %s", first.Code, first.Body, again.Code, again.Body)
	}
	if res := post("key-1", map[string]any{"body": "Etwas anderes"}); res.Code != 422 || res.Problem(t).Code != "idempotency_key_reused" {
		t.Fatalf("other body: %d %s", res.Code, res.Body)
	}
	// A failed request does not use up its key.
	if res := post("key-2", map[string]any{"body": ""}); res.Code != 422 {
		t.Fatalf("invalid: %d %s", res.Code, res.Body)
	}
	if res := post("key-2", map[string]any{"body": "Jetzt richtig"}); res.Code != 201 || res.Header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("after a failure: %d %s", res.Code, res.Body)
	}
	// Keys are per user.
	_, other := e.user("Otto Other")
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: other,
		header: map[string]string{"Idempotency-Key": "key-1"}, body: map[string]any{"body": "Einmal bitte"}})
	var c commentBody
	res.JSON(t, &c)
	if res.Code != 201 || c.ID == a.ID {
		t.Fatalf("another user's key: %d %s", res.Code, res.Body)
	}
	// Parallel requests with one key create one comment; the others see it running or replay it. They come
	// from an account of their own: racing requests pass the key lookup together and each takes a token of
	// the comment rate limit (10 in 2 minutes) before the key's insert decides, so ten on top of the
	// requests above could be throttled (429) — on PostgreSQL they sometimes were.
	_, racer := e.user("Rita Racer")
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	createdIDs := map[string]bool{}
	for range 10 {
		wg.Go(func() {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: racer,
				header: map[string]string{"Idempotency-Key": "parallel"}, body: map[string]any{"body": "Parallel"}})
			mu.Lock()
			defer mu.Unlock()
			codes[res.Code]++
			if res.Code == 201 {
				var c commentBody
				_ = json.Unmarshal(res.Body, &c)
				createdIDs[c.ID] = true
			} else if res.Code != 409 || !strings.Contains(string(res.Body), "idempotency_in_progress") {
				t.Errorf("parallel: %d %s", res.Code, res.Body)
			}
		})
	}
	wg.Wait()
	var stored int64
	e.db.Gorm.Model(&model.Comment{}).Where("body = ?", "Parallel").Count(&stored)
	if stored != 1 || len(createdIDs) != 1 || codes[201] < 1 {
		t.Fatalf("parallel: %d comments stored, ids %v, codes %v", stored, createdIDs, codes)
	}
	// Keys expire after 24 h.
	e.clock.Advance(25 * time.Hour)
	s.resident = e.token(u)
	s.admin = s.resident
	if res := post("key-1", map[string]any{"body": "Etwas anderes"}); res.Code != 201 {
		t.Fatalf("expired key: %d %s", res.Code, res.Body)
	}
	// Pruning removes records older than 24 h.
	var keys int64
	e.db.Gorm.Model(&model.IdempotencyKey{}).Count(&keys)
	pruned, err := e.svc.Idempotency.Prune(context.Background(), e.clock.Now())
	var left int64
	e.db.Gorm.Model(&model.IdempotencyKey{}).Count(&left)
	if err != nil || pruned == 0 || left != 1 || keys != pruned+1 {
		t.Fatalf("prune: %d of %d removed, %d left, %v", pruned, keys, left, err)
	}
	// The other create endpoints take the header too.
	p1 := e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: s.admin,
		header: map[string]string{"Idempotency-Key": "p"}, body: projectInput("idempotent")})
	p2 := e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: s.admin,
		header: map[string]string{"Idempotency-Key": "p"}, body: projectInput("idempotent")})
	if p1.Code != 201 || p2.Code != 201 || string(p1.Body) != string(p2.Body) {
		t.Fatalf("project replay: %d / %d %s", p1.Code, p2.Code, p2.Body)
	}
	docBody := map[string]any{"kind": "report", "title": "Bericht", "markdown": "Text."}
	d1 := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/documents", token: s.admin,
		header: map[string]string{"Idempotency-Key": "d"}, body: docBody})
	d2 := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/documents", token: s.admin,
		header: map[string]string{"Idempotency-Key": "d"}, body: docBody})
	if d1.Code != 201 || d2.Code != 201 || string(d1.Body) != string(d2.Body) {
		t.Fatalf("document replay: %d / %d %s", d1.Code, d2.Code, d2.Body)
	}
}

func TestCommentRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	post := func() *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident,
			body: map[string]any{"body": "Schnell"}})
	}
	for i := range 10 {
		if res := post(); res.Code != 201 {
			t.Fatalf("comment %d of the burst: %d %s", i, res.Code, res.Body)
		}
	}
	res := post()
	if res.Code != 429 || res.Header.Get("Retry-After") != "12" || res.Problem(t).Code != "rate_limited" {
		t.Fatalf("11th: %d %v %s", res.Code, res.Header.Get("Retry-After"), res.Body)
	}
	_, other := e.user("Otto Other")
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: other,
		body: map[string]any{"body": "Ich darf"}}); res.Code != 201 {
		t.Fatalf("another user: %d %s", res.Code, res.Body)
	}
	e.clock.Advance(12 * time.Second)
	if res := post(); res.Code != 201 {
		t.Fatalf("after 12 s: %d %s", res.Code, res.Body)
	}
	if res := post(); res.Code != 429 {
		t.Fatalf("again at once: %d %s", res.Code, res.Body)
	}
}

func TestCommentMarkdownIsInert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	payloads := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`[klick](javascript:alert(1))`,
		`<a href="javascript:alert(1)">x</a>`,
		`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`<iframe src="https://evil.example"></iframe>`,
		`<svg onload=alert(1)>`,
		"![bild](https://evil.example/x.png)",
		`<div style="background:url(javascript:alert(1))">x</div>`,
		`[a](https://example.org "title\" onmouseover=\"alert(1)")`,
	}
	for _, p := range payloads {
		c := e.postComment(s.resident, s.slug, map[string]any{"body": p})
		low := strings.ToLower(c.BodyHTML)
		for _, bad := range []string{"<script", "<img", "<iframe", "<svg", "javascript:", "onerror", "onload", "onmouseover", "style=", "data:"} {
			if strings.Contains(low, bad) {
				t.Errorf("payload %q rendered %q", p, c.BodyHTML)
			}
		}
		if c.Body != p {
			t.Errorf("markdown changed: %q", c.Body)
		}
	}
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "[Seite](https://example.org)"})
	if !strings.Contains(c.BodyHTML, `rel="nofollow ugc"`) {
		t.Errorf("link: %s", c.BodyHTML)
	}
}

func TestCommentEvents(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	var before int64
	e.db.Gorm.Model(&model.Event{}).Select("COALESCE(MAX(id), 0)").Scan(&before)
	pc := e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Vorhaben"})
	dc := e.postComment(s.resident, s.slug, map[string]any{"body": "Zum Absatz", "document_id": s.doc.ID, "version": 1,
		"block_id": s.doc.Blocks[0].BlockID})
	reply := e.postComment(s.admin, s.slug, map[string]any{"body": "Antwort", "parent_id": dc.ID})
	e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + pc.ID, token: s.resident, body: map[string]any{"body": "Neu"}})
	e.vote(s.admin, pc.ID, 1)
	e.vote(s.admin, pc.ID, 1) // unchanged: no event
	e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + dc.ID, token: s.resident})
	// Failed writes write nothing.
	e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + s.slug + "/comments", token: s.resident, body: map[string]any{"body": ""}})

	// Personal notifications (user:<id>) are tested in moderation_test.go.
	var evs []model.Event
	if err := e.db.Gorm.Where("id > ? AND topic NOT LIKE 'user:%'", before).Order("id").Find(&evs).Error; err != nil {
		t.Fatal(err)
	}
	docTopic, projTopic := "document:"+s.doc.ID, "project:"+s.slug
	want := []struct{ topic, typ, id string }{
		{projTopic, "comment.created", pc.ID},
		{docTopic, "comment.created", dc.ID},
		{docTopic, "comment.created", reply.ID},
		{projTopic, "comment.updated", pc.ID},
		{projTopic, "comment.votes", pc.ID},
		{docTopic, "comment.deleted", dc.ID},
	}
	if len(evs) != len(want) {
		t.Fatalf("%d events, want %d: %+v", len(evs), len(want), evs)
	}
	for i, w := range want {
		ev := evs[i]
		var data map[string]any
		if err := json.Unmarshal([]byte(ev.Payload), &data); err != nil {
			t.Fatal(err)
		}
		if ev.Topic != w.topic || ev.Type != w.typ || data["id"] != w.id || ev.Audience != "" {
			t.Errorf("event %d: %s %s %v, want %+v", i, ev.Topic, ev.Type, data["id"], w)
		}
		if _, ok := data["my_vote"]; ok {
			t.Errorf("event %d carries my_vote", i)
		}
	}
	var created, votes, deleted map[string]any
	_ = json.Unmarshal([]byte(evs[1].Payload), &created)
	_ = json.Unmarshal([]byte(evs[4].Payload), &votes)
	_ = json.Unmarshal([]byte(evs[5].Payload), &deleted)
	// The earlier events of a comment show what REST shows now (issue 9): the deleted comment's creation is
	// its tombstone, the edited one's creation carries the new text.
	// Events leave out the members that are null, false, 0 or empty (CommentEvent).
	if created["body_html"] != nil || created["deleted"] != true || created["block_id"] != s.doc.Blocks[0].BlockID || created["project_slug"] != s.slug {
		t.Errorf("created data: %v", created)
	}
	var first map[string]any
	_ = json.Unmarshal([]byte(evs[0].Payload), &first)
	if first["body_html"] != "<p>Neu</p>\n" || first["edited"] != true {
		t.Errorf("created data of the edited comment: %v", first)
	}
	if votes["up"] != float64(1) || votes["down"] != float64(0) || len(votes) != 3 {
		t.Errorf("votes data: %v", votes)
	}
	if deleted["deleted"] != true || deleted["body"] != nil {
		t.Errorf("deleted data: %v", deleted)
	}
}
