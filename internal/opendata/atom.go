package opendata

import (
	"context"
	"encoding/xml"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/store"
)

// FeedLimit is the number of entries of a feed.
const FeedLimit = 50

// tagDate is the date of the tag: URIs (RFC 4151) of feeds and entries. It never changes, so ids stay
// the same across requests and releases (the year of the council motion A0079/25).
const tagDate = "2025"

// Atom 1.0 (RFC 4287) documents.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"` // xml:lang, the language of the texts
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID      string    `xml:"id"`
	Title   atomText  `xml:"title"`
	Updated string    `xml:"updated"`
	Link    atomLink  `xml:"link"`
	Summary *atomText `xml:"summary,omitempty"`
}

// statusNames are the German names of the project statuses, as the browser shows them.
var statusNames = map[string]string{"idea": "Idee", "planned": "Geplant", "in_progress": "In Umsetzung",
	"pilot": "Pilotphase", "done": "Abgeschlossen", "paused": "Pausiert", "cancelled": "Abgebrochen"}

func statusName(s string) string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return s
}

// ProjectsFeed is the Atom feed of new projects and status changes of all projects, newest first.
func (s *Service) ProjectsFeed(ctx context.Context) ([]byte, error) {
	rows, err := s.st.OpenData().ProjectFeed(ctx, 0, FeedLimit)
	if err != nil {
		return nil, err
	}
	return s.feed("feeds/projects", "/feeds/projects.atom", "Digitalrat: Vorhaben", "/projekte", rows)
}

// ProjectFeed is the Atom feed of one project: status changes, new document versions and official
// responses, newest first; ErrNotFound for an unknown slug.
func (s *Service) ProjectFeed(ctx context.Context, slug string) ([]byte, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.st.OpenData().ProjectFeed(ctx, p.ID, FeedLimit)
	if err != nil {
		return nil, err
	}
	return s.feed("feeds/project/"+strconv.FormatInt(p.ID, 10), "/feeds/projects/"+url.PathEscape(p.Slug)+".atom",
		"Digitalrat: "+p.Title, "/projekte/"+url.PathEscape(p.Slug), rows)
}

func (s *Service) feed(tag, self, title, page string, rows []store.FeedEntry) ([]byte, error) {
	sort.SliceStable(rows, func(i, j int) bool {
		if !rows[i].At.Equal(rows[j].At) {
			return rows[i].At.After(rows[j].At)
		}
		return rows[i].Ref > rows[j].Ref
	})
	if len(rows) > FeedLimit {
		rows = rows[:FeedLimit]
	}
	base := strings.TrimRight(s.opt.PublicURL, "/")
	f := atomFeed{Lang: "de", ID: s.tagURI(tag), Title: atomText{Type: "text", Text: title},
		Author: atomPerson{Name: s.publisher(), URI: base + "/"},
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + self},
			{Rel: "alternate", Type: "text/html", Href: base + page}}}
	// A feed without entries is as old as nothing in it: the start of the epoch would be wrong, so it
	// takes the time of the request.
	updated := s.now()
	if len(rows) > 0 {
		updated = rows[0].At
	}
	f.Updated = atomTime(updated)
	for _, r := range rows {
		f.Entries = append(f.Entries, s.entry(base, r))
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func (s *Service) entry(base string, r store.FeedEntry) atomEntry {
	ref := strconv.FormatInt(r.Ref, 10)
	e := atomEntry{Updated: atomTime(r.At),
		Link: atomLink{Rel: "alternate", Type: "text/html", Href: base + "/projekte/" + url.PathEscape(r.ProjectSlug)}}
	var summary string
	switch r.Kind {
	case store.FeedCreated:
		e.ID = s.tagURI("project/" + ref)
		e.Title.Text = "Neues Vorhaben: " + r.Title
		summary = r.Body
	case store.FeedStatus:
		e.ID = s.tagURI("project-history/" + ref)
		e.Title.Text = r.Title + ": " + statusName(r.OldValue) + " → " + statusName(r.NewValue)
		summary = "Der Status des Vorhabens „" + r.Title + "“ ist jetzt: " + statusName(r.NewValue) + "."
	case store.FeedVersion:
		e.ID = s.tagURI("document-version/" + ref)
		e.Title.Text = r.Title + ": Fassung " + r.NewValue
		summary = r.OldValue
	case store.FeedResponse:
		e.ID = s.tagURI("comment/" + ref)
		e.Title.Text = "Amtliche Antwort"
		if r.NewValue != "" {
			e.Title.Text += " (" + r.NewValue + ")"
		}
		e.Title.Text += " zu „" + r.Title + "“"
		summary = r.Body
	}
	e.Title.Type = "text"
	if summary != "" {
		e.Summary = &atomText{Type: "text", Text: summary}
	}
	return e
}

// tagURI is a tag: URI (RFC 4151) under the host of the public URL: stable for as long as the host is.
func (s *Service) tagURI(specific string) string {
	host := "localhost"
	if u, err := url.Parse(s.opt.PublicURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return "tag:" + host + "," + tagDate + ":digitalrat/" + specific
}

func (s *Service) publisher() string {
	if s.opt.Publisher != "" {
		return s.opt.Publisher
	}
	return "Digitalrat"
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
