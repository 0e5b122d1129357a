package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
)

// maxIdempotencyKey is the longest Idempotency-Key accepted.
const maxIdempotencyKey = 255

var errIdempotencyInProgress = apperr.New(apperr.ErrConflict, "idempotency_in_progress",
	"A request with this Idempotency-Key is still being processed; retry shortly.")

// captureWriter keeps a copy of the response body for the idempotency record.
type captureWriter struct {
	gin.ResponseWriter
	buf bytes.Buffer
}

func (w *captureWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *captureWriter) WriteString(s string) (int, error) {
	w.buf.WriteString(s)
	return w.ResponseWriter.WriteString(s)
}

// idempotent makes a create endpoint safe to retry with an Idempotency-Key header (per user, kept
// idempotency.TTL): the same key with the same request answers the first successful response again
// (marked Idempotent-Replayed: true); with another request 422 idempotency_key_reused; while the first is
// running 409 idempotency_in_progress. Failed requests release their key. Requests without the header or
// without a user pass through. It must follow the authentication and permission middleware.
func (h *Handler) idempotent(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	u := currentUser(c)
	if key == "" || u == nil {
		c.Next()
		return
	}
	if len(key) > maxIdempotencyKey {
		h.renderError(c, apperr.Invalid("Idempotency-Key", "max", "must be at most 255 characters"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			h.renderError(c, errBodyTooLarge)
			return
		}
		h.renderError(c, apperr.New(apperr.ErrBadRequest, "malformed_body", "The request body could not be read."))
		return
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	sum := sha256.Sum256([]byte(c.Request.Method + " " + c.Request.URL.Path + "\n" + string(body)))
	now := h.now().UTC().Truncate(time.Microsecond)
	rec := &idempotency.Key{UserID: u.ID, Key: key, Method: c.Request.Method, Route: c.Request.URL.Path,
		RequestHash: hex.EncodeToString(sum[:]), CreatedAt: now}
	ctx := context.WithoutCancel(c.Request.Context()) // the record must be finished even if the client left
	keys := h.idempotency
	claimed, old, err := keys.Claim(ctx, rec)
	switch {
	case err != nil:
		h.renderError(c, err)
		return
	case !claimed && old.RequestHash != rec.RequestHash:
		writeProblem(c, http.StatusUnprocessableEntity, "idempotency_key_reused",
			"This Idempotency-Key was used for a different request.", nil)
		return
	case !claimed && !old.Completed:
		h.renderError(c, errIdempotencyInProgress)
		return
	case !claimed:
		c.Header("Idempotent-Replayed", "true")
		c.Data(old.ResponseStatus, "application/json; charset=utf-8", []byte(old.ResponseBody))
		c.Abort()
		return
	}

	done := false
	defer func() {
		if !done { // a panic or a failed request: let the key be used again
			if err := keys.Release(ctx, rec.ID); err != nil {
				h.log.Error("release idempotency key", "request_id", c.GetString(ctxRequestID), "error", err.Error())
			}
		}
	}()
	w := &captureWriter{ResponseWriter: c.Writer}
	c.Writer = w
	c.Next()
	c.Writer = w.ResponseWriter
	if status := w.Status(); status >= 200 && status < 300 {
		if err := keys.Complete(ctx, rec.ID, status, w.buf.String(), h.now().UTC()); err != nil {
			h.log.Error("complete idempotency key", "request_id", c.GetString(ctxRequestID), "error", err.Error())
			return
		}
		done = true
	}
}
