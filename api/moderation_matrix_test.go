package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestModerationAndAnswersPermissions is the role × endpoint matrix of the endpoints of moderation,
// notifications, official responses and analogue contributions.
func TestModerationAndAnswersPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	users := map[string]*model.User{}
	users["admin"], _ = e.user("Ada Admin", model.RoleAdmin)
	users["author"], _ = e.user("Anna Author")
	users["resident"], _ = e.user("Rita Resident")
	users["council"], _ = e.user("Carl Council", model.RoleCouncil)
	users["moderator"], _ = e.user("Mona Moderator", model.RoleModerator)
	users["official"], _ = e.user("Olga Official", model.RoleOfficial) // Bürgeramt owns the projects
	users["official other"] = mustUser(t, e, e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial))
	users["unverified"] = mustUser(t, e, e.otherUser("new.resident@example.org", false, ""))
	actors := []string{"anonymous", "unverified", "resident", "author", "council", "moderator", "official", "official other", "admin"}
	// Tokens are issued per request: the matrix moves the clock past the 15 minutes of an access token.
	tok := func(actor string) string {
		if actor == "anonymous" {
			return ""
		}
		return e.token(users[actor])
	}
	slug := e.createProject(tok("admin"), projectInput("matrix")).Slug
	in := projectInput("matrix-vormoderiert")
	in["pre_moderation"] = true
	premod := e.createProject(tok("admin"), in).Slug
	post := func(slug string, body map[string]any) commentBody {
		return e.postComment(tok("author"), slug, body)
	}
	published := post(slug, map[string]any{"body": "Öffentlich"})
	pending := post(premod, map[string]any{"body": "Wartet"})

	// Anyone verified may flag, except the comment's author (403 own_comment).
	flagger := map[string]int{"anonymous": 401, "unverified": 403, "author": 403}
	loggedIn := map[string]int{"anonymous": 401}
	modOnly := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "author": 403, "council": 403,
		"official": 403, "official other": 403}
	officialOnly := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "author": 403, "council": 403,
		"moderator": 403}
	owningDept := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "author": 403, "council": 403,
		"moderator": 403, "official other": 403}
	authorOnly := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "moderator": 403,
		"official": 403, "official other": 403, "admin": 403}
	pendingSeers := map[string]int{"anonymous": 404, "unverified": 404, "resident": 404, "council": 404, "official": 404,
		"official other": 404}
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request func() req
	}{
		{"get comment", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/comments/" + published.ID} }},
		{"get pending comment", 200, pendingSeers, func() req { return req{method: http.MethodGet, path: "/api/v1/comments/" + pending.ID} }},
		{"flag", 204, flagger, func() req {
			c := post(slug, map[string]any{"body": "Meldbar"})
			return req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/flags", body: map[string]any{"reason": "spam"}}
		}},
		{"appeal", 204, authorOnly, func() req {
			c := post(slug, map[string]any{"body": "Ausgeblendet"})
			if res := e.moderate(tok("moderator"), c.ID, map[string]any{"action": "hide", "reason": "spam"}); res.Code != 200 {
				t.Fatalf("hide: %d", res.Code)
			}
			return req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/appeal"}
		}},
		{"moderate", 200, modOnly, func() req {
			c := post(slug, map[string]any{"body": "Zu moderieren"})
			return req{method: http.MethodPost, path: "/api/v1/comments/" + c.ID + "/moderation", body: map[string]any{"action": "hide", "reason": "spam"}}
		}},
		{"queue", 200, modOnly, func() req { return req{method: http.MethodGet, path: "/api/v1/moderation/queue"} }},
		{"bulk approve", 200, modOnly, func() req {
			c := post(premod, map[string]any{"body": "Wartet auch"})
			return req{method: http.MethodPost, path: "/api/v1/moderation/bulk-approve", body: map[string]any{"ids": []string{c.ID}}}
		}},
		{"log", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/moderation/log"} }},
		{"notifications", 200, loggedIn, func() req { return req{method: http.MethodGet, path: "/api/v1/notifications"} }},
		{"unread count", 200, loggedIn, func() req { return req{method: http.MethodGet, path: "/api/v1/notifications/unread-count"} }},
		{"read", 200, loggedIn, func() req {
			return req{method: http.MethodPost, path: "/api/v1/notifications/read", body: map[string]any{"all": true}}
		}},
		{"respond", 201, officialOnly, func() req {
			return req{method: http.MethodPost, path: "/api/v1/comments/" + published.ID + "/responses", body: map[string]any{"body": "Amtlich"}}
		}},
		{"take", 200, owningDept, func() req {
			q := post(slug, map[string]any{"body": "Frage?", "kind": "question"})
			return req{method: http.MethodPost, path: "/api/v1/comments/" + q.ID + "/take"}
		}},
		{"open questions", 200, officialOnly, func() req { return req{method: http.MethodGet, path: "/api/v1/questions/open"} }},
		{"contribution", 201, owningDept, func() req {
			return req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/contributions",
				body: map[string]any{"body": "Brief", "channel": "letter", "received_at": "2026-11-01"}}
		}},
		{"response times", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/response-times?project=" + slug} }},
		{"participation", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/participation"} }},
	}
	for _, ep := range endpoints {
		for _, actor := range actors {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if w, ok := ep.deny[actor]; ok {
					want = w
				}
				r := ep.request()
				r.token = tok(actor)
				res := e.do(r)
				e.clock.Advance(12 * time.Second)
				if res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
				if want == 403 && actor == "unverified" && res.Problem(t).Code != "email_unverified" {
					t.Errorf("code %q, want email_unverified", res.Problem(t).Code)
				}
			})
		}
	}
	for _, r := range []req{
		{method: http.MethodGet, path: "/api/v1/comments/999999"},
		{method: http.MethodPost, path: "/api/v1/comments/999999/flags", token: tok("resident"), body: map[string]any{"reason": "spam"}},
		{method: http.MethodPost, path: "/api/v1/comments/abc/appeal", token: tok("resident")},
		{method: http.MethodPost, path: "/api/v1/comments/999999/moderation", token: tok("moderator"), body: map[string]any{"action": "approve"}},
		{method: http.MethodPost, path: "/api/v1/comments/999999/responses", token: tok("official"), body: map[string]any{"body": "x"}},
		{method: http.MethodPost, path: "/api/v1/comments/999999/take", token: tok("official")},
		{method: http.MethodPost, path: "/api/v1/projects/gibt-es-nicht/contributions", token: tok("official"),
			body: map[string]any{"body": "x", "channel": "letter", "received_at": "2026-11-01"}},
		{method: http.MethodGet, path: "/api/v1/participation?project=gibt-es-nicht"},
	} {
		if res := e.do(r); res.Code != 404 {
			t.Errorf("%s %s: %d, want 404", r.method, r.path, res.Code)
		}
	}
}
