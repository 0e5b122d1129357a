package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/demo"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/projects"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

func TestSeed(t *testing.T) {
	auth.FastHashesForTests()
	d := testdb.New(t)
	now := func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }
	acc := accounts.New(store.New(d.Gorm), auth.NewTokens([]byte("test-secret-test-secret-test-secret-0123"), "http://localhost", time.Minute, now), now,
		accounts.Options{PublicURL: "http://localhost", RefreshTTL: time.Hour})
	prj := projects.New(store.New(d.Gorm), now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()

	content, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	wantDocs, wantVersions := 0, 0
	for _, p := range content {
		wantDocs += len(p.Documents)
		for _, doc := range p.Documents {
			wantVersions += len(doc.Versions)
		}
	}
	count := func(m any) int64 {
		var n int64
		if err := d.Gorm.Model(m).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	check := func() {
		t.Helper()
		for _, c := range []struct {
			name string
			got  int64
			want int
		}{
			{"users", count(&model.User{}), len(demo.Accounts) + len(demo.Evaluators)},
			{"evaluation cycles", count(&model.EvaluationCycle{}), 1},
			{"projects", count(&model.Project{}), len(content)},
			{"documents", count(&model.Document{}), wantDocs},
			{"versions", count(&model.DocumentVersion{}), wantVersions},
			{"history", count(&model.ProjectChange{}), len(content)},
		} {
			if c.got != int64(c.want) {
				t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
			}
		}
	}
	for i := range 2 { // the second call must not change anything
		if err := demo.Seed(ctx, store.New(d.Gorm), acc, prj, "digitalrat-demo-2026", log); err != nil {
			t.Fatalf("seed %d: %v", i+1, err)
		}
		check()
	}
	if count(&model.DocumentBlock{}) == 0 || count(&model.ProjectPrinciple{}) == 0 {
		t.Error("blocks or principles missing")
	}

	// Each revision changes one block and adds one: two blocks are new, all others keep their ids.
	for _, p := range content {
		docs, _, err := prj.Documents(ctx, p.Slug, store.Page{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range docs {
			if doc.Version != 2 {
				continue
			}
			v, err := prj.Document(ctx, doc.ID, 2)
			if err != nil {
				t.Fatal(err)
			}
			changed := 0
			for _, b := range v.Blocks {
				if b.Changed {
					changed++
				}
			}
			if changed != 2 {
				t.Errorf("%s/%s: %d changed blocks in the revision, want 2", p.Slug, doc.Title, changed)
			}
		}
	}

	var official model.User
	if err := d.Gorm.Where("email = ?", "official@example.org").First(&official).Error; err != nil {
		t.Fatal(err)
	}
	if official.Department != "Bürgeramt" || official.EmailVerifiedAt == nil || !official.HasRole(model.RoleOfficial) {
		t.Errorf("official: %+v", official)
	}
}
