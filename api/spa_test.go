package api_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/digitalrat/digitalrat/api"
	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// spaEnv is a test server whose SPA is a fake build: index.html and a hashed asset, each with a .gz.
func spaEnv(t *testing.T) http.Handler {
	t.Helper()
	e := newEnv(t)
	spec, _ := loadSpec(t)
	return api.New(api.Deps{Config: e.cfg, DB: e.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Spec: spec,
		Accounts: e.svc.Accounts, Projects: e.svc.Projects, Now: e.clock.Now, SPA: fakeDist(t)})
}

func fakeDist(t testing.TB) fstest.MapFS {
	t.Helper()
	const index = `<!doctype html><html lang="de"><title>Digitalrat</title><script type="module" src="/assets/index-abc.js"></script></html>`
	const js = `console.log("digitalrat")`
	return fstest.MapFS{
		"index.html":             {Data: []byte(index)},
		"index.html.gz":          {Data: gz(t, index)},
		"assets/index-abc.js":    {Data: []byte(js)},
		"assets/index-abc.js.gz": {Data: gz(t, js)},
		"assets/font-abc.woff2":  {Data: []byte("wOF2")},
		"favicon.svg":            {Data: []byte("<svg/>")},
	}
}

func get(h http.Handler, method, path, acceptEncoding string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	if acceptEncoding != "" {
		r.Header.Set("Accept-Encoding", acceptEncoding)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestSPAServing(t *testing.T) {
	t.Parallel()
	h := spaEnv(t)
	tests := []struct {
		name, method, path, acceptEncoding string
		wantStatus                         int
		wantType, wantCache, wantEncoding  string
		wantBody                           string // substring of the decoded body
	}{
		{"root is index.html", "GET", "/", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
		{"fallback for a client route", "GET", "/impressum", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
		{"fallback for a deep route", "GET", "/projekte/radwege?x=1", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
		{"index.html itself", "GET", "/index.html", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
		{"hashed asset is immutable", "GET", "/assets/index-abc.js", "", 200, "text/javascript", "public, max-age=31536000, immutable", "", "digitalrat"},
		{"asset gzipped when accepted", "GET", "/assets/index-abc.js", "gzip, deflate, br", 200, "text/javascript", "public, max-age=31536000, immutable", "gzip", "digitalrat"},
		{"gzip refused with q=0", "GET", "/assets/index-abc.js", "gzip;q=0", 200, "text/javascript", "public, max-age=31536000, immutable", "", "digitalrat"},
		{"index gzipped when accepted", "GET", "/anmelden", "gzip", 200, "text/html", "no-cache", "gzip", `<html lang="de">`},
		{"font without gz", "GET", "/assets/font-abc.woff2", "gzip", 200, "font/woff2", "public, max-age=31536000, immutable", "", "wOF2"},
		{"unhashed file revalidates", "GET", "/favicon.svg", "", 200, "image/svg+xml", "no-cache", "", "<svg/>"},
		{"HEAD works", "HEAD", "/datenschutz", "", 200, "text/html", "no-cache", "", ""},
		{"missing asset is a 404, not index.html", "GET", "/assets/gone-123.js", "", 404, "text/plain", "no-store", "", "Not Found"},
		{"a .gz is never served by name", "GET", "/index.html.gz", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
		{"path traversal stays inside", "GET", "/../../etc/passwd", "", 200, "text/html", "no-cache", "", `<html lang="de">`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := get(h, tc.method, tc.path, tc.acceptEncoding)
			if w.Code != tc.wantStatus {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.wantStatus, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.wantType) {
				t.Errorf("Content-Type %q, want %q", ct, tc.wantType)
			}
			if cc := w.Header().Get("Cache-Control"); cc != tc.wantCache {
				t.Errorf("Cache-Control %q, want %q", cc, tc.wantCache)
			}
			if ce := w.Header().Get("Content-Encoding"); ce != tc.wantEncoding {
				t.Errorf("Content-Encoding %q, want %q", ce, tc.wantEncoding)
			}
			if w.Header().Get("Content-Security-Policy") == "" {
				t.Error("SPA responses must carry the CSP")
			}
			body := w.Body.Bytes()
			if tc.wantEncoding == "gzip" {
				if !strings.Contains(w.Header().Get("Vary"), "Accept-Encoding") {
					t.Error("gzip responses must vary on Accept-Encoding")
				}
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !strings.Contains(string(body), tc.wantBody) {
				t.Errorf("body %.200q lacks %q", body, tc.wantBody)
			}
		})
	}
}

func TestSPALeavesAPIAlone(t *testing.T) {
	t.Parallel()
	h := spaEnv(t)
	for _, tc := range []struct{ method, path string }{
		{"GET", "/api/v1/nope"},
		{"GET", "/api/nope"},
		{"GET", "/api"},
		{"HEAD", "/api/v1/nope"},
		{"POST", "/impressum"}, // only GET and HEAD reach the SPA
	} {
		w := get(h, tc.method, tc.path, "gzip")
		if w.Code != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404", tc.method, tc.path, w.Code)
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s %s: Content-Type %q, want application/problem+json", tc.method, tc.path, ct)
		}
		if tc.method == "GET" {
			validateResponse(t, tc.method, tc.path, &response{Code: w.Code, Header: w.Header(), Body: w.Body.Bytes()})
		}
	}
	if w := get(h, "GET", "/healthz", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "ok") {
		t.Errorf("routes still win over the SPA: %d %s", w.Code, w.Body)
	}
}

func TestWithoutSPAProblem404(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // the harness builds without the tag `spa`, so no SPA is embedded
	res := e.do(req{method: http.MethodGet, path: "/impressum"})
	if res.Code != http.StatusNotFound {
		t.Fatalf("got %d, want 404", res.Code)
	}
	if p := res.Problem(t); p.Code != "not_found" || !strings.Contains(p.Detail, "make build") {
		t.Errorf("the 404 should be a problem that says how to build the SPA: %+v", p)
	}
}

// BenchmarkSPAServe measures the SPA fallback and a gzipped asset through the whole middleware chain.
func BenchmarkSPAServe(b *testing.B) {
	d := testdb.New(b)
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "JWT_SECRET":
			return testSecret
		case "DATA_DIR":
			return b.TempDir()
		}
		return ""
	})
	if err != nil {
		b.Fatal(err)
	}
	spec, _ := loadSpec(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	_, svc := app.Build(cfg, d, log, spec, nil)
	h := api.New(api.Deps{Config: cfg, DB: d, Log: log, Spec: spec, Accounts: svc.Accounts, Projects: svc.Projects, SPA: fakeDist(b)})
	for _, path := range []string{"/projekte/radwege", "/assets/index-abc.js"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if w := get(h, "GET", path, "gzip"); w.Code != http.StatusOK {
					b.Fatal(w.Code)
				}
			}
		})
	}
}
