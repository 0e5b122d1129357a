package api_test

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
)

const goodPassword = "correct horse battery staple"

// login posts credentials and returns the response.
func (e *env) login(email, password string) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": password}})
}

// refreshWith posts to /auth/refresh with the cookie and the CSRF header.
func (e *env) refreshWith(c *http.Cookie) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/auth/refresh", cookies: []*http.Cookie{c},
		header: map[string]string{"X-Requested-With": "digitalrat"}})
}

// refreshCookie returns the dr_refresh cookie a response sets.
func refreshCookie(t *testing.T, res *response) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == "dr_refresh" {
			return c
		}
	}
	t.Fatalf("no dr_refresh cookie in %v", res.Header)
	return nil
}

type loginBody struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	User        struct {
		ID            string   `json:"id"`
		Email         string   `json:"email"`
		Roles         []string `json:"roles"`
		EmailVerified bool     `json:"email_verified"`
	} `json:"user"`
}

var tokenInLink = regexp.MustCompile(`token=([A-Za-z0-9_-]+)`)

// mailToken reads the token of the newest mail to addr whose link contains path.
func (e *env) mailToken(addr, path string) string {
	e.t.Helper()
	ms, err := e.svc.Accounts.MailsTo(context.Background(), addr)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if strings.Contains(m.Body, e.cfg.PublicURL.String()+path+"?token=") {
			return tokenInLink.FindStringSubmatch(m.Body)[1]
		}
	}
	e.t.Fatalf("no %s mail to %s among %d", path, addr, len(ms))
	return ""
}

func TestLoginRefreshLogout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, _ := e.user("Ada Lovelace")

	res := e.login(u.Email, goodPassword)
	if res.Code != 200 {
		t.Fatalf("login: %d %s", res.Code, res.Body)
	}
	var lb loginBody
	res.JSON(t, &lb)
	if lb.TokenType != "Bearer" || lb.ExpiresIn != 900 || lb.User.Email != u.Email || lb.User.ID != strconv.FormatInt(u.ID, 10) {
		t.Fatalf("login body: %+v", lb)
	}
	c1 := refreshCookie(t, res)
	if !c1.HttpOnly || c1.SameSite != http.SameSiteStrictMode || c1.Path != "/api/v1/auth" || c1.Secure ||
		c1.MaxAge != int(e.cfg.RefreshTTL/time.Second) {
		t.Fatalf("cookie attributes: %+v", c1)
	}
	if me := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: lb.AccessToken}); me.Code != 200 {
		t.Fatalf("me with the login token: %d", me.Code)
	}

	t.Run("refresh needs X-Requested-With", func(t *testing.T) {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/refresh", cookies: []*http.Cookie{c1},
			header: map[string]string{"X-Requested-With": ""}})
		if res.Code != 403 || res.Problem(t).Code != "csrf_header_missing" {
			t.Fatalf("got %d %s", res.Code, res.Body)
		}
	})
	t.Run("refresh without cookie", func(t *testing.T) {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/refresh", header: map[string]string{"X-Requested-With": "digitalrat"}})
		if res.Code != 401 {
			t.Fatalf("got %d", res.Code)
		}
	})

	// Rotation: c1 → c2 → c3; then replaying c1 revokes the family, so c3 fails too.
	res = e.refreshWith(c1)
	if res.Code != 200 {
		t.Fatalf("refresh: %d %s", res.Code, res.Body)
	}
	var rb loginBody
	res.JSON(t, &rb)
	if rb.AccessToken == "" || rb.User.Email != u.Email {
		t.Fatalf("refresh body: %s", res.Body)
	}
	c2 := refreshCookie(t, res)
	if c2.Value == c1.Value {
		t.Fatal("refresh did not rotate the token")
	}
	res = e.refreshWith(c2)
	if res.Code != 200 {
		t.Fatalf("second refresh: %d", res.Code)
	}
	c3 := refreshCookie(t, res)
	if res := e.refreshWith(c1); res.Code != 401 || res.Problem(t).Code != "invalid_refresh_token" {
		t.Fatalf("reused token: %d %s", res.Code, res.Body)
	}
	if res := e.refreshWith(c3); res.Code != 401 {
		t.Fatalf("newest token of a revoked family: %d", res.Code)
	}

	// A separate login is a separate family and unaffected; logout revokes it.
	res = e.login(u.Email, goodPassword)
	d1 := refreshCookie(t, res)
	res = e.do(req{method: http.MethodPost, path: "/api/v1/auth/logout", cookies: []*http.Cookie{d1}})
	if res.Code != 204 {
		t.Fatalf("logout: %d", res.Code)
	}
	if cleared := refreshCookie(t, res); cleared.MaxAge >= 0 || cleared.Value != "" {
		t.Fatalf("logout did not clear the cookie: %+v", cleared)
	}
	if res := e.refreshWith(d1); res.Code != 401 {
		t.Fatalf("refresh after logout: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/logout"}); res.Code != 204 {
		t.Fatalf("logout without cookie: %d", res.Code)
	}

	t.Run("refresh token expires", func(t *testing.T) {
		res := e.login(u.Email, goodPassword)
		c := refreshCookie(t, res)
		e.clock.Advance(e.cfg.RefreshTTL + time.Second)
		if res := e.refreshWith(c); res.Code != 401 {
			t.Fatalf("expired refresh token: %d", res.Code)
		}
	})
}

