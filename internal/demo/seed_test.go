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
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/projects"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
	"gorm.io/gorm"
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
	wantDocs, wantVersions, wantComments, wantVotes := 0, 0, 0, 0
	var countComments func([]demo.Comment)
	countComments = func(cs []demo.Comment) {
		for _, c := range cs {
			wantComments++
			wantVotes += len(c.Up) + len(c.Down)
			countComments(c.Replies)
		}
	}
	for _, p := range content {
		wantDocs += len(p.Documents)
		for _, doc := range p.Documents {
			wantVersions += len(doc.Versions)
		}
		countComments(p.Discussion)
	}
	count := func(m any) int64 {
		var n int64
		if err := d.Gorm.Model(m).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	countWhere := func(m any, cond string, args ...any) int64 {
		var n int64
		if err := d.Gorm.Model(m).Where(cond, args...).Count(&n).Error; err != nil {
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
			{"history", count(&model.ProjectChange{}), len(content) + demo.KPIHistoryRows()},
			{"comments", count(&model.Comment{}), wantComments},
			{"votes", count(&model.CommentVote{}), wantVotes},
			{"council members in OParl", countWhere(&model.User{}, "oparl_consent = ?", true), 4},
		} {
			if c.got != int64(c.want) {
				t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
			}
		}
	}
	for i := range 2 { // the second call must not change anything
		if err := demo.Seed(ctx, store.New(d.Gorm), acc, "digitalrat-demo-2026", log); err != nil {
			t.Fatalf("seed %d: %v", i+1, err)
		}
		check()
	}
	if wantComments < 30 {
		t.Errorf("the demo discussions have %d comments, want a few dozen", wantComments)
	}
	discussions(t, d.Gorm)
	demoSessions(t, d.Gorm)
	// The demo KPIs tell a story: some reached, some on track, some behind, one without data yet.
	all, err := kpis.New(store.New(d.Gorm), time.Now).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[string]int{}
	for _, v := range all {
		statuses[v.Status]++
	}
	for _, s := range kpis.Statuses {
		if statuses[s] == 0 {
			t.Errorf("no demo KPI is %s: %v", s, statuses)
		}
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

// discussions checks that the seeded discussions show what the product is for: threads with replies and
// votes on several projects, paragraph comments, questions answered by the Bürgeramt and one still open,
// a hidden comment in the public log, and contributions an official recorded from letters and calls.
func discussions(t *testing.T, db *gorm.DB) {
	t.Helper()
	n := func(where string, args ...any) int64 {
		t.Helper()
		var c int64
		if err := db.Model(&model.Comment{}).Where(where, args...).Count(&c).Error; err != nil {
			t.Fatal(err)
		}
		return c
	}
	var projects int64
	if err := db.Model(&model.Comment{}).Distinct("project_id").Count(&projects).Error; err != nil {
		t.Fatal(err)
	}
	var hides []model.ModerationAction
	if err := db.Where("action = ?", "hide").Find(&hides).Error; err != nil {
		t.Fatal(err)
	}
	var authors int64
	if err := db.Model(&model.Comment{}).Where("channel = ?", "online").Distinct("author_id").Count(&authors).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		got  int64
		min  int64
	}{
		{"projects with comments", projects, 5},
		{"replies", n("parent_id IS NOT NULL AND kind = ?", "comment"), 8},
		{"paragraph comments", n("block_id IS NOT NULL AND parent_id IS NULL"), 5},
		{"answered questions", n("kind = ? AND question_status = ? AND first_response_at IS NOT NULL", "question", "answered"), 2},
		{"open questions", n("kind = ? AND question_status = ?", "question", "open"), 1},
		{"official responses of the Bürgeramt", n("kind = ? AND department = ?", "official_response", "Bürgeramt"), 3},
		{"letters", n("channel = ? AND submitter_name <> ?", "letter", ""), 1},
		{"phone calls", n("channel = ?", "phone"), 1},
		{"hidden comments", n("status = ? AND hidden_reason IS NOT NULL", model.CommentHidden), 1},
		{"hidings in the moderation log", int64(len(hides)), 1},
		{"authors writing online", authors, 6},
		{"comments older than a day", n("created_at < ?", time.Now().Add(-24*time.Hour)), 30},
	} {
		if c.got < c.min {
			t.Errorf("%s: %d, want at least %d", c.name, c.got, c.min)
		}
	}
	for _, h := range hides {
		if h.Reason == nil || *h.Reason == "" || h.ActorRole != model.RoleModerator {
			t.Errorf("hiding without reason or moderator: %+v", h)
		}
	}
}

// demoSessions checks the seeded sessions: a past public one (closed, with agenda, attendance, an answered
// question and a closed council poll on an agenda item), a scheduled public one with three items (one
// linked to a project) and a non-public one.
func demoSessions(t *testing.T, db *gorm.DB) {
	t.Helper()
	var list []model.Session
	if err := db.Order("starts_at").Find(&list).Error; err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("sessions: %d, want 3", len(list))
	}
	past, next, hidden := list[0], list[1], list[2]
	if past.State != model.SessionClosed || past.Visibility != model.SessionPublic || !past.StartsAt.Before(time.Now()) {
		t.Errorf("past session: %+v", past)
	}
	if next.State != model.SessionScheduled || next.Visibility != model.SessionPublic || !next.StartsAt.After(time.Now()) {
		t.Errorf("next session: %+v", next)
	}
	if hidden.Visibility != model.SessionNonPublic {
		t.Errorf("non-public session: %+v", hidden)
	}
	n := func(m any, where string, args ...any) int64 {
		var c int64
		if err := db.Model(m).Where(where, args...).Count(&c).Error; err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"items of the past session", n(&model.AgendaItem{}, "session_id = ?", past.ID), 2},
		{"done items of the past session", n(&model.AgendaItem{}, "session_id = ? AND state = ?", past.ID, model.ItemDone), 2},
		{"items of the next session", n(&model.AgendaItem{}, "session_id = ?", next.ID), 3},
		{"linked items of the next session", n(&model.AgendaItem{}, "session_id = ? AND project_id IS NOT NULL", next.ID), 1},
		{"attendance of the past session", n(&model.Attendance{}, "session_id = ?", past.ID), 4},
		{"answered questions", n(&model.Question{}, "session_id = ? AND answered_at IS NOT NULL", past.ID), 1},
		{"pending questions", n(&model.Question{}, "session_id = ? AND state = ?", next.ID, model.QuestionPending), 1},
		{"closed agenda item polls", n(&model.Poll{}, "subject_type = ? AND state = ?", "agenda_item", model.PollClosed), 1},
		{"published minutes of the past session", n(&model.MinutesVersion{}, "session_id = ?", past.ID), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
}
