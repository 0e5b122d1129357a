package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type userBody struct {
	ID            string   `json:"id"`
	DisplayName   string   `json:"display_name"`
	Roles         []string `json:"roles"`
	Email         string   `json:"email"`
	EmailVerified bool     `json:"email_verified"`
	Affiliation   *string  `json:"affiliation"`
	Department    *string  `json:"department"`
	Disabled      bool     `json:"disabled"`
}

func userPath(u *model.User) string { return "/api/v1/users/" + strconv.FormatInt(u.ID, 10) }

func TestRegistrationValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.user("Taken Tom")
	tests := []struct {
		name            string
		body            any
		field, code     string
		wantStatus      int
		wantNoFieldsFor string
	}{
		{"missing email", map[string]string{"display_name": "Ada", "password": goodPassword}, "email", "required", 422, ""},
		{"bad email", map[string]string{"email": "ada@", "display_name": "Ada", "password": goodPassword}, "email", "email", 422, ""},
		{"missing display name", map[string]string{"email": "ada@example.org", "password": goodPassword}, "display_name", "required", 422, ""},
		{"blank display name", map[string]string{"email": "ada@example.org", "display_name": "   ", "password": goodPassword}, "display_name", "required", 422, ""},
		{"missing password", map[string]string{"email": "ada@example.org", "display_name": "Ada"}, "password", "required", 422, ""},
		{"short password", map[string]string{"email": "ada@example.org", "display_name": "Ada", "password": "elevenchars"}, "password", "min", 422, ""},
		{"password contains email", map[string]string{"email": "ada@example.org", "display_name": "Ada L", "password": "my ada@example.org pass"}, "password", "contains_personal_data", 422, ""},
		{"password contains local part", map[string]string{"email": "lovelace@example.org", "display_name": "Ada", "password": "xxLoveLace2026xx"}, "password", "contains_personal_data", 422, ""},
		{"password contains display name", map[string]string{"email": "a@example.org", "display_name": "Countess", "password": "the countess of code"}, "password", "contains_personal_data", 422, ""},
		{"not JSON", "{", "", "", 400, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/register", body: tc.body})
			if res.Code != tc.wantStatus {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.wantStatus, res.Body)
			}
			if tc.field == "" {
				return
			}
			p := res.Problem(t)
			for _, fe := range p.Errors {
				if fe.Field == tc.field && fe.Code == tc.code {
					return
				}
			}
			t.Fatalf("want field %s code %s, got %+v", tc.field, tc.code, p.Errors)
		})
	}
}

