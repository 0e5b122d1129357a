package api_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type queueBody struct {
	Comment  commentBody `json:"comment"`
	Reason   string      `json:"reason"`
	QueuedAt time.Time   `json:"queued_at"`
	Flags    []struct {
		Reason string `json:"reason"`
		Text   string `json:"text"`
	} `json:"flags"`
	Project struct {
		Slug  string `json:"slug"`
		Title string `json:"title"`
	} `json:"project"`
	Document *struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"document"`
	ParentExcerpt *string `json:"parent_excerpt"`
}

type logBody struct {
	ID        string  `json:"id"`
	CommentID string  `json:"comment_id"`
	Action    string  `json:"action"`
	Reason    *string `json:"reason"`
	ActorRole string  `json:"actor_role"`
}

type notificationBody struct {
	ID        string  `json:"id"`
	Type      string  `json:"type"`
	CommentID *string `json:"comment_id"`
	Reason    *string `json:"reason"`
	Read      bool    `json:"read"`
}

// modSetup is a pre-moderated project owned by the Bürgeramt with the people who act on it.
type modSetup struct {
	slug                                      string
	admin, author, other, moderator, official string
	authorUser, moderatorUser                 *model.User
}

func newModSetup(e *env) modSetup {
	var s modSetup
	_, s.admin = e.user("Ada Admin", model.RoleAdmin)
	s.authorUser, s.author = e.user("Rita Resident")
	_, s.other = e.user("Otto Other")
	s.moderatorUser, s.moderator = e.user("Mona Moderator", model.RoleModerator)
	_, s.official = e.user("Olga Official", model.RoleOfficial)
	in := projectInput("vormoderiert")
	in["pre_moderation"] = true
	s.slug = e.createProject(s.admin, in).Slug
	return s
}

func (e *env) getComment(token, id string) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodGet, path: "/api/v1/comments/" + id, token: token})
}

func (e *env) moderate(token, id string, body map[string]any) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + id + "/moderation", token: token, body: body})
}

func (e *env) flag(token, id string, body map[string]any) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + id + "/flags", token: token, body: body})
}

func (e *env) queue(token string) []queueBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/moderation/queue?limit=100", token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("queue: %d %s", res.Code, res.Body)
	}
	var l listBody[queueBody]
	res.JSON(e.t, &l)
	return l.Items
}

func (e *env) notifications(token string) []notificationBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/notifications", token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("notifications: %d %s", res.Code, res.Body)
	}
	var l listBody[notificationBody]
	res.JSON(e.t, &l)
	return l.Items
}

func (e *env) counts(slug string) countsBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/comment-counts"})
	var c countsBody
	res.JSON(e.t, &c)
	return c
}

func ids(cs []commentBody) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
		out = append(out, ids(c.Replies)...)
	}
	return out
}

func TestPendingCommentsNeverLeak(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newModSetup(e)
	// Moderators, officials and admins are not pre-moderated.
	base := e.postComment(s.official, s.slug, map[string]any{"body": "Amtlicher Beitrag"})
	if base.Status != "published" {
		t.Fatalf("official's comment is %s", base.Status)
	}
	pending := e.postComment(s.author, s.slug, map[string]any{"body": "Geheim bis zur Freigabe"})
	reply := e.postComment(s.author, s.slug, map[string]any{"body": "Antwort wartet", "parent_id": base.ID})
	if pending.Status != "pending" || reply.Status != "pending" {
		t.Fatalf("statuses %s, %s; want pending", pending.Status, reply.Status)
	}

	for name, tok := range map[string]string{"anonymous": "", "other": s.other, "official": s.official} {
		got := ids(e.listComments(tok, s.slug, "").Items)
		if slices.Contains(got, pending.ID) || slices.Contains(got, reply.ID) {
			t.Errorf("%s sees pending comments in the list: %v", name, got)
		}
		if res := e.getComment(tok, pending.ID); res.Code != http.StatusNotFound {
			t.Errorf("%s: GET pending = %d", name, res.Code)
		}
		if res := e.flag(tok, pending.ID, map[string]any{"reason": "spam"}); tok != "" && res.Code != http.StatusNotFound {
			t.Errorf("%s: flag pending = %d", name, res.Code)
		}
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + s.slug + "/comments?parent=" + base.ID, token: tok}); strings.Contains(string(res.Body), "wartet") {
			t.Errorf("%s sees the pending reply with ?parent", name)
		}
	}
	for _, item := range e.listComments("", s.slug, "").Items {
		if item.ID == base.ID && item.ReplyCount != 0 {
			t.Errorf("reply_count counts a pending reply: %d", item.ReplyCount)
		}
	}
	// The author sees their own pending comments, marked as such.
	mine := e.listComments(s.author, s.slug, "").Items
	if got := ids(mine); !slices.Contains(got, pending.ID) || !slices.Contains(got, reply.ID) {
		t.Errorf("author misses own pending comments: %v", got)
	}
	for _, tok := range []string{s.author, s.moderator, s.admin} {
		if res := e.getComment(tok, pending.ID); res.Code != http.StatusOK || !strings.Contains(string(res.Body), `"status":"pending"`) {
			t.Errorf("GET pending: %d %s", res.Code, res.Body)
		}
	}
	if c := e.counts(s.slug); c.Project != 1 {
		t.Errorf("counts = %d, want 1 (pending not counted)", c.Project)
	}
	var part struct {
		Total int `json:"total"`
	}
	e.do(req{method: http.MethodGet, path: "/api/v1/participation?project=" + s.slug}).JSON(t, &part)
	if part.Total != 1 {
		t.Errorf("participation total = %d, want 1", part.Total)
	}
	// Events of pending comments reach only moderators and the author.
	var evs []model.Event
	if err := e.db.Gorm.Where("type = ? AND payload LIKE ?", "comment.created", `%"status":"pending"%`).Find(&evs).Error; err != nil {
		t.Fatal(err)
	}
	wantAud := "moderators,user:" + formatID(s.authorUser.ID)
	if len(evs) != 2 || evs[0].Audience != wantAud || evs[1].Audience != wantAud {
		t.Errorf("pending events: %+v, want 2 with audience %s", evs, wantAud)
	}

	// Moderators find both in the queue, oldest first, with context.
	q := e.queue(s.moderator)
	if len(q) != 2 || q[0].Comment.ID != pending.ID || q[1].Comment.ID != reply.ID || q[0].Reason != "pending" {
		t.Fatalf("queue: %+v", q)
	}
	if q[1].ParentExcerpt == nil || *q[1].ParentExcerpt != "Amtlicher Beitrag" || q[0].Project.Slug != s.slug {
		t.Errorf("queue context: %+v", q[1])
	}
	// Approving publishes: everybody sees it, counts and reply_count include it, comment.created is public.
	if res := e.moderate(s.moderator, reply.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	var pub []model.Event
	e.db.Gorm.Where("type = ? AND audience = '' AND payload LIKE ?", "comment.created", `%"id":"`+reply.ID+`"%`).Find(&pub)
	if len(pub) != 1 {
		t.Errorf("approval wrote %d public comment.created events, want 1", len(pub))
	}
	if res := e.moderate(s.moderator, reply.ID, map[string]any{"action": "approve"}); res.Code != http.StatusConflict ||
		res.Problem(t).Code != "already_moderated" {
		t.Errorf("second approve: %d %s", res.Code, res.Body)
	}
	for _, item := range e.listComments(s.other, s.slug, "").Items {
		if item.ID == base.ID && (item.ReplyCount != 1 || len(item.Replies) != 1) {
			t.Errorf("after approval reply_count = %d, replies %d", item.ReplyCount, len(item.Replies))
		}
	}
	if c := e.counts(s.slug); c.Project != 2 {
		t.Errorf("counts = %d, want 2", c.Project)
	}
	if n := e.notifications(s.author); len(n) != 1 || n[0].Type != "comment_approved" || *n[0].CommentID != reply.ID {
		t.Errorf("author notifications: %+v", n)
	}
	// Bulk approval skips what is no longer queued.
	var bulk struct{ Approved, Skipped []string }
	res := e.do(req{method: http.MethodPost, path: "/api/v1/moderation/bulk-approve", token: s.moderator,
		body: map[string]any{"ids": []string{pending.ID, reply.ID}}})
	res.JSON(t, &bulk)
	if res.Code != http.StatusOK || !slices.Equal(bulk.Approved, []string{pending.ID}) || !slices.Equal(bulk.Skipped, []string{reply.ID}) {
		t.Errorf("bulk approve: %d %s", res.Code, res.Body)
	}
	if len(e.queue(s.moderator)) != 0 {
		t.Error("queue not empty after approving everything")
	}
	if res := e.getComment("", pending.ID); res.Code != http.StatusOK {
		t.Errorf("approved comment: %d", res.Code)
	}
}

func TestEditInPreModeratedProjectGoesBackToPending(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newModSetup(e)
	c := e.postComment(s.author, s.slug, map[string]any{"body": "Erste Fassung"})
	if res := e.moderate(s.moderator, c.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d", res.Code)
	}
	res := e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: s.author, body: map[string]any{"body": "Zweite Fassung"}})
	var got commentBody
	res.JSON(t, &got)
	if res.Code != http.StatusOK || got.Status != "pending" {
		t.Fatalf("edit: %d %s", res.Code, res.Body)
	}
	if slices.Contains(ids(e.listComments("", s.slug, "").Items), c.ID) {
		t.Error("edited comment still public")
	}
	if e.getComment(s.other, c.ID).Code != http.StatusNotFound {
		t.Error("edited comment visible to others")
	}
	var n int64
	e.db.Gorm.Model(&model.Event{}).Where("type = ? AND audience = '' AND payload = ?", "comment.withdrawn", `{"id":"`+c.ID+`"}`).Count(&n)
	if n != 1 {
		t.Errorf("%d public comment.withdrawn events, want 1", n)
	}
	if q := e.queue(s.moderator); len(q) != 1 || q[0].Comment.Body != "Zweite Fassung" {
		t.Errorf("queue: %+v", q)
	}
}

func TestPreModerationDefault(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"PRE_MODERATION_DEFAULT": "true"})
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	var p struct {
		PreModeration bool `json:"pre_moderation"`
	}
	e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: admin, body: projectInput("standard")}).JSON(t, &p)
	if !p.PreModeration {
		t.Error("project without pre_moderation did not take the default true")
	}
	in := projectInput("ausdruecklich")
	in["pre_moderation"] = false
	e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: admin, body: in}).JSON(t, &p)
	if p.PreModeration {
		t.Error("explicit false was overridden")
	}
}

func TestFlagsHideAtThreshold(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // FLAG_THRESHOLD defaults to 3
	s := newCommentSetup(e)
	author, _ := e.svc.Accounts.Authenticate(context.Background(), s.resident)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Strittig"})
	var flaggers []string
	for _, n := range []string{"Fritz Eins", "Franz Zwei", "Frieda Drei"} {
		u, tok := e.user(n)
		e.ageUser(u, 25*time.Hour) // only flags of accounts older than a day count (FLAG_MIN_ACCOUNT_AGE)
		flaggers = append(flaggers, tok)
	}
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	if res := e.flag(flaggers[0], c.ID, map[string]any{"reason": "other"}); res.Code != 422 || !res.Problem(t).HasField("text") {
		t.Errorf("other without text: %d %s", res.Code, res.Body)
	}
	if res := e.flag(flaggers[0], c.ID, map[string]any{"reason": "laut"}); res.Code != 422 {
		t.Errorf("bad reason: %d", res.Code)
	}
	if res := e.flag(s.resident, c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusForbidden || res.Problem(t).Code != "own_comment" {
		t.Errorf("author flags own comment: %d %s", res.Code, res.Body)
	}
	for i, tok := range flaggers[:2] {
		if res := e.flag(tok, c.ID, map[string]any{"reason": "offensive"}); res.Code != http.StatusNoContent {
			t.Fatalf("flag %d: %d %s", i, res.Code, res.Body)
		}
	}
	if res := e.flag(flaggers[0], c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusConflict || res.Problem(t).Code != "already_flagged" {
		t.Errorf("second flag of one user: %d %s", res.Code, res.Body)
	}
	if got := e.getComment("", c.ID); !strings.Contains(string(got.Body), `"status":"published"`) {
		t.Fatalf("hidden below the threshold: %s", got.Body)
	}
	if q := e.queue(mod); len(q) != 1 || q[0].Reason != "flagged" || len(q[0].Flags) != 2 {
		t.Fatalf("queue after two flags: %+v", q)
	}
	if res := e.flag(flaggers[2], c.ID, map[string]any{"reason": "other", "text": "Beleidigend"}); res.Code != http.StatusNoContent {
		t.Fatalf("third flag: %d", res.Code)
	}
	var got commentBody
	e.getComment("", c.ID).JSON(t, &got)
	if got.Status != "hidden" || got.HiddenReason == nil || *got.HiddenReason != "flagged" || got.Body != "" || got.BodyHTML != "" {
		t.Errorf("after the threshold: %+v", got)
	}
	if items := e.listComments("", s.slug, ""); len(items.Items) != 1 || items.Items[0].Status != "hidden" || items.Items[0].Body != "" {
		t.Errorf("list placeholder: %+v", items.Items)
	}
	if q := e.queue(mod); len(q) != 1 || q[0].Comment.Body != "Strittig" || len(q[0].Flags) != 3 {
		t.Errorf("moderators see the text in the queue: %+v", q)
	}
	if n := e.notifications(s.resident); len(n) != 1 || n[0].Type != "comment_hidden" || *n[0].Reason != "flagged" {
		t.Errorf("author notifications: %+v", n)
	}
	var log listBody[logBody]
	e.do(req{method: http.MethodGet, path: "/api/v1/moderation/log"}).JSON(t, &log)
	if len(log.Items) != 1 || log.Items[0].ActorRole != "system" || *log.Items[0].Reason != "flagged" {
		t.Errorf("log: %+v", log.Items)
	}
	// Approving resolves the flags and publishes it again; the same users cannot flag again.
	if res := e.moderate(mod, c.ID, map[string]any{"action": "approve"}); res.Code != http.StatusOK {
		t.Fatalf("approve: %d %s", res.Code, res.Body)
	}
	if res := e.flag(flaggers[0], c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusConflict {
		t.Errorf("flag after decision: %d", res.Code)
	}
	e.getComment("", c.ID).JSON(t, &got)
	if got.Status != "published" || got.Body != "Strittig" {
		t.Errorf("after approval: %+v", got)
	}
	_ = author
}

func TestFlagThresholdConfig(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"FLAG_THRESHOLD": "1"})
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Einmal gemeldet"})
	u, tok := e.user("Fritz Eins")
	e.ageUser(u, 25*time.Hour)
	if res := e.flag(tok, c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
		t.Fatal(res.Code)
	}
	if got := e.getComment("", c.ID); !strings.Contains(string(got.Body), `"status":"hidden"`) {
		t.Errorf("not hidden at threshold 1: %s", got.Body)
	}
}

// TestFlagRateLimit: flags are limited per user (RATE_FLAGS, default 10 at once, then one every 6 s).
func TestFlagRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		vars       map[string]string
		allowed    int
		retryAfter string
	}{
		{"default", nil, 10, "6"},
		{"configured", map[string]string{"RATE_FLAGS": "2/1m"}, 2, "30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, tc.vars)
			s := newCommentSetup(e)
			_, flagger := e.user("Fritz Flink")
			var ids []string
			for i := range tc.allowed + 2 {
				ids = append(ids, e.postComment(s.resident, s.slug, map[string]any{"body": "Beitrag " + strconv.Itoa(i)}).ID)
			}
			for i := range tc.allowed {
				if res := e.flag(flagger, ids[i], map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
					t.Fatalf("flag %d: %d %s", i+1, res.Code, res.Body)
				}
			}
			res := e.flag(flagger, ids[tc.allowed], map[string]any{"reason": "spam"})
			if res.Code != 429 || res.Header.Get("Retry-After") != tc.retryAfter || res.Problem(t).Code != "rate_limited" {
				t.Fatalf("flag beyond the budget: %d %q %s", res.Code, res.Header.Get("Retry-After"), res.Body)
			}
			_, other := e.user("Otto Other")
			if res := e.flag(other, ids[tc.allowed], map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
				t.Fatalf("another user: %d %s", res.Code, res.Body)
			}
			e.clock.Advance(time.Minute) // the whole budget is back
			if res := e.flag(flagger, ids[tc.allowed+1], map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
				t.Fatalf("after a minute: %d %s", res.Code, res.Body)
			}
		})
	}
}

func TestHideRestoreRemoveAppealAndLog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Ein geheimer Satz"})
	// An edit keeps the earlier text as a revision, which removal must delete too.
	e.do(req{method: http.MethodPatch, path: "/api/v1/comments/" + c.ID, token: s.resident, body: map[string]any{"body": "Ein geheimer Satz, geändert"}})

	if res := e.moderate(mod, c.ID, map[string]any{"action": "hide"}); res.Code != 422 || !res.Problem(t).HasField("reason") {
		t.Errorf("hide without reason: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/appeal", token: s.resident}); res.Code != http.StatusConflict ||
		res.Problem(t).Code != "not_appealable" {
		t.Errorf("appeal of a published comment: %d %s", res.Code, res.Body)
	}
	if res := e.moderate(mod, c.ID, map[string]any{"action": "hide", "reason": "off_topic", "note": "passt nicht"}); res.Code != http.StatusOK {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	if res := e.moderate(mod, c.ID, map[string]any{"action": "hide", "reason": "spam"}); res.Code != http.StatusConflict ||
		res.Problem(t).Code != "already_moderated" {
		t.Errorf("second hide: %d %s", res.Code, res.Body)
	}
	if res := e.moderate(mod, c.ID, map[string]any{"action": "restore"}); res.Code != http.StatusConflict {
		t.Errorf("restore outside the queue: %d", res.Code)
	}
	var hiddenEv []model.Event
	e.db.Gorm.Where("type = ?", "comment.hidden").Find(&hiddenEv)
	if len(hiddenEv) != 1 || hiddenEv[0].Payload != `{"id":"`+c.ID+`","reason":"off_topic"}` || hiddenEv[0].Audience != "" {
		t.Errorf("comment.hidden events: %+v", hiddenEv)
	}
	// Appeal: the author only, once; it enters the queue.
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/appeal", token: s.admin}); res.Code != http.StatusForbidden {
		t.Errorf("appeal by another user: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/appeal", token: s.resident}); res.Code != http.StatusNoContent {
		t.Fatalf("appeal: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/appeal", token: s.resident}); res.Code != http.StatusConflict ||
		res.Problem(t).Code != "already_appealed" {
		t.Errorf("second appeal: %d %s", res.Code, res.Body)
	}
	if q := e.queue(mod); len(q) != 1 || q[0].Reason != "appeal" || q[0].Comment.Body == "" {
		t.Fatalf("queue after appeal: %+v", q)
	}
	if res := e.moderate(mod, c.ID, map[string]any{"action": "restore"}); res.Code != http.StatusOK {
		t.Fatalf("restore: %d %s", res.Code, res.Body)
	}
	if got := e.getComment("", c.ID); !strings.Contains(string(got.Body), "geheimer Satz, geändert") {
		t.Errorf("restored: %s", got.Body)
	}
	// Removal deletes the text from the comment and its revisions; a tombstone stays.
	if res := e.moderate(mod, c.ID, map[string]any{"action": "remove"}); res.Code != http.StatusOK {
		t.Fatalf("remove: %d %s", res.Code, res.Body)
	}
	var got commentBody
	e.getComment("", c.ID).JSON(t, &got)
	if got.Status != "removed" || got.Body != "" || got.Author != nil || *got.HiddenReason != "illegal" {
		t.Errorf("removed: %+v", got)
	}
	var n int64
	e.db.Gorm.Model(&model.Comment{}).Where("body LIKE ? OR body_html LIKE ?", "%geheim%", "%geheim%").Count(&n)
	var r int64
	e.db.Gorm.Model(&model.CommentRevision{}).Where("body LIKE ?", "%geheim%").Count(&r)
	if n != 0 || r != 0 {
		t.Errorf("text left in the database: %d comments, %d revisions", n, r)
	}
	if res := e.moderate(mod, c.ID, map[string]any{"action": "remove"}); res.Code != http.StatusConflict {
		t.Errorf("second remove: %d", res.Code)
	}
	// The public log: action, reason category, role; never text, note or names.
	res := e.do(req{method: http.MethodGet, path: "/api/v1/moderation/log"})
	var log listBody[logBody]
	res.JSON(t, &log)
	want := []struct{ action, reason string }{{"remove", "illegal"}, {"restore", ""}, {"hide", "off_topic"}}
	if len(log.Items) != len(want) {
		t.Fatalf("log: %s", res.Body)
	}
	for i, w := range want {
		l := log.Items[i]
		if l.Action != w.action || l.CommentID != c.ID || l.ActorRole != "moderator" || (w.reason != "" && *l.Reason != w.reason) {
			t.Errorf("log %d: %+v, want %+v", i, l, w)
		}
	}
	for _, secret := range []string{"geheim", "passt nicht", "Mona"} {
		if strings.Contains(string(res.Body), secret) {
			t.Errorf("log shows %q", secret)
		}
	}
	types := []string{}
	for _, n := range e.notifications(s.resident) {
		types = append(types, n.Type)
	}
	if !slices.Equal(types, []string{"comment_removed", "comment_approved", "comment_hidden"}) {
		t.Errorf("notifications: %v", types)
	}
	var resolved []model.Event
	e.db.Gorm.Where("topic = ? AND type = ?", "moderation", "moderation.resolved").Find(&resolved)
	if len(resolved) != 3 || !strings.Contains(resolved[0].Payload, `"moderator":"Mona Moderator"`) || resolved[0].Audience != "moderators" {
		t.Errorf("moderation.resolved: %+v", resolved)
	}
}

func TestNotifications(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Frage an alle"})
	e.postComment(s.admin, s.slug, map[string]any{"body": "Antwort eins", "parent_id": c.ID})
	e.postComment(s.admin, s.slug, map[string]any{"body": "Antwort zwei", "parent_id": c.ID})
	e.postComment(s.resident, s.slug, map[string]any{"body": "Selbst", "parent_id": c.ID}) // no notification
	unread := func(tok string) int {
		var u struct {
			Unread int `json:"unread"`
		}
		e.do(req{method: http.MethodGet, path: "/api/v1/notifications/unread-count", token: tok}).JSON(t, &u)
		return u.Unread
	}
	ns := e.notifications(s.resident)
	if len(ns) != 2 || ns[0].Type != "reply" || unread(s.resident) != 2 || unread(s.admin) != 0 {
		t.Fatalf("notifications: %+v", ns)
	}
	var u struct {
		Unread int `json:"unread"`
	}
	// Another user's ids are ignored.
	e.do(req{method: http.MethodPost, path: "/api/v1/notifications/read", token: s.admin, body: map[string]any{"ids": []string{ns[0].ID}}}).JSON(t, &u)
	if unread(s.resident) != 2 {
		t.Error("another user marked a notification read")
	}
	e.do(req{method: http.MethodPost, path: "/api/v1/notifications/read", token: s.resident, body: map[string]any{"ids": []string{ns[0].ID}}}).JSON(t, &u)
	if u.Unread != 1 || !e.notifications(s.resident)[0].Read {
		t.Errorf("after reading one: %d", u.Unread)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/notifications/read", token: s.resident, body: map[string]any{}}); res.Code != 422 {
		t.Errorf("read without ids: %d", res.Code)
	}
	e.do(req{method: http.MethodPost, path: "/api/v1/notifications/read", token: s.resident, body: map[string]any{"all": true}}).JSON(t, &u)
	if u.Unread != 0 {
		t.Errorf("after reading all: %d", u.Unread)
	}
	var evs []model.Event
	e.db.Gorm.Where("type = ?", "notification.created").Find(&evs)
	if len(evs) != 2 || evs[0].Topic != "user:"+formatID(mustUser(t, e, s.resident).ID) || evs[0].Audience != evs[0].Topic {
		t.Errorf("notification events: %+v", evs)
	}
}

func mustUser(t *testing.T, e *env, token string) *model.User {
	t.Helper()
	u, err := e.svc.Accounts.Authenticate(context.Background(), token)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
