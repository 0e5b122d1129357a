package api_test

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// atomDoc is what RFC 4287 requires of a feed and its entries.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary *struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
	} `xml:"entry"`
}

// feed fetches and parses a feed and checks the elements RFC 4287 requires.
func (e *env) feed(t *testing.T, path string) atomDoc {
	t.Helper()
	res := e.do(req{method: http.MethodGet, path: path})
	if res.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, res.Code, res.Body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", path, ct)
	}
	var f atomDoc
	if err := xml.Unmarshal(res.Body, &f); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", path, err, res.Body)
	}
	if f.Lang != "de" || !bytes.Contains(res.Body, []byte(` xml:lang="de"`)) {
		t.Errorf("%s: xml:lang %q", path, f.Lang)
	}
	rfc3339 := func(what, v string) {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			t.Errorf("%s: %s %q is not RFC 3339", path, what, v)
		}
	}
	if !strings.HasPrefix(f.ID, "tag:example.org,2025:") || f.Title == "" || len(f.Author) != 1 || f.Author[0].Name == "" {
		t.Errorf("%s: feed id %q, title %q, author %v", path, f.ID, f.Title, f.Author)
	}
	rfc3339("feed updated", f.Updated)
	self := false
	for _, l := range f.Links {
		self = self || (l.Rel == "self" && l.Href == "https://example.org"+path)
	}
	if !self {
		t.Errorf("%s: no link rel=self to itself: %v", path, f.Links)
	}
	seen := map[string]bool{}
	for _, en := range f.Entries {
		if !strings.HasPrefix(en.ID, "tag:example.org,2025:digitalrat/") || seen[en.ID] || en.Title == "" ||
			len(en.Link) != 1 || !strings.HasPrefix(en.Link[0].Href, "https://example.org/projekte/") {
			t.Errorf("%s: entry %+v", path, en)
		}
		seen[en.ID] = true
		rfc3339("entry updated", en.Updated)
		if en.Summary != nil && en.Summary.Type != "text" {
			t.Errorf("%s: summary type %q", path, en.Summary.Type)
		}
	}
	if len(f.Entries) > 0 && f.Updated != f.Entries[0].Updated {
		t.Errorf("%s: feed updated %s, newest entry %s", path, f.Updated, f.Entries[0].Updated)
	}
	return f
}

func TestFeeds(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"PUBLIC_URL": "https://example.org"})
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, official := e.user("Olga Official", model.RoleOfficial)
	_, resident := e.user("Rita Resident")
	in := projectInput("feed-vorhaben")
	in["title"] = "Vorhaben <b>&</b> Co"
	p := e.createProject(admin, in)
	e.clock.Advance(time.Minute)
	e.createProject(admin, projectInput("zweites"))
	e.clock.Advance(time.Minute)
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + p.Slug, token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"status": "in_progress"}}); res.Code != http.StatusOK {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	e.clock.Advance(time.Minute)
	e.createDocument(admin, p.Slug, "Erste Fassung.")
	e.clock.Advance(time.Minute)
	q := e.postComment(resident, p.Slug, map[string]any{"body": "Wann?", "kind": "question"})
	if res := e.respond(official, q.ID, "Bald <script>alert(1)</script>."); res.Code != http.StatusCreated {
		t.Fatalf("respond: %d %s", res.Code, res.Body)
	}

	all := e.feed(t, "/feeds/projects.atom")
	var titles []string
	for _, en := range all.Entries {
		titles = append(titles, en.Title)
	}
	want := []string{"Vorhaben <b>&</b> Co: Geplant → In Umsetzung", "Neues Vorhaben: Vorhaben zweites", "Neues Vorhaben: Vorhaben <b>&</b> Co"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("entries %q, want %q (newest first)", titles, want)
	}
	if again := e.feed(t, "/feeds/projects.atom"); again.ID != all.ID || again.Entries[0].ID != all.Entries[0].ID {
		t.Error("ids change between requests")
	}

	one := e.feed(t, "/feeds/projects/"+p.Slug+".atom")
	titles = nil
	for _, en := range one.Entries {
		titles = append(titles, en.Title)
	}
	if len(titles) != 3 || !strings.HasPrefix(titles[0], "Amtliche Antwort (Bürgeramt)") || !strings.Contains(titles[1], "Fassung 1") ||
		!strings.Contains(titles[2], "In Umsetzung") {
		t.Errorf("project entries %q", titles)
	}
	if s := one.Entries[0].Summary; s == nil || s.Text != "Bald <script>alert(1)</script>." {
		t.Errorf("response summary %+v (text, escaped in the XML)", s)
	}
	for _, path := range []string{"/feeds/projects/unbekannt.atom", "/feeds/projects/" + p.Slug, "/feeds/nichts"} {
		res := e.do(req{method: http.MethodGet, path: path})
		if res.Code != http.StatusNotFound || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s (the SPA must not answer it)", path, res.Code, res.Header.Get("Content-Type"))
		}
	}
}