func TestSecureCookieOverHTTPS(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"PUBLIC_URL": "https://beteiligung.example.org"})
	u, _ := e.user("Grace Hopper")
	res := e.login(u.Email, goodPassword)
	if res.Code != 200 || !namedCookie(t, res, "__Secure-dr_refresh").Secure {
		t.Fatalf("login over https: %d, cookie not Secure", res.Code)
	}
}

// namedCookie returns the cookie called name that a response sets.
func namedCookie(t *testing.T, res *response, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", name, res.Header)
	return nil
}

func TestLoginFailuresLookAlike(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, _ := e.user("Ada Lovelace")
	disabled, _ := e.user("Disabled Dora")
	_, admTok := e.user("Admin Alice", model.RoleAdmin)
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/users/" + strconv.FormatInt(disabled.ID, 10), token: admTok,
		body: map[string]any{"disabled": true}}); res.Code != 200 {
		t.Fatalf("disable: %d %s", res.Code, res.Body)
	}
	tests := []struct{ name, email, password string }{
		{"unknown email", "nobody@example.org", goodPassword},
		{"wrong password", u.Email, "wrong horse battery staple"},
		{"disabled account", disabled.Email, goodPassword},
		{"overlong password", u.Email, strings.Repeat("x", 10000)},
	}
	var first string
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.login(tc.email, tc.password)
			p := res.Problem(t)
			if res.Code != 401 || p.Code != "invalid_credentials" {
				t.Fatalf("got %d %s", res.Code, p.Code)
			}
			if first == "" {
				first = p.Detail
			} else if p.Detail != first {
				t.Fatalf("detail differs: %q vs %q", p.Detail, first)
			}
		})
	}
	t.Run("email is case-insensitive", func(t *testing.T) {
		if res := e.login(strings.ToUpper(u.Email), goodPassword); res.Code != 200 {
			t.Fatalf("got %d", res.Code)
		}
	})
}

func TestLoginThrottling(t *testing.T) {
	t.Parallel()
	t.Run("per email", func(t *testing.T) {
		e := newEnv(t)
		u, _ := e.user("Ada Lovelace")
		for i := range 5 {
			if res := e.login(u.Email, "wrong horse battery staple"); res.Code != 401 {
				t.Fatalf("attempt %d: %d", i+1, res.Code)
			}
		}
		res := e.login(u.Email, goodPassword)
		if res.Code != 429 || res.Problem(t).Code != "rate_limited" {
			t.Fatalf("6th attempt: %d %s", res.Code, res.Body)
		}
		if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
			t.Fatalf("Retry-After %q", res.Header.Get("Retry-After"))
		}
		// Another account from the same IP is not blocked by this one.
		v, _ := e.user("Other Otto")
		if res := e.login(v.Email, goodPassword); res.Code != 200 {
			t.Fatalf("other account: %d", res.Code)
		}
		e.clock.Advance(time.Minute)
		if res := e.login(u.Email, goodPassword); res.Code != 200 {
			t.Fatalf("after a minute: %d", res.Code)
		}
	})
	t.Run("per IP", func(t *testing.T) {
		e := newEnv(t)
		for i := range 20 {
			if res := e.login("user"+strconv.Itoa(i)+"@example.org", goodPassword); res.Code != 401 {
				t.Fatalf("attempt %d: %d", i+1, res.Code)
			}
		}
		res := e.login("another@example.org", goodPassword)
		if res.Code != 429 || res.Header.Get("Retry-After") == "" {
			t.Fatalf("21st attempt from one IP: %d", res.Code)
		}
		other := e.do(req{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": "x@example.org", "password": goodPassword},
			header: map[string]string{"X-Forwarded-For": "203.0.113.9"}})
		if other.Code != 429 {
			t.Fatalf("X-Forwarded-For from an untrusted client must not reset the limit: %d", other.Code)
		}
	})
	t.Run("unknown and known email look alike under throttling", func(t *testing.T) {
		e := newEnv(t)
		u, _ := e.user("Ada Lovelace")
		for _, email := range []string{u.Email, "ghost@example.org"} {
			var codes []int
			for range 6 {
				codes = append(codes, e.login(email, "wrong horse battery staple").Code)
			}
			if want := []int{401, 401, 401, 401, 401, 429}; !slicesEqual(codes, want) {
				t.Fatalf("%s: %v, want %v", email, codes, want)
			}
		}
	})
}