func TestRegisterVerifyLogin(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/register",
		body: map[string]string{"email": " Neu@Example.org ", "display_name": "Neue Nutzerin", "password": goodPassword}})
	if res.Code != 201 {
		t.Fatalf("register: %d %s", res.Code, res.Body)
	}
	var ub userBody
	res.JSON(t, &ub)
	if ub.Email != "neu@example.org" || ub.EmailVerified || len(ub.Roles) != 1 || ub.Roles[0] != "resident" {
		t.Fatalf("registered user: %+v", ub)
	}

	// Unverified users can log in and read /me.
	res = e.login("neu@example.org", goodPassword)
	if res.Code != 200 {
		t.Fatalf("login unverified: %d", res.Code)
	}
	var lb loginBody
	res.JSON(t, &lb)
	res = e.do(req{method: http.MethodGet, path: "/api/v1/me", token: lb.AccessToken})
	res.JSON(t, &ub)
	if res.Code != 200 || ub.EmailVerified {
		t.Fatalf("me before verification: %d %+v", res.Code, ub)
	}

	// Resend makes the first link stale.
	first := e.mailToken("neu@example.org", "/verify-email")
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/verify-email/resend", token: lb.AccessToken}); res.Code != 202 {
		t.Fatalf("resend: %d", res.Code)
	}
	second := e.mailToken("neu@example.org", "/verify-email")
	if first == second {
		t.Fatal("resend did not make a new token")
	}
	verify := func(tok string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/auth/verify-email", body: map[string]string{"token": tok}})
	}
	tests := []struct {
		name, token string
		want        int
	}{
		{"superseded token", first, 422},
		{"unknown token", "AAAA", 422},
		{"current token", second, 204},
		{"used token", second, 422},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := verify(tc.token)
			if res.Code != tc.want {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.want, res.Body)
			}
			if tc.want == 422 && !res.Problem(t).HasField("token") {
				t.Fatalf("problem does not name token: %s", res.Body)
			}
		})
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/me", token: lb.AccessToken})
	res.JSON(t, &ub)
	if !ub.EmailVerified {
		t.Fatal("not verified after the link")
	}

	t.Run("verification link expires", func(t *testing.T) {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/register",
			body: map[string]string{"email": "late@example.org", "display_name": "Late Larry", "password": goodPassword}})
		if res.Code != 201 {
			t.Fatal(res.Code)
		}
		tok := e.mailToken("late@example.org", "/verify-email")
		e.clock.Advance(49 * time.Hour)
		if res := verify(tok); res.Code != 422 {
			t.Fatalf("got %d", res.Code)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, oldTok := e.user("Ada Lovelace")
	login := e.login(u.Email, goodPassword)
	oldCookie := refreshCookie(t, login)

	resetReq := func(email string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": email}})
	}
	confirm := func(tok, pw string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset/confirm", body: map[string]string{"token": tok, "password": pw}})
	}
	known, unknown := resetReq(u.Email), resetReq("nobody@example.org")
	if known.Code != 202 || unknown.Code != 202 || string(known.Body) != string(unknown.Body) {
		t.Fatalf("known %d %q, unknown %d %q", known.Code, known.Body, unknown.Code, unknown.Body)
	}
	if ms, _ := e.svc.Accounts.MailsTo(context.Background(), "nobody@example.org"); len(ms) != 0 {
		t.Fatal("mail sent to an unknown address")
	}
	tok := e.mailToken(u.Email, "/reset-password")
	e.clock.Advance(time.Second)

	if res := confirm(tok, "short"); res.Code != 422 || !res.Problem(t).HasField("password") {
		t.Fatalf("short password: %d %s", res.Code, res.Body)
	}
	// A rejected password does not use up the token.
	if res := confirm(tok, "a brand new passphrase"); res.Code != 204 {
		t.Fatalf("reset: %d %s", res.Code, res.Body)
	}
	if res := confirm(tok, "yet another passphrase"); res.Code != 422 || !res.Problem(t).HasField("token") {
		t.Fatalf("second use: %d %s", res.Code, res.Body)
	}
	if res := e.login(u.Email, goodPassword); res.Code != 401 {
		t.Fatalf("old password: %d", res.Code)
	}
	if res := e.login(u.Email, "a brand new passphrase"); res.Code != 200 {
		t.Fatalf("new password: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: oldTok}); res.Code != 401 {
		t.Fatalf("access token from before the reset: %d", res.Code)
	}
	if res := e.refreshWith(oldCookie); res.Code != 401 {
		t.Fatalf("refresh token from before the reset: %d", res.Code)
	}

	t.Run("token expires after one hour", func(t *testing.T) {
		if res := resetReq(u.Email); res.Code != 202 {
			t.Fatal(res.Code)
		}
		tok := e.mailToken(u.Email, "/reset-password")
		e.clock.Advance(time.Hour + time.Second)
		if res := confirm(tok, "late but valid passphrase"); res.Code != 422 {
			t.Fatalf("got %d", res.Code)
		}
	})
}

func TestUpdateMe(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, tok := e.user("Ada Lovelace")
	patch := func(body any) *response {
		return e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: tok, body: body})
	}
	res := patch(map[string]string{"display_name": "  Augusta Ada  "})
	var ub userBody
	res.JSON(t, &ub)
	if res.Code != 200 || ub.DisplayName != "Augusta Ada" || ub.Email != u.Email {
		t.Fatalf("rename: %d %s", res.Code, res.Body)
	}
	tests := []struct {
		name  string
		body  map[string]string
		field string
	}{
		{"empty name", map[string]string{"display_name": " "}, "display_name"},
		{"new password without current", map[string]string{"new_password": "a completely new passphrase"}, "current_password"},
		{"wrong current password", map[string]string{"current_password": "not my password at all", "new_password": "a completely new passphrase"}, "current_password"},
		{"short new password", map[string]string{"current_password": goodPassword, "new_password": "short"}, "new_password"},
		{"new password contains name", map[string]string{"current_password": goodPassword, "new_password": "i am augusta ada!"}, "new_password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := patch(tc.body)
			if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
		})
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tok}); res.Code != 200 {
		t.Fatalf("failed changes must not end the session: %d", res.Code)
	}
}

func TestRoleEndpointMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	target, _ := e.user("Target Tina")
	tokens := map[string]string{"anonymous": ""}
	for _, r := range []string{model.RoleResident, model.RoleCouncil, model.RoleModerator, model.RoleOfficial, model.RoleAdmin} {
		var roles []string
		if r != model.RoleResident {
			roles = []string{r}
		}
		_, tokens[r] = e.user("Matrix "+r, roles...)
	}
	order := []string{"anonymous", "resident", "council", "moderator", "official", "admin"}
	tests := []struct {
		name, method, path string
		body               any
		want               [6]int
	}{
		{"get me", http.MethodGet, "/api/v1/me", nil, [6]int{401, 200, 200, 200, 200, 200}},
		{"patch me", http.MethodPatch, "/api/v1/me", map[string]string{}, [6]int{401, 200, 200, 200, 200, 200}},
		{"resend verification", http.MethodPost, "/api/v1/auth/verify-email/resend", nil, [6]int{401, 202, 202, 202, 202, 202}},
		{"list users", http.MethodGet, "/api/v1/users", nil, [6]int{401, 403, 403, 403, 403, 200}},
		{"get user", http.MethodGet, userPath(target), nil, [6]int{401, 403, 403, 403, 403, 200}},
		{"patch user", http.MethodPatch, userPath(target), map[string]any{"disabled": false}, [6]int{401, 403, 403, 403, 403, 200}},
		{"get unknown user", http.MethodGet, "/api/v1/users/999999", nil, [6]int{401, 403, 403, 403, 403, 404}},
		{"get malformed user id", http.MethodGet, "/api/v1/users/abc", nil, [6]int{401, 403, 403, 403, 403, 404}},
		{"test mail API not registered", http.MethodGet, "/api/v1/test/mails?to=x@example.org", nil, [6]int{404, 404, 404, 404, 404, 404}},
	}
	for _, tc := range tests {
		for i, who := range order {
			t.Run(tc.name+"/"+who, func(t *testing.T) {
				res := e.do(req{method: tc.method, path: tc.path, token: tokens[who], body: tc.body})
				if res.Code != tc.want[i] {
					t.Fatalf("got %d, want %d: %s", res.Code, tc.want[i], res.Body)
				}
			})
		}
	}
}

