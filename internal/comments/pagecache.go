package comments

import (
	"context"
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/pagecache"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Render turns a page as anonymous readers see it into the bytes of the answer (the API's JSON).
type Render func(nodes []*Node, next string) ([]byte, error)

// Page is one comment page: for anonymous readers the cached, ready Body (and Gzip, the same gzipped;
// nil for small pages); for a signed-in reader Nodes with their own votes (Body nil). ETag names the
// version it was built at (anonymous pages only).
type Page struct {
	Nodes []*Node
	Next  string
	Body  []byte
	Gzip  []byte
	ETag  string
}

// pageCache keeps ready comment pages per project, each with the store.PageVersion it was built at (see
// internal/pagecache): never stale, the version checks of a slug shared, a missed page built once.
type pageCache = pagecache.Cache[store.PageVersion, pageValue]

// pageValue is what a cached page was rendered from.
type pageValue struct {
	nodes []*Node
	next  string
}

func newPageCache(st *store.Store) *pageCache {
	return pagecache.New[store.PageVersion, pageValue](func(ctx context.Context, slug string) (store.PageVersion, error) {
		return st.Comments().PageVersion(ctx, slug)
	})
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
	v, err := s.pages.VersionOf(ctx, slug)
	if err != nil {
		return nil, err
	}
	if v.ProjectID == 0 { // no such project: List answers with the error for it
		nodes, next, err := s.List(ctx, viewer, slug, f, page)
		return &Page{Nodes: nodes, Next: next}, err
	}
	key := pageKey(slug, f, page)
	cp := s.pages.Get(key, v)
	if cp == nil {
		if cp, err = s.build(ctx, key, v, f, page, render); err != nil {
			return nil, err
		}
	}
	if viewer == nil {
		return &Page{Nodes: cp.Value.nodes, Next: cp.Value.next, Body: cp.Body, Gzip: cp.Gzip, ETag: cp.ETag}, nil
	}
	nodes, pending, err := s.withVotes(ctx, viewer.ID, v.ProjectID, cp.Value.nodes)
	if err != nil || !pending {
		return &Page{Nodes: nodes, Next: cp.Value.next}, err
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
func (s *Service) build(ctx context.Context, key string, v store.PageVersion, f ListFilter, page paging.Page, render Render) (*pagecache.Entry[store.PageVersion, pageValue], error) {
	return s.pages.Build(ctx, key, v, etagOf(v), func(ctx context.Context) (*pagecache.Entry[store.PageVersion, pageValue], error) {
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
		return &pagecache.Entry[store.PageVersion, pageValue]{Value: pageValue{nodes: nodes, next: next}, Body: body}, nil
	})
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
