package polls_test

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/polls"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// seedUsers inserts n verified residents in one statement and returns them.
func seedUsers(b *testing.B, d *db.DB, prefix string, n int) []model.User {
	now := time.Now().UTC().Truncate(time.Microsecond)
	err := d.Gorm.Exec(`WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
		INSERT INTO users (email, display_name, password_hash, roles, email_verified_at, tokens_valid_after, created_at, updated_at)
		SELECT ? || i || '@example.org', ? || i, 'x', 'resident', ?, ?, ?, ? FROM seq`,
		n, prefix, prefix, now, now, now, now).Error
	if err != nil {
		b.Fatal(err)
	}
	var users []model.User
	if err := d.Gorm.Where("email LIKE ?", prefix+"%").Order("id").Find(&users).Error; err != nil {
		b.Fatal(err)
	}
	return users
}

func benchSetup(b *testing.B) (*db.DB, *polls.Service, *model.User, *model.Project) {
	d := testdb.New(b)
	st := store.New(d.Gorm)
	now := time.Now().UTC().Truncate(time.Microsecond)
	admin := seedUsers(b, d, "admin", 1)[0]
	admin.Roles = model.NewRoleSet(model.RoleAdmin)
	p := &model.Project{Slug: "bench", Title: "Bench", Status: "planned", OwnerUnit: "Bürgeramt", Effort: 1, Version: 1,
		CreatedAt: now, UpdatedAt: now}
	if err := st.Projects().Create(context.Background(), p); err != nil {
		b.Fatal(err)
	}
	return d, polls.New(st, func() time.Time { return time.Now().UTC() }), &admin, p
}

func openPoll(b *testing.B, svc *polls.Service, admin *model.User) *polls.View {
	ctx := context.Background()
	v, err := svc.Create(ctx, admin, polls.Input{Subject: polls.Subject{Type: "project", Slug: "bench"}, Question: "Bench?",
		Kind: model.PollSingleChoice, Options: []string{"A", "B", "C"}, Audience: model.PollPublic})
	if err != nil {
		b.Fatal(err)
	}
	if v, err = svc.Open(ctx, admin, v.Poll.ID); err != nil {
		b.Fatal(err)
	}
	return v
}

// BenchmarkPollBallots: 1,000 voters cast their ballots concurrently in one poll (SQLite, or PostgreSQL
// with TEST_DATABASE_URL); reports ballots per second.
func BenchmarkPollBallots(b *testing.B) {
	d, svc, admin, _ := benchSetup(b)
	voters := seedUsers(b, d, "voter", 1000)
	ctx := context.Background()
	var total time.Duration
	for b.Loop() {
		v := openPoll(b, svc, admin)
		start := time.Now()
		var wg sync.WaitGroup
		for i := range voters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := svc.Vote(ctx, &voters[i], v.Poll.ID, []string{strconv.FormatInt(v.Options[i%3].ID, 10)}); err != nil {
					b.Error(err)
				}
			}()
		}
		wg.Wait()
		total += time.Since(start)
	}
	svc.Flush()
	b.ReportMetric(float64(1000*b.N)/total.Seconds(), "ballots/s")
	b.Logf("%s: 1,000 concurrent voters, %.0f ballots/s", d.Name(), float64(1000*b.N)/total.Seconds())
}

// BenchmarkPollResults: the results of a poll with 100,000 ballots (read from counters); p50 and p99.
func BenchmarkPollResults(b *testing.B) {
	d, svc, admin, _ := benchSetup(b)
	v := openPoll(b, svc, admin)
	voters := seedUsers(b, d, "many", 100_000)
	if err := d.Gorm.Exec("INSERT INTO poll_voters (poll_id, user_id) SELECT ?, id FROM users WHERE email LIKE 'many%'", v.Poll.ID).Error; err != nil {
		b.Fatal(err)
	}
	if err := d.Gorm.Exec("UPDATE polls SET ballot_count = ? WHERE id = ?", len(voters), v.Poll.ID).Error; err != nil {
		b.Fatal(err)
	}
	for i, n := range []int{50_000, 30_000, 20_000} {
		if err := d.Gorm.Exec("UPDATE poll_options SET vote_count = ? WHERE id = ?", n, v.Options[i].ID).Error; err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	var lat []time.Duration
	for b.Loop() {
		start := time.Now()
		r, err := svc.Results(ctx, nil, v.Poll.ID)
		if err != nil || r.TotalBallots != 100_000 {
			b.Fatal(err, r)
		}
		lat = append(lat, time.Since(start))
	}
	slices.Sort(lat)
	p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
	b.ReportMetric(float64(p50.Microseconds()), "p50-µs")
	b.ReportMetric(float64(p99.Microseconds()), "p99-µs")
	b.Logf("%s: results of a poll with 100,000 ballots: p50 %s, p99 %s (%d runs)", d.Name(), p50, p99, len(lat))
}
