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
//   - error answers (status ≥ 400: the middleware leaves them as they are).
//
// ETag stays as it is: it carries the resource's version (If-Match compares versions, not bytes).
func compress() gin.HandlerFunc {
	return gzip.Gzip(gzip.DefaultCompression, gzip.WithMinLength(compressMinBytes),
		gzip.WithCustomShouldCompressFn(shouldCompress))
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
	if !isAPIPath(p) {
		return false
	}
	switch {
	case p == "/api/v1/live", strings.HasPrefix(p, "/api/v1/export/"):
		return false
	}
	return true
}
