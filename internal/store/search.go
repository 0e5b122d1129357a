package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"gorm.io/gorm"
)

// Search is the full-text search over what anonymous readers may see: projects, the current versions of
// documents, published comments and official responses, public sessions with their agenda, and the
// latest published public minutes of public sessions. PostgreSQL uses the german text-search
// configuration over the GIN indexes of migration 00019; SQLite the FTS5 tables of the same migration.
type Search struct{ db *gorm.DB }

// Search is the full-text search.
func (s *Store) Search() *Search { return &Search{db: s.db} }

// Search types, in the order that breaks ties of equal rank.
const (
	SearchProject  = "project"
	SearchDocument = "document"
	SearchComment  = "comment"
	SearchSession  = "session"
	SearchMinutes  = "minutes"
)

// SearchTypes lists the searchable types.
var SearchTypes = []string{SearchProject, SearchDocument, SearchComment, SearchSession, SearchMinutes}

// Sentinels mark the matched words in snippets. Private-use characters: they survive HTML escaping, so
// the caller escapes the text first and then turns them into <mark> (search.Highlight).
const (
	MarkStart = "\uE000"
	MarkStop  = "\uE001"
)

// SearchHit is one found item. Snippet is plain text with the matches between MarkStart and MarkStop.
type SearchHit struct {
	Type        string
	ID          int64
	ProjectSlug *string
	DocumentID  *int64
	SessionID   *int64
	Kind        *string // the kind of a comment (comment, question, official_response, council_decision)
	Title       string
	Rank        float64
	Snippet     string
}

// The visibility rules of the search, the same as the lists apply to readers: a comment is found only
// while it is published and not deleted (the lists show hidden and removed ones as placeholders without
// text, pending ones only to their author and moderators); sessions, their agenda and minutes only when
// the session is public. Comments of deleted accounts stay, as in the lists.
const (
	searchCommentVisible = "c.status = 'published' AND c.deleted_at IS NULL"
	searchSessionVisible = "s.visibility = 'public'"
	// Only the latest publication of the minutes is searched.
	searchMinutesLatest = "m.number = (SELECT MAX(m2.number) FROM session_minutes_versions m2 WHERE m2.session_id = m.session_id)"
)

// searchColumns is the column list every branch selects, in this order.
const searchColumns = "type, ord, id, project_slug, document_id, session_id, kind, title, rank, snippet"

// PostgreSQL: the query is written out in every branch (not taken from a CTE) so that the planner sees
// a constant and uses the GIN index; the tsvector expressions are those of the indexes. @q is made by
// tsQuery.
const pgQuery = "to_tsquery('german', @q)"

