package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// discardResponse is a ResponseWriter that keeps nothing of the body (httptest.ResponseRecorder would
// hold the whole export) and, when sampling, records the peak of the live heap during the response.
type discardResponse struct {
	header http.Header
	code   int
	bytes  int64
	sample bool
	writes int
	peak   uint64
}

func (w *discardResponse) Header() http.Header {
	if w.header == nil {
		w.header = http.Header{}
	}
	return w.header
}

func (w *discardResponse) WriteHeader(code int) { w.code = code }

func (w *discardResponse) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	w.bytes += int64(len(p))
	w.writes++
	// Every fourth write of 32 KiB: a batch of 500 rows spans many, and ReadMemStats stops the world.
	if w.sample && w.writes%4 == 1 {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		w.peak = max(w.peak, ms.HeapAlloc)
	}
	return len(p), nil
}

// seedExportComments inserts n published comments with bodies of size bytes by one author on a project
// in one INSERT … SELECT over a counter (no events: exports do not need them).
func seedExportComments(tb testing.TB, d *db.DB, projectID, authorID int64, n, size int) {
	tb.Helper()
	body := strings.Repeat("Daten für alle, ", size/16+1)[:size]
	at := "?"
	if d.Dialect == db.Postgres {
		at = "CAST(? AS TIMESTAMPTZ)" // a bare parameter in a SELECT list would be text
	}
	q := `INSERT INTO comments (project_id, author_id, body, body_html, kind, channel, status, created_at, updated_at)
		WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ` + strconv.Itoa(n) + `)
		SELECT ` + strconv.FormatInt(projectID, 10) + `, ` + strconv.FormatInt(authorID, 10) + `, '` + body + `',
		'<p>` + body + `</p>', 'comment', 'online', 'published', ` + at + `, ` + at + ` FROM g`
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := d.Gorm.Exec(q, now, now).Error; err != nil {
		tb.Fatal(err)
	}
}

// exportPeak runs one export through the router and returns the growth of the heap at its peak over the
// heap before it, and the bytes sent.
func exportPeak(t *testing.T, h http.Handler, path string) (uint64, int64) {
	t.Helper()
	// A low GC target keeps garbage from hiding or faking growth of the live heap.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	w := &discardResponse{sample: true, peak: base}
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	if w.code != http.StatusOK {
		t.Fatalf("%s: %d", path, w.code)
	}
	return w.peak - base, w.bytes
}

// TestOpenDataExportMemoryIsFlat exports 1,000 and then 20,000 comments of 1 KB each and compares the
// peak heap growth: streamed in batches, the larger export needs no more memory than the smaller one
// plus a constant, although it sends about 20 MB more. Not parallel: other tests would move the heap.
func TestOpenDataExportMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 20,000 comments")
	}
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	u, _ := e.user("Rita Resident")
	p := e.createProject(admin, projectInput("speicher"))
	var pid int64
	if err := e.db.Gorm.Raw("SELECT id FROM projects WHERE slug = ?", p.Slug).Scan(&pid).Error; err != nil {
		t.Fatal(err)
	}
	const size = 1024
	formats := []string{"csv", "json"}
	small := map[string]uint64{}
	seedExportComments(t, e.db, pid, u.ID, 1000, size)
	for _, format := range formats {
		path := "/api/v1/export/comments." + format
		exportPeak(t, e.h, path) // warm up: prepared statements, pools, lazily built tables
		var n int64
		small[format], n = exportPeak(t, e.h, path)
		t.Logf("%s: 1,000 rows, %d KiB sent, peak heap +%d KiB", format, n>>10, small[format]>>10)
	}
	start := time.Now()
	seedExportComments(t, e.db, pid, u.ID, 19000, size)
	t.Logf("seeded 19,000 more in %s", time.Since(start).Round(time.Millisecond))
	for _, format := range formats {
		start := time.Now()
		large, n := exportPeak(t, e.h, "/api/v1/export/comments."+format)
		t.Logf("%s: 20,000 rows, %d KiB sent in %s, peak heap +%d KiB", format, n>>10, time.Since(start).Round(time.Millisecond), large>>10)
		if n < 20*1000*size {
			t.Fatalf("%s: only %d bytes sent for 20,000 comments", format, n)
		}
		const bound = 8 << 20 // a constant, far below the 20 MB the large export sends
		if large > small[format]+bound {
			t.Errorf("%s: peak heap growth %d KiB for 20,000 rows vs %d KiB for 1,000: not flat", format, large>>10, small[format]>>10)
		}
	}
}

// BenchmarkExportComments streams GET /api/v1/export/comments.csv and .json of 10,000 comments through
// the full router (SQLite, or PostgreSQL with TEST_DATABASE_URL).
func BenchmarkExportComments(b *testing.B) {
	d := testdb.New(b)
	h, svc := benchApp(b, d, nil)
	u, err := svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{Email: "bench@example.org",
		DisplayName: "Bench", Password: "correct horse battery staple", Verified: true})
	if err != nil {
		b.Fatal(err)
	}
	pr := model.Project{Slug: "bench", Title: "Benchmark", Status: "planned", OwnerUnit: "Bürgeramt", Effort: 1,
		Version: 1, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC()}
	if err := d.Gorm.Create(&pr).Error; err != nil {
		b.Fatal(err)
	}
	seedExportComments(b, d, pr.ID, u.ID, 10_000, 200)
	for _, format := range []string{"csv", "json"} {
		b.Run(format, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := &discardResponse{}
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/api/v1/export/comments."+format, nil))
				if w.code != http.StatusOK {
					b.Fatalf("status %d", w.code)
				}
				b.SetBytes(w.bytes)
			}
		})
	}
}
