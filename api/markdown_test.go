package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

func TestMarkdownPreview(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, tok := e.user("Lea Hoffmann")
	tests := []struct {
		name, token string
		body        any
		want        int
		contains    string
		absent      string
	}{
		{"renders", tok, map[string]string{"markdown": "**fett** [x](javascript:alert(1)) <script>alert(1)</script>"}, 200, "<strong>fett</strong>", "javascript:"},
		{"anonymous", "", map[string]string{"markdown": "x"}, 401, "", ""},
		{"too long", tok, map[string]string{"markdown": strings.Repeat("a", 200001)}, 422, "markdown", ""},
		{"longer than a comment", tok, map[string]string{"markdown": strings.Repeat("ä", 10001)}, 422, "markdown", ""},
		{"as long as a comment", tok, map[string]string{"markdown": strings.Repeat("ä", 10000)}, 200, "ä", "javascript:"},
		{"malformed", tok, "{", 400, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/markdown/preview", token: tc.token, body: tc.body})
			if res.Code != tc.want {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.want, res.Body)
			}
			if res.Code != 200 {
				if p := res.Problem(t); tc.contains != "" && !p.HasField(tc.contains) {
					t.Errorf("problem does not name %q: %s", tc.contains, res.Body)
				}
				return
			}
			var out struct{ HTML string }
			res.JSON(t, &out)
			if !strings.Contains(out.HTML, tc.contains) || strings.Contains(out.HTML, tc.absent) || strings.Contains(out.HTML, "<script") {
				t.Errorf("html %q: want %q, not %q, no script", out.HTML, tc.contains, tc.absent)
			}
		})
	}
}

// Officials and admins may preview a whole document; residents only what they could post.
func TestMarkdownPreviewLimits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, off := e.user("Olaf Official", model.RoleOfficial)
	_, adm := e.user("Anna Admin", model.RoleAdmin)
	_, res := e.user("Rita Resident")
	doc := strings.Repeat("Absatz mit *Betonung*.\n\n", 400_000/24)
	for _, tc := range []struct {
		name, token string
		want        int
	}{{"official", off, 200}, {"admin", adm, 200}, {"resident", res, 422}} {
		if r := e.do(req{method: http.MethodPost, path: "/api/v1/markdown/preview", token: tc.token, body: map[string]string{"markdown": doc}}); r.Code != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, r.Code, tc.want)
		}
	}
	if r := e.do(req{method: http.MethodPost, path: "/api/v1/markdown/preview", token: off,
		body: map[string]string{"markdown": strings.Repeat("a", 500_001)}}); r.Code != 422 {
		t.Errorf("beyond the document limit: %d", r.Code)
	}
}

// Previews are rate-limited per user by the shared limiter (RATE_PREVIEW, 30/1m): the 429 is a problem
// with Retry-After, others are not affected and the bucket refills.
func TestMarkdownPreviewRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, tok := e.user("Petra Preview")
	_, other := e.user("Otto Other")
	preview := func(tok string) *response {
		return e.do(req{method: http.MethodPost, path: "/api/v1/markdown/preview", token: tok, body: map[string]string{"markdown": "*x*"}})
	}
	for i := 0; i < 30; i++ {
		if r := preview(tok); r.Code != 200 {
			t.Fatalf("preview %d: %d", i, r.Code)
		}
	}
	r := preview(tok)
	if r.Code != 429 || r.Header.Get("Retry-After") != "2" || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Fatalf("31st preview: %d %v", r.Code, r.Header)
	}
	if p := r.Problem(t); p.Status != 429 || p.Code == "" || p.RequestID == "" {
		t.Errorf("31st preview: problem %+v", p)
	}
	if r := preview(other); r.Code != 200 {
		t.Fatalf("another user: %d", r.Code)
	}
	e.clock.Advance(2 * time.Second)
	if r := preview(tok); r.Code != 200 {
		t.Fatalf("after the refill: %d", r.Code)
	}
}
