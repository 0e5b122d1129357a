package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

type searchHit struct {
	Type        string `json:"type"`
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	URL         string `json:"url"`
	ProjectSlug string `json:"project_slug"`
	DocumentID  string `json:"document_id"`
	SessionID   string `json:"session_id"`
	Snippet     string `json:"snippet"`
}

// search runs GET /api/v1/search?q=<q>&<extra> and fails the test unless it answers 200.
func (e *env) search(q, extra string) listBody[searchHit] {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/search?q=" + url.QueryEscape(q) + "&" + extra})
	if res.Code != http.StatusOK {
		e.t.Fatalf("search %q: %d %s", q, res.Code, res.Body)
	}
	var out listBody[searchHit]
	res.JSON(e.t, &out)
	return out
}

// found reports whether a hit of type typ and id id is among the results of q.
func (e *env) found(q, typ, id string) bool {
	e.t.Helper()
	return slices.ContainsFunc(e.search(q, "limit=100").Items, func(h searchHit) bool { return h.Type == typ && h.ID == id })
}

// onlyMarks matches every tag of a snippet; anything but <mark> and </mark> is a failure.
var snippetTag = regexp.MustCompile(`<[^>]*>`)

func checkSnippet(t *testing.T, s string) {
	t.Helper()
	for _, tag := range snippetTag.FindAllString(s, -1) {
		if tag != "<mark>" && tag != "</mark>" {
			t.Errorf("snippet %q has markup %q", s, tag)
		}
	}
	if strings.Count(s, "<mark>") != strings.Count(s, "</mark>") || !strings.Contains(s, "<mark>") {
		t.Errorf("snippet %q: marks missing or unpaired", s)
	}
}

