package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestSystemEndpoints(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name, method, path string
		want               int
	}{
		{"healthz", http.MethodGet, "/healthz", 200},
		{"readyz", http.MethodGet, "/readyz", 200},
		{"metrics", http.MethodGet, "/metrics", 200},
		{"openapi", http.MethodGet, "/api/openapi.yaml", 200},
		{"unknown api path", http.MethodGet, "/api/v1/nope", 404},
		{"wrong method", http.MethodDelete, "/healthz", 405},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: tc.method, path: tc.path})
			if res.Code != tc.want {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.want, res.Body)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Request-ID"} {
				if res.Header.Get(h) == "" {
					t.Errorf("missing header %s", h)
				}
			}
			if !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
				t.Errorf("CSP lacks frame-ancestors: %s", res.Header.Get("Content-Security-Policy"))
			}
			if tc.want >= 400 {
				p := res.Problem(t)
				if p.Status != tc.want || p.Code == "" || p.RequestID == "" {
					t.Errorf("problem incomplete: %+v", p)
				}
			}
		})
	}
	if res := e.do(req{method: http.MethodGet, path: "/metrics"}); !strings.Contains(string(res.Body), "digitalrat_http_request_duration_seconds") {
		t.Error("metrics lack the request histogram")
	}
}

func TestInvalidBearerIs401(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	res := e.do(req{method: http.MethodGet, path: "/healthz"})
	if res.Code != 200 {
		t.Fatal(res.Code)
	}
}