func TestAdminUpdateUser(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	admin, admTok := e.user("Admin Alice", model.RoleAdmin)
	u, uTok := e.user("Ada Lovelace")
	patch := func(target *model.User, body any) *response {
		return e.do(req{method: http.MethodPatch, path: userPath(target), token: admTok, body: body})
	}
	tests := []struct {
		name        string
		target      *model.User
		body        any
		field, code string
	}{
		{"unknown role", u, map[string]any{"roles": []string{"king"}}, "roles[0]", "oneof"},
		{"council without affiliation", u, map[string]any{"roles": []string{"council"}}, "affiliation", "required"},
		{"bad affiliation", u, map[string]any{"roles": []string{"council"}, "affiliation": "church"}, "affiliation", "oneof"},
		{"official without department", u, map[string]any{"roles": []string{"official"}}, "department", "required"},
		{"roles of wrong type", u, map[string]any{"roles": "admin"}, "roles", "type"},
		{"remove own admin role", admin, map[string]any{"roles": []string{"moderator"}}, "roles", "self_admin"},
		{"disable self", admin, map[string]any{"disabled": true}, "disabled", "self_disable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := patch(tc.target, tc.body)
			if res.Code != 422 {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			for _, fe := range res.Problem(t).Errors {
				if fe.Field == tc.field && fe.Code == tc.code {
					return
				}
			}
			t.Fatalf("want %s/%s: %s", tc.field, tc.code, res.Body)
		})
	}

	// Changing only the affiliation keeps the session.
	e.clock.Advance(time.Second)
	res := patch(u, map[string]any{"roles": []string{"council"}, "affiliation": "science"})
	var ub userBody
	res.JSON(t, &ub)
	if res.Code != 200 || strings.Join(ub.Roles, ",") != "resident,council" || ub.Affiliation == nil || *ub.Affiliation != "science" {
		t.Fatalf("make council: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: uTok}); res.Code != 401 {
		t.Fatalf("token from before the role change: %d", res.Code)
	}
	_, uTok = e.loginToken(u.Email)
	e.clock.Advance(time.Second)
	if res := patch(u, map[string]any{"affiliation": "business"}); res.Code != 200 {
		t.Fatalf("affiliation: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: uTok}); res.Code != 200 {
		t.Fatalf("affiliation change ended the session: %d", res.Code)
	}
	// Removing council drops the affiliation; resident always stays.
	res = patch(u, map[string]any{"roles": []string{}})
	res.JSON(t, &ub)
	if strings.Join(ub.Roles, ",") != "resident" || ub.Affiliation != nil {
		t.Fatalf("remove roles: %s", res.Body)
	}
	// Disable and enable again.
	cookie, _ := e.loginToken(u.Email)
	res = patch(u, map[string]any{"disabled": true})
	res.JSON(t, &ub)
	if !ub.Disabled {
		t.Fatalf("disable: %s", res.Body)
	}
	if res := e.refreshWith(cookie); res.Code != 401 {
		t.Fatalf("refresh of a disabled user: %d", res.Code)
	}
	if res := e.login(u.Email, goodPassword); res.Code != 401 {
		t.Fatalf("login of a disabled user: %d", res.Code)
	}
	res = patch(u, map[string]any{"disabled": false})
	res.JSON(t, &ub)
	if ub.Disabled {
		t.Fatal("still disabled")
	}
	if res := e.login(u.Email, goodPassword); res.Code != 200 {
		t.Fatalf("login after enabling: %d", res.Code)
	}
	// An admin may keep their own admin role while changing others.
	res = patch(admin, map[string]any{"roles": []string{"admin", "moderator"}})
	if res.Code != 200 {
		t.Fatalf("admin adds a role to themself: %d %s", res.Code, res.Body)
	}
}

// loginToken logs in with the default password and returns the refresh cookie and access token.
func (e *env) loginToken(email string) (*http.Cookie, string) {
	e.t.Helper()
	res := e.login(email, goodPassword)
	if res.Code != 200 {
		e.t.Fatalf("login %s: %d", email, res.Code)
	}
	var lb loginBody
	res.JSON(e.t, &lb)
	return refreshCookie(e.t, res), lb.AccessToken
}

func TestListUsers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admTok := e.user("Admin Alice", model.RoleAdmin)
	for _, n := range []string{"Bernd Brot", "Clara Zetkin", "Dora Diamant", "Emil Zátopek", "Percent 100% Paul"} {
		e.user(n)
	}
	list := func(query string) (items []userBody, next *string) {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: "/api/v1/users" + query, token: admTok})
		if res.Code != 200 {
			t.Fatalf("%s: %d %s", query, res.Code, res.Body)
		}
		var body struct {
			Items      []userBody `json:"items"`
			NextCursor *string    `json:"next_cursor"`
		}
		res.JSON(t, &body)
		return body.Items, body.NextCursor
	}
	names := func(us []userBody) string {
		var out []string
		for _, u := range us {
			out = append(out, u.DisplayName)
		}
		return strings.Join(out, ",")
	}
	tests := []struct{ name, query, want string }{
		{"all", "", "Admin Alice,Bernd Brot,Clara Zetkin,Dora Diamant,Emil Zátopek,Percent 100% Paul"},
		{"name, case-insensitive", "?q=ZET", "Clara Zetkin"},
		{"email", "?q=dora.diamant%40", "Dora Diamant"},
		{"like wildcard is literal", "?q=%25", "Percent 100% Paul"},
		{"underscore is literal", "?q=_", ""},
		{"no match", "?q=nobody", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, _ := list(tc.query)
			if got := names(items); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("cursor pagination", func(t *testing.T) {
		var all []userBody
		q := "?limit=2"
		for pages := 0; ; pages++ {
			items, next := list(q)
			all = append(all, items...)
			if next == nil {
				break
			}
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
			q = "?limit=2&cursor=" + *next
		}
		if got := names(all); got != tests[0].want {
			t.Fatalf("paged: %q", got)
		}
	})
	t.Run("bad cursor and limit", func(t *testing.T) {
		for _, q := range []string{"?cursor=!!!", "?limit=0", "?limit=101"} {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/users" + q, token: admTok})
			if res.Code != 422 {
				t.Fatalf("%s: %d", q, res.Code)
			}
		}
	})
}

func TestTestMailAPI(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"TEST_MAIL_API": "true"})
	for range 2 {
		if res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": "x@example.org"}}); res.Code != 202 {
			t.Fatal(res.Code)
		}
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/register",
		body: map[string]string{"email": "mail@example.org", "display_name": "Mia Mail", "password": goodPassword}})
	if res.Code != 201 {
		t.Fatal(res.Code)
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/test/mails?to=Mail@Example.org"})
	var body struct {
		Items []struct {
			To, Subject, Body string
		} `json:"items"`
	}
	res.JSON(t, &body)
	if res.Code != 200 || len(body.Items) != 1 || body.Items[0].To != "mail@example.org" ||
		!strings.Contains(body.Items[0].Body, "http://localhost:8080/verify-email?token=") {
		t.Fatalf("mails: %d %s", res.Code, res.Body)
	}
}
