// Package pages holds the legal pages (Impressum, Datenschutz, Barrierefreiheit, Leichte Sprache) that
// the operator writes as Markdown files in LEGAL_DIR. A page without its file is a placeholder, so the
// platform never presents a made-up legal text as the operator's.
package pages

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/markdown"
)

// Names are the pages there are, in the order of the footer; each is <name>.md in the directory.
var Names = []string{"impressum", "datenschutz", "barrierefreiheit", "leichte-sprache"}

// CheckFile is the result of the automated accessibility checks in the directory, written by the browser
// tests (AXE_REPORT, see README) and shown with the Barrierefreiheit statement.
const CheckFile = "barrierefreiheit-pruefung.json"

// titles are the titles of pages whose file has no "# " heading in its first line.
var titles = map[string]string{
	"impressum":        "Impressum",
	"datenschutz":      "Datenschutzerklärung",
	"barrierefreiheit": "Erklärung zur Barrierefreiheit",
	"leichte-sprache":  "Leichte Sprache",
}

// ErrNotFound answers for a page name that is not one of Names.
var ErrNotFound = apperr.New(apperr.ErrNotFound, "not_found", "No such page.")

// Page is one legal page as the API shows it.
type Page struct {
	Name        string  `json:"name"`
	Title       string  `json:"title"`
	HTML        string  `json:"html"`        // sanitised; empty for a placeholder
	Updated     *string `json:"updated"`     // YYYY-MM-DD the file was last changed; null for a placeholder
	Placeholder bool    `json:"placeholder"` // the operator has not provided the file
	Check       *Check  `json:"accessibility_check,omitempty"`
}

// Check is the result of an automated accessibility check of the platform.
type Check struct {
	Date       string   `json:"date"`       // YYYY-MM-DD of the test run
	Tool       string   `json:"tool"`       // e.g. axe-core 4.10.3 in Chromium
	Standard   string   `json:"standard"`   // e.g. WCAG 2.1 A/AA
	Checks     int      `json:"checks"`     // pages and page states checked
	Violations int      `json:"violations"` // violations found in all of them
	Languages  []string `json:"languages"`  // languages the pages were checked in
}

// Service reads the pages from dir on every request, so that an edited file shows without a restart.
type Service struct{ dir string }

// New returns the pages service for dir; "" has no files, so every page is a placeholder.
func New(dir string) *Service { return &Service{dir: dir} }

// Get returns the page name.
func (s *Service) Get(name string) (*Page, error) {
	if !slices.Contains(Names, name) {
		return nil, ErrNotFound
	}
	p := &Page{Name: name, Title: titles[name], Placeholder: true}
	if name == "barrierefreiheit" {
		c, err := s.check()
		if err != nil {
			return nil, err
		}
		p.Check = c
	}
	if s.dir == "" {
		return p, nil
	}
	file := filepath.Join(s.dir, name+".md")
	b, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	info, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	text := strings.TrimSpace(strings.ReplaceAll(string(b), "\r\n", "\n"))
	if first, rest, _ := strings.Cut(text, "\n"); strings.HasPrefix(first, "# ") {
		p.Title = strings.TrimSpace(strings.TrimPrefix(first, "# "))
		text = rest
	}
	updated := info.ModTime().UTC().Format(time.DateOnly)
	p.HTML, p.Updated, p.Placeholder = markdown.Render(text), &updated, false
	return p, nil
}

// check reads the result of the automated accessibility checks; nil when there is none.
func (s *Service) check() (*Check, error) {
	if s.dir == "" {
		return nil, nil
	}
	b, err := os.ReadFile(filepath.Join(s.dir, CheckFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("pages: %w", err)
	}
	var c Check
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("pages: %s: %w", CheckFile, err)
	}
	if _, err := time.Parse(time.DateOnly, c.Date); err != nil {
		return nil, fmt.Errorf("pages: %s: date %q is not YYYY-MM-DD", CheckFile, c.Date)
	}
	return &c, nil
}
