package api

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

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

// validText reports whether s can be stored and compared as text: valid UTF-8 without NUL characters
// (PostgreSQL rejects both with an error that would otherwise surface as a 500).
func validText(s string) bool { return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 }

// checkRequestText rejects requests whose path or query carry text no resource can have: a path
// parameter with a NUL or invalid UTF-8 names nothing (404); such a query parameter is a 422 naming it.
// It runs before the database is touched, for anonymous requests too.
func checkRequestText(c *gin.Context) {
	for _, p := range c.Params {
		if !validText(p.Value) {
			writeProblem(c, http.StatusNotFound, "not_found", "No such resource.", nil)
			return
		}
	}
	if !validText(c.Request.URL.Path) {
		writeProblem(c, http.StatusNotFound, "not_found", "No such resource.", nil)
		return
	}
	q := c.Request.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same request always names the same parameter
	for _, k := range keys {
		bad := !validText(k)
		for _, v := range q[k] {
			bad = bad || !validText(v)
		}
		if bad {
			name := k
			if !validText(k) {
				name = strings.ToValidUTF8(strings.ReplaceAll(k, "\x00", ""), "")
			}
			writeProblem(c, http.StatusUnprocessableEntity, "validation_failed", "The request has invalid fields.",
				[]apperr.FieldError{{Field: name, Code: "invalid_text", Message: "must not contain NUL characters or invalid UTF-8"}})
			return
		}
	}
	c.Next()
}
