package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/search"
)

// searchResultResponse is one hit of GET /search.
type searchResultResponse struct {
	Type        string  `json:"type"`
	ID          string  `json:"id"`
	Kind        *string `json:"kind,omitempty"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	ProjectSlug *string `json:"project_slug,omitempty"`
	DocumentID  *string `json:"document_id,omitempty"`
	SessionID   *string `json:"session_id,omitempty"`
	Snippet     string  `json:"snippet"`
}

func toSearchResultResponse(r *search.Result) searchResultResponse {
	out := searchResultResponse{Type: r.Type, ID: formatID(r.ID), Title: r.Title, URL: r.URL, Snippet: r.Snippet}
	if r.Kind != "" {
		out.Kind = &r.Kind
	}
	if r.ProjectSlug != "" {
		out.ProjectSlug = &r.ProjectSlug
	}
	if r.DocumentID != 0 {
		s := formatID(r.DocumentID)
		out.DocumentID = &s
	}
	if r.SessionID != 0 {
		s := formatID(r.SessionID)
		out.SessionID = &s
	}
	return out
}

// search answers GET /search: the public full-text search.
func (h *Handler) search(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	types, err := search.ParseTypes(c.QueryArray("type"))
	if err != nil {
		return err
	}
	list, next, err := h.searcher.Search(c.Request.Context(), search.Query{Text: c.Query("q"), Types: types}, page)
	if err != nil {
		return err
	}
	items := make([]searchResultResponse, len(list))
	for i := range list {
		items[i] = toSearchResultResponse(&list[i])
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}