// TestLoginThrottlingAcrossInstances: on PostgreSQL two servers on one database share the budget, so a
// load balancer that alternates between them does not double the attempts.
func TestLoginThrottlingAcrossInstances(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if e.db.Dialect != db.Postgres {
		t.Skip("SQLite runs one instance; its limits are kept in process")
	}
	spec, _ := loadSpec(t)
	second := *e
	second.h, second.svc = app.Build(e.cfg, e.db, slog.New(slog.NewTextHandler(io.Discard, nil)), spec, e.clock.Now)
	u, _ := e.user("Ada Lovelace")
	var codes []int
	for i := range 6 {
		inst := e
		if i%2 == 1 {
			inst = &second
		}
		codes = append(codes, inst.login(u.Email, "wrong horse battery staple").Code)
	}
	if want := []int{401, 401, 401, 401, 401, 429}; !slicesEqual(codes, want) {
		t.Fatalf("alternating instances: %v, want %v", codes, want)
	}
	if res := e.login(u.Email, goodPassword); res.Code != 429 || res.Header.Get("Retry-After") != "60" {
		t.Fatalf("first instance after the second refused: %d %q", res.Code, res.Header.Get("Retry-After"))
	}
}

// TestRegisterThrottling: registrations, new verification mails and reset requests share one budget per
// client address, since all of them send mail.
func TestRegisterThrottling(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	register := func(i int) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/auth/register", body: map[string]string{
			"email": "new" + strconv.Itoa(i) + "@example.org", "display_name": "Neu " + strconv.Itoa(i), "password": goodPassword}})
	}
	for i := range 10 {
		if res := register(i); res.Code != 201 {
			t.Fatalf("registration %d: %d %s", i+1, res.Code, res.Body)
		}
	}
	res := register(10)
	if res.Code != 429 || res.Header.Get("Retry-After") != "60" || res.Problem(t).Code != "rate_limited" {
		t.Fatalf("11th registration: %d %q %s", res.Code, res.Header.Get("Retry-After"), res.Body)
	}
	reset := e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": "new1@example.org"}})
	if reset.Code != 429 || reset.Header.Get("Retry-After") == "" {
		t.Fatalf("reset request from the same address: %d", reset.Code)
	}
	e.clock.Advance(time.Minute)
	if res := register(11); res.Code != 201 {
		t.Fatalf("after a minute: %d %s", res.Code, res.Body)
	}
}

