package api

import (
	"context"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// spaHandler serves the browser app for every GET or HEAD outside /api that no route matched: a file
// that exists in the FS is sent as it is, every other path gets index.html (or index.en.html, with preload
// hints for the page: spa_firstpage.go), and the SPA's router shows the page (or its own 404 page). Vite precompresses text files as <name>.gz; they are sent to clients
// that accept gzip. Without a built SPA (fsys nil: a binary built without the tag `spa`) every such path
// answers a 404 problem whose detail says to run `make build`.
type spaHandler struct {
	fsys fs.FS
	// manifest is the build's first-page.json, parsed once (readFirstPageManifest).
	manifest map[string]firstPageRoute
	// projectHeader reads a project's title and summary for the shell of its page (false: no such project
	// or not readable now); nil: the shell stays empty.
	projectHeader func(ctx context.Context, slug string) (title, summary string, ok bool)
	// documentHeader reads a document's title and its project's slug for the shell of its page.
	documentHeader func(ctx context.Context, id string) (title, projectSlug string, ok bool)
}

const (
	cacheImmutable  = "public, max-age=31536000, immutable" // hashed names under /assets/ never change
	cacheRevalidate = "no-cache"                            // index.html and unhashed files: always revalidate
)

// contentTypes covers what Go's built-in table and /etc/mime.types may lack.
var contentTypes = map[string]string{
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".html":        "text/html; charset=utf-8",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".txt":         "text/plain; charset=utf-8",
	".ico":         "image/x-icon",
	".webmanifest": "application/manifest+json",
}

func (s spaHandler) serve(c *gin.Context) {
	if s.fsys == nil {
		// A problem like every other 404, so tests and API clients see one shape; the detail tells a
		// person who ran `go run .` what is missing.
		writeProblem(c, http.StatusNotFound, "not_found",
			"No such resource. This binary was built without the browser app; build it with `make build`.", nil)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+c.Request.URL.Path), "/")
	if name == "" || name == "index.html" || strings.HasSuffix(name, ".gz") || !s.isFile(name) {
		// Missing hashed assets are real 404s: answering index.html would hand HTML to a <script> tag.
		if strings.HasPrefix(name, "assets/") {
			c.Header("Cache-Control", "no-store")
			c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 Not Found\n"))
			return
		}
		s.sendIndex(c) // the shell in the visitor's language with the page's preload hints (spa_firstpage.go)
		return
	}
	cache := cacheRevalidate
	if strings.HasPrefix(name, "assets/") {
		cache = cacheImmutable
	}
	s.send(c, name, cache)
}

func (s spaHandler) isFile(name string) bool {
	st, err := fs.Stat(s.fsys, name)
	return err == nil && !st.IsDir()
}

// send writes the file, or its precompressed .gz to clients that accept gzip.
func (s spaHandler) send(c *gin.Context, name, cache string) {
	ext := path.Ext(name)
	ctype := contentTypes[ext]
	if ctype == "" {
		ctype = mime.TypeByExtension(ext)
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", cache)
	h.Set("Content-Type", ctype)
	body, gzipped := []byte(nil), false
	if s.isFile(name + ".gz") {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(c.GetHeader("Accept-Encoding")) {
			if b, err := fs.ReadFile(s.fsys, name+".gz"); err == nil {
				body, gzipped = b, true
			}
		}
	}
	if !gzipped {
		b, err := fs.ReadFile(s.fsys, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				c.Data(http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 Not Found\n"))
				return
			}
			writeProblem(c, http.StatusInternalServerError, "internal_error", "An internal error occurred.", nil)
			return
		}
		body = b
	}
	if gzipped {
		h.Set("Content-Encoding", "gzip")
	}
	c.Data(http.StatusOK, ctype, body) // for HEAD, net/http drops the body and keeps Content-Length
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip (and does not refuse it with q=0).
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") && strings.TrimSpace(coding) != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
