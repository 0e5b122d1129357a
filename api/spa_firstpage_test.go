package api_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/digitalrat/digitalrat/api"
	"github.com/digitalrat/digitalrat/internal/model"
)

// startScript stands for the shell's inline module that starts the JavaScript.
const startScript = `import("/assets/index-1.js")`

// firstPageEnv is a test server whose fake build has both shells and a first-page.json.
func firstPageEnv(t *testing.T) http.Handler {
	t.Helper()
	return firstPageHandler(t, newEnv(t))
}

// firstPageHandler is firstPageEnv on e's database and services.
func firstPageHandler(t *testing.T, e *env) http.Handler {
	t.Helper()
	spec, _ := loadSpec(t)
	dist := fakeDist(t)
	const de = `<!doctype html><html lang="de"><head><title>Digitalrat</title><style>body{margin:0}</style>` +
		`<template id="first-view-home"><h1>Digitalrat</h1></template><template id="first-view-projects"><h1>Vorhaben</h1></template>` +
		`<template id="first-view-project"><article><a href="/projekte">Zurück</a><h1><!--title--></h1><p><!--summary--></p></article></template>` +
		`<template id="first-view-document"><article><a href="/projekte/<!--project-->">Zum Vorhaben</a><h1><!--title--></h1></article></template>` +
		`</head><body><main id="main" aria-busy="true"><p role="status">Wird geladen</p></main><script type="module">` + startScript + `</script></body></html>`
	const en = `<!doctype html><html lang="en"><head><title>Digitalrat</title></head><body>Loading</body></html>`
	dist["index.html"] = &fstest.MapFile{Data: []byte(de)}
	dist["index.html.gz"] = &fstest.MapFile{Data: gz(t, de)}
	dist["index.en.html"] = &fstest.MapFile{Data: []byte(en)}
	dist["first-page.json"] = &fstest.MapFile{Data: []byte(`{
		"home": {"modules": ["/assets/HomePage-1.js"], "de": ["/assets/de-home.js"], "en": ["/assets/en-common.js", "/assets/en-home.js"]},
		"projects": {"modules": ["/assets/ProjectListPage-1.js"], "de": [], "en": []},
		"project": {"modules": ["/assets/ProjectPage-1.js"], "de": ["/assets/de-projects.js"], "en": ["/assets/en-projects.js"]},
		"document": {"modules": ["/assets/DocumentPage-1.js"], "de": [], "en": []},
		"entry": {"src": "/assets/index-1.js", "modules": ["/assets/react-1.js"], "de": [], "en": []}
	}`)}
	return api.New(api.Deps{Config: e.cfg, DB: e.db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Spec: spec,
		Accounts: e.svc.Accounts, Projects: e.svc.Projects, Now: e.clock.Now, SPA: dist})
}

// TestSPAFirstPageHeaders: the shell of a landing page carries the page's header in its main landmark —
// a project's with its title and summary, a document's with its title and project, escaped — for anonymous
// and signed-in visitors; an unknown project or document and other pages get the plain shell.
func TestSPAFirstPageHeaders(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	in := projectInput("kopf")
	in["title"] = `Radwege <script>alert(1)</script> & mehr`
	in["summary"] = `Kurz "gesagt" <b>fett</b>.`
	e.createProject(admin, in)
	doc := e.createDocument(admin, "kopf", "# Konzept\n\nText.")
	h := firstPageHandler(t, e)
	page := func(path, cookie string) string {
		r := httptest.NewRequest(http.MethodGet, path, nil)
		if cookie != "" {
			r.Header.Set("Cookie", cookie)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", path, w.Code)
		}
		return w.Body.String()
	}
	const main = `<main id="main" aria-busy="true">`
	const loading = `<p role="status">Wird geladen</p></main>`
	headers := map[string]string{
		"/":                    main + `<h1>Digitalrat</h1>` + loading,
		"/projekte?q=rad":      main + `<h1>Vorhaben</h1>` + loading,
		"/projekte/kopf":       main + `<article><a href="/projekte">Zurück</a><h1>Radwege &lt;script&gt;alert(1)&lt;/script&gt; &amp; mehr</h1><p>Kurz &#34;gesagt&#34; &lt;b&gt;fett&lt;/b&gt;.</p></article>` + loading,
		"/dokumente/" + doc.ID: main + `<article><a href="/projekte/kopf">Zum Vorhaben</a><h1>Konzept</h1></article>` + loading,
	}
	for path, want := range headers {
		for _, cookie := range []string{"", "dr_signed_in=1"} {
			if s := page(path, cookie); !strings.Contains(s, want) {
				t.Errorf("%s, cookie %q: no header %s in the shell:\n%s", path, cookie, want, s)
			}
		}
	}
	for _, path := range []string{"/projekte/gibt-es-nicht", "/dokumente/999999", "/impressum"} {
		if s := page(path, ""); !strings.Contains(s, main+loading) {
			t.Errorf("%s: the main landmark is not the plain shell's:\n%s", path, s)
		}
	}
}

