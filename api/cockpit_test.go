package api_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type cockpitBody struct {
	GeneratedAt time.Time `json:"generated_at"`
	EventID     int64     `json:"event_id"`
	Projects    struct {
		Total       int            `json:"total"`
		ByStatus    map[string]int `json:"by_status"`
		ByPrinciple map[string]int `json:"by_principle"`
		ByOwner     []struct {
			OwnerUnit string `json:"owner_unit"`
			Projects  int    `json:"projects"`
		} `json:"by_owner"`
	} `json:"projects"`
	KPIs struct {
		Total      int            `json:"total"`
		ByStatus   map[string]int `json:"by_status"`
		MostBehind []struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"most_behind"`
	} `json:"kpis"`
	Participation struct {
		Total     int            `json:"total"`
		ByChannel map[string]int `json:"by_channel"`
		ByMonth   []struct {
			Month     string         `json:"month"`
			Total     int            `json:"total"`
			ByChannel map[string]int `json:"by_channel"`
		} `json:"by_month"`
	} `json:"participation"`
	ResponseTimes struct {
		Overall struct {
			Questions             int      `json:"questions"`
			Answered              int      `json:"answered"`
			MedianResponseSeconds *int64   `json:"median_response_seconds"`
			AnsweredWithin14Days  *float64 `json:"answered_within_14_days"`
		} `json:"overall"`
		ByDepartment []struct {
			Department string `json:"department"`
			Questions  int    `json:"questions"`
		} `json:"by_department"`
	} `json:"response_times"`
	MostSupported []struct {
		Slug         string `json:"slug"`
		SupportCount int    `json:"support_count"`
	} `json:"most_supported"`
	Evaluation *struct {
		Cycle struct {
			ID string `json:"id"`
		} `json:"cycle"`
		Results []struct {
			Project struct {
				Slug string `json:"slug"`
			} `json:"project"`
			Public struct {
				Count *int64   `json:"count"`
				Mean  *float64 `json:"mean"`
			} `json:"public"`
		} `json:"results"`
	} `json:"evaluation"`
}

func (e *env) cockpit(token string) (cockpitBody, []byte) {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/cockpit", token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("cockpit: %d %s", res.Code, res.Body)
	}
	var c cockpitBody
	res.JSON(e.t, &c)
	return c, res.Body
}

// TestCockpit checks the figures of a fixed data set against a recount, and that the cached snapshot
// shows every write in the next read.
func TestCockpit(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // 2026-11-02
	adminUser, admin := e.user("Ada Admin", model.RoleAdmin)
	officialUser, official := e.user("Olga Official", model.RoleOfficial)
	residentUser, resident := e.user("Rita Resident")

	empty, _ := e.cockpit("")
	if empty.Projects.Total != 0 || empty.KPIs.Total != 0 || empty.Evaluation != nil || len(empty.MostSupported) != 0 {
		t.Fatalf("empty cockpit: %+v", empty)
	}

	a := projectInput("cockpit-a") // planned, efficiency, Bürgeramt
	b := projectInput("cockpit-b")
	b["status"], b["owner_unit"], b["principles"] = "in_progress", "Umweltamt", []string{"efficiency", "inclusion"}
	e.createProject(official, a)
	e.createProject(admin, b)

	// Four KPIs, one of each status.
	reached := e.createKPI(official, "cockpit-a", kpiInput("Erreicht"))
	e.measure(official, reached.ID, map[string]any{"value": 20, "measured_at": "2026-06-01", "source": "Amt"})
	onTrack := e.createKPI(official, "cockpit-a", kpiInput("Im Plan"))
	e.measure(official, onTrack.ID, map[string]any{"value": 17, "measured_at": "2026-07-01", "source": "Amt"})
	slightly := e.createKPI(admin, "cockpit-b", kpiInput("Etwas hinten"))
	e.measure(admin, slightly.ID, map[string]any{"value": 14, "measured_at": "2026-07-01", "source": "Amt"}) // line: 14.96
	far := e.createKPI(admin, "cockpit-b", kpiInput("Weit hinten"))
	e.measure(admin, far.ID, map[string]any{"value": 9, "measured_at": "2026-07-01", "source": "Amt"})
	e.createKPI(official, "cockpit-a", kpiInput("Ohne Daten"))

	// Participation: two online comments and a question in November, a letter received in October.
	c1 := e.postComment(resident, "cockpit-a", map[string]any{"body": "Gut so."})
	e.postComment(resident, "cockpit-b", map[string]any{"body": "Und barrierefrei?"})
	q := e.postComment(resident, "cockpit-a", map[string]any{"body": "Wann geht es los?", "kind": "question"})
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/cockpit-a/contributions", token: official,
		body: map[string]any{"body": "Brief", "channel": "letter", "received_at": "2026-10-15"}}); res.Code != 201 {
		t.Fatalf("contribution: %d %s", res.Code, res.Body)
	}
	e.clock.Advance(2 * 24 * time.Hour)
	admin, official, resident = e.token(adminUser), e.token(officialUser), e.token(residentUser)
	if res := e.respond(official, q.ID, "Im Frühjahr."); res.Code != 201 {
		t.Fatalf("respond: %d %s", res.Code, res.Body)
	}
	_ = c1
	if res := e.do(req{method: http.MethodPut, path: "/api/v1/projects/cockpit-b/support", token: resident}); res.Code != 204 {
		t.Fatalf("support: %d", res.Code)
	}

	got, body := e.cockpit("")
	p := got.Projects
	if p.Total != 2 || p.ByStatus["planned"] != 1 || p.ByStatus["in_progress"] != 1 || p.ByStatus["idea"] != 0 ||
		p.ByPrinciple["efficiency"] != 2 || p.ByPrinciple["inclusion"] != 1 || len(p.ByOwner) != 2 {
		t.Errorf("projects: %+v", p)
	}
	k := got.KPIs
	if k.Total != 5 || k.ByStatus["reached"] != 1 || k.ByStatus["on_track"] != 1 || k.ByStatus["behind"] != 2 || k.ByStatus["no_data"] != 1 {
		t.Errorf("kpis: %+v", k)
	}
	if len(k.MostBehind) != 2 || k.MostBehind[0].ID != far.ID || k.MostBehind[1].ID != slightly.ID {
		t.Errorf("most behind: %+v", k.MostBehind)
	}
	// Recount of the participation from the raw rows.
	var recount int64
	if err := e.db.Gorm.Table("comments").Where("status = 'published' AND deleted_at IS NULL").Count(&recount).Error; err != nil {
		t.Fatal(err)
	}
	pa := got.Participation
	if int64(pa.Total) != recount || pa.Total != 5 || pa.ByChannel["online"] != 4 || pa.ByChannel["letter"] != 1 {
		t.Errorf("participation (recount %d): %+v", recount, pa)
	}
	if len(pa.ByMonth) != 2 || pa.ByMonth[0].Month != "2026-10" || pa.ByMonth[0].ByChannel["letter"] != 1 ||
		pa.ByMonth[1].Month != "2026-11" || pa.ByMonth[1].Total != 4 {
		t.Errorf("by month: %+v", pa.ByMonth)
	}
	rt := got.ResponseTimes
	if rt.Overall.Questions != 1 || rt.Overall.Answered != 1 || rt.Overall.MedianResponseSeconds == nil ||
		*rt.Overall.MedianResponseSeconds < 2*24*3600 || *rt.Overall.AnsweredWithin14Days != 1 ||
		len(rt.ByDepartment) != 1 || rt.ByDepartment[0].Department != "Bürgeramt" {
		t.Errorf("response times: %+v (median %v)", rt, *rt.Overall.MedianResponseSeconds)
	}
	if len(got.MostSupported) != 1 || got.MostSupported[0].Slug != "cockpit-b" || got.MostSupported[0].SupportCount != 1 {
		t.Errorf("most supported: %+v", got.MostSupported)
	}

	// Served from the snapshot while nothing happens; a logged-in reader gets the same.
	again, body2 := e.cockpit(resident)
	if string(body) != string(body2) || !again.GeneratedAt.Equal(got.GeneratedAt) {
		t.Errorf("not served from the snapshot")
	}

	// A write is visible in the next read: a measurement moves "Weit hinten" to reached. Concurrent
	// readers share one rebuild and all see it.
	e.measure(admin, far.ID, map[string]any{"value": 30, "measured_at": "2026-10-01", "source": "Amt"})
	var wg sync.WaitGroup
	bodies := make([]string, 6)
	for i := range bodies {
		wg.Go(func() {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/cockpit"})
			if res.Code != http.StatusOK {
				t.Errorf("concurrent read: %d", res.Code)
			}
			bodies[i] = string(res.Body)
		})
	}
	wg.Wait()
	after, last := e.cockpit("")
	for _, b := range bodies {
		if b != string(last) {
			t.Errorf("a concurrent reader got another snapshot")
		}
	}
	if after.EventID <= got.EventID || after.KPIs.ByStatus["reached"] != 2 || len(after.KPIs.MostBehind) != 1 {
		t.Errorf("after a measurement: %+v", after.KPIs)
	}
	// Evaluations announce nothing live; the snapshot sees them all the same.
	cycle := e.createCycle(admin, 30*24*time.Hour, nil)
	withCycle, _ := e.cockpit("")
	if withCycle.Evaluation == nil || withCycle.Evaluation.Cycle.ID != cycle || len(withCycle.Evaluation.Results) != 0 {
		t.Fatalf("cycle: %+v", withCycle.Evaluation)
	}
	if res := e.evaluate(resident, cycle, "cockpit-a", scores(4, nil), ""); res.Code != 200 && res.Code != 201 {
		t.Fatalf("evaluate: %d %s", res.Code, res.Body)
	}
	evaluated, _ := e.cockpit("")
	if r := evaluated.Evaluation.Results; len(r) != 1 || r[0].Project.Slug != "cockpit-a" || *r[0].Public.Count != 1 {
		t.Errorf("evaluation results: %+v", r)
	}
	// A second evaluation of the same user only changes the scores.
	e.clock.Advance(time.Second)
	if res := e.evaluate(resident, cycle, "cockpit-a", scores(2, nil), ""); res.Code != 200 && res.Code != 201 {
		t.Fatalf("evaluate again: %d %s", res.Code, res.Body)
	}
	changed, first := e.cockpit("")
	if r := changed.Evaluation.Results; len(r) != 1 || *r[0].Public.Count != 1 || *r[0].Public.Mean != 2 {
		t.Errorf("changed evaluation: %+v", r)
	}
	if _, second := e.cockpit(""); string(first) != string(second) {
		t.Errorf("two reads without a write differ")
	}
}
