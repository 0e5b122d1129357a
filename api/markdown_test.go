package api_test

import (
	"net/http"
	"strings"
	"testing"
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
