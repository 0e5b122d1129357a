package app

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digitalrat/digitalrat/internal/testdb"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeStartsAndShutsDown runs the real serve command on the current test leg's database, waits until
// it is ready and stops it with a cancelled context (as SIGTERM does).
func TestServeStartsAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	env := map[string]string{"DATA_DIR": dir, "HTTP_ADDR": addr, "LOG_LEVEL": "error"}
	if testdb.URL() != "" {
		env["DATABASE_URL"] = testdb.PostgresURL(t)
		env["JWT_SECRET"] = "serve-test-secret-serve-test-secret-0123"
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve"}, func(k string) string { return env[k] }, []byte("openapi: 3.1.0\n"))
	}()

	ready := false
	for i := 0; i < 100 && !ready; i++ {
		res, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			ready = res.StatusCode == http.StatusOK
			res.Body.Close()
		}
		if !ready {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ready {
		t.Fatal("server did not become ready")
	}
	if testdb.URL() == "" {
		st, err := os.Stat(filepath.Join(dir, "jwt-secret"))
		if err != nil {
			t.Fatalf("embedded mode must generate a JWT secret: %v", err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("jwt-secret mode %v, want 0600", st.Mode().Perm())
		}
	}
	// A bearer token of 1 MiB of dots reaches the real server and is answered with a 401 problem.
	hr, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/api/v1/me", nil)
	hr.Header.Set("Authorization", "Bearer "+strings.Repeat(".", 1<<20))
	res, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("1 MiB token: got %d %s, want a 401 problem", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// A live websocket is hijacked, so Shutdown alone would not end it: the hub closes it with 1001.
	ws, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/api/v1/live", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	if err := ws.WriteJSON(map[string]string{"op": "subscribe", "topic": "project:x"}); err != nil {
		t.Fatal(err)
	}
	if _, b, err := ws.ReadMessage(); err != nil || !strings.Contains(string(b), `"subscribed"`) {
		t.Fatalf("subscribe: %s %v", b, err)
	}

	cancel()
	_ = ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, _, err := ws.ReadMessage(); !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("live connection on shutdown: %v, want close 1001", err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit code %d", code)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("server did not shut down")
	}
	if _, err := http.Get("http://" + addr + "/healthz"); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

func TestInvalidConfigStopsWithOneLine(t *testing.T) {
	code := Run(context.Background(), []string{"serve"}, func(k string) string {
		if k == "PUBLIC_URL" {
			return "not a url"
		}
		return ""
	}, nil)
	if code != 2 {
		t.Fatalf("exit code %d, want 2", code)
	}
}
