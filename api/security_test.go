package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Bodies that are not declared as JSON are refused with 415, so a cross-site <form enctype="text/plain">
// cannot post a JSON-looking body (login CSRF); JSON media types with parameters or a +json suffix pass.
func TestJSONBodiesNeedJSONContentType(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, tok := e.user("Carla Content")
	login := `{"email":"` + u.Email + `","password":"` + goodPassword + `"}`
	for _, tc := range []struct {
		name, contentType string
		want              int
	}{
		{"text/plain (a form's enctype)", "text/plain", 415},
		{"form-urlencoded", "application/x-www-form-urlencoded", 415},
		{"multipart", "multipart/form-data; boundary=x", 415},
		{"missing", "", 415},
		{"garbage", ";;", 415},
		{"json with charset", "application/json; charset=utf-8", 200},
		{"json suffix", "application/vnd.digitalrat+json", 200},
		{"upper case", "Application/JSON", 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/login", body: login,
				header: map[string]string{"Content-Type": tc.contentType}})
			if res.Code != tc.want {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			if tc.want == 415 && res.Problem(t).Code != "unsupported_media_type" {
				t.Fatalf("code %s", res.Problem(t).Code)
			}
		})
	}
	t.Run("every JSON endpoint", func(t *testing.T) {
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: tok, body: `{"display_name":"X Y"}`,
			header: map[string]string{"Content-Type": "text/plain"}})
		if res.Code != 415 {
			t.Fatalf("PATCH /me as text/plain: %d %s", res.Code, res.Body)
		}
	})
	t.Run("empty bodies stay fine where allowed", func(t *testing.T) {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/logout", header: map[string]string{"Content-Type": "text/plain"}})
		if res.Code != 204 {
			t.Fatalf("logout without body: %d %s", res.Code, res.Body)
		}
	})
}

// Login, logout, registration and refresh need the CSRF header or a browser's same-origin proof.
func TestAuthEndpointsNeedCSRFProof(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, _ := e.user("Victor Victim")
	res := e.login(u.Email, goodPassword)
	if res.Code != 200 {
		t.Fatalf("login: %d", res.Code)
	}
	victim := refreshCookie(t, res)
	noHeader := map[string]string{"X-Requested-With": ""}
	creds := map[string]string{"email": u.Email, "password": goodPassword}
	reg := map[string]string{"email": "neu-csrf@example.org", "display_name": "Neu Csrf", "password": goodPassword}
	for _, tc := range []struct {
		name   string
		path   string
		body   any
		header map[string]string
		want   int
	}{
		{"login without header", "/api/v1/auth/login", creds, noHeader, 403},
		{"login with a wrong header value", "/api/v1/auth/login", creds, map[string]string{"X-Requested-With": "XMLHttpRequest"}, 403},
		{"login from another origin", "/api/v1/auth/login", creds, map[string]string{"X-Requested-With": "", "Origin": "https://evil.example"}, 403},
		{"login cross-site fetch metadata", "/api/v1/auth/login", creds, map[string]string{"X-Requested-With": "", "Sec-Fetch-Site": "cross-site"}, 403},
		{"register without header", "/api/v1/auth/register", reg, noHeader, 403},
		{"logout without header", "/api/v1/auth/logout", nil, noHeader, 403},
		{"login same origin", "/api/v1/auth/login", creds, map[string]string{"X-Requested-With": "", "Origin": "http://localhost:8080"}, 200},
		{"login same-origin fetch metadata", "/api/v1/auth/login", creds, map[string]string{"X-Requested-With": "", "Sec-Fetch-Site": "same-origin"}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: tc.path, body: tc.body, header: tc.header,
				cookies: []*http.Cookie{victim}})
			if res.Code != tc.want {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			if tc.want == 403 && res.Problem(t).Code != "csrf_header_missing" {
				t.Fatalf("code %s", res.Problem(t).Code)
			}
		})
	}
	// The refused logout left the victim's session alone.
	if res := e.refreshWith(victim); res.Code != 200 {
		t.Fatalf("victim's refresh after a refused logout: %d %s", res.Code, res.Body)
	}
}