var pgBranches = map[string]string{
	SearchProject: `SELECT 'project' AS type, 1 AS ord, p.id, p.slug AS project_slug, NULL::bigint AS document_id,
		NULL::bigint AS session_id, NULL::text AS kind, p.title,
		ts_rank(` + pgProjectVector + `, ` + pgQuery + `) AS rank, p.summary || E'\n' || p.description AS body
		FROM projects p WHERE ` + pgProjectVector + ` @@ ` + pgQuery,
	SearchDocument: `SELECT 'document' AS type, 2 AS ord, d.id, p.slug AS project_slug, d.id AS document_id, NULL::bigint AS session_id,
		NULL::text AS kind, d.title,
		ts_rank(setweight(to_tsvector('german', d.title), 'A') || to_tsvector('german', v.markdown), ` + pgQuery + `) AS rank,
		v.markdown AS body
		FROM documents d JOIN document_versions v ON v.document_id = d.id AND v.number = d.version
		JOIN projects p ON p.id = d.project_id
		WHERE d.id IN (SELECT id FROM documents WHERE to_tsvector('german', title) @@ ` + pgQuery + `
			UNION SELECT v2.document_id FROM document_versions v2
			JOIN documents d2 ON d2.id = v2.document_id AND d2.version = v2.number
			WHERE to_tsvector('german', v2.markdown) @@ ` + pgQuery + `)`,
	SearchComment: `SELECT 'comment' AS type, 3 AS ord, c.id, p.slug AS project_slug, c.document_id, NULL::bigint AS session_id,
		c.kind, COALESCE(d.title, p.title) AS title, ts_rank(c.search_vector, ` + pgQuery + `) AS rank,
		c.body
		FROM comments c JOIN projects p ON p.id = c.project_id LEFT JOIN documents d ON d.id = c.document_id
		WHERE ` + searchCommentVisible + ` AND c.search_vector @@ ` + pgQuery,
	SearchSession: `SELECT 'session' AS type, 4 AS ord, s.id, NULL::text AS project_slug, NULL::bigint AS document_id,
		s.id AS session_id, NULL::text AS kind, s.title, ts_rank(` + pgSessionVector + `, ` + pgQuery + `) AS rank,
		s.description || E'\n' || COALESCE((SELECT string_agg(a.title, E'\n' ORDER BY a.position) FROM agenda_items a
			WHERE a.session_id = s.id), '') AS body
		FROM sessions s
		WHERE ` + searchSessionVisible + ` AND s.id IN (SELECT id FROM sessions WHERE ` + pgSessionVectorBare + ` @@ ` + pgQuery + `
			UNION SELECT session_id FROM agenda_items WHERE to_tsvector('german', title) @@ ` + pgQuery + `)`,
	SearchMinutes: `SELECT 'minutes' AS type, 5 AS ord, m.id, NULL::text AS project_slug, NULL::bigint AS document_id,
		s.id AS session_id, NULL::text AS kind, s.title, ts_rank(to_tsvector('german', m.public_markdown), ` + pgQuery + `) AS rank,
		m.public_markdown AS body
		FROM session_minutes_versions m JOIN sessions s ON s.id = m.session_id
		WHERE ` + searchSessionVisible + ` AND ` + searchMinutesLatest + ` AND to_tsvector('german', m.public_markdown) @@ ` + pgQuery,
}

const (
	pgProjectVector = `(setweight(to_tsvector('german', p.title), 'A') || setweight(to_tsvector('german', p.summary), 'B') ||
		setweight(to_tsvector('german', p.description), 'C'))`
	pgProjectVectorBare = `(setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', summary), 'B') ||
		setweight(to_tsvector('german', description), 'C'))`
	pgSessionVector      = `(setweight(to_tsvector('german', s.title), 'A') || setweight(to_tsvector('german', s.description), 'C'))`
	pgSessionVectorBare  = `(setweight(to_tsvector('german', title), 'A') || setweight(to_tsvector('german', description), 'C'))`
	pgHeadlineOptions    = `StartSel="` + MarkStart + `", StopSel="` + MarkStop + `", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`
	sqliteSnippetArgs    = `'` + MarkStart + `', '` + MarkStop + `', '…', 24`
	sqliteProjectWeights = "10.0, 4.0, 1.0"
)

