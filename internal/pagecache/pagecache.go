// Package pagecache keeps ready answers (the JSON bytes, gzipped beside them, and the values they were
// rendered from) that are never stale: each is kept with the version it was built at, every request
// reads the current version first and is served a kept answer only if it was built at exactly that
// version. The version query is shared by the requests that arrive while one runs (they wait for the
// next one, which starts after they arrived), and a missed answer is built once for everyone waiting.
//
// What a version is, and which writes move it, is the user's business (see store.PageVersion and
// store.ProjectsVersion): the cache only compares versions with Same.
package pagecache

import (
	"bytes"
	"compress/gzip"
	"context"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"
)

// Defaults of a cache's bounds: at most this many entries and this many bytes of bodies (plain and
// gzipped; the values beside them take about as much again). When it is full, arbitrary entries make room.
const (
	DefaultMaxEntries = 2048
	DefaultMaxBytes   = 32 << 20
)

// GzipMinBytes is the smallest body that is kept gzipped too (the API compresses from the same size).
const GzipMinBytes = 1024

// Version is what entries are checked against.
type Version[V any] interface {
	Same(other V) bool
}

// Entry is one ready answer: Value (what it was rendered from, shared by all readers: read only), Body
// (the bytes as anonymous readers get them), Gzip (Body gzipped; nil below GzipMinBytes) and ETag.
type Entry[V Version[V], T any] struct {
	Version V
	Value   T
	Body    []byte
	Gzip    []byte
	ETag    string
}

func (e *Entry[V, T]) size() int { return len(e.Body) + len(e.Gzip) }

// Cache holds entries by key, each with the version it was built at.
type Cache[V Version[V], T any] struct {
	// Query reads the current version for a key of the version (e.g. a project's slug).
	Query      func(ctx context.Context, key string) (V, error)
	MaxEntries int
	MaxBytes   int

	mu      sync.Mutex
	checks  map[string]*versionCheck[V] // by version key
	entries map[string]*Entry[V, T]     // by entry key
	bytes   int                         // the bodies held in entries
	builds  singleflight.Group
	built   atomic.Int64
}

// New returns a cache with the default bounds; query reads the current version of a version key.
func New[V Version[V], T any](query func(ctx context.Context, key string) (V, error)) *Cache[V, T] {
	return &Cache[V, T]{Query: query, MaxEntries: DefaultMaxEntries, MaxBytes: DefaultMaxBytes,
		checks: map[string]*versionCheck[V]{}, entries: map[string]*Entry[V, T]{}}
}

// versionCheck are the version queries of one key: the one running and the one that starts after it,
// which the requests that arrive meanwhile share.
type versionCheck[V any] struct {
	running, waiting *flight[V]
}

type flight[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// VersionOf returns the version of key read by a query that started after the call: a reader who asks
// after a write was acknowledged gets a version that includes it, on any instance. A request that
// arrives while a query runs does not take its answer (it may have started before the write); it waits
// for the next query, which all requests arriving until then share.
func (c *Cache[V, T]) VersionOf(ctx context.Context, key string) (V, error) {
	c.mu.Lock()
	vc := c.checks[key]
	if vc == nil {
		vc = &versionCheck[V]{}
		c.checks[key] = vc
	}
	if vc.running == nil {
		f := &flight[V]{done: make(chan struct{})}
		vc.running = f
		c.mu.Unlock()
		c.run(ctx, key, vc, f)
		return f.v, f.err
	}
	f, lead := vc.waiting, false
	if f == nil {
		f, lead = &flight[V]{done: make(chan struct{})}, true
		vc.waiting = f
	}
	prev := vc.running
	c.mu.Unlock()
	if lead {
		<-prev.done // run made f the running one
		c.run(ctx, key, vc, f)
		return f.v, f.err
	}
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		var zero V
		return zero, ctx.Err()
	}
}

// run queries the version for flight f and hands over to the waiting flight.
func (c *Cache[V, T]) run(ctx context.Context, key string, vc *versionCheck[V], f *flight[V]) {
	// Others share the answer: one reader going away must not fail them.
	f.v, f.err = c.Query(context.WithoutCancel(ctx), key)
	c.mu.Lock()
	vc.running, vc.waiting = vc.waiting, nil
	if vc.running == nil && c.checks[key] == vc {
		delete(c.checks, key)
	}
	c.mu.Unlock()
	close(f.done)
}

// Get returns the entry for key if it was built at version v.
func (c *Cache[V, T]) Get(key string, v V) *Entry[V, T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[key]; e != nil && e.Version.Same(v) {
		return e
	}
	return nil
}

// Put keeps e under key, making room within the bounds.
func (c *Cache[V, T]) Put(key string, e *Entry[V, T]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil {
		c.bytes -= old.size()
		delete(c.entries, key)
	}
	for k, old := range c.entries { // map order is random: arbitrary entries go
		if len(c.entries) < c.MaxEntries && c.bytes+e.size() <= c.MaxBytes {
			break
		}
		c.bytes -= old.size()
		delete(c.entries, k)
	}
	c.entries[key] = e
	c.bytes += e.size()
}

// Build returns the entry for key at version v (whose validator is etag, unless build sets its own): the
// kept one, or the one build makes, once for all requests that wait for the same key and version. The build runs on without
// the caller's cancellation (others may wait for it); the caller stops waiting when ctx ends.
func (c *Cache[V, T]) Build(ctx context.Context, key string, v V, etag string, build func(ctx context.Context) (*Entry[V, T], error)) (*Entry[V, T], error) {
	ch := c.builds.DoChan(key+"\x00"+etag, func() (any, error) {
		if e := c.Get(key, v); e != nil {
			return e, nil
		}
		e, err := build(context.WithoutCancel(ctx))
		if err != nil {
			return nil, err
		}
		e.Version = v
		if e.ETag == "" {
			e.ETag = etag
		}
		if len(e.Body) >= GzipMinBytes && e.Gzip == nil {
			e.Gzip = Gzip(e.Body)
		}
		c.built.Add(1)
		c.Put(key, e)
		return e, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*Entry[V, T]), nil
	case <-ctx.Done(): // the build goes on for the others
		return nil, ctx.Err()
	}
}

// Built is the number of entries built so far (for tests).
func (c *Cache[V, T]) Built() int64 { return c.built.Load() }

// Held returns the number of entries and the bytes of their bodies (for tests).
func (c *Cache[V, T]) Held() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.bytes
}

// gzipWriters are gzip writers at the default level: the size of the best level for JSON within a few
// per cent, at a fraction of its time on a cache miss.
var gzipWriters = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression); return w }}

// Gzip compresses a body (for an entry once per build; the API also for answers it sends once).
func Gzip(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 4)
	w := gzipWriters.Get().(*gzip.Writer)
	w.Reset(&buf)
	_, _ = w.Write(body) // writes to a bytes.Buffer do not fail
	_ = w.Close()
	gzipWriters.Put(w)
	return buf.Bytes()
}
