package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// PageVersion is what a cached comment page of a project is checked against: the project's id (0 when
// no project has the slug), the newest outbox event on the project's topic and on the topics of its
// documents, and the version of the accounts that comments show (content_versions 'authors', moved by
// triggers on users). Every write that changes what a comment page shows moves one of them.
//
// Event ids become visible out of order on PostgreSQL (see Events.Append): Writers are the event-writing
// transactions in flight when the version was read. A page built for the version must wait for them
// first (Events.WaitWriters): then every event up to the newest visible one is committed or never will
// be, and the page shows all of them. Serving a page built so needs no wait: a write acknowledged
// before the check is visible to it, and either moved the version or was in the page already.
type PageVersion struct {
	ProjectID int64
	Events    int64
	Authors   int64
	Writers   string // not part of the version (see Same)
}

// Same reports whether two versions are the same version.
func (v PageVersion) Same(o PageVersion) bool {
	return v.ProjectID == o.ProjectID && v.Events == o.Events && v.Authors == o.Authors
}

// pageVersionSQL reads a PageVersion in one statement (one snapshot): each MAX is a backward probe of
// events_topic_idx (topic, id), one for the project and one per document. On PostgreSQL the event
// writers in flight are read with it (after the statement's snapshot, see Events.Settled).
const pageVersionSQL = `SELECT p.id,
	(SELECT MAX(e.id) FROM events e WHERE e.topic = 'project:' || p.slug),
	(SELECT MAX((SELECT MAX(e.id) FROM events e WHERE e.topic = 'document:' || d.id)) FROM documents d WHERE d.project_id = p.id),
	(SELECT cv.version FROM content_versions cv WHERE cv.scope = 'authors'), %s
	FROM projects p WHERE p.slug = @slug`

// PageVersion returns the version of the comment pages of the project slug; ProjectID 0 when there is
// no such project.
func (s *Comments) PageVersion(ctx context.Context, slug string) (PageVersion, error) {
	var v PageVersion
	var project, docs, authors sql.NullInt64
	writers := "''"
	if s.db.Dialector.Name() == "postgres" {
		writers = "array_to_string(ARRAY(" + writersSQL + "), ',')"
	}
	err := s.db.WithContext(ctx).Raw(fmt.Sprintf(pageVersionSQL, writers), map[string]any{"slug": slug, "key": outboxWriterKey}).
		Row().Scan(&v.ProjectID, &project, &docs, &authors, &v.Writers)
	if err == sql.ErrNoRows {
		return PageVersion{}, nil
	}
	if err != nil {
		return PageVersion{}, fmt.Errorf("store: comment page version: %w", err)
	}
	v.Events, v.Authors = max(project.Int64, docs.Int64), authors.Int64
	return v, nil
}

// ViewerState returns, in one query, the votes of a user on the given comments (comment id → 1 or -1)
// and whether the user has a pending comment in the project (comments_author_idx): what a signed-in
// reader's comment page adds to the anonymous one.
func (s *Comments) ViewerState(ctx context.Context, userID, projectID int64, commentIDs []int64) (map[int64]int, bool, error) {
	rows, err := s.db.WithContext(ctx).Raw(`SELECT comment_id, value FROM comment_votes WHERE user_id = ? AND comment_id IN ?
		UNION ALL SELECT 0, 0 WHERE EXISTS (SELECT 1 FROM comments WHERE author_id = ? AND project_id = ? AND status = 'pending')`,
		userID, commentIDs, userID, projectID).Rows()
	if err != nil {
		return nil, false, fmt.Errorf("store: reader's comment state: %w", err)
	}
	defer rows.Close()
	votes, pending := map[int64]int{}, false
	for rows.Next() {
		var id int64
		var v int
		if err := rows.Scan(&id, &v); err != nil {
			return nil, false, fmt.Errorf("store: reader's comment state: %w", err)
		}
		if id == 0 {
			pending = true
		} else {
			votes[id] = v
		}
	}
	return votes, pending, rows.Err()
}

// lateralAuthor looks up each row's author by primary key on PostgreSQL: as a plain join, the planner
// hashed the whole users table for a page of a few dozen rows once it had a few thousand users (OFFSET 0
// keeps the subquery from being flattened back into that join). SQLite joins by index anyway.
const lateralAuthor = ` LEFT JOIN LATERAL (SELECT users.display_name, users.roles, users.affiliation, users.department
	FROM users WHERE users.id = c.author_id OFFSET 0) u ON true`

// pageJoins are commentJoins for the queries of comment pages on dialect.
func pageJoins(dialect string) string {
	if dialect == "postgres" {
		return strings.Replace(commentJoins, "\n\tLEFT JOIN users u ON u.id = c.author_id", lateralAuthor, 1)
	}
	return commentJoins
}

// repliesSQL is one level of replies: the children of a list of comments, by comments_parent_idx.
func repliesSQL(dialect string, limit int) string {
	return "SELECT " + commentColumns + " FROM comments AS c" + pageJoins(dialect) + " WHERE c.parent_id IN ? AND " + visibleTo +
		" ORDER BY c.id LIMIT " + strconv.Itoa(limit)
}

// Replies returns the replies the viewer may see (see visibleTo) of the given comments down to maxDepth
// levels below them, oldest first, at most limit rows. It asks one level at a time (a query per level
// that has parents, each an index lookup on comments_parent_idx joined to users by primary key): a
// recursive CTE left PostgreSQL guessing its size and hash-joining the whole users table. The result
// is the same as one query over all levels: a reply among the limit oldest has an older parent, which is
// among them too, so cutting each level at limit loses nothing.
func (s *Comments) Replies(ctx context.Context, parentIDs []int64, maxDepth int, viewerID int64, limit int) ([]CommentRow, error) {
	var out []CommentRow
	level := parentIDs
	for d := 0; d < maxDepth && len(level) > 0; d++ {
		rows, err := scanCommentRows(s.db.WithContext(ctx).Raw(repliesSQL(s.db.Dialector.Name(), limit), viewerID, level, viewerID).Rows())
		if err != nil {
			return nil, fmt.Errorf("store: comment replies: %w", err)
		}
		out = append(out, rows...)
		level = make([]int64, len(rows))
		for i := range rows {
			level[i] = rows[i].ID
		}
	}
	slices.SortFunc(out, func(a, b CommentRow) int { return int(a.ID - b.ID) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
