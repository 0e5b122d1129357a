package projects

import (
	"context"
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/pagecache"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Project lists and project pages come from page caches (internal/pagecache) checked against
// store.ProjectsVersion: never stale, on any instance. Lists with a search text (q) are not cached: their
// variants are unbounded and searches rarely repeat; every other filter combination and page is.

type (
	listCache = pagecache.Cache[store.ProjectsVersion, listValue]
	pageCache = pagecache.Cache[store.ProjectsVersion, *model.Project]
	listEntry = pagecache.Entry[store.ProjectsVersion, listValue]
	pageEntry = pagecache.Entry[store.ProjectsVersion, *model.Project]
)

type listValue struct {
	projects []model.Project
	next     string
}

// maxCachedBytes bounds each of the two caches: a city's projects (hundreds) fit many times over.
const maxCachedBytes = 8 << 20

func newListCache(s *Service) *listCache {
	c := pagecache.New[store.ProjectsVersion, listValue](func(ctx context.Context, _ string) (store.ProjectsVersion, error) {
		return s.st.Projects().ListsVersion(ctx, s.now())
	})
	c.MaxBytes = maxCachedBytes
	return c
}

func newPageCache(s *Service) *pageCache {
	c := pagecache.New[store.ProjectsVersion, *model.Project](func(ctx context.Context, slug string) (store.ProjectsVersion, error) {
		return s.st.Projects().PageVersion(ctx, slug, s.now())
	})
	c.MaxBytes = maxCachedBytes
	return c
}

// ListPage is one page of projects from the cache. Projects (with their comment counts and scores) are
// shared by all readers: read only. Body and Gzip are the answer as anonymous readers get it (Gzip nil
// when small), ETag its validator; all three are empty for a search (q), which is read for each request.
type ListPage struct {
	Projects []model.Project
	Next     string
	Body     []byte
	Gzip     []byte
	ETag     string
}

// RenderList turns a page of projects as anonymous readers see it into the bytes of the answer.
type RenderList func(list []model.Project, next string) ([]byte, error)

// ListCached is List through the cache of project lists: searches (q) are read as List does.
func (s *Service) ListCached(ctx context.Context, f ListFilter, page paging.Page, render RenderList) (*ListPage, error) {
	f, err := checkList(f)
	if err != nil {
		return nil, err
	}
	if f.Query != "" {
		list, next, err := s.List(ctx, f, page)
		if err != nil {
			return nil, err
		}
		return &ListPage{Projects: list, Next: next}, nil
	}
	v, err := s.lists.VersionOf(ctx, "")
	if err != nil {
		return nil, err
	}
	key := listKey(f, page)
	e := s.lists.Get(key, v)
	if e == nil {
		e, err = s.lists.Build(ctx, key, v, etagOf("l", v), func(ctx context.Context) (*listEntry, error) {
			// Lower event ids may still commit: the list waits for their writers (see store.PageVersion).
			if err := s.st.Events().WaitWriters(ctx, v.Writers); err != nil {
				return nil, err
			}
			list, next, err := s.listAt(ctx, f, v.Cycle, page)
			if err != nil {
				return nil, err
			}
			body, err := render(list, next)
			if err != nil {
				return nil, err
			}
			return &listEntry{Value: listValue{projects: list, next: next}, Body: body}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return &ListPage{Projects: e.Value.projects, Next: e.Value.next, Body: e.Body, Gzip: e.Gzip, ETag: e.ETag}, nil
}

// ProjectPage is a project from the cache: Project (with its comment count and score) is shared by all
// readers, read only; Body, Gzip and ETag as in ListPage. The ETag begins with the project's version
// ("<version>.<state>"), so that it also serves as If-Match.
type ProjectPage struct {
	Project *model.Project
	Body    []byte
	Gzip    []byte
	ETag    string
}

// RenderProject turns a project as anonymous readers see it into the bytes of the answer.
type RenderProject func(p *model.Project) ([]byte, error)

// GetCached is Get through the cache of project pages.
func (s *Service) GetCached(ctx context.Context, slug string, render RenderProject) (*ProjectPage, error) {
	v, err := s.pages.VersionOf(ctx, slug)
	if err != nil {
		return nil, err
	}
	if v.ProjectID == 0 { // no such project: Get answers with the error for it
		p, err := s.Get(ctx, slug)
		if err != nil {
			return nil, err
		}
		return &ProjectPage{Project: p}, nil
	}
	e := s.pages.Get(slug, v)
	if e == nil {
		e, err = s.pages.Build(ctx, slug, v, etagOf("p", v), func(ctx context.Context) (*pageEntry, error) {
			if err := s.st.Events().WaitWriters(ctx, v.Writers); err != nil {
				return nil, err
			}
			p, err := s.st.Projects().ByID(ctx, v.ProjectID)
			if err != nil {
				return nil, err
			}
			if err := s.fillCommentCounts(ctx, p); err != nil {
				return nil, err
			}
			scores, err := s.st.Projects().Scores(ctx, v.Cycle, []int64{p.ID})
			if err != nil {
				return nil, err
			}
			p.PriorityTotal = scores[p.ID]
			body, err := render(p)
			if err != nil {
				return nil, err
			}
			tag := etagOf("p", v)
			return &pageEntry{Value: p, Body: body, ETag: `"` + strconv.Itoa(p.Version) + "." + tag[1:]}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return &ProjectPage{Project: e.Value, Body: e.Body, Gzip: e.Gzip, ETag: e.ETag}, nil
}

// etagOf names a version for HTTP validators.
func etagOf(kind string, v store.ProjectsVersion) string {
	var b strings.Builder
	b.WriteString(`"` + kind)
	for i, n := range []int64{v.ProjectID, v.Events, v.Authors, v.Evaluations, v.Cycle} {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(strconv.FormatInt(n, 36))
	}
	b.WriteByte('"')
	return b.String()
}

// listKey identifies a page of a checked filter without search text.
func listKey(f ListFilter, page paging.Page) string {
	return strings.Join([]string{f.Status, f.Principle, f.Owner, f.Sort, strconv.Itoa(page.Limit), page.Cursor}, "\x00")
}
