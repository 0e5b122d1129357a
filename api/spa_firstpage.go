package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
)

// The first page of a visit: index.html is the shell of every page (header and footer painted before the
// JavaScript runs; an inline module at its end starts the JavaScript once the shell has painted), in German (index.html) or English (index.en.html, both written by the build, see
// webapp/scripts/first-page.mjs). For the pages people land on, the server adds to it what the page
// will ask for once its JavaScript runs, so that it loads alongside the main JavaScript instead of after
// it:
//   - the page's lazy chunk and its text bundles in the chosen language (listed per route in first-page.json
//     by the build), as <script type="application/json" id="first-page-modules">, which the shell's inline
//     module preloads along with the main JavaScript,
//   - <link rel="preload" as="fetch"> for the page's first API requests, at exactly the addresses the SPA
//     requests (webapp/src/features/*/api), for anonymous visitors only: the browser matches a preload to a
//     later request by address, mode and credentials mode, not by headers, so it could hand the
//     anonymous answer to the SPA's request that carries a token, and a signed-in reader must get
//     their own answer. The SPA marks a session with the cookie dr_signed_in
//     (webapp/src/app/firstPageCookies.ts); without it the visitor is anonymous.

// earlyRefresh is the head's script for a signed-in visitor: it posts the token refresh while the page
// loads, and the SPA's session takes its answer for its first refresh (webapp/src/lib/api/client.ts),
// instead of sending it once its JavaScript has run — the page's requests wait for the token. Only with
// the SPA's session hint (a visitor who logged out elsewhere has the cookie but no session).
const earlyRefresh = `try{if(localStorage.getItem("dr_session")==="1")window.__drRefresh=fetch("/api/v1/auth/refresh",` +
	`{method:"POST",credentials:"same-origin",headers:{"X-Requested-With":"digitalrat"}})}catch(e){}`

const (
	firstPageManifest = "first-page.json"
	signedInCookie    = "dr_signed_in" // set by the SPA while it has a session (holds only "1")
)

// The shell's head (webapp/index.html) holds the headers of the landing pages as their components render
// them, as <template id="first-view-<page>">, with <!--name--> where a project's or document's texts go.
var (
	templateEnd = []byte(`</template>`)
	mainBusy    = []byte(`aria-busy="true">`)
)

// firstPageRoute is one route's entry of first-page.json: module files for every language, and per language
// the text bundles.
type firstPageRoute struct {
	Src     string   `json:"src"` // the entry script (key "entry" only)
	Modules []string `json:"modules"`
	De      []string `json:"de"`
	En      []string `json:"en"`
}

