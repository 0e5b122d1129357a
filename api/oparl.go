package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/oparl"
)

// oparlQuery reads the filters and the page of an OParl list: created_since, created_until,
// modified_since, modified_until (ISO 8601 with time zone), page (from 1) and elementsPerPage (the
// spec's name; limit is the older one, still read) from 1 to 100.
func oparlQuery(c *gin.Context) (oparl.Query, error) {
	q := oparl.Query{Page: 1, Limit: oparl.DefaultLimit}
	ve := &apperr.ValidationError{}
	for _, f := range []struct {
		name string
		dst  **time.Time
	}{{"created_since", &q.CreatedSince}, {"created_until", &q.CreatedUntil},
		{"modified_since", &q.ModifiedSince}, {"modified_until", &q.ModifiedUntil}} {
		if s := c.Query(f.name); s != "" {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				ve.Add(f.name, "invalid", "must be a date and time with time zone (ISO 8601)")
				continue
			}
			t = t.UTC()
			*f.dst = &t
		}
	}
	num := func(name string, dst *int, maxN int) {
		if s := c.Query(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > maxN {
				msg := "must be a number between 1 and " + strconv.Itoa(maxN)
				if maxN == math.MaxInt32 {
					msg = "must be a positive number"
				}
				ve.Add(name, "range", msg)
				return
			}
			*dst = n
		}
	}
	num("page", &q.Page, 1_000_000)
	num("limit", &q.Limit, oparl.MaxLimit)
	// OParl 1.1: "Ein Client darf nicht erwarten, dass sich ein Server an seine elementsPerPage-Anfrage
	// hält" — a larger page than MaxLimit is answered with MaxLimit elements, not refused.
	num("elementsPerPage", &q.Limit, math.MaxInt32)
	q.Limit = min(q.Limit, oparl.MaxLimit)
	return q, ve.OrNil()
}

// oparlList answers a page of an OParl list.
func (h *Handler) oparlList(list func(context.Context, oparl.Query) (*oparl.List, error)) func(*gin.Context) error {
	return func(c *gin.Context) error {
		q, err := oparlQuery(c)
		if err != nil {
			return err
		}
		l, err := list(c.Request.Context(), q)
		if err != nil {
			return err
		}
		oparlHeaders(c)
		c.JSON(http.StatusOK, l)
		return nil
	}
}

// oparlObject answers one OParl object by its numeric id.
func (h *Handler) oparlObject(get func(context.Context, int64) (oparl.Object, error)) func(*gin.Context) error {
	return func(c *gin.Context) error {
		id, err := parseID(c.Param("id"))
		if err != nil {
			return err
		}
		o, err := get(c.Request.Context(), id)
		if err != nil {
			return err
		}
		oparlHeaders(c)
		c.JSON(http.StatusOK, o)
		return nil
	}
}

// oparlSystem answers the entry object.
func (h *Handler) oparlSystem(c *gin.Context) error {
	o, err := h.oparl.System(c.Request.Context())
	if err != nil {
		return err
	}
	oparlHeaders(c)
	c.JSON(http.StatusOK, o)
	return nil
}

// oparlFileContent answers the public minutes behind a File as an HTML page (?download=1 as attachment).
func (h *Handler) oparlFileContent(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.oparl.FileContent(c.Request.Context(), id)
	if err != nil {
		return err
	}
	oparlHeaders(c)
	if c.Query("download") != "" {
		c.Header("Content-Disposition", `attachment; filename="protokoll-`+formatID(v.SessionID)+"-"+strconv.Itoa(v.Number)+`.html"`)
	}
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox")
	c.Data(http.StatusOK, "text/html; charset=utf-8", oparl.FileHTML(v))
	return nil
}

// oparlHeaders let any site read the public, read-only OParl data (no credentials are involved).
func oparlHeaders(c *gin.Context) {
	c.Header("Access-Control-Allow-Origin", "*")
}
