package api

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// renderCommentPage answers a comment page from the service's page cache. Anonymous readers get the
// cached bytes with an ETag naming the version they were built at (304 for a matching If-None-Match);
// signed-in readers get the page rendered with their votes and permissions, as before.
func (h *Handler) renderCommentPage(c *gin.Context, f comments.ListFilter, page paging.Page) error {
	u := currentUser(c)
	p, err := h.comments.Page(c.Request.Context(), u, c.Param("slug"), f, page, h.renderAnonymousComments)
	if err != nil {
		return err
	}
	if p.Body == nil {
		items := make([]commentResponse, len(p.Nodes))
		for i, n := range p.Nodes {
			items[i] = h.toCommentResponse(c, n)
		}
		return writeJSON(c, http.StatusOK, newList(items, p.Next))
	}
	writeCachedPage(c, p.Body, p.Gzip, p.ETag)
	return nil
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
