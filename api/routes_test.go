package api_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/api"
	"github.com/digitalrat/digitalrat/internal/accounts"
)

// TestEveryRouteHasOneAccessRule walks the router: every route declares exactly one access rule (the
// route helper refuses a second declaration), and the rule is really in front of the handler — an
// anonymous request to a route that needs a login answers 401, a resident at a staff route 403, an
// unverified account at a writing route 403 email_unverified.
func TestEveryRouteHasOneAccessRule(t *testing.T) {
	e := newEnv(t)
	srv, ok := e.h.(*api.Server)
	if !ok {
		t.Fatalf("app.Build returned %T, want *api.Server", e.h)
	}
	rules := srv.Rules()
	known := map[string]bool{"anyone": true, "logged_in": true, "verified": true, "officials": true, "moderators": true, "admins": true, "poll_managers": true}
	routes := srv.Routes()
	if len(routes) != len(rules) {
		t.Errorf("%d routes but %d declared rules", len(routes), len(rules))
	}
	_, resident := e.user("Route Resident")
	u, err := e.svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{
		Email: "unverified.routes@example.org", DisplayName: "Unverified Routes", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	unverified, err := e.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`:[a-z_]+`)
	for _, rt := range routes {
		key := rt.Method + " " + rt.Path
		rule, ok := rules[key]
		if !ok {
			t.Errorf("%s has no declared access rule (declare it with routes.add in api/router.go)", key)
			continue
		}
		if !known[rule] {
			t.Errorf("%s: unknown rule %q", key, rule)
		}
		path := param.ReplaceAllString(rt.Path, "1")
		send := func(token string) *response {
			r := req{method: rt.Method, path: path, token: token}
			if rt.Method != http.MethodGet && rt.Method != http.MethodDelete {
				r.body = map[string]any{}
			}
			return e.do(r)
		}
		t.Run(strings.ReplaceAll(key, "/", "_"), func(t *testing.T) {
			if rule == "anyone" {
				return
			}
			if res := send(""); res.Code != http.StatusUnauthorized {
				t.Errorf("anonymous: %d %s, want 401", res.Code, res.Body)
			}
			switch rule {
			case "officials", "moderators", "admins", "poll_managers":
				if res := send(resident); res.Code != http.StatusForbidden || res.Problem(t).Code != "forbidden" {
					t.Errorf("resident: %d %s, want 403 forbidden", res.Code, res.Body)
				}
			}
			switch rule {
			case "verified", "officials", "moderators", "poll_managers":
				if res := send(unverified); res.Code != http.StatusForbidden || res.Problem(t).Code != "email_unverified" {
					t.Errorf("unverified: %d %s, want 403 email_unverified", res.Code, res.Body)
				}
			}
		})
	}
}
