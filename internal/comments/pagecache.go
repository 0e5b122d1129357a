package comments

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// The page cache holds at most this many pages and this many bytes of JSON (the nodes beside them take
// about as much again); when it is full, arbitrary pages make room.
const (
	maxCachedPages = 2048
	maxCachedBytes = 32 << 20
)

// Render turns a page as anonymous readers see it into the bytes of the answer (the API's JSON).
type Render func(nodes []*Node, next string) ([]byte, error)

// Page is one comment page: for anonymous readers the cached, ready Body; for a signed-in reader Nodes
// with their own votes (Body nil). ETag names the version it was built at (anonymous pages only).
type Page struct {
	Nodes []*Node
	Next  string
	Body  []byte
	ETag  string
}

// pageCache keeps ready comment pages per project, each with the store.PageVersion it was built at. It
// is never stale: every request reads the current version (one indexed query, shared by the requests
// that arrived before it started — see versionOf) and serves the cached page only if it was built at
// exactly that version; otherwise one request rebuilds it for all who wait for the same version.
type pageCache struct {
	query  func(ctx context.Context, slug string) (store.PageVersion, error) // the version query
	mu     sync.Mutex
	checks map[string]*versionCheck // by project slug
	pages  map[string]*cachedPage   // by page key
	bytes  int                      // the JSON held in pages
	builds singleflight.Group
	built  atomic.Int64 // pages built, for tests
}

type cachedPage struct {
	version store.PageVersion
	nodes   []*Node
	next    string
	body    []byte
	etag    string
}

// versionCheck are the version queries of one slug: the one running and the one that starts after it,
// which the requests that arrive meanwhile share.
type versionCheck struct {
	running, waiting *flight
}

type flight struct {
	done chan struct{}
	v    store.PageVersion
	err  error
}

func newPageCache(st *store.Store) *pageCache {
	return &pageCache{query: func(ctx context.Context, slug string) (store.PageVersion, error) {
		return st.Comments().PageVersion(ctx, slug)
	}, checks: map[string]*versionCheck{}, pages: map[string]*cachedPage{}}
}

// versionOf returns the page version of slug read by a query that started after the call: a reader who
// asks after a write was acknowledged gets a version that includes it, on any instance. A request that
// arrives while a query runs does not take its answer (it may have started before the write); it waits
// for the next query, which all requests arriving until then share.
func (c *pageCache) versionOf(ctx context.Context, slug string) (store.PageVersion, error) {
	c.mu.Lock()
	vc := c.checks[slug]
	if vc == nil {
		vc = &versionCheck{}
		c.checks[slug] = vc
	}
	if vc.running == nil {
		f := &flight{done: make(chan struct{})}
		vc.running = f
		c.mu.Unlock()
		c.run(ctx, slug, vc, f)
		return f.v, f.err
	}
	f, lead := vc.waiting, false
	if f == nil {
		f, lead = &flight{done: make(chan struct{})}, true
		vc.waiting = f
	}
	prev := vc.running
	c.mu.Unlock()
	if lead {
		<-prev.done // run made f the running one
		c.run(ctx, slug, vc, f)
		return f.v, f.err
	}
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		return store.PageVersion{}, ctx.Err()
	}
}

// run queries the version for flight f and hands over to the waiting flight.
func (c *pageCache) run(ctx context.Context, slug string, vc *versionCheck, f *flight) {
	// Others share the answer: one reader going away must not fail them.
	f.v, f.err = c.query(context.WithoutCancel(ctx), slug)
	c.mu.Lock()
	vc.running, vc.waiting = vc.waiting, nil
	if vc.running == nil && c.checks[slug] == vc {
		delete(c.checks, slug)
	}
	c.mu.Unlock()
	close(f.done)
}

// get returns the cached page for key if it was built at version v.
func (c *pageCache) get(key string, v store.PageVersion) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.pages[key]; p != nil && p.version.Same(v) {
		return p
	}
	return nil
}

func (c *pageCache) put(key string, p *cachedPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.pages[key]; old != nil {
		c.bytes -= len(old.body)
		delete(c.pages, key)
	}
	for k, old := range c.pages { // map order is random: arbitrary pages go
		if len(c.pages) < maxCachedPages && c.bytes+len(p.body) <= maxCachedBytes {
			break
		}
		c.bytes -= len(old.body)
		delete(c.pages, k)
	}
	c.pages[key] = p
	c.bytes += len(p.body)
}

// etagOf names a version for HTTP validators.
func etagOf(v store.PageVersion) string {
	return `"c` + strconv.FormatInt(v.ProjectID, 36) + "." + strconv.FormatInt(v.Events, 36) + "." +
		strconv.FormatInt(v.Authors, 36) + `"`
}

