package comments

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestPageRebuiltOnce: thirty readers who miss the same page at the same version cause one build, and
// all get its bytes; a write (an outbox event on the project's topic) makes the next reads build again,
// once.
func TestPageRebuiltOnce(t *testing.T) {
	d := testdb.New(t)
	for _, q := range []string{
		`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		 VALUES ('einmal', 'Einmal', 'planned', 'Bürgeramt', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
		`INSERT INTO comments (project_id, body, body_html, depth, created_at, updated_at)
		 SELECT id, 'K', '<p>K</p>', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM projects`,
	} {
		if err := d.Gorm.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	s := New(store.New(d.Gorm), time.Now, nil, Options{})
	render := func(nodes []*Node, next string) ([]byte, error) {
		time.Sleep(20 * time.Millisecond) // a slow build, so that the readers overlap it
		return []byte(`{"n":` + FormatID(int64(len(nodes))) + `}`), nil
	}
	readAll := func() {
		t.Helper()
		var wg sync.WaitGroup
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := s.Page(context.Background(), nil, "einmal", ListFilter{}, paging.Page{Limit: 20}, render)
				if err != nil || string(p.Body) != `{"n":1}` || p.ETag == "" {
					t.Errorf("page: %v %s", err, p.Body)
				}
			}()
		}
		wg.Wait()
	}
	readAll()
	if n := s.pages.Built(); n != 1 {
		t.Fatalf("%d builds for thirty readers, want 1", n)
	}
	readAll() // all hits
	if n := s.pages.Built(); n != 1 {
		t.Fatalf("%d builds after hits, want 1", n)
	}
	if err := d.Gorm.Exec(`INSERT INTO events (topic, type, audience, subject, payload, created_at)
		VALUES ('project:einmal', 'comment.votes', '', '', '{}', CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	readAll()
	if n := s.pages.Built(); n != 2 {
		t.Fatalf("%d builds after a write, want 2", n)
	}
}
