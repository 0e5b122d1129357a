package api

import (
	"net/http"
	"strings"

	"github.com/gin-contrib/gzip"
	"github.com/gin-gonic/gin"
)

// compressMinBytes is the smallest response body that is sent gzipped: below it the gzip header and the
// extra work cost more than they save.
const compressMinBytes = 1024

// compress gzips the API's answers (JSON, problem+json, Atom, OParl, the OpenAPI document) of at least
// compressMinBytes to clients that accept gzip, through gin-contrib/gzip. Not compressed:
//   - the browser app (spa.go sends Vite's precompressed files itself),
//   - the live websocket (an upgrade, not a body),
//   - the open-data exports (/api/v1/export/…): they are streamed (headers first, then batch by batch),
//     and a short one would otherwise leave with a gzip header but a plain body,
//   - /metrics (Prometheus negotiates its own compression),
//   - error answers (status ≥ 400: the middleware leaves them as they are),
//   - the routes of precompressedRoutes (precompressed.go): they send the gzip bytes kept in their page
//     caches themselves, and gzip their other answers through writeBody.
//
// ETag stays as it is: it carries the resource's version (If-Match compares versions, not bytes).
//
// The second handler works around gin-contrib/gzip v1.2.6: a body written with a Content-Length below the
// minimum (gin's c.Data sets one) went out plain under a "Content-Encoding: gzip" header. Inside the gzip
// writer it drops the Content-Length before each write, so the middleware buffers and decides by the
// body's real length (and sets the Content-Length itself at the end).
func compress() []gin.HandlerFunc {
	return []gin.HandlerFunc{gzip.Gzip(gzip.DefaultCompression, gzip.WithMinLength(compressMinBytes),
		gzip.WithCustomShouldCompressFn(shouldCompress)), func(c *gin.Context) {
		if shouldCompress(c) {
			c.Writer = &lengthless{ResponseWriter: c.Writer}
		}
		c.Next()
	}}
}

// lengthless drops the Content-Length header before each write (see compress).
type lengthless struct{ gin.ResponseWriter }

func (w *lengthless) Write(b []byte) (int, error) {
	w.Header().Del("Content-Length")
	return w.ResponseWriter.Write(b)
}

func (w *lengthless) WriteString(s string) (int, error) {
	w.Header().Del("Content-Length")
	return w.ResponseWriter.WriteString(s)
}

func shouldCompress(c *gin.Context) bool {
	r := c.Request
	if r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodPost &&
		r.Method != http.MethodPatch && r.Method != http.MethodPut {
		return false
	}
	if !acceptsGzip(r.Header.Get("Accept-Encoding")) || strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade") {
		return false
	}
	p := r.URL.Path
	if !isAPIPath(p) || precompressed(c) {
		return false
	}
	switch {
	case p == "/api/v1/live", strings.HasPrefix(p, "/api/v1/export/"):
		return false
	}
	return true
}
