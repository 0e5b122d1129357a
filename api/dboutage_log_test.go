package api_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// syncBuffer is a log sink safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// An instance started before its database becomes ready within about a second of the database, and an
// outage is logged once when it starts and once when it ends — not as an ERROR per 503.
func TestDatabaseOutageLogging(t *testing.T) {
	if testdb.URL() == "" {
		t.Skip("PostgreSQL leg only")
	}
	t.Parallel()
	dbURL, err := url.Parse(testdb.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	proxy := newFlakyProxy(t, dbURL.Host)
	dbURL.Host = proxy.ln.Addr().String()
	d, err := db.Open(dbURL.String(), "", 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	spec, _ := loadSpec(t)
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"DATABASE_URL": dbURL.String(), "JWT_SECRET": testSecret}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h, _ := app.Build(cfg, d, log, spec, nil)
	e := &env{t: t, h: h, db: d, cfg: cfg}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = d.WaitAndMigrate(ctx, log) }()

	// Down for long enough that an uncapped exponential backoff would sleep for seconds: 8 s of outage put
	// an uncapped doubling backoff at a next sleep of several seconds, the 1 s cap at most 1 s. The bound
	// below sits between the two with room for a loaded machine (it is about the cap, not about speed).
	time.Sleep(8 * time.Second)
	proxy.setUp(true)
	up := time.Now()
	for !d.Ready() {
		if time.Since(up) > 4*time.Second {
			t.Fatalf("not ready %v after the database came back", time.Since(up))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects"}); res.Code != 200 {
		t.Fatalf("projects: %d", res.Code)
	}

	proxy.setUp(false)
	for range 10 {
		if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects"}); res.Code != 503 {
			t.Fatalf("during the outage: %d", res.Code)
		}
	}
	proxy.setUp(true)
	deadline := time.Now().Add(10 * time.Second)
	for e.do(req{method: http.MethodGet, path: "/api/v1/projects"}).Code != 200 {
		if time.Now().After(deadline) {
			t.Fatal("never recovered")
		}
		time.Sleep(50 * time.Millisecond)
	}
	out := logs.String()
	if n := strings.Count(out, "level=ERROR"); n != 1 {
		t.Errorf("%d ERROR lines, want 1 (the outage):\n%s", n, out)
	}
	for _, want := range []string{"database unreachable", "database reachable again", "database ready"} {
		if strings.Count(out, want) != 1 {
			t.Errorf("want one %q line:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "database not ready"); n != 1 {
		t.Errorf("%d startup retry lines, want 1", n)
	}
}
