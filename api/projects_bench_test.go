package api_test

import (
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// BenchmarkProjectPages measures GET /api/v1/projects?limit=20 (anonymous, the first page of 200 projects
// by priority) and GET /api/v1/projects/{slug} (a project with a 2 KB description) through the full
// router — served from the project caches after a version check — beside minimal net/http handlers
// doing the uncached queries (scored projects, comment counts; for the page also the Markdown rendering
// of the description, which the answer carries) with database/sql and encoding/json, on PostgreSQL
// (TEST_DATABASE_URL) and on SQLite. It also measures cache misses (an outbox row before each read) and
// a gzip-accepting client of the cached list. It prints figures and asserts nothing.
func BenchmarkProjectPages(b *testing.B) {
	if testdb.URL() != "" {
		b.Run("postgres", func(b *testing.B) { benchProjectPages(b, db.Postgres) })
	}
	b.Run("sqlite", func(b *testing.B) { benchProjectPages(b, db.SQLite) })
}

func benchProjectPages(b *testing.B, dialect db.Dialect) {
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
		raw.SetMaxOpenConns(1)
	}
	if err := d.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	h, _ := benchApp(b, d, nil)
	seedComments(b, d, "bench", 5_000) // the authors, and one project with many comments
	seedProjects(b, d, 199, 50)

	const listPath, pagePath = "/api/v1/projects?limit=20", "/api/v1/projects/proj-007"
	minimal := minimalProjectHandler(raw, dialect)
	for _, p := range []string{listPath, pagePath} { // both must answer the same
		var got [2]string
		for i, hd := range []http.Handler{h, minimal} {
			rec := httptest.NewRecorder()
			hd.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
			var v struct {
				Items []struct {
					Slug          string `json:"slug"`
					PriorityScore int64  `json:"priority_score"`
					CommentCount  int    `json:"comment_count"`
				} `json:"items"`
				Slug            string `json:"slug"`
				CommentCount    int    `json:"comment_count"`
				DescriptionHTML string `json:"description_html"`
			}
			if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &v) != nil {
				b.Fatalf("warm-up %s: %d %.300s", p, rec.Code, rec.Body)
			}
			got[i] = fmt.Sprint(v)
		}
		if got[0] != got[1] {
			b.Fatalf("%s: router and minimal handler differ:\n%.500s\n%.500s", p, got[0], got[1])
		}
	}

	gz := map[string]string{"Accept-Encoding": "gzip"}
	serve := func(hd http.Handler, p string, header map[string]string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, p, nil)
		for k, v := range header {
			r.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, r)
		if rec.Code != 200 {
			b.Fatalf("%s: %d", p, rec.Code)
		}
		return rec
	}
	rps := map[string]float64{}
	for _, c := range []struct {
		name, path string
		h          http.Handler
		header     map[string]string
	}{
		{"list/router", listPath, h, nil}, {"list/minimal", listPath, minimal, nil}, {"list/router-gzip", listPath, h, gz},
		{"page/router", pagePath, h, nil}, {"page/minimal", pagePath, minimal, nil},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					serve(c.h, c.path, c.header)
				}
			})
			r := float64(b.N) / b.Elapsed().Seconds()
			b.ReportMetric(r, "req/s")
			rps[c.name] = r
		})
	}
	sizes := func(p string) (int, int) {
		plain, zipped := serve(h, p, nil), serve(h, p, gz)
		n := zipped.Body.Len()
		zr, err := gzip.NewReader(zipped.Body)
		if err != nil {
			b.Fatal(err)
		}
		if body, _ := io.ReadAll(zr); string(body) != plain.Body.String() {
			b.Fatalf("%s: the gzip bytes decode to other JSON", p)
		}
		return plain.Body.Len(), n
	}
	listPlain, listGz := sizes(listPath)
	pagePlain, pageGz := sizes(pagePath)

	type miss struct{ p50, p99 time.Duration }
	misses := func(p, topic string) (miss, uint64, float64, float64) {
		hit := testing.AllocsPerRun(200, func() { serve(h, p, nil) })
		minAllocs := testing.AllocsPerRun(200, func() { serve(minimal, p, nil) })
		insert := "INSERT INTO events (topic, type, audience, subject, payload, created_at) VALUES ('" + topic +
			"', 'project.updated', '', '', '{}', CURRENT_TIMESTAMP)"
		const n = 300
		lat := make([]time.Duration, n)
		var allocs uint64
		var ms runtime.MemStats
		for i := range lat {
			if _, err := raw.Exec(insert); err != nil {
				b.Fatal(err)
			}
			runtime.ReadMemStats(&ms)
			before := ms.Mallocs
			t0 := time.Now()
			serve(h, p, nil)
			lat[i] = time.Since(t0)
			runtime.ReadMemStats(&ms)
			allocs += ms.Mallocs - before
		}
		slices.Sort(lat)
		return miss{lat[n/2].Round(10 * time.Microsecond), lat[n*99/100].Round(10 * time.Microsecond)}, allocs / n, hit, minAllocs
	}
	listMiss, listMissAllocs, listHit, listMin := misses(listPath, "project:proj-100")
	pageMiss, pageMissAllocs, pageHit, pageMin := misses(pagePath, "project:proj-007")
	if rps["list/minimal"] > 0 && rps["page/minimal"] > 0 {
		fmt.Printf("BenchmarkProjectPages %s list (20 of 200 projects): router %.0f req/s (gzip-accepting client %.0f), "+
			"minimal database/sql handler %.0f req/s, ratio %.2f; allocations: cached %.0f, miss %d, minimal %.0f; "+
			"cache miss p50 %s p99 %s; %d bytes, gzipped %d\n",
			dialect, rps["list/router"], rps["list/router-gzip"], rps["list/minimal"], rps["list/router"]/rps["list/minimal"],
			listHit, listMissAllocs, listMin, listMiss.p50, listMiss.p99, listPlain, listGz)
		fmt.Printf("BenchmarkProjectPages %s project page: router %.0f req/s, minimal handler %.0f req/s, ratio %.2f; "+
			"allocations: cached %.0f, miss %d, minimal %.0f; cache miss p50 %s p99 %s; %d bytes, gzipped %d\n",
			dialect, rps["page/router"], rps["page/minimal"], rps["page/router"]/rps["page/minimal"],
			pageHit, pageMissAllocs, pageMin, pageMiss.p50, pageMiss.p99, pagePlain, pageGz)
	}
}

