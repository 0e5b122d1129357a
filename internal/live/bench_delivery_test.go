package live_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// benchSizes are the subscriber counts of BenchmarkLiveDelivery: LIVE_BENCH_SIZES ("1000,5000" by default).
func benchSizes() []int {
	sizes := []int{1000, 5000}
	if v := os.Getenv("LIVE_BENCH_SIZES"); v != "" {
		sizes = nil
		for f := range strings.SplitSeq(v, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

// BenchmarkLiveDelivery connects N websocket clients (LIVE_BENCH_SIZES, default 1,000 and 5,000) to one
// project topic of a real server, posts comments through the HTTP API one at a time and reports the
// delivery latency from the start of each POST to each client's receipt of its comment.created (p50, p99,
// max), the event's size on the wire and the memory per connection. The "bare" variant is the reference: a
// minimal gorilla server whose POST handler hands the body to every connection's write goroutine. Clients
// and server share this process (and its two cores), so the memory figures cover both ends of each
// connection; the difference to bare is what the app adds. It asserts nothing.
func BenchmarkLiveDelivery(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("app/subscribers=%d", n), func(b *testing.B) {
			if !raiseFileLimit(b, n) {
				return
			}
			s := newServer(b, testdb.New(b), map[string]string{"LIVE_MAX_PER_ADDRESS": strconv.Itoa(n),
				"RATE_COMMENTS": "1000000/1s"})
			_, adminTok := s.user("Admin", model.RoleAdmin)
			_, authorTok := s.user("Author")
			benchPost(b, s.srv.URL+"/api/v1/projects", adminTok, map[string]any{"slug": "bench", "title": "Bench",
				"summary": "S", "status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"},
				"expected_reach": 10, "effort": 1})
			sub, _ := json.Marshal(map[string]any{"op": "subscribe", "topic": "project:bench"})
			// A comment of a typical length: its event is about 0.9 KB on the wire.
			body := strings.Repeat("Ein Kommentar zum Vorhaben, mit etwas Text. ", 8)
			fanoutBench(b, n, s.url(), sub, []byte(`"type":"comment.created"`), func(r int) {
				benchPost(b, s.srv.URL+"/api/v1/projects/bench/comments", authorTok,
					map[string]any{"body": fmt.Sprintf("%s (%d)", body, r)})
			})
		})
		// cross: the same with two instances on one PostgreSQL database, the clients on B, the POSTs to A:
		// what the way through the database (A's NOTIFY, B's LISTEN and read) adds.
		b.Run(fmt.Sprintf("cross/subscribers=%d", n), func(b *testing.B) {
			if testdb.URL() == "" {
				b.Skip("cross-instance delivery needs TEST_DATABASE_URL")
			}
			if !raiseFileLimit(b, n) {
				return
			}
			dsn := testdb.PostgresURL(b)
			vars := map[string]string{"LIVE_MAX_PER_ADDRESS": strconv.Itoa(n), "RATE_COMMENTS": "1000000/1s"}
			a := newServer(b, openMigrated(b, dsn), vars)
			other := newServer(b, openMigrated(b, dsn), vars)
			_, adminTok := a.user("Admin", model.RoleAdmin)
			_, authorTok := a.user("Author")
			benchPost(b, a.srv.URL+"/api/v1/projects", adminTok, map[string]any{"slug": "bench", "title": "Bench",
				"summary": "S", "status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"},
				"expected_reach": 10, "effort": 1})
			sub, _ := json.Marshal(map[string]any{"op": "subscribe", "topic": "project:bench"})
			body := strings.Repeat("Ein Kommentar zum Vorhaben, mit etwas Text. ", 8)
			fanoutBench(b, n, other.url(), sub, []byte(`"type":"comment.created"`), func(r int) {
				benchPost(b, a.srv.URL+"/api/v1/projects/bench/comments", authorTok,
					map[string]any{"body": fmt.Sprintf("%s (%d)", body, r)})
			})
		})
		b.Run(fmt.Sprintf("bare/subscribers=%d", n), func(b *testing.B) {
			if !raiseFileLimit(b, n) {
				return
			}
			srv := newBareServer()
			defer srv.Close()
			url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
			ev := bytes.Repeat([]byte("x"), 880)
			fanoutBench(b, n, url, nil, nil, func(int) {
				res, err := http.Post(srv.URL+"/post", "application/octet-stream", bytes.NewReader(ev))
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, res.Body)
				_ = res.Body.Close()
			})
		})
	}
}

// openMigrated opens and migrates the database at dsn: one instance's handle.
func openMigrated(b *testing.B, dsn string) *db.DB {
	d, err := db.Open(dsn, "", 5)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return d
}