func slicesEqual(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// signed builds a JWT with the given header and claims, signed by sign over "header.payload".
func signed(t *testing.T, header, claims any, sign func(in []byte) []byte) string {
	t.Helper()
	h, _ := json.Marshal(header)
	c, _ := json.Marshal(claims)
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	return in + "." + base64.RawURLEncoding.EncodeToString(sign([]byte(in)))
}

func hmacSign(in []byte) []byte {
	m := hmac.New(sha256.New, []byte(testSecret))
	m.Write(in)
	return m.Sum(nil)
}

func TestTokenAttacks(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	u, good := e.user("Ada Lovelace")
	now := e.clock.Now()
	claims := func(mod func(m map[string]any)) map[string]any {
		m := map[string]any{
			"iss": e.cfg.Origin(), "aud": []string{auth.Audience}, "sub": strconv.FormatInt(u.ID, 10),
			"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(15 * time.Minute).Unix(), "roles": []string{"resident"},
		}
		if mod != nil {
			mod(m)
		}
		return m
	}
	hs := map[string]string{"alg": "HS256", "typ": "JWT"}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	rs256, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims(claims(nil))).SignedString(rsaKey)
	if err != nil {
		t.Fatal(err)
	}
	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims(claims(nil))).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var pm map[string]any
	_ = json.Unmarshal(payload, &pm)
	pm["roles"] = []string{"resident", "admin"}
	pb, _ := json.Marshal(pm)
	sig := []byte(parts[2])
	sig[len(sig)/2] ^= 0x01
	if sig[len(sig)/2] == '.' {
		sig[len(sig)/2] = 'A'
	}

	// The control: a correctly built token is accepted, so the rejections below are about the attack.
	control := signed(t, hs, claims(nil), hmacSign)
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: control}); res.Code != 200 {
		t.Fatalf("control token rejected: %d %s", res.Code, res.Body)
	}

	tests := []struct {
		name  string
		token string
	}{
		{"alg none", none},
		{"alg none with empty signature", strings.TrimSuffix(signed(t, map[string]string{"alg": "none"}, claims(nil), func([]byte) []byte { return nil }), ".") + "."},
		{"RS256 with a foreign key", rs256},
		{"RS256 header signed with the HMAC secret", signed(t, map[string]string{"alg": "RS256", "typ": "JWT"}, claims(nil), hmacSign)},
		{"HS512", signed(t, map[string]string{"alg": "HS512"}, claims(nil), hmacSign)},
		{"missing exp", signed(t, hs, claims(func(m map[string]any) { delete(m, "exp") }), hmacSign)},
		{"expired exp in claims", signed(t, hs, claims(func(m map[string]any) { m["exp"] = now.Add(-time.Minute).Unix() }), hmacSign)},
		{"wrong aud", signed(t, hs, claims(func(m map[string]any) { m["aud"] = []string{"other-api"} }), hmacSign)},
		{"missing aud", signed(t, hs, claims(func(m map[string]any) { delete(m, "aud") }), hmacSign)},
		{"wrong iss", signed(t, hs, claims(func(m map[string]any) { m["iss"] = "https://evil.example" }), hmacSign)},
		{"missing iat", signed(t, hs, claims(func(m map[string]any) { delete(m, "iat") }), hmacSign)},
		{"unknown user", signed(t, hs, claims(func(m map[string]any) { m["sub"] = "999999" }), hmacSign)},
		{"wrong secret", signed(t, hs, claims(nil), func(in []byte) []byte {
			m := hmac.New(sha256.New, []byte("another-secret-another-secret-000"))
			m.Write(in)
			return m.Sum(nil)
		})},
		{"tampered signature", parts[0] + "." + parts[1] + "." + string(sig)},
		{"tampered payload (roles admin)", parts[0] + "." + base64.RawURLEncoding.EncodeToString(pb) + "." + parts[2]},
		{"garbage", "not-a-jwt"},
		{"1 MB of dots", strings.Repeat(".", 1<<20)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tc.token})
			if res.Code != 401 {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
			if d := time.Since(start); d > time.Second {
				t.Fatalf("took %v", d)
			}
			if res.Header.Get("WWW-Authenticate") == "" {
				t.Error("no WWW-Authenticate")
			}
		})
	}
	t.Run("non-bearer scheme", func(t *testing.T) {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/me", header: map[string]string{"Authorization": "Basic YTpi"}})
		if res.Code != 401 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("expired by the clock", func(t *testing.T) {
		e := newEnv(t)
		_, tok := e.user("Ada Lovelace")
		e.clock.Advance(16 * time.Minute)
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tok}); res.Code != 401 {
			t.Fatalf("got %d", res.Code)
		}
	})
	t.Run("issued before a password change", func(t *testing.T) {
		e := newEnv(t)
		_, tok := e.user("Ada Lovelace")
		e.clock.Advance(time.Second)
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: tok,
			body: map[string]string{"current_password": goodPassword, "new_password": "a completely new passphrase"}})
		if res.Code != 200 {
			t.Fatalf("password change: %d %s", res.Code, res.Body)
		}
		var lb loginBody
		res.JSON(t, &lb)
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tok}); res.Code != 401 {
			t.Fatalf("old token: %d", res.Code)
		}
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: lb.AccessToken}); res.Code != 200 {
			t.Fatalf("token from the password change: %d", res.Code)
		}
	})
	t.Run("of a disabled user", func(t *testing.T) {
		e := newEnv(t)
		v, tok := e.user("Ada Lovelace")
		_, admTok := e.user("Admin Alice", model.RoleAdmin)
		e.clock.Advance(time.Second)
		if res := e.do(req{method: http.MethodPatch, path: "/api/v1/users/" + strconv.FormatInt(v.ID, 10), token: admTok,
			body: map[string]any{"disabled": true}}); res.Code != 200 {
			t.Fatalf("disable: %d", res.Code)
		}
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: tok}); res.Code != 401 {
			t.Fatalf("got %d", res.Code)
		}
		// Even a token issued after disabling is refused.
		fresh, _ := e.svc.Accounts.IssueAccessToken(v)
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/me", token: fresh}); res.Code != 401 {
			t.Fatalf("fresh token of a disabled user: %d", res.Code)
		}
	})
}