// pageKey identifies a page of a checked filter.
func pageKey(slug string, f ListFilter, page paging.Page) string {
	var b strings.Builder
	b.WriteString(slug)
	for _, s := range []string{strconv.FormatInt(f.DocumentID, 10), strconv.FormatBool(f.NoDocument), f.BlockID, f.Kind,
		strconv.FormatInt(f.ParentID, 10), f.Sort, strconv.Itoa(page.Limit), page.Cursor} {
		b.WriteByte(0)
		b.WriteString(s)
	}
	return b.String()
}

// Page returns one page of comments like List, from the page cache: anonymous readers get the cached
// bytes of render, signed-in readers the cached page with their own votes (one query, which also tells
// whether they have a pending comment in the project: then, as it only shows to them and may move the
// page's bounds, the page is read for them as List does).
func (s *Service) Page(ctx context.Context, viewer *model.User, slug string, f ListFilter, page paging.Page, render Render) (*Page, error) {
	ve := &apperr.ValidationError{}
	checkParams(ve, &f)
	if ve.OrNil() != nil { // the full check, so that the answer names every invalid field
		nodes, next, err := s.List(ctx, viewer, slug, f, page)
		return &Page{Nodes: nodes, Next: next}, err
	}
	v, err := s.pages.versionOf(ctx, slug)
	if err != nil {
		return nil, err
	}
	if v.ProjectID == 0 { // no such project: List answers with the error for it
		nodes, next, err := s.List(ctx, viewer, slug, f, page)
		return &Page{Nodes: nodes, Next: next}, err
	}
	key := pageKey(slug, f, page)
	cp := s.pages.get(key, v)
	if cp == nil {
		if cp, err = s.build(ctx, key, v, f, page, render); err != nil {
			return nil, err
		}
	}
	if viewer == nil {
		return &Page{Nodes: cp.nodes, Next: cp.next, Body: cp.body, ETag: cp.etag}, nil
	}
	nodes, pending, err := s.withVotes(ctx, viewer.ID, v.ProjectID, cp.nodes)
	if err != nil || !pending {
		return &Page{Nodes: nodes, Next: cp.next}, err
	}
	// A pending comment of the reader (which only they see) may belong on this page and move its bounds.
	if err := s.checkFilter(ctx, v.ProjectID, &f); err != nil {
		return nil, err
	}
	nodes, next, err := s.load(ctx, v.ProjectID, viewer.ID, f, page)
	return &Page{Nodes: nodes, Next: next}, err
}

// build reads and renders the anonymous page key at version v once for all requests that wait for it.
// Its queries start after v was read and its event writers ended, so the page shows at least what v
// stands for.
func (s *Service) build(ctx context.Context, key string, v store.PageVersion, f ListFilter, page paging.Page, render Render) (*cachedPage, error) {
	ch := s.pages.builds.DoChan(key+"\x00"+etagOf(v), func() (any, error) {
		if cp := s.pages.get(key, v); cp != nil {
			return cp, nil
		}
		ctx := context.WithoutCancel(ctx)
		// Lower event ids may still commit: the page waits for their writers (see store.PageVersion).
		if err := s.st.Events().WaitWriters(ctx, v.Writers); err != nil {
			return nil, err
		}
		if err := s.checkFilter(ctx, v.ProjectID, &f); err != nil {
			return nil, err
		}
		nodes, next, err := s.load(ctx, v.ProjectID, 0, f, page)
		if err != nil {
			return nil, err
		}
		body, err := render(nodes, next)
		if err != nil {
			return nil, err
		}
		s.pages.built.Add(1)
		cp := &cachedPage{version: v, nodes: nodes, next: next, body: body, etag: etagOf(v)}
		s.pages.put(key, cp)
		return cp, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*cachedPage), nil
	case <-ctx.Done(): // the build goes on for the others
		return nil, ctx.Err()
	}
}

// withVotes copies the cached nodes (shared by all readers) with the viewer's votes on them, and tells
// whether the viewer has a pending comment in the project.
func (s *Service) withVotes(ctx context.Context, userID, projectID int64, nodes []*Node) ([]*Node, bool, error) {
	var ids []int64
	var collect func(ns []*Node)
	collect = func(ns []*Node) {
		for _, n := range ns {
			id, _ := strconv.ParseInt(n.ID, 10, 64)
			ids = append(ids, id)
			collect(n.Replies)
		}
	}
	collect(nodes)
	votes, pending, err := s.st.Comments().ViewerState(ctx, userID, projectID, ids)
	if err != nil || pending {
		return nil, pending, err
	}
	var cp func(ns []*Node) []*Node
	cp = func(ns []*Node) []*Node {
		if ns == nil {
			return nil
		}
		out := make([]*Node, len(ns))
		for i, n := range ns {
			c := *n
			id, _ := strconv.ParseInt(n.ID, 10, 64)
			c.MyVote = votes[id]
			c.Replies = cp(n.Replies)
			out[i] = &c
		}
		return out
	}
	return cp(nodes), false, nil
}
