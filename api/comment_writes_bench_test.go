package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// BenchmarkCommentWrites posts comments through the whole router (auth, validation, Markdown, the
// comment, its outbox event and counters in one transaction) from 32 concurrent writers, each with an
// account of its own, with the live hub reading the outbox, and prints comments per second. On
// PostgreSQL (TEST_DATABASE_URL) the pool has 40 connections; SQLite has its one writer. It asserts
// nothing but that every post succeeded and every event arrived in the outbox.
func BenchmarkCommentWrites(b *testing.B) {
	const writers, perWriter = 32, 60
	var d *db.DB
	if testdb.URL() == "" {
		d = testdb.NewSQLite(b)
	} else {
		var err error
		if d, err = db.Open(testdb.PostgresURL(b), "", 40); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = d.Close() })
		if err := d.Migrate(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	h, svc := benchApp(b, d, map[string]string{"RATE_COMMENTS": "1000000/1s"})
	if err := svc.Live.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(svc.Live.Close)
	if err := d.Gorm.Exec(`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		VALUES ('schreiben', 'Schreiben', 'planned', 'Bürgeramt', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		b.Fatal(err)
	}
	tokens := make([]string, writers)
	for i := range tokens {
		u, err := svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{
			Email: fmt.Sprintf("writer%d@example.org", i), DisplayName: fmt.Sprintf("Writer %d", i),
			Password: "correct horse battery staple", Verified: true})
		if err != nil {
			b.Fatal(err)
		}
		if tokens[i], err = svc.Accounts.IssueAccessToken(u); err != nil {
			b.Fatal(err)
		}
	}
	post := func(tok string, n int) int {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/projects/schreiben/comments",
			strings.NewReader(`{"body":"Ein Beitrag Nummer `+strconv.Itoa(n)+` mit **etwas** Text."}`))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer "+tok)
		r.Header.Set("X-Requested-With", "digitalrat")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	var failed atomic.Int64
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		var wg sync.WaitGroup
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range perWriter {
					if code := post(tokens[i], n); code != http.StatusCreated {
						failed.Add(1)
					}
				}
			}()
		}
		wg.Wait()
		el := time.Since(start)
		fmt.Printf("BenchmarkCommentWrites (%s): %d writers, %d comments in %s: %.0f comments/s\n",
			d.Dialect, writers, writers*perWriter, el.Round(time.Millisecond), float64(writers*perWriter)/el.Seconds())
		b.ReportMetric(float64(writers*perWriter)/el.Seconds(), "comments/s")
	}
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d posts failed", n)
	}
	var events int64
	if err := d.Gorm.Raw("SELECT COUNT(*) FROM events WHERE type = 'comment.created'").Scan(&events).Error; err != nil {
		b.Fatal(err)
	}
	if want := int64(b.N * writers * perWriter); events != want {
		b.Fatalf("%d comment.created events, want %d", events, want)
	}
}
