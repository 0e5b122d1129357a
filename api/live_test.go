package api_test

import (
	"net/http"
	"testing"
)

// The websocket itself is tested in internal/live; here the refused upgrades are checked against the spec.
func TestLiveRefusedUpgrades(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"LIVE_ORIGINS": "https://app.example.org"})
	upgrade := map[string]string{"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
		"Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
	bad := map[string]string{"Origin": "https://evil.example.com"}
	for k, v := range upgrade {
		bad[k] = v
	}
	tests := []struct {
		name   string
		header map[string]string
		code   int
		pcode  string
	}{
		{"foreign origin", bad, http.StatusForbidden, "forbidden_origin"},
		{"no upgrade", map[string]string{"Origin": "https://app.example.org"}, http.StatusBadRequest, "websocket_required"},
		{"plain GET", nil, http.StatusBadRequest, "websocket_required"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/live", header: tc.header})
			if res.Code != tc.code || res.Problem(t).Code != tc.pcode {
				t.Fatalf("got %d %s", res.Code, res.Body)
			}
		})
	}
}
