package pagecache

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testVersion is a version for the tests.
type testVersion struct{ Events int64 }

func (v testVersion) Same(o testVersion) bool { return v == o }

// TestVersionCheckShared: requests that arrive while a version query runs do not take its answer (it
// may predate a write they saw acknowledged); they share the one next query, which starts when the
// running one ends. Twenty such requests cost one query, not twenty.
func TestVersionCheckShared(t *testing.T) {
	var calls atomic.Int64
	release := make(chan struct{})
	started := make(chan int64, 10)
	c := New[testVersion, int](func(context.Context, string) (testVersion, error) {
		n := calls.Add(1)
		started <- n
		<-release
		return testVersion{Events: n}, nil
	})
	ctx := context.Background()
	first := make(chan testVersion, 1)
	go func() { v, _ := c.VersionOf(ctx, "p"); first <- v }()
	if n := <-started; n != 1 {
		t.Fatalf("query %d first", n)
	}
	var wg sync.WaitGroup
	got := make([]testVersion, 20)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = c.VersionOf(ctx, "p") }()
	}
	time.Sleep(50 * time.Millisecond) // all twenty wait behind query 1
	if n := calls.Load(); n != 1 {
		t.Fatalf("%d queries while the first ran", n)
	}
	release <- struct{}{} // query 1 ends; query 2 starts for the twenty
	if v := <-first; v.Events != 1 {
		t.Fatalf("first request got %+v", v)
	}
	if n := <-started; n != 2 {
		t.Fatalf("query %d second", n)
	}
	close(release)
	wg.Wait()
	for i, v := range got {
		if v.Events != 2 {
			t.Fatalf("request %d got the answer of query %d, want 2 (started after it arrived)", i, v.Events)
		}
	}
	if n := calls.Load(); n != 2 {
		t.Fatalf("%d queries, want 2", n)
	}
	// A request after all that runs its own query.
	if v, _ := c.VersionOf(ctx, "p"); v.Events != 3 {
		t.Fatalf("later request: %+v", v)
	}
}

// TestPageCacheBounded: the cache keeps at most MaxBytes of bodies, whatever is put into it, and a
// page put twice is counted once.
func TestPageCacheBounded(t *testing.T) {
	c := New[testVersion, int](nil)
	body := make([]byte, 1<<20)
	for i := range 100 {
		c.Put(string(rune('a'+i%50)), &Entry[testVersion, int]{Body: body})
	}
	n, b := c.Held()
	if b > DefaultMaxBytes || n > DefaultMaxBytes>>20 || b != n<<20 {
		t.Fatalf("%d bytes in %d pages", b, n)
	}
}

// TestBuildOnceGzip: concurrent misses of one key and version build once; a body of GzipMinBytes and
// more is kept gzipped too and decodes to the plain bytes; a new version builds again.
func TestBuildOnceGzip(t *testing.T) {
	c := New[testVersion, int](nil)
	body := bytes.Repeat([]byte(`{"x":"ein Vorhaben"},`), 200)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.Build(context.Background(), "k", testVersion{1}, `"1"`, func(context.Context) (*Entry[testVersion, int], error) {
				time.Sleep(20 * time.Millisecond)
				return &Entry[testVersion, int]{Value: 7, Body: body}, nil
			})
			if err != nil || e.Value != 7 || e.ETag != `"1"` {
				t.Errorf("build: %v %+v", err, e)
			}
		}()
	}
	wg.Wait()
	if n := c.Built(); n != 1 {
		t.Fatalf("%d builds, want 1", n)
	}
	e := c.Get("k", testVersion{1})
	if e == nil || e.Gzip == nil {
		t.Fatal("no gzipped entry kept")
	}
	r, err := gzip.NewReader(bytes.NewReader(e.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(plain, body) {
		t.Fatalf("gzip decodes to %d bytes (%v), want the %d plain ones", len(plain), err, len(body))
	}
	if c.Get("k", testVersion{2}) != nil {
		t.Fatal("entry of version 1 served for version 2")
	}
	small, _ := c.Build(context.Background(), "s", testVersion{1}, `"1"`, func(context.Context) (*Entry[testVersion, int], error) {
		return &Entry[testVersion, int]{Body: []byte(`{}`)}, nil
	})
	if small.Gzip != nil {
		t.Fatal("small body gzipped")
	}
}
