package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver of the hand-written baseline

	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// BenchmarkCommentPage measures GET /api/v1/projects/{slug}/comments?limit=50 (anonymous, the first page
// of a project with 100,000 comments) through the full router — served from the page cache after a
// version check — beside a minimal net/http handler doing the uncached queries with database/sql and
// encoding/json, on PostgreSQL (TEST_DATABASE_URL) and on SQLite. It also measures cache misses: the
// first page of a 5,000-comment thread after each write (an outbox row on its topic). It prints figures
// and asserts nothing.
func BenchmarkCommentPage(b *testing.B) {
	if testdb.URL() != "" {
		b.Run("postgres", func(b *testing.B) { benchCommentPage(b, db.Postgres) })
	}
	b.Run("sqlite", func(b *testing.B) { benchCommentPage(b, db.SQLite) })
}

func benchCommentPage(b *testing.B, dialect db.Dialect) {
	var d *db.DB
	var raw *sql.DB
	var err error
	if dialect == db.Postgres {
		dsn := testdb.PostgresURL(b)
		if d, err = db.Open(dsn, "", 10); err == nil {
			raw, err = sql.Open("pgx", dsn)
		}
	} else {
		path := filepath.Join(b.TempDir(), "bench.db")
		if d, err = db.Open("", path, 1); err == nil {
			raw, err = sql.Open("sqlite", db.SQLiteDSN(path))
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = d.Close(); _ = raw.Close() })
	if dialect == db.Postgres {
		raw.SetMaxOpenConns(10)
	} else {
		raw.SetMaxOpenConns(1) // as the app's pool: one connection
	}
	if err := d.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	h, _ := benchApp(b, d, nil)

	start := time.Now()
	seedComments(b, d, "bench", 100_000)
	seedComments(b, d, "thread", 5_000)
	b.Logf("seeded 105,000 comments in %s", time.Since(start).Round(time.Millisecond))
	minimal := minimalCommentHandler(raw, dialect)

	const path = "/api/v1/projects/bench/comments?limit=50"
	for _, hd := range []http.Handler{h, minimal} { // both must answer the same page
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		var l struct{ Items []json.RawMessage }
		if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &l) != nil || len(l.Items) != 50 {
			b.Fatalf("warm-up: %d %.300s", rec.Code, rec.Body)
		}
	}

	rps := map[string]float64{}
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"router", h}, {"minimal", minimal}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					rec := httptest.NewRecorder()
					c.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
					if rec.Code != 200 {
						b.Errorf("%s: %d", c.name, rec.Code)
						return
					}
				}
			})
			r := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(r, "req/s")
			rps[c.name] = r
		})
	}
	serve := func(hd http.Handler, p string) {
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != 200 {
			b.Fatalf("%s: %d", p, rec.Code)
		}
	}
	hitAllocs := testing.AllocsPerRun(200, func() { serve(h, path) })
	minAllocs := testing.AllocsPerRun(200, func() { serve(minimal, path) })

	// Cache misses: a write on the thread's topic before each read, so that every read rebuilds the page.
	const threadPath = "/api/v1/projects/thread/comments?limit=50"
	insert := "INSERT INTO events (topic, type, audience, subject, payload, created_at) VALUES ('project:thread', 'comment.votes', '', '', '{}', CURRENT_TIMESTAMP)"
	const misses = 300
	lat := make([]time.Duration, misses)
	var allocs uint64
	var ms runtime.MemStats
	for i := range lat {
		if _, err := raw.Exec(insert); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		before := ms.Mallocs
		t0 := time.Now()
		serve(h, threadPath)
		lat[i] = time.Since(t0)
		runtime.ReadMemStats(&ms)
		allocs += ms.Mallocs - before
	}
	slices.Sort(lat)
	if rps["minimal"] > 0 {
		fmt.Printf("BenchmarkCommentPage %s: router %.0f req/s, minimal database/sql handler %.0f req/s, ratio %.2f; "+
			"allocations per page: cached %.0f, miss %d, minimal %.0f; cache miss (first page of a 5,000-comment thread) p50 %s p99 %s\n",
			dialect, rps["router"], rps["minimal"], rps["router"]/rps["minimal"], hitAllocs, allocs/misses, minAllocs,
			lat[misses/2].Round(10*time.Microsecond), lat[misses*99/100].Round(10*time.Microsecond))
	}
}