// SQLite: bm25 is lower for better matches, so the rank is its negation. A document or session is found
// through its own text or that of its current version or agenda; MAX picks the best of those rows, and
// SQLite takes the snippet from that same row.
var sqliteBranches = map[string]string{
	SearchProject: `SELECT 'project' AS type, 1 AS ord, p.id, p.slug AS project_slug, NULL AS document_id,
		NULL AS session_id, NULL AS kind, p.title, -bm25(projects_fts, ` + sqliteProjectWeights + `) AS rank,
		snippet(projects_fts, -1, ` + sqliteSnippetArgs + `) AS snippet
		FROM projects_fts JOIN projects p ON p.id = projects_fts.rowid WHERE projects_fts MATCH @m`,
	SearchDocument: `SELECT 'document' AS type, 2 AS ord, d.id, p.slug AS project_slug, d.id AS document_id, NULL AS session_id,
		NULL AS kind, d.title, MAX(r.rank) AS rank, r.snippet FROM (
			SELECT v.document_id AS did, -bm25(document_versions_fts) AS rank,
				snippet(document_versions_fts, 0, ` + sqliteSnippetArgs + `) AS snippet
			FROM document_versions_fts JOIN document_versions v ON v.id = document_versions_fts.rowid
			JOIN documents cur ON cur.id = v.document_id AND cur.version = v.number
			WHERE document_versions_fts MATCH @m
			UNION ALL
			SELECT documents_fts.rowid, -bm25(documents_fts) * 2, snippet(documents_fts, 0, ` + sqliteSnippetArgs + `)
			FROM documents_fts WHERE documents_fts MATCH @m
		) r JOIN documents d ON d.id = r.did JOIN projects p ON p.id = d.project_id GROUP BY d.id`,
	SearchComment: `SELECT 'comment' AS type, 3 AS ord, c.id, p.slug AS project_slug, c.document_id, NULL AS session_id, c.kind,
		COALESCE(d.title, p.title) AS title, -bm25(comments_fts) AS rank,
		snippet(comments_fts, 0, ` + sqliteSnippetArgs + `) AS snippet
		FROM comments_fts JOIN comments c ON c.id = comments_fts.rowid JOIN projects p ON p.id = c.project_id
		LEFT JOIN documents d ON d.id = c.document_id
		WHERE comments_fts MATCH @m AND ` + searchCommentVisible,
	SearchSession: `SELECT 'session' AS type, 4 AS ord, s.id, NULL AS project_slug, NULL AS document_id, s.id AS session_id,
		NULL AS kind, s.title, MAX(r.rank) AS rank, r.snippet FROM (
			SELECT sessions_fts.rowid AS sid, -bm25(sessions_fts, 10.0, 1.0) AS rank,
				snippet(sessions_fts, -1, ` + sqliteSnippetArgs + `) AS snippet
			FROM sessions_fts WHERE sessions_fts MATCH @m
			UNION ALL
			SELECT a.session_id, -bm25(agenda_items_fts), snippet(agenda_items_fts, 0, ` + sqliteSnippetArgs + `)
			FROM agenda_items_fts JOIN agenda_items a ON a.id = agenda_items_fts.rowid WHERE agenda_items_fts MATCH @m
		) r JOIN sessions s ON s.id = r.sid WHERE ` + searchSessionVisible + ` GROUP BY s.id`,
	SearchMinutes: `SELECT 'minutes' AS type, 5 AS ord, m.id, NULL AS project_slug, NULL AS document_id, s.id AS session_id,
		NULL AS kind, s.title, -bm25(session_minutes_versions_fts) AS rank,
		snippet(session_minutes_versions_fts, 0, ` + sqliteSnippetArgs + `) AS snippet
		FROM session_minutes_versions_fts JOIN session_minutes_versions m ON m.id = session_minutes_versions_fts.rowid
		JOIN sessions s ON s.id = m.session_id
		WHERE session_minutes_versions_fts MATCH @m AND ` + searchSessionVisible + ` AND ` + searchMinutesLatest,
}

// Find returns the hits of text among the given types (all when empty), best first (rank, then the
// order of SearchTypes, then id), skipping offset hits and returning at most limit.
func (s *Search) Find(ctx context.Context, text string, types []string, offset, limit int) ([]SearchHit, error) {
	sql, args := s.findSQL(text, types, offset, limit)
	if sql == "" {
		return nil, nil // no words: nothing to find
	}
	var out []SearchHit
	if err := s.db.WithContext(ctx).Raw(sql, args).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return out, nil
}

