package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

func TestMain(m *testing.M) {
	auth.FastHashesForTests()
	// Pages served as HTML (the public minutes behind OParl files) are validated as text.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	code := m.Run()
	if code == 0 {
		code = checkEventTypesSeen()
	}
	os.Exit(code)
}

// testSecret signs the access tokens of test servers.
const testSecret = "test-secret-test-secret-test-secret-0123"

var (
	specOnce   sync.Once
	specBytes  []byte
	specDoc    *openapi3.T
	specRouter routers.Router
)

func loadSpec(t testing.TB) ([]byte, routers.Router) {
	specOnce.Do(func() {
		b, err := os.ReadFile("../openapi.yaml")
		if err != nil {
			t.Fatal(err)
		}
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(b)
		if err != nil {
			t.Fatalf("openapi.yaml: %v", err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			t.Fatalf("openapi.yaml is invalid: %v", err)
		}
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			t.Fatalf("openapi router: %v", err)
		}
		specBytes, specDoc, specRouter = b, doc, r
	})
	if specRouter == nil {
		t.Fatal("openapi.yaml failed to load")
	}
	return specBytes, specRouter
}

// clock is a settable test clock.
type clock struct{ ns atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// env is one test server on a fresh database, with a fixed clock.
type env struct {
	t     *testing.T
	h     http.Handler
	db    *db.DB
	svc   *app.Services
	cfg   *config.Config
	clock *clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	return newEnvWith(t, nil)
}

// newEnvWith is newEnv with extra environment variables for the configuration.
func newEnvWith(t *testing.T, vars map[string]string) *env {
	t.Helper()
	spec, _ := loadSpec(t)
	d := testdb.New(t)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "JWT_SECRET":
			return testSecret
		case "DATA_DIR":
			return t.TempDir()
		}
		return vars[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{}
	c.ns.Store(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC).UnixNano())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, svc := app.Build(cfg, d, log, spec, c.Now)
	e := &env{t: t, h: h, db: d, svc: svc, cfg: cfg, clock: c}
	t.Cleanup(func() { checkOutbox(t, e) }) // runs before the database is dropped
	return e
}

// response is a recorded response.
type response struct {
	Code   int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r *response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// Problem decodes a problem body.
func (r *response) Problem(t testing.TB) problemBody {
	t.Helper()
	var p problemBody
	r.JSON(t, &p)
	return p
}

type problemBody struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Detail    string `json:"detail"`
	Code      string `json:"code"`
	RequestID string `json:"request_id"`
	Status    int    `json:"status"`
	Errors    []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// HasField reports whether the problem names field.
func (p problemBody) HasField(field string) bool {
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

// req describes one request.
type req struct {
	method, path string
	body         any // marshalled as JSON unless a string or []byte, which is sent raw
	token        string
	header       map[string]string
	cookies      []*http.Cookie
}

// do sends r through the whole router and validates the response against openapi.yaml.
func (e *env) do(r req) *response {
	e.t.Helper()
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(raw)
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.token != "" {
		hr.Header.Set("Authorization", "Bearer "+r.token)
	}
	// The SPA sends the CSRF header on every request; a test that wants it missing sets it to "".
	hr.Header.Set("X-Requested-With", "digitalrat")
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	for _, c := range r.cookies {
		hr.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, hr)
	res := &response{Code: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	validateResponse(e.t, r.method, r.path, res)
	return res
}

// validateResponse fails the test when the response is not described by openapi.yaml. Responses of
// paths the spec does not know must be 404 or 405 problems.
func validateResponse(t testing.TB, method, path string, res *response) {
	t.Helper()
	_, router := loadSpec(t)
	hr := httptest.NewRequest(method, path, nil)
	route, params, err := router.FindRoute(hr)
	if err != nil {
		if (res.Code == 404 || res.Code == 405) && strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
			return
		}
		t.Errorf("%s %s answered %d but is not in openapi.yaml: %v", method, path, res.Code, err)
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: hr, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status:  res.Code,
		Header:  res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(res.Body)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match openapi.yaml: %v\nbody: %.500s", method, path, res.Code, err, res.Body)
	}
}

// user creates a verified user holding roles (resident is implied) and returns it with an access token.
func (e *env) user(name string, roles ...string) (*model.User, string) {
	e.t.Helper()
	in := accounts.CreateUserInput{
		Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org", DisplayName: name,
		Password: "correct horse battery staple", Roles: roles, Verified: true,
	}
	for _, r := range roles {
		switch r {
		case model.RoleOfficial:
			in.Department = "Bürgeramt"
		case model.RoleCouncil:
			in.Affiliation = "science"
		}
	}
	u, err := e.svc.Accounts.CreateUser(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return u, tok
}
