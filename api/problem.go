package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail"`
	Code      string              `json:"code"`
	RequestID string              `json:"request_id"`
	Errors    []apperr.FieldError `json:"errors,omitempty"`
}

// writeProblem renders a problem and aborts the chain.
func writeProblem(c *gin.Context, status int, code, detail string, fields []apperr.FieldError) {
	p := Problem{
		Type:      "/problems/" + code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    detail,
		Code:      code,
		RequestID: c.GetString(ctxRequestID),
		Errors:    fields,
	}
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	c.AbortWithStatusJSON(status, p)
	c.Writer.Header().Set("Content-Type", "application/problem+json")
}

var kindStatus = []struct {
	kind   error
	status int
	code   string
}{
	{apperr.ErrNotFound, http.StatusNotFound, "not_found"},
	{apperr.ErrUnauthenticated, http.StatusUnauthorized, "unauthenticated"},
	{apperr.ErrForbidden, http.StatusForbidden, "forbidden"},
	{apperr.ErrConflict, http.StatusConflict, "conflict"},
	{apperr.ErrPreconditionFailed, http.StatusPreconditionFailed, "version_mismatch"},
	{apperr.ErrPreconditionNeeded, http.StatusPreconditionRequired, "if_match_required"},
	{apperr.ErrUnavailable, http.StatusServiceUnavailable, "service_unavailable"},
	{apperr.ErrBadRequest, http.StatusBadRequest, "bad_request"},
	{apperr.ErrTooLarge, http.StatusRequestEntityTooLarge, "body_too_large"},
	{apperr.ErrUnsupportedMediaType, http.StatusUnsupportedMediaType, "unsupported_media_type"},
}

// renderError maps a domain error to its problem response. Unknown errors become an opaque 500.
func (h *Handler) renderError(c *gin.Context, err error) {
	var ve *apperr.ValidationError
	var rl *apperr.RateLimited
	var ae *apperr.Error
	switch {
	case errors.As(err, &ve):
		writeProblem(c, http.StatusUnprocessableEntity, "validation_failed", "The request has invalid fields.", ve.Fields)
		return
	case errors.As(err, &rl):
		secs := int(rl.RetryAfter.Seconds() + 0.999)
		c.Header("Retry-After", strconv.Itoa(max(secs, 1)))
		writeProblem(c, http.StatusTooManyRequests, "rate_limited", "Too many requests; retry later.", nil)
		return
	case errors.Is(err, apperr.ErrDatabaseUnavailable) || apperr.Classify(err) == apperr.ErrDatabaseUnavailable:
		h.outage.down(err)
		c.Header("Retry-After", "5")
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable; retry shortly.", nil)
		return
	}
	if !errors.As(err, &ae) {
		if k := apperr.Classify(err); k != nil {
			err = fmt.Errorf("%w: %w", k, err)
		}
	}
	for _, k := range kindStatus {
		if errors.Is(err, k.kind) {
			code, detail := k.code, http.StatusText(k.status)
			if errors.As(err, &ae) {
				code, detail = ae.Code, ae.Detail
			}
			if k.status == http.StatusUnauthorized {
				c.Header("WWW-Authenticate", `Bearer realm="digitalrat"`)
			}
			writeProblem(c, k.status, code, detail, nil)
			return
		}
	}
	h.log.Error("internal error", "request_id", c.GetString(ctxRequestID), "route", c.FullPath(), "error", err.Error())
	writeProblem(c, http.StatusInternalServerError, "internal_error", "An internal error occurred.", nil)
}

// handle adapts a handler that returns an error to gin.
func (h *Handler) handle(fn func(c *gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			h.renderError(c, err)
		}
	}
}
