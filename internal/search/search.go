// Package search is the full-text search over everything public: projects, current document versions,
// published comments and official responses, public sessions and their published public minutes. Every
// reader gets the same results — only what an anonymous reader may see is ever found (the rules are the
// conditions in internal/store/search.go, the same as the lists apply).
package search

import (
	"context"
	"hash/fnv"
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Limits of the query text, in characters.
const (
	MinQuery = 2
	MaxQuery = 200
)

// maxOffset bounds how deep a search pages: ranking every hit again for page 500 helps nobody.
const maxOffset = 1000

// Service runs searches.
type Service struct{ st *store.Store }

// New returns the search service.
func New(st *store.Store) *Service { return &Service{st: st} }

// Query is one search: the text and the types to search (all when empty).
type Query struct {
	Text  string
	Types []string
}

// Result is one hit as readers see it.
type Result struct {
	Type        string
	ID          int64
	Kind        string // comments only: comment, question, official_response, council_decision
	Title       string
	URL         string // the path of the SPA page that shows the hit
	ProjectSlug string // empty for sessions and minutes
	DocumentID  int64  // documents and comments on a document paragraph
	SessionID   int64  // sessions and minutes
	Snippet     string // HTML: escaped text, the matches in <mark>
}

// cursor is the position after the last hit of a page. The hash of the query keeps a cursor from being
// used with another query, where the offset would mean nothing.
type cursor struct {
	Offset int    `json:"o"`
	Hash   uint32 `json:"h"`
}

// ParseTypes reads the values of ?type= (repeated or comma-separated) into a list of known types.
func ParseTypes(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimSpace(t)
			if t == "" {
				continue
			}
			if !slices.Contains(store.SearchTypes, t) {
				return nil, apperr.Invalid("type", "oneof", "must be one of: "+strings.Join(store.SearchTypes, ", "))
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// Search returns one page of the hits of q, best first, and the cursor of the next page.
func (s *Service) Search(ctx context.Context, q Query, page paging.Page) ([]Result, string, error) {
	text := strings.TrimSpace(q.Text)
	if n := utf8.RuneCountInString(text); n < MinQuery || n > MaxQuery {
		return nil, "", apperr.Invalid("q", "length", "must be 2 to 200 characters")
	}
	types := slices.Clone(q.Types)
	slices.Sort(types)
	h := fnv.New32a()
	_, _ = h.Write([]byte(text + "\x00" + strings.Join(types, ",")))
	c := cursor{Hash: h.Sum32()}
	if page.Cursor != "" {
		var got cursor
		if err := paging.DecodeCursor(page.Cursor, &got); err != nil {
			return nil, "", err
		}
		if got.Hash != c.Hash || got.Offset < 0 || got.Offset > maxOffset {
			return nil, "", apperr.Invalid("cursor", "invalid", "is not a cursor of this search")
		}
		c.Offset = got.Offset
	}
	hits, err := s.st.Search().Find(ctx, text, q.Types, c.Offset, page.Limit+1)
	if err != nil {
		return nil, "", err
	}
	next := ""
	if len(hits) > page.Limit {
		hits = hits[:page.Limit]
		if c.Offset+page.Limit <= maxOffset {
			next = paging.EncodeCursor(cursor{Offset: c.Offset + page.Limit, Hash: c.Hash})
		}
	}
	blocks, err := s.blocksOf(ctx, hits)
	if err != nil {
		return nil, "", err
	}
	out := make([]Result, len(hits))
	for i := range hits {
		out[i] = toResult(&hits[i], blocks)
	}
	return out, next, nil
}

// blocksOf loads the blocks of the documents among the hits, to link a hit to its paragraph.
func (s *Service) blocksOf(ctx context.Context, hits []store.SearchHit) (map[int64][]store.DocumentBlock, error) {
	var ids []int64
	for _, h := range hits {
		if h.Type == store.SearchDocument {
			ids = append(ids, h.ID)
		}
	}
	rows, err := s.st.Search().CurrentBlocks(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[int64][]store.DocumentBlock{}
	for _, b := range rows {
		out[b.DocumentID] = append(out[b.DocumentID], b)
	}
	return out, nil
}

func toResult(h *store.SearchHit, blocks map[int64][]store.DocumentBlock) Result {
	r := Result{Type: h.Type, ID: h.ID, Title: h.Title, Snippet: Highlight(h.Snippet)}
	if h.ProjectSlug != nil {
		r.ProjectSlug = *h.ProjectSlug
	}
	if h.DocumentID != nil {
		r.DocumentID = *h.DocumentID
	}
	if h.SessionID != nil {
		r.SessionID = *h.SessionID
	}
	if h.Kind != nil {
		r.Kind = *h.Kind
	}
	id := strconv.FormatInt(h.ID, 10)
	switch h.Type {
	case store.SearchProject:
		r.URL = "/projekte/" + url.PathEscape(r.ProjectSlug)
	case store.SearchDocument:
		r.URL = "/dokumente/" + id
		if b := matchingBlock(blocks[h.ID], h.Snippet); b != "" {
			r.URL += "#block-" + url.PathEscape(b)
		}
	case store.SearchComment:
		if r.DocumentID != 0 {
			r.URL = "/dokumente/" + strconv.FormatInt(r.DocumentID, 10) + "#comment-" + id
		} else {
			r.URL = "/projekte/" + url.PathEscape(r.ProjectSlug) + "#comment-" + id
		}
	case store.SearchSession:
		r.URL = "/sitzungen/" + strconv.FormatInt(r.SessionID, 10)
	case store.SearchMinutes:
		r.URL = "/sitzungen/" + strconv.FormatInt(r.SessionID, 10) + "#minutes-heading"
	}
	return r
}

// matchingBlock is the id of the first block whose text contains a word the snippet marks, or "".
func matchingBlock(blocks []store.DocumentBlock, snippet string) string {
	words := markedWords(snippet)
	if len(words) == 0 {
		return ""
	}
	for _, b := range blocks {
		text := strings.ToLower(html.UnescapeString(stripTags(b.HTML)))
		for _, w := range words {
			if strings.Contains(text, w) {
				return b.BlockID
			}
		}
	}
	return ""
}

// markedWords are the lower-cased texts between the sentinels of a snippet.
func markedWords(snippet string) []string {
	var out []string
	for {
		i := strings.Index(snippet, store.MarkStart)
		if i < 0 {
			return out
		}
		snippet = snippet[i+len(store.MarkStart):]
		j := strings.Index(snippet, store.MarkStop)
		if j < 0 {
			return out
		}
		if w := strings.ToLower(strings.TrimSpace(snippet[:j])); w != "" {
			out = append(out, w)
		}
		snippet = snippet[j+len(store.MarkStop):]
	}
}

func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
			b.WriteByte(' ')
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Highlight turns a snippet with sentinel marks into HTML: the text escaped, the marks <mark> and
// </mark>. Nothing else of the text can become markup, and the marks always pair up, even if the text
// itself contained sentinel characters.
func Highlight(snippet string) string {
	var b strings.Builder
	open := false
	for len(snippet) > 0 {
		i := strings.IndexAny(snippet, store.MarkStart+store.MarkStop)
		if i < 0 {
			b.WriteString(html.EscapeString(snippet))
			break
		}
		b.WriteString(html.EscapeString(snippet[:i]))
		r, size := utf8.DecodeRuneInString(snippet[i:])
		switch {
		case string(r) == store.MarkStart && !open:
			b.WriteString("<mark>")
			open = true
		case string(r) == store.MarkStop && open:
			b.WriteString("</mark>")
			open = false
		}
		snippet = snippet[i+size:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}
