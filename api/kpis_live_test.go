package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestKPILiveTopic: the public topic kpis carries the KPI events of every project — an anonymous
// subscriber (the cockpit) receives kpi.created, kpi.measurement_created and kpi.updated of two projects
// without subscribing to either, and the events also stay on project:<slug>.
func TestKPILiveTopic(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	url := e.liveServer()
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	anon := dialLive(t, url, "")
	if m, _ := anon.subscribe("kpis", 0); m.Op != "subscribed" {
		t.Fatalf("anonymous subscribe kpis: %+v", m)
	}
	if m, _ := anon.subscribe("kpis:1", 0); m.Op == "subscribed" {
		t.Fatalf("kpis takes no id: %+v", m)
	}
	slugA := e.createProject(admin, projectInput("kpi-live-a")).Slug
	slugB := e.createProject(admin, projectInput("kpi-live-b")).Slug
	type payload struct {
		Slug  string `json:"slug"`
		KPIID string `json:"kpi_id"`
	}
	expect := func(typ, slug, id string) {
		t.Helper()
		m, err := anon.await("kpis", typ, 3*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var p payload
		if err := json.Unmarshal(m.Data, &p); err != nil {
			t.Fatal(err)
		}
		if p.Slug != slug || (id != "" && p.KPIID != id) {
			t.Fatalf("%s: %s, want slug %s kpi %s", typ, m.Data, slug, id)
		}
	}
	a := e.createKPI(admin, slugA, kpiInput("Live A"))
	expect("kpi.created", slugA, a.ID)
	b := e.createKPI(admin, slugB, kpiInput("Live B"))
	expect("kpi.created", slugB, b.ID)
	e.measure(admin, b.ID, map[string]any{"value": 12, "measured_at": "2026-03-01", "source": "Amt"})
	expect("kpi.measurement_created", slugB, b.ID)
	res := e.do(req{method: "PATCH", path: "/api/v1/kpis/" + a.ID, token: admin,
		body: map[string]any{"target": map[string]any{"value": 30, "date": "2027-01-01"}}, header: map[string]string{"If-Match": "1"}})
	if res.Code != 200 {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	expect("kpi.updated", slugA, a.ID)

	// A fresh subscriber replays them from the outbox; project:<slug> has its own copies.
	late := dialLive(t, url, "")
	m, replayed := late.subscribe("kpis", 0)
	if m.Op != "subscribed" || len(replayed) != 4 {
		t.Fatalf("replay of kpis: %+v, %d events", m, len(replayed))
	}
	var onA int64
	if err := e.db.Gorm.Table("events").Where("topic = ? AND type LIKE ?", "project:"+slugA, "kpi.%").Count(&onA).Error; err != nil {
		t.Fatal(err)
	}
	if onA != 2 {
		t.Fatalf("kpi events on project:%s: %d, want 2", slugA, onA)
	}
}
