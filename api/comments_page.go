package api

import (
	"encoding/json"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// renderCommentPage answers a comment page from the service's page cache (commentPageBody).
func (h *Handler) renderCommentPage(c *gin.Context, f comments.ListFilter, page paging.Page) error {
	r, err := h.commentPageBody(c, f, page)
	if err != nil {
		return err
	}
	r.write(c)
	return nil
}

// commentPageBody is a comment page as the reader of c gets it: anonymous readers the cached bytes with
// an ETag naming the version they were built at; signed-in readers the page rendered with their votes and
// permissions.
func (h *Handler) commentPageBody(c *gin.Context, f comments.ListFilter, page paging.Page) (*renderedPage, error) {
	p, err := h.comments.Page(c.Request.Context(), currentUser(c), c.Param("slug"), f, page, h.renderAnonymousComments)
	if err != nil {
		return nil, err
	}
	if p.Body != nil {
		return &renderedPage{Body: p.Body, Gzip: p.Gzip, ETag: p.ETag, cached: true}, nil
	}
	items := make([]commentResponse, len(p.Nodes))
	for i, n := range p.Nodes {
		items[i] = h.toCommentResponse(c, n)
	}
	body, err := json.Marshal(newList(items, p.Next))
	return &renderedPage{Body: body}, err
}

// renderAnonymousComments is the JSON of a comment page as anonymous readers get it.
func (h *Handler) renderAnonymousComments(nodes []*comments.Node, next string) ([]byte, error) {
	items := make([]commentResponse, len(nodes))
	now := h.now()
	for i, n := range nodes {
		items[i] = commentResponseFor(nil, now, n)
	}
	return json.Marshal(newList(items, next))
}

// noneMatch reports whether an If-None-Match header names etag (or is "*"); weak validators compare
// by their opaque part.
func noneMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