// raiseFileLimit raises the open-files limit to its maximum; false (skipped, with the reason) when n
// subscribers (two sockets each, both ends in this process) do not fit.
func raiseFileLimit(b *testing.B, n int) bool {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < lim.Max {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if lim.Cur < uint64(2*n+200) {
		b.Skipf("%d subscribers need %d file descriptors; the limit is %d", n, 2*n+200, lim.Cur)
		return false
	}
	return true
}

func benchPost(b *testing.B, url, token string, body any) {
	data, _ := json.Marshal(body)
	r, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(data))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode >= 300 {
		b.Fatalf("POST %s: %d", url, res.StatusCode)
	}
}

// fanoutBench connects n clients to url (each sends sub first and waits for one answer, when sub is not
// nil), then calls post once per round and measures, from the call's start, each client's receipt of the
// first message that contains match (any message when match is nil).
func fanoutBench(b *testing.B, n int, url string, sub, match []byte, post func(round int)) {
	dialer := websocket.Dialer{ReadBufferSize: 512, WriteBufferSize: 512, WriteBufferPool: &sync.Pool{}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()
	conns := make([]*websocket.Conn, n)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := w; i < n; i += 16 {
				c, _, err := dialer.Dial(url, nil)
				if err != nil {
					b.Error(err)
					return
				}
				if sub != nil {
					if err := c.WriteMessage(websocket.TextMessage, sub); err != nil {
						b.Error(err)
						return
					}
					if _, m, err := c.ReadMessage(); err != nil || !bytes.Contains(m, []byte(`"op":"subscribed"`)) {
						b.Errorf("subscribe: %s %v", m, err)
						return
					}
				}
				conns[i] = c
			}
		})
	}
	wg.Wait()
	if b.Failed() {
		return
	}
	connectTime := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
	stack := float64(int64(after.StackInuse)-int64(before.StackInuse)) / float64(n)
	perConnG := float64(runtime.NumGoroutine()-goroutines) / float64(n)

	rounds := max(b.N, 20)
	lat := make([]time.Duration, 0, rounds*n)
	var (
		mu       sync.Mutex
		got      sync.WaitGroup
		sent     atomic.Int64 // unix nanoseconds when the current round's POST started
		size     atomic.Int64
		readers  sync.WaitGroup
		finished atomic.Bool
	)
	for _, c := range conns {
		readers.Go(func() {
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					if !finished.Load() {
						b.Errorf("client: %v", err)
					}
					return
				}
				d := time.Duration(time.Now().UnixNano() - sent.Load())
				if match == nil || bytes.Contains(data, match) {
					size.Store(int64(len(data)))
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
					got.Done()
				}
			}
		})
	}
	posts := make([]time.Duration, 0, rounds) // how long each POST took until its answer
	b.ResetTimer()
	for r := range rounds {
		got.Add(n)
		t0 := time.Now()
		sent.Store(t0.UnixNano())
		post(r)
		posts = append(posts, time.Since(t0))
		done := make(chan struct{})
		go func() { got.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			b.Fatalf("round %d: not every client got the event within 30 s", r)
		}
	}
	b.StopTimer()
	finished.Store(true)
	for _, c := range conns {
		_ = c.Close()
	}
	readers.Wait()

	slices.Sort(lat)
	slices.Sort(posts)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(heap+stack, "mem-B/conn")
	b.Logf("%d subscribers (postgres=%v, connected in %v), %d posts (answered in p50 %v, max %v), %d B per event on the wire: p50 %v, p99 %v, max %v; per connection (both ends): heap %.0f B, stacks %.0f B, %.1f goroutines",
		n, testdb.URL() != "", connectTime.Round(time.Millisecond), rounds, posts[len(posts)/2].Round(10*time.Microsecond),
		posts[len(posts)-1].Round(10*time.Microsecond), size.Load(), pct(0.5).Round(10*time.Microsecond),
		pct(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond), heap, stack, perConnG)
}

// newBareServer is the reference of BenchmarkLiveDelivery: gorilla websockets as in its chat example (a
// read and a write goroutine per connection, a buffered send queue), and a POST that queues its body to
// every connection.
func newBareServer() *httptest.Server {
	var (
		mu    sync.RWMutex
		conns = map[chan []byte]struct{}{}
	)
	up := websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024, WriteBufferPool: &sync.Pool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		send := make(chan []byte, 256)
		mu.Lock()
		conns[send] = struct{}{}
		mu.Unlock()
		go func() {
			for msg := range send {
				if c.WriteMessage(websocket.TextMessage, msg) != nil {
					break
				}
			}
			_ = c.Close()
		}()
		go func() {
			for {
				if _, _, err := c.ReadMessage(); err != nil {
					break
				}
			}
			mu.Lock()
			delete(conns, send)
			mu.Unlock()
			close(send)
		}()
	})
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		msg, _ := io.ReadAll(r.Body)
		mu.RLock()
		for c := range conns {
			select {
			case c <- msg:
			default:
			}
		}
		mu.RUnlock()
	})
	return httptest.NewServer(mux)
}
