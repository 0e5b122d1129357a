package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// BenchmarkCockpit reads GET /api/v1/cockpit over 200 projects, 400 KPIs with 2,000 measurements and
// 100,000 comments (SQLite, or PostgreSQL with TEST_DATABASE_URL) and prints the p50 and p99 latency of
// the reads of each mode:
//   - cached: as anonymous readers get it between events;
//   - comments: a comment is written (with its comment.created event, in one transaction, untimed) before
//     every tenth read, so that read recounts the comments of one project;
//   - project: a project.updated event before every read, which rebuilds the projects, KPIs, supports and
//     evaluation parts and sums the comment figures of all projects again (without recounting them);
//   - full: an event of a type the cockpit does not know before every read, which builds everything from
//     all rows (as the first read does, and the first after FullAge).
//
// Each mode takes at least 20 reads (more with -benchtime), so that the full build has a p99 at all.
func BenchmarkCockpit(b *testing.B) {
	d := testdb.New(b)
	h, _ := benchApp(b, d, nil)
	start := time.Now()
	projectIDs := seedCockpit(b, d.Gorm)
	b.Logf("seeded in %s", time.Since(start).Round(time.Millisecond))

	get := func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/cockpit", nil))
		if rec.Code != 200 {
			b.Fatalf("cockpit: %d %.300s", rec.Code, rec.Body)
		}
	}
	event := func(tx *gorm.DB, topic, typ string) {
		ev := &model.Event{Topic: topic, Type: typ, Payload: `{}`, CreatedAt: time.Now().UTC()}
		if err := tx.Create(ev).Error; err != nil {
			b.Fatal(err)
		}
	}
	writes := 0
	comment := func() {
		writes++
		i := writes % len(projectIDs)
		err := d.Gorm.Transaction(func(tx *gorm.DB) error {
			now := time.Now().UTC()
			c := &model.Comment{ProjectID: projectIDs[i], Body: "Neu", BodyHTML: "<p>Neu</p>", Kind: "comment",
				Channel: "online", Status: model.CommentPublished, CreatedAt: now, UpdatedAt: now}
			if err := tx.Create(c).Error; err != nil {
				return err
			}
			event(tx, fmt.Sprintf("project:bench-%d", i), "comment.created")
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	before := map[string]func(i int){
		"cached": func(int) {},
		"comments": func(i int) {
			if i%10 == 0 {
				comment()
			}
		},
		"project": func(int) { event(d.Gorm, "project:bench-0", "project.updated") },
		"full":    func(int) { event(d.Gorm, "bench", "bench.unknown") },
	}
	get()
	for _, mode := range []string{"cached", "comments", "project", "full"} {
		b.Run(mode, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			read := func(i int) {
				before[mode](i)
				t0 := time.Now()
				get()
				lat = append(lat, time.Since(t0))
			}
			i := 0
			for ; b.Loop(); i++ {
				read(i)
			}
			for ; len(lat) < 20; i++ {
				read(i)
			}
			slices.Sort(lat)
			p50, p99 := lat[len(lat)/2], lat[len(lat)*99/100]
			b.ReportMetric(float64(p50.Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
			fmt.Printf("BenchmarkCockpit/%s (%s): %d reads, p50 %s, p99 %s\n", mode, d.Gorm.Dialector.Name(), len(lat),
				p50.Round(time.Microsecond), p99.Round(time.Microsecond))
		})
	}
	// The outbox rows of the benchmark are not valid live events; nothing checks them here.
}

// seedCockpit writes the benchmark's data set in batches: 200 projects over 10 owner units, 2 KPIs per
// project with 5 measurements each (one of them corrected), and 100,000 published comments in all four
// channels, a tenth of them questions, most answered. It returns the ids of the projects.
func seedCockpit(b testing.TB, db *gorm.DB) []int64 {
	b.Helper()
	now := time.Now().UTC().Truncate(time.Microsecond)
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	projects := make([]model.Project, 200)
	for i := range projects {
		projects[i] = model.Project{Slug: fmt.Sprintf("bench-%d", i), Title: fmt.Sprintf("Vorhaben %d", i),
			Status: model.ProjectStatuses[i%len(model.ProjectStatuses)], OwnerUnit: fmt.Sprintf("Amt %d", i%10),
			Principles: model.NewPrincipleSet(model.Principles[i%5]), Effort: 1 + i%5, ExpectedReach: int64(i * 100),
			SupportCount: int64(i % 37), Version: 1, CreatedAt: now, UpdatedAt: now}
	}
	must(db.CreateInBatches(projects, 100).Error)
	var principles []model.ProjectPrinciple
	var kpis []model.KPI
	for i, p := range projects {
		principles = append(principles, model.ProjectPrinciple{ProjectID: p.ID, Principle: model.Principles[i%5]})
		for j := range 2 {
			kpis = append(kpis, model.KPI{ProjectID: p.ID, Name: fmt.Sprintf("Kennzahl %d", j), Direction: model.DirectionIncrease,
				BaselineValue: 0, BaselineDate: "2024-01-01", TargetValue: 100, TargetDate: "2028-01-01", Version: 1,
				CreatedAt: now, UpdatedAt: now})
		}
	}
	must(db.CreateInBatches(principles, 500).Error)
	must(db.CreateInBatches(kpis, 500).Error)
	var ms []model.KPIMeasurement
	for i, k := range kpis {
		for j := range 5 {
			ms = append(ms, model.KPIMeasurement{KPIID: k.ID, Value: float64((i*7+j*13)%100 + j*5),
				MeasuredAt: fmt.Sprintf("202%d-06-01", 4+j%3), Source: "Bench", CreatedAt: now})
		}
	}
	must(db.Omit("CorrectedBy").CreateInBatches(ms, 500).Error)
	// One correction per KPI (the first measurement): 2,000 measurements in all.
	var fixes []model.KPIMeasurement
	for i := 0; i < len(ms); i += 5 {
		id := ms[i].ID
		fixes = append(fixes, model.KPIMeasurement{KPIID: ms[i].KPIID, Value: ms[i].Value + 1, MeasuredAt: ms[i].MeasuredAt,
			Source: "Bench", Corrects: &id, CreatedAt: now})
	}
	must(db.Omit("CorrectedBy").CreateInBatches(fixes[:len(fixes)/2], 500).Error)
	batch := make([]model.Comment, 0, 1000)
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("BENCH_COMMENTS")); err == nil && v > 0 {
		n = v // a quicker run
	}
	for i := range n {
		c := model.Comment{ProjectID: projects[i%len(projects)].ID, Body: "Kommentar", BodyHTML: "<p>Kommentar</p>",
			Kind: "comment", Channel: model.CommentChannels[i%len(model.CommentChannels)], Status: model.CommentPublished,
			CreatedAt: now.Add(-time.Duration(i) * 5 * time.Minute), UpdatedAt: now}
		if i%10 == 0 {
			open := model.QuestionOpen
			c.Kind, c.QuestionStatus = "question", &open
			if i%30 != 0 {
				at := c.CreatedAt.Add(time.Duration(i%20) * 24 * time.Hour)
				c.FirstResponseAt = &at
			}
		}
		batch = append(batch, c)
		if len(batch) == cap(batch) {
			must(db.Create(&batch).Error)
			batch = batch[:0]
		}
	}
	if db.Dialector.Name() == "postgres" {
		must(db.Exec("ANALYZE").Error)
	}
	ids := make([]int64, len(projects))
	for i := range projects {
		ids[i] = projects[i].ID
	}
	return ids
}
