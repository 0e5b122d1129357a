package api_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestCommentPageCacheOutOfOrderCommits (PostgreSQL): no lock orders the outbox's writers, so a comment
// whose event got the lower id may commit after one with a higher id. A page read between the two is
// built only once the earlier writer has ended, so it can never be cached at the newest id without the
// earlier comment.
func TestCommentPageCacheOutOfOrderCommits(t *testing.T) {
	if testdb.URL() == "" {
		t.Skip("PostgreSQL only: SQLite has one writer")
	}
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	p := e.createProject(admin, projectInput("reihenfolge"))
	e.anonPage(p.Slug, "") // cached, empty

	// The earlier writer: a published comment and its event, in a transaction left open.
	tx := e.db.Gorm.Begin()
	t.Cleanup(func() { tx.Rollback() })
	var earlyID int64
	if err := tx.Raw(`INSERT INTO comments (project_id, body, body_html, status, created_at, updated_at)
		VALUES (?, 'Früher', '<p>Früher</p>', 'published', now(), now()) RETURNING id`, p.ID).Scan(&earlyID).Error; err != nil {
		t.Fatal(err)
	}
	early, err := events.Append(store.New(tx), "project:"+p.Slug, "comment.created", map[string]any{"id": earlyID})
	if err != nil {
		t.Fatal(err)
	}
	// The outbox check at the end validates every event: the early one carries a whole comment then.
	t.Cleanup(func() {
		e.db.Gorm.Exec(`UPDATE events SET payload = (SELECT payload FROM events WHERE type = 'comment.created' AND id <> ? ORDER BY id LIMIT 1)
			WHERE id = ?`, early.ID, early.ID)
	})
	late := e.postComment(resident, p.Slug, map[string]any{"body": "Später"}) // commits first, higher event id

	go func() {
		time.Sleep(300 * time.Millisecond)
		if err := tx.Commit().Error; err != nil {
			t.Error(err)
		}
	}()
	start := time.Now()
	l, etag := e.anonPage(p.Slug, "")
	if findComment(l.Items, late.ID) == nil || findComment(l.Items, strconv.FormatInt(earlyID, 10)) == nil {
		t.Fatalf("page read while the earlier writer was in flight (waited %v) lacks a comment: %+v", time.Since(start), l.Items)
	}
	if again, etag2 := e.anonPage(p.Slug, ""); len(again.Items) != 2 || etag2 != etag {
		t.Errorf("next read: %d items, ETag %s then %s", len(again.Items), etag, etag2)
	}
}