func TestSPAFirstPage(t *testing.T) {
	t.Parallel()
	h := firstPageEnv(t)
	const fetchHint = `<link rel="preload" as="fetch" crossorigin href="`
	tests := []struct {
		name, path, acceptLanguage, cookie string
		want, notWant                      []string
	}{
		{"start page in German", "/", "de-DE,de;q=0.9", "", []string{
			`<html lang="de">`,
			`<script type="application/json" id="first-page-modules">["/assets/HomePage-1.js","/assets/de-home.js"]</script>`,
			fetchHint + `/api/v1/projects?sort=newest&amp;limit=6">`,
		}, []string{"en-home"}},
		{"start page in English by Accept-Language", "/", "en-US,en;q=0.9", "", []string{
			`<html lang="en">`, "/assets/en-common.js", "/assets/en-home.js", "/assets/HomePage-1.js",
		}, []string{"de-home"}},
		{"other languages get German", "/", "fr-FR,fr", "", []string{`<html lang="de">`}, nil},
		{"project list without filters", "/projekte", "", "", []string{
			"/assets/ProjectListPage-1.js", fetchHint + `/api/v1/projects?sort=priority&amp;limit=20">`, fetchHint + `/api/v1/project-owners">`,
		}, nil},
		{"project list with filters: code only", "/projekte?status=open", "", "", []string{"/assets/ProjectListPage-1.js"}, []string{fetchHint}},
		{"project page", "/projekte/radwege-2030", "", "", []string{
			"/assets/ProjectPage-1.js", "/assets/de-projects.js",
			fetchHint + `/api/v1/projects/radwege-2030/overview">`,
		}, []string{fetchHint + `/api/v1/projects/radwege-2030">`, "/comment-counts", "/documents?"}},
		{"signed in: the early refresh and the entry in the head, no API preloads", "/projekte/radwege-2030", "", "dr_signed_in=1", []string{
			`<script>try{if(localStorage.getItem("dr_session")==="1")window.__drRefresh=fetch("/api/v1/auth/refresh",`,
			`<script type="module" crossorigin data-entry src="/assets/index-1.js"></script>`,
			`<link rel="modulepreload" crossorigin href="/assets/react-1.js">`,
			`<link rel="modulepreload" crossorigin href="/assets/ProjectPage-1.js">`,
			`<link rel="modulepreload" crossorigin href="/assets/de-projects.js">`,
		}, []string{fetchHint, "first-page-modules"}},
		{"signed in, other pages: the entry in the head", "/konto", "", "dr_signed_in=1", []string{
			`<script type="module" crossorigin data-entry src="/assets/index-1.js"></script>`,
			`<link rel="modulepreload" crossorigin href="/assets/react-1.js">`,
		}, []string{fetchHint, "first-page-modules", "ProjectPage"}},
		{"new project form is no project page", "/projekte/neu", "", "", nil, []string{"first-page-modules", fetchHint}},
		{"odd slug gets nothing", "/projekte/%3Cx%3E", "", "", nil, []string{"first-page-modules", fetchHint}},
		{"document page", "/dokumente/12", "", "", []string{
			"/assets/DocumentPage-1.js", fetchHint + `/api/v1/documents/12">`, fetchHint + `/api/v1/documents/12/versions?limit=100">`,
		}, nil},
		{"document version", "/dokumente/12?version=3", "", "", []string{fetchHint + `/api/v1/documents/12?version=3">`}, []string{fetchHint + `/api/v1/documents/12">`}},
		{"other pages: the shell alone", "/impressum", "", "", []string{`<html lang="de">`}, []string{"first-page-modules", fetchHint, "data-entry"}},
	}
	for _, tc := range tests {
		for _, enc := range []string{"", "gzip"} {
			t.Run(tc.name+"/"+enc, func(t *testing.T) {
				r := httptest.NewRequest(http.MethodGet, tc.path, nil)
				r.Header.Set("Accept-Language", tc.acceptLanguage)
				r.Header.Set("Accept-Encoding", enc)
				if tc.cookie != "" {
					r.Header.Set("Cookie", tc.cookie)
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					t.Fatalf("status %d: %s", w.Code, w.Body)
				}
				if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
					t.Errorf("Content-Type %q", ct)
				}
				if cc := w.Header().Get("Cache-Control"); cc != "no-cache" {
					t.Errorf("Cache-Control %q", cc)
				}
				vary := strings.Join(w.Header().Values("Vary"), ",")
				if !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
					t.Errorf("Vary %q lacks Accept-Language or Cookie", vary)
				}
				body := w.Body.Bytes()
				if w.Header().Get("Content-Encoding") == "gzip" {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					if body, err = io.ReadAll(zr); err != nil {
						t.Fatal(err)
					}
				} else if enc == "gzip" {
					t.Error("not gzipped although accepted")
				}
				s := string(body)
				for _, want := range tc.want {
					if !strings.Contains(s, want) {
						t.Errorf("body lacks %q:\n%s", want, s)
					}
				}
				for _, no := range tc.notWant {
					if strings.Contains(s, no) {
						t.Errorf("body has %q:\n%s", no, s)
					}
				}
				// the inline critical CSS of the German shell is allowed by its hash, and nothing else is
				csp := w.Header().Get("Content-Security-Policy")
				sum := sha256.Sum256([]byte("body{margin:0}"))
				hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
				if german := strings.Contains(s, `lang="de"`); german != strings.Contains(csp, "style-src 'self' "+hash+";") {
					t.Errorf("CSP %q: German shell %v, hash %s", csp, german, hash)
				}
				sum = sha256.Sum256([]byte(startScript))
				hash = "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
				scriptSrc, _, _ := strings.Cut(csp[strings.Index(csp, "script-src"):], ";")
				if german := strings.Contains(s, `lang="de"`); german != strings.Contains(scriptSrc, " "+hash) {
					t.Errorf("CSP %q: German shell %v, script hash %s", csp, german, hash)
				}
				// a signed-in visitor's early refresh script is allowed by its hash
				if _, rest, ok := strings.Cut(s, "<script>"); ok {
					script, _, _ := strings.Cut(rest, "</script>")
					sum := sha256.Sum256([]byte(script))
					if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !strings.Contains(scriptSrc, h) {
						t.Errorf("CSP %q lacks the hash %s of the inline script %s", csp, h, script)
					}
				} else if tc.cookie != "" {
					t.Error("signed in: no early refresh script")
				}
				if hints := strings.LastIndex(s, "first-page-modules"); hints > strings.Index(s, "</head>") {
					t.Errorf("module list outside <head>:\n%s", s)
				}
				if strings.Contains(s, "<link") && strings.Index(s, "<link") > strings.Index(s, "</head>") {
					t.Errorf("hints outside <head>:\n%s", s)
				}
			})
		}
	}
}
