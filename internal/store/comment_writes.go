package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// ForComment loads what writing a comment needs of the project slug (id, slug, owner unit, whether
// comments are open, whether they are pre-moderated) and nothing else: a project's description and its
// HTML are most of its row. apperr.ErrNotFound when there is none.
func (s *Projects) ForComment(ctx context.Context, slug string) (*model.Project, error) {
	var p model.Project
	if err := s.db.WithContext(ctx).Select("id", "slug", "owner_unit", "comments_open", "pre_moderation").
		Where("slug = ?", slug).Take(&p).Error; err != nil {
		return nil, notFound("project", err)
	}
	return &p, nil
}

// scanInts reads the single integer column of rows (from gorm's Rows). The hot statements of a write
// scan this way instead of through gorm's Scan, which formats every statement with its values for a
// trace recorder even when nothing logs (a tenth of the CPU of a comment write's statements).
func scanInts(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CreateWithEvent inserts c and the event ev announcing it, whose subject and payload name the new
// comment's id: ev.Subject is the subject without the id (e.g. "comment:"), ev.Payload the JSON after
// the leading `{"id":"<id>"` of the payload. Both are completed with c's id, and c.ID and ev.ID are set.
// On PostgreSQL it is one statement (one round trip): the comment's INSERT as GORM builds it in a CTE,
// the outbox writer marker in a materialized CTE (as in Events.Append, before the event's id is drawn)
// and the event's INSERT selected from both. SQLite runs the comment's INSERT and Events.Append.
func (s *Comments) CreateWithEvent(ctx context.Context, c *model.Comment, ev *model.Event) error {
	db := s.db.WithContext(ctx)
	if ev.CreatedAt.IsZero() {
		ev.CreatedAt = db.NowFunc()
	}
	if db.Dialector.Name() != "postgres" {
		if err := s.Create(ctx, c); err != nil {
			return err
		}
		id := strconv.FormatInt(c.ID, 10)
		ev.Subject += id
		ev.Payload = `{"id":"` + id + `"` + ev.Payload
		return NewEvents(s.db).Append(ctx, ev)
	}
	stmt := db.Session(&gorm.Session{DryRun: true}).Create(c).Statement
	if stmt.Error != nil {
		return fmt.Errorf("store: create comment: %w", stmt.Error)
	}
	n := len(stmt.Vars)
	arg := func(i int) string { return "$" + strconv.Itoa(n+i) }
	q := `WITH c AS (` + stmt.SQL.String() + `),
	w AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(CAST(` + arg(1) + ` AS BIGINT))::text AS l, pg_current_xact_id() AS x)
	INSERT INTO events (topic, type, audience, subject, payload, created_at)
	SELECT CAST(` + arg(2) + ` AS TEXT), CAST(` + arg(3) + ` AS TEXT), CAST(` + arg(4) + ` AS TEXT),
		CAST(` + arg(5) + ` AS TEXT) || c.id::text, '{"id":"' || c.id::text || '"' || CAST(` + arg(6) + ` AS TEXT),
		CAST(` + arg(7) + ` AS TIMESTAMPTZ)
	FROM c, w WHERE w.l IS NOT NULL AND w.x IS NOT NULL RETURNING id, (SELECT c.id FROM c)`
	args := append(stmt.Vars, outboxWriterKey, ev.Topic, ev.Type, ev.Audience, ev.Subject, ev.Payload, ev.CreatedAt)
	rows, err := db.Statement.ConnPool.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: create comment with event: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: create comment with event: %w", err)
		}
		return fmt.Errorf("store: create comment with event: no row returned")
	}
	if err := rows.Scan(&ev.ID, &c.ID); err != nil {
		return fmt.Errorf("store: create comment with event: %w", err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: create comment with event: %w", err)
	}
	id := strconv.FormatInt(c.ID, 10)
	ev.Subject += id
	ev.Payload = `{"id":"` + id + `"` + ev.Payload
	return nil
}