// findSQL is the query of Find and its named arguments; "" when the text holds no words.
func (s *Search) findSQL(text string, types []string, offset, limit int) (string, map[string]any) {
	if len(types) == 0 {
		types = SearchTypes
	}
	postgres := s.db.Dialector.Name() == "postgres"
	branches := sqliteBranches
	if postgres {
		branches = pgBranches
	}
	parts := make([]string, 0, len(types))
	for _, t := range SearchTypes { // the fixed list: user input never becomes SQL
		for _, want := range types {
			if want == t {
				parts = append(parts, branches[t])
				break
			}
		}
	}
	var sql string
	args := map[string]any{"limit": limit, "offset": offset}
	if postgres {
		args["q"] = tsQuery(text)
		if args["q"] == "" {
			return "", nil
		}
		// The headline is computed for the rows of the page only: it re-parses the text and is the
		// expensive part of a search.
		sql = `SELECT type, ord, id, project_slug, document_id, session_id, kind, title, rank,
			ts_headline('german', body, ` + pgQuery + `, '` + pgHeadlineOptions + `') AS snippet
			FROM (` + strings.Join(parts, "\nUNION ALL\n") + `) hits
			ORDER BY rank DESC, ord, id LIMIT @limit OFFSET @offset`
	} else {
		match := ftsMatch(text)
		if match == "" {
			return "", nil
		}
		args["m"] = match
		sql = `SELECT ` + searchColumns + ` FROM (` + strings.Join(parts, "\nUNION ALL\n") + `) hits
			ORDER BY rank DESC, ord, id LIMIT @limit OFFSET @offset`
	}
	return sql, args
}

// DocumentBlock is a block of a document version, for finding the paragraph of a hit.
type DocumentBlock struct {
	DocumentID int64
	BlockID    string
	HTML       string
}

// CurrentBlocks returns the blocks of the current versions of the given documents in document order.
func (s *Search) CurrentBlocks(ctx context.Context, documentIDs []int64) ([]DocumentBlock, error) {
	if len(documentIDs) == 0 {
		return nil, nil
	}
	var out []DocumentBlock
	err := s.db.WithContext(ctx).Raw(`SELECT v.document_id, b.block_id, b.html FROM document_blocks b
		JOIN document_versions v ON v.id = b.version_id JOIN documents d ON d.id = v.document_id AND d.version = v.number
		WHERE d.id IN ? ORDER BY v.document_id, b.position`, documentIDs).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: search blocks: %w", err)
	}
	return out, nil
}

// searchWords are the words of user text: runs of letters and digits. Everything else (operators and
// syntax of either search engine included) separates words and means nothing.
func searchWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// ftsMatch turns user text into an FTS5 query: every word quoted and as a prefix, all of them required.
// The prefix stands in for the stemming SQLite lacks ("Antrag" finds "Anträge", folded to "antrage").
func ftsMatch(text string) string {
	words := searchWords(text)
	for i, w := range words {
		words[i] = `"` + w + `"*`
	}
	return strings.Join(words, " ")
}

// tsQuery turns user text into a to_tsquery text: every word as a prefix of its german stem, all of
// them required — the same meaning as ftsMatch, plus stemming ("Anträge" finds "Antrag"). The words hold
// only letters and digits, so nothing of the text is tsquery syntax.
func tsQuery(text string) string {
	words := searchWords(text)
	for i, w := range words {
		words[i] = "'" + w + "':*"
	}
	return strings.Join(words, " & ")
}

// projectTextMatch is the condition of the project list's text filter (?q=): the same search as Find,
// over title, summary and description (one argument: the text).
func projectTextMatch(db *gorm.DB, text string) (string, []any) {
	if db.Dialector.Name() == "postgres" {
		q := tsQuery(text)
		if q == "" {
			return "1 = 0", nil
		}
		return "id IN (SELECT id FROM projects WHERE " + pgProjectVectorBare + " @@ to_tsquery('german', ?))", []any{q}
	}
	m := ftsMatch(text)
	if m == "" {
		return "1 = 0", nil
	}
	return "id IN (SELECT rowid FROM projects_fts WHERE projects_fts MATCH ?)", []any{m}
}