// seedProjects adds n projects proj-000… with a 2 KB Markdown description, supports and comments
// (perProject each, by the authors seedComments made).
func seedProjects(b testing.TB, d *db.DB, n, perProject int) {
	b.Helper()
	desc := strings.Repeat("Ein **Absatz** über das Vorhaben, mit einem [Verweis](https://example.org) und Text.\n\n", 24)
	for i := range n {
		if err := d.Gorm.Exec(`INSERT INTO projects (slug, title, summary, description, status, owner_unit, principles,
			expected_reach, effort, priority_score, support_count, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'planned', 'Bürgeramt', 'efficiency', ?, 2, ?, ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
			fmt.Sprintf("proj-%03d", i), fmt.Sprintf("Vorhaben %03d", i), "Kurz gesagt: ein Vorhaben der Stadt.", desc,
			1000+i*37%500, (1000+i*37%500)/2, i%23).Error; err != nil {
			b.Fatal(err)
		}
	}
	var users int64
	if err := d.Gorm.Raw("SELECT min(id) FROM users").Scan(&users).Error; err != nil {
		b.Fatal(err)
	}
	for k := range perProject {
		if err := d.Gorm.Exec(`INSERT INTO comments (project_id, author_id, body, body_html, depth, created_at, updated_at)
			SELECT id, ?, 'Kommentar', '<p>Kommentar</p>', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM projects
			WHERE slug LIKE 'proj-%'`, users+int64(k)).Error; err != nil {
			b.Fatal(err)
		}
	}
	if err := d.Gorm.Exec("ANALYZE").Error; err != nil {
		b.Fatal(err)
	}
}

// minimalProjectHandler answers the first page of projects by priority (limit=20) and a project page with
// the queries the uncached path needs (current cycle, scored projects, comment counts), using database/sql
// and encoding/json, and nothing else: the baseline.
func minimalProjectHandler(sqlDB *sql.DB, dialect db.Dialect) http.Handler {
	ph := func(i int) string {
		if dialect == db.Postgres {
			return "$" + strconv.Itoa(i)
		}
		return "?"
	}
	type lotse struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	type perms struct {
		Edit               bool `json:"edit"`
		AddDocument        bool `json:"add_document"`
		RecordContribution bool `json:"record_contribution"`
		Comment            bool `json:"comment"`
		Support            bool `json:"support"`
		CreatePoll         bool `json:"create_poll"`
		ManageKPIs         bool `json:"manage_kpis"`
	}
	type summary struct {
		ID            string    `json:"id"`
		Slug          string    `json:"slug"`
		Title         string    `json:"title"`
		Summary       string    `json:"summary"`
		Status        string    `json:"status"`
		OwnerUnit     string    `json:"owner_unit"`
		Principles    []string  `json:"principles"`
		ExpectedReach int64     `json:"expected_reach"`
		Effort        int       `json:"effort"`
		BudgetEUR     *int64    `json:"budget_eur"`
		StartDate     *string   `json:"start_date"`
		EndDate       *string   `json:"end_date"`
		Lotse         *lotse    `json:"lotse"`
		CommentsOpen  bool      `json:"comments_open"`
		PreModeration bool      `json:"pre_moderation"`
		Version       int       `json:"version"`
		PriorityScore int64     `json:"priority_score"`
		CommentCount  int       `json:"comment_count"`
		SupportCount  int64     `json:"support_count"`
		SupportedByMe bool      `json:"supported_by_me"`
		CreatedAt     time.Time `json:"created_at"`
		UpdatedAt     time.Time `json:"updated_at"`
		Permissions   perms     `json:"permissions"`
	}
	type full struct {
		summary
		Description     string `json:"description"`
		DescriptionHTML string `json:"description_html"`
		PlainSummary    string `json:"plain_summary"`
	}
	score := func(cycle int64) string {
		mean := func(grp string) string {
			return `(SELECT SUM(es.score) * 100 / NULLIF(COUNT(*), 0) FROM evaluation_scores es
				JOIN evaluations ev ON ev.id = es.evaluation_id WHERE ev.cycle_id = ` + strconv.FormatInt(cycle, 10) +
				` AND ev.project_id = p.id AND ev.grp = '` + grp + `' AND es.criterion = 'overall')`
		}
		pub, council := mean("public"), mean("council")
		return "(p.priority_score * (100 + p.support_count) * COALESCE((" + pub + " + " + council + ") / 2, " + pub + ", " +
			council + ", 300) / 30000)"
	}
	cols := func(cycle int64) string {
		return `SELECT p.id, p.slug, p.title, p.summary, p.description, p.plain_summary, p.status, p.owner_unit, p.principles,
			p.expected_reach, p.effort, p.budget_eur, p.start_date, p.end_date, p.lotse_name, p.lotse_email, p.comments_open,
			p.pre_moderation, p.version, ` + score(cycle) + ` AS total, p.support_count, p.created_at, p.updated_at FROM projects p`
	}
	fail := func(w http.ResponseWriter, err error) { http.Error(w, err.Error(), 500) }
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var cycle int64
		err := sqlDB.QueryRowContext(ctx, "SELECT id FROM evaluation_cycles WHERE opens_at <= "+ph(1)+
			" ORDER BY opens_at DESC, id DESC LIMIT 1", time.Now()).Scan(&cycle)
		if err != nil && err != sql.ErrNoRows {
			fail(w, err)
			return
		}
		slug, one := strings.CutPrefix(r.URL.Path, "/api/v1/projects/")
		q := "SELECT * FROM (" + cols(cycle) + ") AS s ORDER BY total DESC, id ASC LIMIT 21"
		var args []any
		if one {
			q, args = cols(cycle)+" WHERE p.slug = "+ph(1), []any{slug}
		}
		rows, err := sqlDB.QueryContext(ctx, q, args...)
		if err != nil {
			fail(w, err)
			return
		}
		var items []full
		for rows.Next() {
			var p full
			var id int64
			var principles, start, end, ln, le string
			if err := rows.Scan(&id, &p.Slug, &p.Title, &p.Summary, &p.Description, &p.PlainSummary, &p.Status, &p.OwnerUnit,
				&principles, &p.ExpectedReach, &p.Effort, &p.BudgetEUR, &start, &end, &ln, &le, &p.CommentsOpen,
				&p.PreModeration, &p.Version, &p.PriorityScore, &p.SupportCount, &p.CreatedAt, &p.UpdatedAt); err != nil {
				_ = rows.Close()
				fail(w, err)
				return
			}
			p.ID, p.Principles = strconv.FormatInt(id, 10), []string{}
			if principles != "" {
				p.Principles = strings.Split(principles, ",")
			}
			if start != "" {
				p.StartDate = &start
			}
			if end != "" {
				p.EndDate = &end
			}
			if ln != "" || le != "" {
				p.Lotse = &lotse{ln, le}
			}
			p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
			items = append(items, p)
		}
		if err := rows.Err(); err != nil {
			fail(w, err)
			return
		}
		var next *string
		if !one && len(items) > 20 {
			items = items[:20]
			s := "more"
			next = &s
		}
		ids, byID := make([]string, len(items)), map[string]*full{}
		for i := range items {
			ids[i], byID[items[i].ID] = items[i].ID, &items[i]
		}
		rows, err = sqlDB.QueryContext(ctx, "SELECT project_id, COUNT(*) FROM comments WHERE project_id IN ("+
			strings.Join(ids, ", ")+") AND status = 'published' AND deleted_at IS NULL GROUP BY project_id")
		if err != nil {
			fail(w, err)
			return
		}
		for rows.Next() {
			var id string
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				_ = rows.Close()
				fail(w, err)
				return
			}
			byID[id].CommentCount = n
		}
		w.Header().Set("Content-Type", "application/json")
		if one {
			if len(items) == 0 {
				http.NotFound(w, r)
				return
			}
			items[0].DescriptionHTML = markdown.Render(items[0].Description)
			_ = json.NewEncoder(w).Encode(items[0])
			return
		}
		out := make([]summary, len(items))
		for i := range items {
			out[i] = items[i].summary
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"items": out, "next_cursor": next})
	})
}
