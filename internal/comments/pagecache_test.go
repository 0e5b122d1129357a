package comments

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/store"
)

// TestVersionCheckShared: requests that arrive while a version query runs do not take its answer (it
// may predate a write they saw acknowledged); they share the one next query, which starts when the
// running one ends. Twenty such requests cost one query, not twenty.
func TestVersionCheckShared(t *testing.T) {
	var calls atomic.Int64
	release := make(chan struct{})
	started := make(chan int64, 10)
	c := newPageCache(nil)
	c.query = func(context.Context, string) (store.PageVersion, error) {
		n := calls.Add(1)
		started <- n
		<-release
		return store.PageVersion{ProjectID: 1, Events: n}, nil
	}
	ctx := context.Background()
	first := make(chan store.PageVersion, 1)
	go func() { v, _ := c.versionOf(ctx, "p"); first <- v }()
	if n := <-started; n != 1 {
		t.Fatalf("query %d first", n)
	}
	var wg sync.WaitGroup
	got := make([]store.PageVersion, 20)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i], _ = c.versionOf(ctx, "p") }()
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
	if v, _ := c.versionOf(ctx, "p"); v.Events != 3 {
		t.Fatalf("later request: %+v", v)
	}
}

// TestPageCacheBounded: the cache keeps at most maxCachedBytes of JSON, whatever is put into it, and a
// page put twice is counted once.
func TestPageCacheBounded(t *testing.T) {
	c := newPageCache(nil)
	body := make([]byte, 1<<20)
	for i := range 100 {
		c.put(string(rune('a'+i%50)), &cachedPage{body: body})
	}
	if c.bytes > maxCachedBytes || len(c.pages) > maxCachedBytes>>20 || c.bytes != len(c.pages)<<20 {
		t.Fatalf("%d bytes in %d pages", c.bytes, len(c.pages))
	}
}
