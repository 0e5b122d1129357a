package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestCommentPageQueriesUseIndexes: on PostgreSQL with 2,000 authors, 50,000 comments and 10,000 replies
// and fresh statistics, the replies of a page are found through comments_parent_idx and their authors by
// primary key (no scan of users, no hash join), and the page version probes events_topic_idx (the
// planner's own choice, enable_seqscan untouched).
func TestCommentPageQueriesUseIndexes(t *testing.T) {
	d := testdb.NewPostgres(t)
	stmts := []string{
		`INSERT INTO users (email, display_name, password_hash, roles, tokens_valid_after, created_at, updated_at)
		 SELECT 'u' || g || '@example.org', 'U ' || g, 'x', 'resident', now(), now(), now() FROM generate_series(1, 2000) g`,
		`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		 VALUES ('idx', 'Index', 'planned', 'Bürgeramt', 1, now(), now())`,
		`INSERT INTO comments (project_id, author_id, body, body_html, depth, created_at, updated_at)
		 SELECT (SELECT id FROM projects), (SELECT min(id) FROM users) + g % 2000, 'K', '<p>K</p>', 0, now(), now()
		 FROM generate_series(1, 50000) g`,
		`INSERT INTO comments (project_id, parent_id, author_id, body, body_html, depth, created_at, updated_at)
		 SELECT c.project_id, c.id, (SELECT min(id) FROM users) + g % 2000, 'A', '<p>A</p>', 1, now(), now()
		 FROM generate_series(1, 10000) g JOIN comments c ON c.id = (SELECT min(id) FROM comments) + (g * 7919) % 50000`,
		`INSERT INTO events (topic, type, audience, subject, payload, created_at)
		 SELECT 'project:p' || (g % 500), 'comment.votes', '', '', '{}', now() FROM generate_series(1, 50000) g`,
		`ANALYZE`,
	}
	for _, s := range stmts {
		if err := d.Gorm.Exec(s).Error; err != nil {
			t.Fatalf("seed: %v\n%s", err, s)
		}
	}
	var parents []int64
	if err := d.Gorm.Raw("SELECT id FROM comments WHERE parent_id IS NULL ORDER BY id DESC LIMIT 50").Scan(&parents).Error; err != nil {
		t.Fatal(err)
	}
	explain := func(sql string, args ...any) string {
		t.Helper()
		var plan []string
		if err := d.Gorm.Raw("EXPLAIN "+sql, args...).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		return strings.Join(plan, "\n")
	}
	replies := explain(repliesSQL("postgres", 1000), 0, parents, 0)
	t.Logf("replies:\n%s", replies)
	if strings.Contains(replies, "Seq Scan on users") || strings.Contains(replies, "Seq Scan on comments") || strings.Contains(replies, "Hash Join") || !strings.Contains(replies, "comments_parent_idx") {
		t.Errorf("replies do not go by index:\n%s", replies)
	}
	version := explain(fmt.Sprintf(pageVersionSQL, "array_to_string(ARRAY("+writersSQL+"), ',')"),
		map[string]any{"slug": "idx", "key": outboxWriterKey})
	t.Logf("page version:\n%s", version)
	if strings.Contains(version, "Seq Scan on events") || !strings.Contains(version, "events_topic_idx") {
		t.Errorf("page version does not probe events_topic_idx:\n%s", version)
	}
	// And the replies are right: level by level equals one query over all levels.
	rows, err := New(d.Gorm).Comments().Replies(context.Background(), parents, 3, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	if err := d.Gorm.Raw("SELECT COUNT(*) FROM comments WHERE parent_id IN ?", parents).Scan(&want).Error; err != nil {
		t.Fatal(err)
	}
	if int64(len(rows)) != want || want == 0 {
		t.Errorf("%d replies, want %d", len(rows), want)
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].ID <= rows[i-1].ID {
			t.Fatal("replies not in id order")
		}
	}
}
