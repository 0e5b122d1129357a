package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// roundTrips counts the database round trips (statements, BEGIN, COMMIT, ROLLBACK, prepares) made under
// contexts marked by countTrips; others (the live hub, background jobs) pass uncounted.
type roundTrips struct {
	mu   sync.Mutex
	sqls []string
}

type countKey struct{}

func countTrips(ctx context.Context, rt *roundTrips) context.Context {
	return context.WithValue(ctx, countKey{}, rt)
}

func (rt *roundTrips) add(ctx context.Context, q string) {
	if ctx == nil || ctx.Value(countKey{}) != rt {
		return
	}
	rt.mu.Lock()
	rt.sqls = append(rt.sqls, strings.Join(strings.Fields(q), " "))
	rt.mu.Unlock()
}

func (rt *roundTrips) take() []string {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	out := rt.sqls
	rt.sqls = nil
	return out
}

// countingPool wraps GORM's connection pool (a *sql.DB, or the prepared-statement pool) and reports each
// round trip to rt.
type countingPool struct {
	gorm.ConnPool
	rt *roundTrips
}

func (p *countingPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	p.rt.add(ctx, "PREPARE "+q)
	return p.ConnPool.PrepareContext(ctx, q)
}

func (p *countingPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	p.rt.add(ctx, q)
	return p.ConnPool.ExecContext(ctx, q, args...)
}

func (p *countingPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	p.rt.add(ctx, q)
	return p.ConnPool.QueryContext(ctx, q, args...)
}

func (p *countingPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	p.rt.add(ctx, q)
	return p.ConnPool.QueryRowContext(ctx, q, args...)
}

func (p *countingPool) GetDBConn() (*sql.DB, error) {
	switch c := p.ConnPool.(type) {
	case *sql.DB:
		return c, nil
	case gorm.GetDBConnector:
		return c.GetDBConn()
	}
	return nil, gorm.ErrInvalidDB
}

func (p *countingPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	p.rt.add(ctx, "BEGIN")
	var tx gorm.ConnPool
	var err error
	switch b := p.ConnPool.(type) {
	case gorm.TxBeginner:
		tx, err = b.BeginTx(ctx, opts)
	case gorm.ConnPoolBeginner:
		tx, err = b.BeginTx(ctx, opts)
	default:
		return nil, gorm.ErrInvalidTransaction
	}
	if err != nil {
		return nil, err
	}
	return &countingTx{countingPool: countingPool{ConnPool: tx, rt: p.rt}, ctx: ctx}, nil
}

// countingTx is a transaction of countingPool.
type countingTx struct {
	countingPool
	ctx context.Context
}

func (t *countingTx) Commit() error {
	t.rt.add(t.ctx, "COMMIT")
	return t.ConnPool.(gorm.TxCommitter).Commit()
}

func (t *countingTx) Rollback() error {
	t.rt.add(t.ctx, "ROLLBACK")
	return t.ConnPool.(gorm.TxCommitter).Rollback()
}

// TestCommentWriteRoundTrips counts the database round trips of one POST /projects/{slug}/comments through
// the router (a logged-in resident, rate limited, with an Idempotency-Key, the comment, its outbox event
// and counters) and holds them to an upper bound, so that the per-request cost of a write cannot creep
// back unnoticed. COUNT_SQL=1 prints the statements.
func TestCommentWriteRoundTrips(t *testing.T) {
	d := testdb.New(t)
	rt := &roundTrips{}
	pool := &countingPool{ConnPool: d.Gorm.ConnPool, rt: rt}
	d.Gorm.ConnPool, d.Gorm.Statement.ConnPool = pool, pool
	h, svc := benchApp(t, d, nil)
	if err := d.Gorm.Exec(`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		VALUES ('zaehlen', 'Zählen', 'planned', 'Bürgeramt', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	u, err := svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{
		Email: "zaehler@example.org", DisplayName: "Zähler", Password: "correct horse battery staple", Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := svc.Accounts.IssueAccessToken(u)
	if err != nil {
		t.Fatal(err)
	}
	post := func(key, body string) (int, string) {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/projects/zaehlen/comments", strings.NewReader(body))
		r = r.WithContext(countTrips(r.Context(), rt))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("X-Requested-With", "digitalrat")
		if key != "" {
			r.Header.Set("Idempotency-Key", key)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	get := func(id string) string {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/comments/"+id, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("GET comment %s: %d %s", id, w.Code, w.Body)
		}
		return w.Body.String()
	}
	// The first write warms what is cached per connection (prepared statements).
	if code, body := post("k0", `{"body":"Der erste Beitrag."}`); code != http.StatusCreated {
		t.Fatalf("first post: %d %s", code, body)
	}
	rt.take()
	// The bounds: SELECT user (authentication), SELECT project, INSERT rate limit (PostgreSQL; SQLite
	// limits in memory), BEGIN, INSERT comment, INSERT event (with the outbox marker), COMMIT; with a key
	// also SELECT key before, INSERT key in the transaction and UPDATE key (the response) after it.
	bound := map[db.Dialect][2]int{db.Postgres: {6, 9}, db.SQLite: {6, 9}}[d.Dialect]
	for i, tc := range []struct{ name, key string }{
		{"without Idempotency-Key", ""},
		{"with Idempotency-Key", "k1"},
	} {
		code, body := post(tc.key, `{"body":"Ein Beitrag mit **etwas** Text."}`)
		if code != http.StatusCreated {
			t.Fatalf("%s: %d %s", tc.name, code, body)
		}
		sqls := rt.take()
		if os.Getenv("COUNT_SQL") != "" {
			for i, q := range sqls {
				t.Logf("%s %2d: %.300s", tc.name, i+1, q)
			}
		}
		t.Logf("%s (%s): %d round trips", tc.name, d.Dialect, len(sqls))
		if len(sqls) > bound[i] {
			t.Errorf("%s: %d round trips, at most %d allowed:\n%s", tc.name, len(sqls), bound[i], strings.Join(sqls, "\n"))
		}
		// The answer is built from what the request has in hand, not read back: it must be what a read shows.
		var created struct{ ID string }
		if err := json.Unmarshal([]byte(body), &created); err != nil {
			t.Fatal(err)
		}
		if got := get(created.ID); got != body {
			t.Errorf("%s: POST answered\n%s\nGET answers\n%s", tc.name, body, got)
		}
		// So is its event, whose id the database filled in.
		var ev struct{ Subject, Payload string }
		if err := d.Gorm.Raw("SELECT subject, payload FROM events WHERE type = 'comment.created' ORDER BY id DESC LIMIT 1").
			Scan(&ev).Error; err != nil {
			t.Fatal(err)
		}
		var view, answer map[string]any
		if err := json.Unmarshal([]byte(ev.Payload), &view); err != nil {
			t.Fatalf("%s: event payload %q: %v", tc.name, ev.Payload, err)
		}
		if err := json.Unmarshal([]byte(body), &answer); err != nil {
			t.Fatal(err)
		}
		delete(answer, "my_vote")
		delete(answer, "permissions")
		// The event leaves out the members that are null, false, 0 or empty (CommentEvent).
		for k, v := range answer {
			if _, ok := view[k]; !ok && (v == nil || v == false || v == float64(0) || v == "") {
				view[k] = v
			}
		}
		if ev.Subject != "comment:"+created.ID || !reflect.DeepEqual(view, answer) {
			t.Errorf("%s: event %s %s, answer %s", tc.name, ev.Subject, ev.Payload, body)
		}
	}
}
