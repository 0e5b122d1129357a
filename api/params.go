package api

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// listPage reads ?limit= (1–100, default 20) and ?cursor= of a list endpoint.
func listPage(c *gin.Context) (paging.Page, error) {
	p := paging.Page{Limit: 20, Cursor: c.Query("cursor")}
	if s := c.Query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100 {
			return p, apperr.Invalid("limit", "range", "must be a number between 1 and 100")
		}
		p.Limit = n
	}
	if len(p.Cursor) > 512 {
		return p, apperr.Invalid("cursor", "invalid", "is not a cursor of this list")
	}
	return p, nil
}

// listResponse is the envelope of every list.
type listResponse[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// newList builds the list envelope; items is never null.
func newList[T any](items []T, next string) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	r := listResponse[T]{Items: items}
	if next != "" {
		r.NextCursor = &next
	}
	return r
}

// formatID renders an internal id as the opaque string clients see.
func formatID(id int64) string { return strconv.FormatInt(id, 10) }

// parseID reads an opaque id from a path parameter; anything else is a 404.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.ErrNotFound
	}
	return id, nil
}
