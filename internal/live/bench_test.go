package live_test

import (
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/digitalrat/digitalrat/internal/testdb"
)

// BenchmarkLiveFanout connects LIVE_BENCH_SUBSCRIBERS (default 2,000) websocket clients to one project
// topic, appends events one at a time and reports the delivery latency from the start of the appending
// transaction to each client's receipt (p50, p99, max), and the heap per connection. Clients and server
// share this process, so the heap figure covers both ends of each connection (the clients use small
// buffers to keep their share low). It asserts nothing.
func BenchmarkLiveFanout(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("LIVE_BENCH_SUBSCRIBERS")); err == nil && v > 0 {
		n = v
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < lim.Max {
		lim.Cur = lim.Max
		_ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	if lim.Cur < uint64(2*n+200) {
		b.Skipf("%d subscribers need %d file descriptors; the limit is %d", n, 2*n+200, lim.Cur)
	}
	// Every client dials from 127.0.0.1, so the per-address limit must admit them all.
	s := newServer(b, testdb.New(b), map[string]string{"LIVE_MAX_PER_ADDRESS": strconv.Itoa(n)})
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
				c, _, err := dialer.Dial(s.url(), nil)
				if err != nil {
					b.Error(err)
					return
				}
				if err := c.WriteJSON(map[string]any{"op": "subscribe", "topic": "project:bench"}); err != nil {
					b.Error(err)
					return
				}
				var m msg
				if err := c.ReadJSON(&m); err != nil || m.Op != "subscribed" {
					b.Errorf("subscribe: %+v %v", m, err)
					return
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
	perConn := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
	perConnStack := float64(int64(after.StackInuse)-int64(before.StackInuse)) / float64(n)
	perConnG := float64(runtime.NumGoroutine()-goroutines) / float64(n)

	rounds := max(b.N, 10)
	lat := make([]time.Duration, 0, rounds*n)
	var mu sync.Mutex
	var got sync.WaitGroup
	var sent atomic.Int64 // unix nanoseconds when the current round's transaction started
	var readers sync.WaitGroup
	for _, c := range conns {
		readers.Go(func() {
			for {
				_, data, err := c.ReadMessage()
				if err != nil {
					return
				}
				d := time.Duration(time.Now().UnixNano() - sent.Load())
				var m msg
				if json.Unmarshal(data, &m) == nil && m.Op == "event" {
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
					got.Done()
				}
			}
		})
	}
	b.ResetTimer()
	for r := range rounds {
		got.Add(n)
		sent.Store(time.Now().UnixNano())
		appendEvent(b, s.d, "project:bench", "", map[string]int{"round": r})
		got.Wait()
	}
	b.StopTimer()
	for _, c := range conns {
		_ = c.Close()
	}
	readers.Wait()

	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	b.ReportMetric(float64(pct(0.50).Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(pct(0.99).Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
	b.ReportMetric(perConn, "heap-B/conn")
	b.ReportMetric(perConnStack, "stack-B/conn")
	b.Logf("%d subscribers (postgres=%v, connected in %v), %d events: p50 %v, p99 %v, max %v; per connection: heap %.0f B (server and client ends), stacks %.0f B, %.1f goroutines (server)",
		n, testdb.URL() != "", connectTime.Round(time.Millisecond), rounds, pct(0.5), pct(0.99), lat[len(lat)-1], perConn, perConnStack, perConnG)
}
