package api

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/pagecache"
)

// precompressedRoutes are the GET routes whose answers come from a page cache that keeps them gzipped
// (see internal/pagecache): their handlers send the kept gzip bytes themselves (writeBody), so the
// per-request gzip middleware (compress) leaves them alone.
var precompressedRoutes = map[string]bool{
	"/api/v1/projects":                true,
	"/api/v1/projects/:slug":          true,
	"/api/v1/projects/:slug/comments": true,
}

// precompressed reports whether the request's route answers through writeBody.
func precompressed(c *gin.Context) bool {
	m := c.Request.Method
	return (m == http.MethodGet || m == http.MethodHead) && precompressedRoutes[c.FullPath()]
}

// writeBody sends a JSON body: to a client that accepts gzip, gz (body gzipped, kept in a page cache)
// when there is one, or body gzipped now when it is at least compressMinBytes long (as compress would);
// otherwise body as it is. The answer varies by Accept-Encoding either way; the ETag stays as it is (as
// with compress: it names the version, whatever the encoding). On a route the compress middleware handles
// (not in precompressedRoutes), body goes out as it is and the middleware gzips it: gzipping here too
// would send it gzipped twice.
func writeBody(c *gin.Context, status int, body, gz []byte) {
	if !precompressed(c) {
		c.Data(status, "application/json; charset=utf-8", body)
		return
	}
	c.Writer.Header().Add("Vary", "Accept-Encoding")
	if acceptsGzip(c.GetHeader("Accept-Encoding")) {
		if gz == nil && len(body) >= compressMinBytes {
			gz = pagecache.Gzip(body)
		}
		if gz != nil {
			c.Header("Content-Encoding", "gzip")
			c.Data(status, "application/json; charset=utf-8", gz)
			return
		}
	}
	c.Data(status, "application/json; charset=utf-8", body)
}

// writeJSON is c.JSON through writeBody (which gzips the answer itself on the routes of precompressedRoutes).
func writeJSON(c *gin.Context, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeBody(c, status, body, nil)
	return nil
}
