package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
)

// maxIdempotencyKey is the longest Idempotency-Key accepted.
const maxIdempotencyKey = 255

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
// running 409 idempotency_in_progress. Requests without the header or without a user pass through. It
// must follow the authentication and permission middleware.
//
// The key's record is written by the create service inside the write's transaction (see package
// idempotency), so it exists exactly when the write committed: a failed or crashed write leaves the key
// free at once, and a committed one always replays — from the response stored after the commit, or, when
// that was lost (crash, failed update), by answering 201 with the created resource as its GET shows it.
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
	k := &idempotency.Key{UserID: u.ID, Key: key, Method: c.Request.Method, Route: c.Request.URL.Path,
		RequestHash: hex.EncodeToString(sum[:]), CreatedAt: now}
	ctx := context.WithoutCancel(c.Request.Context()) // the response must be stored even if the client left
	keys := h.idempotency
	old, err := keys.Lookup(ctx, u.ID, key, now)
	switch {
	case err != nil:
		h.renderError(c, err)
		return
	case old != nil && old.RequestHash != k.RequestHash:
		writeProblem(c, http.StatusUnprocessableEntity, "idempotency_key_reused",
			"This Idempotency-Key was used for a different request.", nil)
		return
	case old != nil && old.Completed:
		c.Header("Idempotent-Replayed", "true")
		c.Data(old.ResponseStatus, "application/json; charset=utf-8", []byte(old.ResponseBody))
		c.Abort()
		return
	case old != nil:
		h.replayResource(c, old.Resource)
		return
	}

	c.Request = c.Request.WithContext(idempotency.WithKey(c.Request.Context(), k))
	w := &captureWriter{ResponseWriter: c.Writer}
	c.Writer = w
	c.Next()
	c.Writer = w.ResponseWriter
	status := w.Status()
	switch {
	case status < 200 || status >= 300:
	case k.ID == 0: // a create service that does not call idempotency.RecordWrite: retries are not safe
		h.log.Error("idempotency key not recorded by the write", "request_id", c.GetString(ctxRequestID), "route", k.Route)
	default:
		if err := keys.Complete(ctx, k.ID, status, w.buf.String(), h.now().UTC()); err != nil {
			// The write and its key are committed; a retry re-reads the resource instead.
			h.log.Error("complete idempotency key", "request_id", c.GetString(ctxRequestID), "error", err.Error())
		}
	}
}

// resourcePaths are the GET paths of what create requests record (idempotency.RecordWrite), by kind.
var resourcePaths = map[string]string{
	"comment":     "/api/v1/comments/",
	"project":     "/api/v1/projects/",
	"document":    "/api/v1/documents/",
	"session":     "/api/v1/sessions/",
	"kpi":         "/api/v1/kpis/",
	"measurement": "/api/v1/measurements/",
}

// replayResource answers a retry whose write committed but whose response was never stored: 201 with the
// created resource as its GET answers it now for the same user (the same representation the create
// answered). The GET's own answer is passed on when it is not 200 (e.g. the resource was deleted since).
func (h *Handler) replayResource(c *gin.Context, resource string) {
	kind, id, _ := strings.Cut(resource, ":")
	prefix, ok := resourcePaths[kind]
	if !ok || id == "" {
		h.renderError(c, idempotency.ErrInProgress)
		return
	}
	r := c.Request.Clone(c.Request.Context())
	r.Method = http.MethodGet
	r.URL = &url.URL{Path: prefix + url.PathEscape(id)}
	r.RequestURI = r.URL.Path
	r.Body, r.ContentLength = http.NoBody, 0
	r.Header.Del("Content-Type")
	r.Header.Del("Idempotency-Key")
	r.Header.Del("Accept-Encoding") // the body is copied into this answer, which compresses it itself
	rec := &bufferedResponse{header: http.Header{}}
	h.engine.ServeHTTP(rec, r)
	status := rec.status
	if status == http.StatusOK {
		status = http.StatusCreated
		if kind != "comment" {
			c.Header("Location", r.URL.Path)
		}
	}
	c.Header("Idempotent-Replayed", "true")
	ct := rec.header.Get("Content-Type")
	if ct == "" {
		ct = "application/json; charset=utf-8"
	}
	if etag := rec.header.Get("ETag"); etag != "" {
		c.Header("ETag", etag)
	}
	c.Data(status, ct, rec.body.Bytes())
	c.Abort()
}

// bufferedResponse records a response of the router for replayResource.
type bufferedResponse struct {
	header http.Header
	body   bytes.Buffer
	status int
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}
