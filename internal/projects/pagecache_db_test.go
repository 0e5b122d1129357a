package projects

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// TestProjectCacheBuiltOnce: thirty readers who miss the same list or project page at the same version
// cause one build each, and all get its bytes; an outbox event makes the next reads build again, once;
// a cycle that opens as time passes (no write at all) moves the version too.
func TestProjectCacheBuiltOnce(t *testing.T) {
	d := testdb.New(t)
	if err := d.Gorm.Exec(`INSERT INTO projects (slug, title, status, owner_unit, effort, created_at, updated_at)
		VALUES ('einmal', 'Einmal', 'planned', 'Bürgeramt', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	var clock sync.Mutex
	s := New(store.New(d.Gorm), func() time.Time { clock.Lock(); defer clock.Unlock(); return now })
	slow := func(b []byte) ([]byte, error) {
		time.Sleep(20 * time.Millisecond) // a slow build, so that the readers overlap it
		return b, nil
	}
	renderList := func(list []model.Project, _ string) ([]byte, error) { return slow([]byte{byte('0' + len(list))}) }
	renderPage := func(p *model.Project) ([]byte, error) { return slow([]byte(p.Slug)) }
	etags := map[string]bool{}
	readAll := func(wantBuilds int64) {
		t.Helper()
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 0 {
					l, err := s.ListCached(context.Background(), ListFilter{}, paging.Page{Limit: 20}, renderList)
					if err != nil || string(l.Body) != "1" || l.ETag == "" {
						t.Errorf("list: %v %+v", err, l)
					}
					return
				}
				p, err := s.GetCached(context.Background(), "einmal", renderPage)
				if err != nil || string(p.Body) != "einmal" || p.ETag == "" {
					t.Errorf("page: %v %+v", err, p)
				}
			}()
		}
		wg.Wait()
		if n := s.lists.Built() + s.pages.Built(); n != wantBuilds {
			t.Fatalf("%d builds, want %d", n, wantBuilds)
		}
		l, _ := s.ListCached(context.Background(), ListFilter{}, paging.Page{Limit: 20}, renderList)
		p, _ := s.GetCached(context.Background(), "einmal", renderPage)
		etags[l.ETag+" "+p.ETag] = true
	}
	readAll(2)
	readAll(2) // all hits
	if err := d.Gorm.Exec(`INSERT INTO events (topic, type, audience, subject, payload, created_at)
		VALUES ('project:einmal', 'project.updated', '', '', '{}', CURRENT_TIMESTAMP)`).Error; err != nil {
		t.Fatal(err)
	}
	readAll(4)
	if err := d.Gorm.Exec(`INSERT INTO evaluation_cycles (title, opens_at, closes_at, criteria, created_at)
		VALUES ('Runde', ?, ?, 'overall', ?)`, now.Add(time.Hour), now.Add(48*time.Hour), now).Error; err != nil {
		t.Fatal(err)
	}
	readAll(4) // the cycle has not opened yet
	clock.Lock()
	now = now.Add(2 * time.Hour)
	clock.Unlock()
	readAll(6) // it has now: the scores are the new cycle's
	if len(etags) != 3 {
		t.Fatalf("%d distinct ETags over three versions: %v", len(etags), etags)
	}
}