var (
	slugPattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,99}$`)
	idPattern    = regexp.MustCompile(`^[1-9][0-9]{0,17}$`)
	headEndBytes = []byte("</head>")
)

// firstPageHints returns the manifest key of the page at path (empty: none of the landing pages) and the
// API addresses its first view requests, as the SPA writes them.
func firstPageHints(path string, query url.Values) (string, []string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) == 1 && parts[0] == "":
		return "home", []string{"/api/v1/projects?sort=newest&limit=6"}
	case len(parts) == 1 && parts[0] == "projekte":
		if len(query) > 0 { // filters: the SPA's query string depends on them, only the code is preloaded
			return "projects", nil
		}
		return "projects", []string{"/api/v1/projects?sort=priority&limit=20", "/api/v1/project-owners"}
	case len(parts) == 2 && parts[0] == "projekte" && parts[1] != "neu" && slugPattern.MatchString(parts[1]):
		return "project", []string{"/api/v1/projects/" + parts[1] + "/overview"}
	case len(parts) == 2 && parts[0] == "dokumente" && idPattern.MatchString(parts[1]):
		d := "/api/v1/documents/" + parts[1]
		first := d
		if v := query.Get("version"); v != "" {
			if !idPattern.MatchString(v) || len(v) > 9 {
				return "document", []string{d + "/versions?limit=100"}
			}
			first += "?version=" + v
		}
		return "document", []string{first, d + "/versions?limit=100"}
	}
	return "", nil
}

// pageLanguage is the SPA's language for this request as far as the server can tell: the first of German
// and English among the Accept-Language tags (the browser's preferences, which the SPA reads too), else
// German. A language chosen with the switch (kept in localStorage) may differ: React then replaces the
// shell in that language, and the text bundles load when the page asks for them.
func pageLanguage(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if base == "de" || base == "en" {
			return base
		}
	}
	return "de"
}

// sendIndex sends the shell in the page's language with the preload hints of the requested page, and
// allows the shell's inline critical CSS by its hash in the CSP.
func (s spaHandler) sendIndex(c *gin.Context) {
	lang := pageLanguage(c.Request)
	name := "index.html"
	if lang == "en" && s.isFile("index.en.html") {
		name = "index.en.html"
	}
	body, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		s.send(c, name, cacheRevalidate) // answers the 404 or 500
		return
	}
	page, api := firstPageHints(c.Request.URL.Path, c.Request.URL.Query())
	_, err = c.Request.Cookie(signedInCookie)
	signedIn := err == nil
	links := s.moduleHints(page, lang, signedIn)
	if page != "" && !signedIn {
		for _, a := range api {
			links = append(links, `<link rel="preload" as="fetch" crossorigin href="`+html.EscapeString(a)+`">`)
		}
	}
	if page != "" {
		body = s.withFirstView(c.Request.Context(), body, page, strings.Trim(c.Request.URL.Path, "/"))
	}
	if i := bytes.LastIndex(body, headEndBytes); i >= 0 && len(links) > 0 {
		hints := strings.Join(links, "\n    ") + "\n  "
		body = append(append(append([]byte{}, body[:i]...), hints...), body[i:]...)
	}
	h := c.Writer.Header()
	allowInline(h, "style-src 'self'", inlineHash(body, "<style>", "</style>"))
	allowInline(h, "script-src 'self'", inlineHash(body, `<script type="module">`, "</script>"))
	allowInline(h, "script-src 'self'", inlineHash(body, "<script>", "</script>"))
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("Vary", "Accept-Encoding, Accept-Language, Cookie")
	if acceptsGzip(c.GetHeader("Accept-Encoding")) {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed) // a valid level: no error
		if _, err := zw.Write(body); err == nil && zw.Close() == nil {
			h.Set("Content-Encoding", "gzip")
			body = b.Bytes()
		}
	}
	c.Data(http.StatusOK, contentTypes[".html"], body)
}

// withFirstView puts the page's header into the shell's main landmark: the start page's and the project
// list's as they are, a project's with its title and summary, a document's with its title and project, so
// that the page paints its header (and its largest text) with the shell, before any JavaScript has run.
// React replaces it with the same markup. body is left as it is when the shell has no template for the
// page or its project or document cannot be read (React shows what it finds then).
func (s spaHandler) withFirstView(ctx context.Context, body []byte, page, path string) []byte {
	_, rest, ok := bytes.Cut(body, []byte(`<template id="first-view-`+page+`">`))
	if !ok {
		return body
	}
	tpl, _, ok := bytes.Cut(rest, templateEnd)
	i := bytes.Index(body, mainBusy)
	if !ok || i < 0 {
		return body
	}
	var texts []string // pairs of <!--name--> and its text
	_, key, _ := strings.Cut(path, "/")
	switch page {
	case "project":
		if s.projectHeader == nil {
			return body
		}
		title, summary, ok := s.projectHeader(ctx, key)
		if !ok {
			return body
		}
		texts = []string{"<!--title-->", html.EscapeString(title), "<!--summary-->", html.EscapeString(summary)}
	case "document":
		if s.documentHeader == nil {
			return body
		}
		title, project, ok := s.documentHeader(ctx, key)
		if !ok {
			return body
		}
		texts = []string{"<!--title-->", html.EscapeString(title), "<!--project-->", html.EscapeString(url.PathEscape(project))}
	}
	header := strings.NewReplacer(texts...).Replace(string(tpl))
	at := i + len(mainBusy)
	return append(append(append([]byte{}, body[:at]...), header...), body[at:]...)
}

// inlineHash is the CSP source ('sha256-…') of the content of the first element of page that begins with
// open (through the next close), or "" without one.
func inlineHash(page []byte, open, close string) string {
	_, rest, ok := bytes.Cut(page, []byte(open))
	if !ok {
		return ""
	}
	content, _, ok := bytes.Cut(rest, []byte(close))
	if !ok {
		return ""
	}
	sum := sha256.Sum256(content)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// allowInline adds hash to the CSP directive that begins with directive ("" or no such directive: nothing).
func allowInline(h http.Header, directive, hash string) {
	if csp := h.Get("Content-Security-Policy"); hash != "" && strings.Contains(csp, directive) {
		h.Set("Content-Security-Policy", strings.Replace(csp, directive, directive+" '"+hash+"'", 1))
	}
}

// readFirstPageManifest parses first-page.json of the build once, at start (nil without one or when broken:
// no hints).
func readFirstPageManifest(fsys fs.FS) map[string]firstPageRoute {
	if fsys == nil {
		return nil
	}
	raw, err := fs.ReadFile(fsys, firstPageManifest)
	if err != nil {
		return nil
	}
	var m map[string]firstPageRoute
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	return m
}

// moduleHints returns the head's hints for the modules of the page (a key of first-page.json; "" for
// none) in the language: for an anonymous visitor the list that the shell's inline module preloads after
// the first paint, for a signed-in visitor — whose page differs from the anonymous shell, so the shell's
// paint is no reason to wait — modulepreloads of the entry's and the page's modules and the entry script
// itself (data-entry: the inline module then does nothing).
func (s spaHandler) moduleHints(page, lang string, signedIn bool) []string {
	m := s.manifest
	if m == nil {
		return nil
	}
	var files []string
	if signedIn {
		files = append(files, m["entry"].Modules...)
	}
	if r, ok := m[page]; ok && page != "" {
		files = append(files, r.Modules...)
		if lang == "en" {
			files = append(files, r.En...)
		} else {
			files = append(files, r.De...)
		}
	}
	list := make([]string, 0, len(files))
	for _, f := range files {
		if strings.HasPrefix(f, "/assets/") {
			list = append(list, f)
		}
	}
	if signedIn {
		entry := m["entry"].Src
		if !strings.HasPrefix(entry, "/assets/") {
			return nil // no entry in the manifest: the shell's inline module loads it
		}
		links := make([]string, 0, len(list)+2)
		links = append(links, `<script>`+earlyRefresh+`</script>`,
			`<script type="module" crossorigin data-entry src="`+html.EscapeString(entry)+`"></script>`)
		for _, f := range list {
			links = append(links, `<link rel="modulepreload" crossorigin href="`+html.EscapeString(f)+`">`)
		}
		return links
	}
	if len(list) == 0 {
		return nil
	}
	data, err := json.Marshal(list) // escapes <, > and &: nothing in it can end the script element
	if err != nil {
		return nil
	}
	return []string{`<script type="application/json" id="first-page-modules">` + string(data) + `</script>`}
}
