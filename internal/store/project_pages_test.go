package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestProjectsVersionUsesIndexes: on PostgreSQL with 50,000 outbox events over 500 topics and 200
// evaluation cycles, the version of the project lists reads the newest event by primary key and the
// version of a project page probes events_topic_idx; the current cycle comes from evaluation_cycles_opens_idx
// or a scan of that small table, never of events.
func TestProjectsVersionUsesIndexes(t *testing.T) {
	d := testdb.NewPostgres(t)
	for _, s := range []string{
		`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		 SELECT 'p' || g, 'P', 'planned', 'Bürgeramt', 1, now(), now() FROM generate_series(1, 500) g`,
		`INSERT INTO events (topic, type, audience, subject, payload, created_at)
		 SELECT 'project:p' || (g % 500), 'comment.votes', '', '', '{}', now() FROM generate_series(1, 50000) g`,
		`INSERT INTO evaluation_cycles (title, opens_at, closes_at, criteria, created_at)
		 SELECT 'R' || g, now() - g * interval '1 day', now() - g * interval '1 day' + interval '1 hour', 'overall', now()
		 FROM generate_series(1, 200) g`,
		`ANALYZE`,
	} {
		if err := d.Gorm.Exec(s).Error; err != nil {
			t.Fatalf("seed: %v\n%s", err, s)
		}
	}
	explain := func(sql string, args map[string]any) string {
		t.Helper()
		var plan []string
		if err := d.Gorm.Raw("EXPLAIN "+sql, args).Scan(&plan).Error; err != nil {
			t.Fatal(err)
		}
		return strings.Join(plan, "\n")
	}
	writers := "array_to_string(ARRAY(" + writersSQL + "), ',')"
	args := map[string]any{"slug": "p7", "now": time.Now(), "key": outboxWriterKey}
	lists := explain(fmt.Sprintf(listsVersionSQL, writers), args)
	t.Logf("lists version:\n%s", lists)
	if strings.Contains(lists, "Seq Scan on events") || !strings.Contains(lists, "events_pkey") {
		t.Errorf("the lists version does not read the newest event by primary key:\n%s", lists)
	}
	page := explain(fmt.Sprintf(projectVersionSQL, writers), args)
	t.Logf("page version:\n%s", page)
	if strings.Contains(page, "Seq Scan on events") || !strings.Contains(page, "events_topic_idx") {
		t.Errorf("the page version does not probe events_topic_idx:\n%s", page)
	}
}
