package api

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/model"
)

// renderAnonymousProjects is the JSON of a project list as anonymous readers get it (kept by the
// projects service's list cache).
func (h *Handler) renderAnonymousProjects(list []model.Project, next string) ([]byte, error) {
	items := make([]projectSummaryResponse, len(list))
	for i := range list {
		items[i] = toProjectSummaryResponse(nil, &list[i], false)
	}
	return json.Marshal(newList(items, next))
}

// renderAnonymousProject is the JSON of a project page as anonymous readers get it.
func (h *Handler) renderAnonymousProject(p *model.Project) ([]byte, error) {
	return json.Marshal(toProjectResponse(nil, p, false))
}

// projectHeader is a project's title and summary for the shell of its page (spaHandler), read through the
// cache of project pages, which the page's own request right after it then finds built.
func (h *Handler) projectHeader(ctx context.Context, slug string) (title, summary string, ok bool) {
	pp, err := h.projects.GetCached(ctx, slug, h.renderAnonymousProject)
	if err != nil || pp.Project == nil {
		return "", "", false
	}
	return pp.Project.Title, pp.Project.Summary, true
}

// documentHeader is a document's title and its project's slug for the shell of its page (spaHandler).
func (h *Handler) documentHeader(ctx context.Context, id string) (title, projectSlug string, ok bool) {
	n, err := parseID(id)
	if err != nil {
		return "", "", false
	}
	title, projectSlug, err = h.projects.DocumentHeader(ctx, n)
	return title, projectSlug, err == nil
}

// renderedPage is the JSON of a page as one reader gets it, from a page cache or rendered for them.
type renderedPage struct {
	Body, Gzip []byte // Gzip: the kept gzip bytes of a cached page (nil: gzipped when sent, if large enough)
	ETag       string // the version the page was built at (empty: none)
	cached     bool   // the same bytes for every anonymous reader: 304 for a matching If-None-Match
}

// write sends the page: a cached one through writeCachedPage, else as it is with its ETag, if any.
func (r *renderedPage) write(c *gin.Context) {
	if r.cached {
		writeCachedPage(c, r.Body, r.Gzip, r.ETag)
		return
	}
	if r.ETag != "" {
		c.Header("ETag", r.ETag)
	}
	writeBody(c, http.StatusOK, r.Body, nil)
}

// writeCachedPage answers an anonymous reader from a page cache: the kept bytes (gzipped when the client
// accepts it, see writeBody) with the ETag naming the version they were built at, 304 for a matching
// If-None-Match. Browsers may keep the answer but must ask again each time; shared caches must not keep
// it (the same URL answers differently when signed in).
func writeCachedPage(c *gin.Context, body, gz []byte, etag string) {
	c.Header("Cache-Control", "private, no-cache")
	c.Header("ETag", etag)
	if noneMatch(c.GetHeader("If-None-Match"), etag) {
		c.Writer.Header().Add("Vary", "Accept-Encoding")
		c.Status(http.StatusNotModified)
		return
	}
	writeBody(c, http.StatusOK, body, gz)
}