// Over https the refresh cookie is called __Secure-dr_refresh and only that name is read.
func TestSecureCookiePrefix(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"PUBLIC_URL": "https://beteiligung.example.org"})
	u, _ := e.user("Prefix Paula")
	res := e.login(u.Email, goodPassword)
	if res.Code != 200 {
		t.Fatalf("login: %d", res.Code)
	}
	c := namedCookie(t, res, "__Secure-dr_refresh")
	if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie attributes: %+v", c)
	}
	plain := &http.Cookie{Name: "dr_refresh", Value: c.Value}
	if res := e.refreshWith(plain); res.Code != 401 {
		t.Fatalf("unprefixed name over https: %d", res.Code)
	}
	res = e.refreshWith(c)
	if res.Code != 200 {
		t.Fatalf("prefixed cookie: %d %s", res.Code, res.Body)
	}
	next := namedCookie(t, res, "__Secure-dr_refresh")
	res = e.do(req{method: http.MethodPost, path: "/api/v1/auth/logout", cookies: []*http.Cookie{next}})
	if cleared := namedCookie(t, res, "__Secure-dr_refresh"); res.Code != 204 || cleared.MaxAge >= 0 {
		t.Fatalf("logout: %d %+v", res.Code, cleared)
	}
	if res := e.refreshWith(next); res.Code != 401 {
		t.Fatalf("refresh after logout: %d", res.Code)
	}
}

// NUL characters and invalid UTF-8 are refused at the edge on both databases: 422 naming the JSON
// field or query parameter, 404 for path parameters; anonymous requests included.
func TestTextAtTheEdge(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admTok := e.user("Adele Admin", model.RoleAdmin)
	_, tok := e.user("Nora Nul")
	for _, tc := range []struct {
		name, method, path string
		body               any
		token              string
		want               int
		field              string
	}{
		{"login email with NUL", "POST", "/api/v1/auth/login", `{"email":"a\u0000@example.org","password":"x"}`, "", 422, "email"},
		{"login email with invalid UTF-8", "POST", "/api/v1/auth/login", "{\"email\":\"a\xff@example.org\",\"password\":\"x\"}", "", 422, "email"},
		{"invalid UTF-8 in a key", "POST", "/api/v1/auth/login", "{\"e\xffmail\":\"a@example.org\",\"password\":\"x\"}", "", 422, ""},
		{"password reset", "POST", "/api/v1/auth/password-reset", `{"email":"\u0000"}`, "", 422, "email"},
		{"register display name", "POST", "/api/v1/auth/register", `{"email":"n@example.org","display_name":"N\u0000N","password":"correct horse battery staple"}`, "", 422, "display_name"},
		{"profile", "PATCH", "/api/v1/me", `{"display_name":"x\u0000"}`, tok, 422, "display_name"},
		{"markdown", "POST", "/api/v1/markdown/preview", "{\"markdown\":\"ok \xc3\x28\"}", tok, 422, "markdown"},
		{"query q", "GET", "/api/v1/projects?q=a%00b", nil, "", 422, "q"},
		{"query q invalid UTF-8", "GET", "/api/v1/projects?q=%ff", nil, "", 422, "q"},
		{"query cursor", "GET", "/api/v1/projects?cursor=%00", nil, "", 422, "cursor"},
		{"admin user search", "GET", "/api/v1/users?q=%fe", nil, admTok, 422, "q"},
		{"comments filter", "GET", "/api/v1/projects/x/comments?block=%00", nil, "", 422, "block"},
		{"path invalid UTF-8", "GET", "/api/v1/projects/%ff", nil, "", 404, ""},
		{"path NUL", "GET", "/api/v1/projects/a%00b", nil, "", 404, ""},
		{"path of comments", "GET", "/api/v1/projects/%c3%28/comments", nil, "", 404, ""},
		{"path id", "GET", "/api/v1/documents/%ff", nil, "", 404, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: tc.method, path: tc.path, body: tc.body, token: tc.token})
			if res.Code != tc.want {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			if tc.want == 422 {
				p := res.Problem(t)
				if len(p.Errors) == 0 || p.Errors[0].Code != "invalid_text" || (tc.field != "" && p.Errors[0].Field != tc.field) {
					t.Fatalf("problem %s", res.Body)
				}
			}
		})
	}
	t.Run("ordinary text passes", func(t *testing.T) {
		res := e.do(req{method: "GET", path: "/api/v1/projects?q=" + strings.ReplaceAll("Straße ✓", " ", "%20")})
		if res.Code != 200 {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
	})
}