// TestSearch: what is found (descriptions, umlauts in any case, stemmed forms, current document
// versions, agenda items, public minutes), where it links to, ranking, escaping, type filters, paging
// and validation; the visibility rules have their own test.
func TestSearch(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, rita := e.user("Rita Resident")
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)

	in := projectInput("termine")
	in["title"], in["description"] = "Digitale Terminvergabe", "Die Wartezeit im Bürgeramt soll halbiert werden."
	termine := e.createProject(admin, in)
	in = projectInput("e-akte")
	in["title"], in["description"] = "Übergang zur E-Akte", "Anträge werden künftig digital gestellt."
	akte := e.createProject(admin, in)
	in = projectInput("konto-titel")
	in["title"], in["description"] = "Bürgerkonto für alle", "Ein Zugang."
	inTitle := e.createProject(admin, in)
	in = projectInput("konto-text")
	in["title"], in["description"] = "Portal", "Auch hier geht es am Rande um ein Bürgerkonto."
	inText := e.createProject(admin, in)

	t.Run("a word of the description is found, with a marked snippet", func(t *testing.T) {
		hits := e.search("Wartezeit", "").Items
		if len(hits) != 1 || hits[0].Type != "project" || hits[0].ID != termine.ID || hits[0].URL != "/projekte/termine" ||
			hits[0].ProjectSlug != "termine" || hits[0].Title != "Digitale Terminvergabe" {
			t.Fatalf("hits %+v", hits)
		}
		checkSnippet(t, hits[0].Snippet)
		if !strings.Contains(hits[0].Snippet, "<mark>Wartezeit</mark>") {
			t.Errorf("snippet %q", hits[0].Snippet)
		}
	})
	t.Run("umlauts in any case", func(t *testing.T) {
		for _, q := range []string{"übergang", "Übergang", "ÜBERGANG"} {
			if !e.found(q, "project", akte.ID) {
				t.Errorf("%q does not find %q", q, "Übergang")
			}
		}
	})
	t.Run("umlauts in any case, the other way round", func(t *testing.T) {
		c := e.postComment(rita, akte.Slug, map[string]any{"body": "die übergangsfrist ist kurz"})
		for _, q := range []string{"Übergangsfrist", "ÜBERGANGSFRIST"} {
			if !e.found(q, "comment", c.ID) {
				t.Errorf("%q does not find %q", q, "übergangsfrist")
			}
		}
	})
	t.Run("stemming: Antrag finds Anträge", func(t *testing.T) {
		if !e.found("Antrag", "project", akte.ID) {
			t.Error("Antrag does not find Anträge")
		}
	})
	t.Run("a title match ranks before a description match", func(t *testing.T) {
		hits := e.search("Bürgerkonto", "type=project").Items
		if len(hits) != 2 || hits[0].ID != inTitle.ID || hits[1].ID != inText.ID {
			t.Fatalf("order %+v", hits)
		}
	})
	t.Run("the projects list searches the same way", func(t *testing.T) {
		for q, want := range map[string]string{"Wartezeit": "termine", "übergang": "e-akte", "ÜBERGANG": "e-akte"} {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/projects?q=" + url.QueryEscape(q)})
			var list listBody[projectBody]
			res.JSON(t, &list)
			if res.Code != 200 || len(list.Items) != 1 || list.Items[0].Slug != want {
				t.Errorf("projects?q=%s: %d %+v", q, res.Code, list.Items)
			}
		}
	})

	// A comment with markup, on a paragraph of a document whose current version differs from the first.
	doc := e.createDocument(admin, termine.Slug, "Altfassung über den Zebrastreifen.\n\nZweiter Absatz.")
	res := e.do(req{method: http.MethodPost, path: "/api/v1/documents/" + doc.ID + "/versions", token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"markdown": "Erster Absatz.\n\nDer Radweg wird verbreitert.", "change_note": "neu"}})
	if res.Code != http.StatusCreated {
		t.Fatalf("new version: %d %s", res.Code, res.Body)
	}
	cm := e.postComment(rita, termine.Slug, map[string]any{"body": "Achtung <script>alert(1)</script> Sicherheitslücke & mehr"})

	t.Run("documents: the current version, linked to the paragraph", func(t *testing.T) {
		if e.found("Zebrastreifen", "document", doc.ID) {
			t.Error("the earlier version is found")
		}
		hits := e.search("Radweg", "type=document").Items
		if len(hits) != 1 || hits[0].ID != doc.ID || hits[0].DocumentID != doc.ID || hits[0].ProjectSlug != "termine" {
			t.Fatalf("hits %+v", hits)
		}
		v := e.getDocument(doc.ID, 0)
		if want := "/dokumente/" + doc.ID + "#block-" + v.Blocks[1].BlockID; hits[0].URL != want {
			t.Errorf("url %q, want %q", hits[0].URL, want)
		}
		checkSnippet(t, hits[0].Snippet)
	})
	t.Run("comments: escaped snippet and link", func(t *testing.T) {
		hits := e.search("Sicherheitslücke", "").Items
		if len(hits) != 1 || hits[0].Type != "comment" || hits[0].ID != cm.ID || hits[0].Kind != "comment" ||
			hits[0].URL != "/projekte/termine#comment-"+cm.ID {
			t.Fatalf("hits %+v", hits)
		}
		checkSnippet(t, hits[0].Snippet)
		if strings.Contains(hits[0].Snippet, "<script") {
			t.Errorf("snippet %q", hits[0].Snippet)
		}
	})

	s, _, _ := e.heldSession(mod, carl, cora, map[string]any{"title": "Sitzung zum Glasfaserausbau"})
	e.sessionAction(mod, sessionPath(s.ID, "/minutes/publish"), nil, 201)
	t.Run("sessions by title and agenda item, public minutes", func(t *testing.T) {
		hits := e.search("Glasfaserausbau", "type=session").Items
		if len(hits) != 1 || hits[0].Type != "session" || hits[0].ID != s.ID || hits[0].URL != "/sitzungen/"+s.ID {
			t.Fatalf("hits %+v", hits)
		}
		if !e.found("Haushalt", "session", s.ID) { // the title of agenda item 1
			t.Error("agenda item title not found")
		}
		hits = e.search("veröffentlicht", "type=minutes").Items // the decision of item 1
		if len(hits) != 1 || hits[0].SessionID != s.ID || hits[0].URL != "/sitzungen/"+s.ID+"#minutes-heading" {
			t.Fatalf("minutes hits %+v", hits)
		}
		checkSnippet(t, hits[0].Snippet)
		if got := e.search("Geheime Notiz", "").Items; len(got) != 0 { // a confidential item's notes
			t.Errorf("confidential notes found: %+v", got)
		}
	})
	t.Run("type filter", func(t *testing.T) {
		for _, extra := range []string{"type=project,comment", "type=project&type=comment"} {
			for _, h := range e.search("Wartezeit Sicherheitslücke Radweg Haushalt", extra).Items {
				t.Errorf("%s: all words must occur, got %+v", extra, h)
			}
		}
		e.postComment(rita, termine.Slug, map[string]any{"body": "Die Wartezeit ist zu lang."})
		hits := e.search("Wartezeit", "type=comment").Items
		if len(hits) != 1 || hits[0].Type != "comment" {
			t.Errorf("type=comment: %+v", hits)
		}
		if got := e.search("Wartezeit", "type=project,comment").Items; len(got) != 2 {
			t.Errorf("type=project,comment: %+v", got)
		}
	})
	t.Run("paging", func(t *testing.T) {
		for i := range 5 {
			e.postComment(rita, akte.Slug, map[string]any{"body": fmt.Sprintf("Papierlos Nummer %d", i)})
		}
		seen := map[string]bool{}
		page := e.search("papierlos", "limit=2")
		for pages := 1; ; pages++ {
			for _, h := range page.Items {
				if seen[h.ID] {
					t.Fatalf("%s twice", h.ID)
				}
				seen[h.ID] = true
			}
			if page.NextCursor == nil {
				if pages != 3 || len(seen) != 5 {
					t.Fatalf("%d pages, %d hits", pages, len(seen))
				}
				break
			}
			next := *page.NextCursor
			res := e.do(req{method: http.MethodGet, path: "/api/v1/search?q=anderes&cursor=" + next})
			if res.Code != 422 || !res.Problem(t).HasField("cursor") {
				t.Errorf("cursor of another query: %d %s", res.Code, res.Body)
			}
			page = e.search("papierlos", "limit=2&cursor="+next)
		}
	})
	t.Run("validation", func(t *testing.T) {
		for _, tc := range []struct{ name, query, field string }{
			{"missing q", "", "q"},
			{"short q", "q=a", "q"},
			{"blank q", "q=%20%20%20", "q"},
			{"long q", "q=" + strings.Repeat("x", 201), "q"},
			{"unknown type", "q=Wartezeit&type=project,users", "type"},
			{"bad cursor", "q=Wartezeit&cursor=%21%21", "cursor"},
			{"bad limit", "q=Wartezeit&limit=0", "limit"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := e.do(req{method: http.MethodGet, path: "/api/v1/search?" + tc.query})
				if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
					t.Errorf("%d %s", res.Code, res.Body)
				}
			})
		}
		// Syntax of the search engines means nothing: it is text.
		for _, q := range []string{`"unclosed`, `NEAR(a b)`, `a OR -b`, `title:x`, `**`, `!!`, `a & | b`} {
			e.search(q, "")
		}
	})
}
