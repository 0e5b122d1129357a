package api_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// flakyProxy forwards TCP connections to a PostgreSQL server while up; while down it refuses to
// forward and cuts every open connection, like a database that went away.
type flakyProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  map[net.Conn]struct{}
}

func newFlakyProxy(t *testing.T, target string) *flakyProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &flakyProxy{ln: ln, target: target, conns: map[net.Conn]struct{}{}}
	t.Cleanup(func() { ln.Close(); p.setUp(false) })
	go p.serve()
	return p
}

func (p *flakyProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if !p.up {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.mu.Unlock()
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns[c], p.conns[s] = struct{}{}, struct{}{}
		p.mu.Unlock()
		go func() { _, _ = io.Copy(s, c); s.Close() }()
		go func() { _, _ = io.Copy(c, s); c.Close() }()
	}
}

func (p *flakyProxy) setUp(up bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = up
	if !up {
		for c := range p.conns {
			c.Close()
		}
		p.conns = map[net.Conn]struct{}{}
	}
}

// TestDatabaseOutage starts a server before its database is reachable, then takes the database away and
// brings it back: /readyz and requests answer 503 problem+json meanwhile and the server recovers by itself.
func TestDatabaseOutage(t *testing.T) {
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	h, _ := app.Build(cfg, d, log, spec, nil)
	e := &env{t: t, h: h, db: d, cfg: cfg}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = d.WaitAndMigrate(ctx, log) }()

	expect := func(path string, want int) {
		t.Helper()
		res := e.do(req{method: http.MethodGet, path: path})
		if res.Code != want {
			t.Fatalf("GET %s: got %d, want %d: %s", path, res.Code, want, res.Body)
		}
		if want == 503 {
			if p := res.Problem(t); p.Code != "database_unavailable" || res.Header.Get("Retry-After") == "" {
				t.Fatalf("GET %s: want problem database_unavailable with Retry-After, got %+v", path, p)
			}
		}
	}
	waitFor := func(path string, want int) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			hr, _ := http.NewRequest(http.MethodGet, path, nil)
			rec := &statusRecorder{header: http.Header{}}
			h.ServeHTTP(rec, hr)
			if rec.code == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("GET %s never answered %d (last %d)", path, want, rec.code)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	expect("/readyz", 503)
	expect("/api/v1/projects", 503)

	proxy.setUp(true)
	waitFor("/readyz", 200)
	expect("/api/v1/projects", 200)

	proxy.setUp(false)
	expect("/api/v1/projects", 503)
	expect("/readyz", 503)

	proxy.setUp(true)
	waitFor("/api/v1/projects", 200)
	expect("/readyz", 200)
}

type statusRecorder struct {
	header http.Header
	code   int
}

func (r *statusRecorder) Header() http.Header         { return r.header }
func (r *statusRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *statusRecorder) WriteHeader(code int)        { r.code = code }
