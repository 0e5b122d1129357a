package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// raw sends a GET through the whole router without decoding or validating the answer (a gzipped body
// is no JSON until it is decompressed).
func (e *env) raw(path string, header map[string]string) *httptest.ResponseRecorder {
	e.t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("X-Requested-With", "digitalrat")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	// The headers as they went out with the first byte of the body: a middleware that changes them
	// afterwards changes nothing for the client.
	w.HeaderMap = w.Result().Header
	return w
}

func gunzip(t testing.TB, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGzipLargeJSON(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	for i := range 12 {
		in := projectInput(fmt.Sprintf("gzip-vorhaben-%02d", i))
		in["summary"] = strings.Repeat("Ein Vorhaben, das Anträge digital macht. ", 10)
		e.createProject(admin, in)
	}
	gzipOK := map[string]string{"Accept-Encoding": "gzip, deflate, br"}

	plain := e.raw("/api/v1/projects?limit=100", nil)
	if plain.Code != http.StatusOK || plain.Header().Get("Content-Encoding") != "" {
		t.Fatalf("without Accept-Encoding: %d, Content-Encoding %q", plain.Code, plain.Header().Get("Content-Encoding"))
	}
	if plain.Body.Len() < 4096 {
		t.Fatalf("the list should be large enough to compress, has %d bytes", plain.Body.Len())
	}
	zipped := e.raw("/api/v1/projects?limit=100", gzipOK)
	if zipped.Code != http.StatusOK || zipped.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("with Accept-Encoding gzip: %d, Content-Encoding %q", zipped.Code, zipped.Header().Get("Content-Encoding"))
	}
	if !strings.Contains(zipped.Header().Get("Vary"), "Accept-Encoding") {
		t.Errorf("a gzipped answer must vary on Accept-Encoding, Vary is %q", zipped.Header().Get("Vary"))
	}
	if zipped.Body.Len() >= plain.Body.Len()/2 {
		t.Errorf("gzip saved too little: %d of %d bytes", zipped.Body.Len(), plain.Body.Len())
	}
	got := gunzip(t, zipped.Body.Bytes())
	if !bytes.Equal(got, plain.Body.Bytes()) {
		t.Fatalf("the gzipped list decodes to other JSON:\n%s\nwant\n%s", got, plain.Body.Bytes())
	}
	var list struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(got, &list); err != nil || len(list.Items) != 12 {
		t.Fatalf("decoded list: %d items, %v", len(list.Items), err)
	}
	t.Logf("project list: %d bytes, gzipped %d", plain.Body.Len(), zipped.Body.Len())

	// q=0 refuses gzip.
	if w := e.raw("/api/v1/projects?limit=100", map[string]string{"Accept-Encoding": "gzip;q=0"}); w.Header().Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
	// A small answer stays plain.
	small := e.raw("/api/v1/project-owners", gzipOK)
	if small.Code != http.StatusOK || small.Header().Get("Content-Encoding") != "" || small.Body.Len() >= 1024 {
		t.Errorf("small answer: %d, Content-Encoding %q, %d bytes", small.Code, small.Header().Get("Content-Encoding"), small.Body.Len())
	}
	if !json.Valid(small.Body.Bytes()) {
		t.Errorf("small answer is no JSON: %q", small.Body.Bytes())
	}
	// So does a small comment page, which comes from the page cache's ready bytes.
	for range 2 { // built, then cached
		w := e.raw("/api/v1/projects/gzip-vorhaben-00/comments?limit=100", gzipOK)
		if w.Code != http.StatusOK || w.Header().Get("Content-Encoding") != "" || !json.Valid(w.Body.Bytes()) {
			t.Errorf("small comment page: %d, Content-Encoding %q, %q", w.Code, w.Header().Get("Content-Encoding"), w.Body.Bytes())
		}
	}
	// Problems stay plain.
	if w := e.raw("/api/v1/projects/gibt-es-nicht", gzipOK); w.Code != http.StatusNotFound || w.Header().Get("Content-Encoding") != "" || !json.Valid(w.Body.Bytes()) {
		t.Errorf("404 problem: %d, Content-Encoding %q", w.Code, w.Header().Get("Content-Encoding"))
	}
	// The ETag is the same whether the body is gzipped or not; an anonymous project page's ETag begins
	// with the project's version (the rest names the counts and scores it shows, see the project cache).
	one := e.raw("/api/v1/projects/gzip-vorhaben-00", gzipOK)
	if one.Code != http.StatusOK || !strings.HasPrefix(one.Header().Get("ETag"), `"1.`) ||
		one.Header().Get("ETag") != e.raw("/api/v1/projects/gzip-vorhaben-00", nil).Header().Get("ETag") {
		t.Errorf("project: %d, ETag %q", one.Code, one.Header().Get("ETag"))
	}
	// The streamed open-data export is not compressed by the middleware.
	csv := e.raw("/api/v1/export/projects.csv", gzipOK)
	if csv.Code != http.StatusOK || csv.Header().Get("Content-Encoding") != "" || !strings.Contains(csv.Body.String(), "gzip-vorhaben-00") {
		t.Errorf("export: %d, Content-Encoding %q", csv.Code, csv.Header().Get("Content-Encoding"))
	}
	// The OpenAPI document is compressed too.
	if w := e.raw("/api/openapi.yaml", gzipOK); w.Header().Get("Content-Encoding") != "gzip" || !bytes.Contains(gunzip(t, w.Body.Bytes()), []byte("openapi:")) {
		t.Errorf("openapi.yaml: Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
}

// TestGzipOnce: the JSON answers of a project page's routes decode by their Content-Encoding — a handler
// that gzips its own answer (writeBody) must say so, and the middleware must not gzip it again (the
// browser undoes one Content-Encoding and would get no JSON). The large ones are gzipped.
func TestGzipOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	in := projectInput("gross")
	in["description"] = strings.Repeat("Ein langer Absatz über das Vorhaben. ", 200)
	slug := e.createProject(admin, in).Slug
	for i := range 40 {
		e.postComment(admin, slug, map[string]any{"body": fmt.Sprintf("Kommentar %d mit etwas mehr Text, damit die Seite groß wird.", i)})
	}
	for _, path := range []string{"/api/v1/projects?limit=100", "/api/v1/projects/" + slug, "/api/v1/projects/" + slug + "/overview",
		"/api/v1/projects/" + slug + "/comments?document=none&sort=new&limit=50", "/api/v1/projects/" + slug + "/comment-counts",
		"/api/v1/projects/" + slug + "/documents?limit=100"} {
		for _, token := range []string{"", admin} {
			h := map[string]string{"Accept-Encoding": "gzip"}
			if token != "" {
				h["Authorization"] = "Bearer " + token
			}
			w := e.raw(path, h)
			body := w.Body.Bytes()
			if w.Header().Get("Content-Encoding") == "gzip" {
				body = gunzip(t, body)
			} else if len(body) > 4096 {
				t.Errorf("%s (signed in %v): %d bytes sent plain", path, token != "", len(body))
			}
			if w.Code != http.StatusOK || !json.Valid(body) {
				t.Errorf("%s (signed in %v): %d, Content-Encoding %q, decoded body is no JSON: %.20q", path, token != "",
					w.Code, w.Header().Get("Content-Encoding"), body)
			}
		}
	}
}
