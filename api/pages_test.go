package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLegalPages: the operator's Markdown is rendered and sanitised with its title and date; a page
// without its file is a placeholder; the Barrierefreiheit statement carries the check results; unknown
// names are a 404 problem.
func TestLegalPages(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("impressum.md", "# Impressum der Landeshauptstadt\n\nStadt Dresden, Dr.-Külz-Ring 19\n\n<script>alert(1)</script>\n")
	write("barrierefreiheit.md", "Diese Erklärung gilt für den Digitalrat.\n")
	write("barrierefreiheit-pruefung.json", `{"date":"2026-12-06","tool":"axe-core 4.10 in Chromium","standard":"WCAG 2.1 A/AA","checks":42,"violations":0,"languages":["de","en"]}`)
	e := newEnvWith(t, map[string]string{"LEGAL_DIR": dir})

	type page struct {
		Name        string  `json:"name"`
		Title       string  `json:"title"`
		HTML        string  `json:"html"`
		Updated     *string `json:"updated"`
		Placeholder bool    `json:"placeholder"`
		Check       *struct {
			Date       string `json:"date"`
			Checks     int    `json:"checks"`
			Violations int    `json:"violations"`
		} `json:"accessibility_check"`
	}
	get := func(name string) page {
		t.Helper()
		r := e.do(req{method: "GET", path: "/api/v1/pages/" + name})
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", name, r.Code, r.Body)
		}
		var p page
		r.JSON(t, &p)
		return p
	}

	imp := get("impressum")
	today := time.Now().UTC().Format(time.DateOnly)
	if imp.Placeholder || imp.Title != "Impressum der Landeshauptstadt" || imp.Updated == nil || *imp.Updated != today {
		t.Errorf("impressum: %+v", imp)
	}
	if !strings.Contains(imp.HTML, "<p>Stadt Dresden, Dr.-Külz-Ring 19</p>") || strings.Contains(imp.HTML, "<script") || strings.Contains(imp.HTML, "<h1") {
		t.Errorf("impressum html: %s", imp.HTML)
	}
	if imp.Check != nil {
		t.Errorf("the impressum has check results: %+v", imp.Check)
	}

	ds := get("datenschutz")
	if !ds.Placeholder || ds.HTML != "" || ds.Updated != nil || ds.Title != "Datenschutzerklärung" {
		t.Errorf("datenschutz without a file: %+v", ds)
	}

	bf := get("barrierefreiheit")
	if bf.Placeholder || bf.Title != "Erklärung zur Barrierefreiheit" || bf.Check == nil || bf.Check.Date != "2026-12-06" ||
		bf.Check.Checks != 42 || bf.Check.Violations != 0 {
		t.Errorf("barrierefreiheit: %+v (check %+v)", bf, bf.Check)
	}

	for _, name := range []string{"agb", "..%2Fimpressum", "Impressum"} {
		r := e.do(req{method: "GET", path: "/api/v1/pages/" + name})
		if r.Code != http.StatusNotFound || r.Header.Get("Content-Type") != "application/problem+json" || r.Problem(t).Code != "not_found" {
			t.Errorf("%s: %d %s %s", name, r.Code, r.Header.Get("Content-Type"), r.Body)
		}
	}

	// Without LEGAL_DIR every page is a placeholder, the statement without check results.
	bare := newEnv(t)
	r := bare.do(req{method: "GET", path: "/api/v1/pages/leichte-sprache"})
	var ls page
	r.JSON(t, &ls)
	if r.Code != http.StatusOK || !ls.Placeholder || ls.Title != "Leichte Sprache" {
		t.Errorf("leichte-sprache: %d %+v", r.Code, ls)
	}
	r = bare.do(req{method: "GET", path: "/api/v1/pages/barrierefreiheit"})
	var b2 page
	r.JSON(t, &b2)
	if !b2.Placeholder || b2.Check != nil {
		t.Errorf("barrierefreiheit without LEGAL_DIR: %+v", b2)
	}
}