// seedComments writes n comments on a new project slug with a few statements (on both databases): 1,000
// authors (once), 80 % top-level comments with vote counters and 20 % replies spread over them.
func seedComments(b testing.TB, d *db.DB, slug string, n int) {
	b.Helper()
	top := n * 8 / 10
	series := func(k int) string {
		if d.Dialect == db.Postgres {
			return "generate_series(1, " + strconv.Itoa(k) + ") AS s(g)"
		}
		return "(WITH RECURSIVE r(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM r WHERE g < " + strconv.Itoa(k) + ") SELECT g FROM r) AS s"
	}
	ago := "CURRENT_TIMESTAMP - (" + strconv.Itoa(n) + " - g) * interval '1 second'"
	if d.Dialect == db.SQLite {
		ago = "strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || (" + strconv.Itoa(n) + " - g) || ' seconds')"
	}
	project := "(SELECT id FROM projects WHERE slug = '" + slug + "')"
	var stmts []string
	var users int64
	if err := d.Gorm.Raw("SELECT COUNT(*) FROM users").Scan(&users).Error; err != nil {
		b.Fatal(err)
	}
	if users == 0 {
		stmts = append(stmts, `INSERT INTO users (email, display_name, password_hash, roles, tokens_valid_after, created_at, updated_at)
		 SELECT 'bench' || g || '@example.org', 'Bench ' || g, 'x', 'resident', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
		 FROM `+series(1000))
	}
	stmts = append(stmts,
		`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		 VALUES ('`+slug+`', 'Benchmark', 'planned', 'Bürgeramt', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
		`INSERT INTO comments (project_id, author_id, body, body_html, depth, up_count, down_count, created_at, updated_at)
		 SELECT `+project+`, (SELECT min(id) FROM users) + g % 1000,
		        'Kommentar **' || g || '**', '<p>Kommentar <strong>' || g || '</strong></p>', 0, g % 17, g % 5,
		        `+ago+`, CURRENT_TIMESTAMP
		 FROM `+series(top),
		`INSERT INTO comments (project_id, parent_id, author_id, body, body_html, depth, up_count, down_count, created_at, updated_at)
		 SELECT c.project_id, c.id, (SELECT min(id) FROM users) + g % 1000, 'Antwort ' || g, '<p>Antwort ' || g || '</p>',
		        1, g % 3, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
		 FROM `+series(n-top)+`
		 JOIN comments c ON c.id = (SELECT min(id) FROM comments WHERE project_id = `+project+`) + (g * 7919) % `+strconv.Itoa(top),
		`UPDATE comments SET reply_count = (SELECT COUNT(*) FROM comments r WHERE r.parent_id = comments.id)
		 WHERE project_id = `+project+` AND id IN (SELECT parent_id FROM comments WHERE parent_id IS NOT NULL)`,
		`ANALYZE`,
	)
	for _, s := range stmts {
		if err := d.Gorm.Exec(s).Error; err != nil {
			b.Fatalf("seed: %v\n%s", err, s)
		}
	}
}

// minimalCommentHandler answers the first page of comments with the same queries as the service (project,
// page, replies up to three levels) using database/sql and encoding/json, and nothing else: the baseline.
func minimalCommentHandler(sqlDB *sql.DB, dialect db.Dialect) http.Handler {
	pg := dialect == db.Postgres
	// SQLite's planner needs hints that PostgreSQL's does not: without them it reads top-level comments
	// through the parent index and sorts the whole project, and scans all comments for the replies.
	p1, top, join := "$1", "", "JOIN"
	if !pg {
		p1, top, join = "?", " INDEXED BY comments_project_top_idx", "CROSS JOIN"
	}
	const cols = `c.id, c.document_id, c.document_version, c.block_id, c.parent_id, c.depth, c.author_id,
		u.display_name, c.body, c.body_html, c.stance, c.kind, c.status, c.edited_at, c.deleted_at, c.up_count,
		c.down_count, c.reply_count, c.created_at,
		CASE WHEN c.block_id IS NULL THEN 0
		     WHEN EXISTS (SELECT 1 FROM documents d
		                  JOIN document_versions dv ON dv.document_id = d.id AND dv.number = d.version
		                  JOIN document_blocks b ON b.version_id = dv.id AND b.block_id = c.block_id
		                  WHERE d.id = c.document_id) THEN 0
		     ELSE 1 END`
	type author struct {
		ID          string `json:"id"`
		DisplayName string `json:"display_name"`
	}
	type item struct {
		ID               string     `json:"id"`
		ProjectSlug      string     `json:"project_slug"`
		DocumentID       *string    `json:"document_id"`
		Version          *int       `json:"version"`
		BlockID          *string    `json:"block_id"`
		ParentID         *string    `json:"parent_id"`
		Depth            int        `json:"depth"`
		Author           *author    `json:"author"`
		Body             string     `json:"body"`
		BodyHTML         string     `json:"body_html"`
		Stance           *string    `json:"stance"`
		Kind             string     `json:"kind"`
		Status           string     `json:"status"`
		Edited           bool       `json:"edited"`
		EditedAt         *time.Time `json:"edited_at"`
		Deleted          bool       `json:"deleted"`
		Up               int        `json:"up"`
		Down             int        `json:"down"`
		MyVote           int        `json:"my_vote"`
		ReplyCount       int        `json:"reply_count"`
		OnEarlierVersion bool       `json:"on_earlier_version"`
		CreatedAt        time.Time  `json:"created_at"`
		Replies          []*item    `json:"replies,omitempty"`
	}
	scan := func(rows *sql.Rows, slug string) ([]*item, []int64, error) {
		defer rows.Close()
		var out []*item
		var parents []int64
		for rows.Next() {
			var it item
			var id, earlier int
			var docID, parentID, authorID sql.NullInt64
			var name sql.NullString
			var deletedAt *time.Time
			if err := rows.Scan(&id, &docID, &it.Version, &it.BlockID, &parentID, &it.Depth, &authorID, &name,
				&it.Body, &it.BodyHTML, &it.Stance, &it.Kind, &it.Status, &it.EditedAt, &deletedAt, &it.Up, &it.Down,
				&it.ReplyCount, &it.CreatedAt, &earlier); err != nil {
				return nil, nil, err
			}
			it.ID, it.ProjectSlug, it.Edited, it.Deleted, it.OnEarlierVersion = strconv.Itoa(id), slug, it.EditedAt != nil,
				deletedAt != nil, earlier == 1
			if docID.Valid {
				s := strconv.FormatInt(docID.Int64, 10)
				it.DocumentID = &s
			}
			if parentID.Valid {
				s := strconv.FormatInt(parentID.Int64, 10)
				it.ParentID = &s
			}
			if authorID.Valid && name.Valid {
				it.Author = &author{ID: strconv.FormatInt(authorID.Int64, 10), DisplayName: name.String}
			}
			out = append(out, &it)
			parents = append(parents, parentID.Int64)
		}
		return out, parents, rows.Err()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		slug := "bench"
		var projectID int64
		if err := sqlDB.QueryRowContext(ctx, "SELECT id FROM projects WHERE slug = "+p1, slug).Scan(&projectID); err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		rows, err := sqlDB.QueryContext(ctx, `SELECT `+cols+` FROM comments c`+top+` LEFT JOIN users u ON u.id = c.author_id
			WHERE c.project_id = `+p1+` AND c.status = 'published' AND c.parent_id IS NULL ORDER BY c.id DESC LIMIT 51`, projectID)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		items, _, err := scan(rows, slug)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		var next *string
		if len(items) > 50 {
			items = items[:50]
			s := items[49].ID
			next = &s
		}
		ids := make([]int64, len(items))
		byID := map[int64]*item{}
		for i, it := range items {
			ids[i], _ = strconv.ParseInt(it.ID, 10, 64)
			byID[ids[i]] = it
		}
		// PostgreSQL takes the ids as one array; SQLite as a list of parameters.
		cond, args := "= ANY($1)", []any{ids}
		if !pg {
			cond, args = "IN (?"+strings.Repeat(", ?", len(ids)-1)+")", make([]any, len(ids))
			for i, id := range ids {
				args[i] = id
			}
		}
		rows, err = sqlDB.QueryContext(ctx, `WITH RECURSIVE tree (id, lvl) AS (
			SELECT id, 1 FROM comments WHERE parent_id `+cond+` AND status = 'published'
			UNION ALL
			SELECT r.id, tree.lvl + 1 FROM comments r JOIN tree ON r.parent_id = tree.id WHERE tree.lvl < 3 AND r.status = 'published')
			SELECT `+cols+` FROM tree `+join+` comments c ON c.id = tree.id LEFT JOIN users u ON u.id = c.author_id
			ORDER BY c.id LIMIT 1000`, args...)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		replies, parents, err := scan(rows, slug)
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		for i, rp := range replies {
			if p := byID[parents[i]]; p != nil {
				p.Replies = append(p.Replies, rp)
				id, _ := strconv.ParseInt(rp.ID, 10, 64)
				byID[id] = rp
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "next_cursor": next})
	})
}
