package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// projectOverviewResponse is a project page's first view in one answer (GET /projects/{slug}/overview):
// each part is exactly what its own route answers for the same reader — the project, its documents (up to
// 100), the first page of the comments on the project itself, newest first (50), and the comment counts —
// so the SPA puts each into the cache of its own query. A phone on a slow network makes one request
// instead of four; an anonymous reader's project and comment page come from their page caches as kept.
type projectOverviewResponse struct {
	Project       json.RawMessage `json:"project"`
	Documents     json.RawMessage `json:"documents"`
	Comments      json.RawMessage `json:"comments"`
	CommentCounts json.RawMessage `json:"comment_counts"`
}

// overviewDocuments and overviewComments are the pages the overview holds, the ones the SPA's project page
// asks for.
var (
	overviewDocuments = paging.Page{Limit: 100}
	overviewComments  = paging.Page{Limit: 50}
)

func (h *Handler) projectOverview(c *gin.Context) error {
	project, err := h.projectBody(c)
	if err != nil {
		return err
	}
	r := projectOverviewResponse{Project: project.Body}
	if r.Documents, err = h.documentsBody(c, overviewDocuments); err != nil {
		return err
	}
	thread, err := h.commentPageBody(c, comments.ListFilter{NoDocument: true, Sort: "new"}, overviewComments)
	if err != nil {
		return err
	}
	r.Comments = thread.Body
	if r.CommentCounts, err = h.commentCountsBody(c); err != nil {
		return err
	}
	c.Header("Cache-Control", "private, no-cache")
	return writeJSON(c, http.StatusOK, r)
}
