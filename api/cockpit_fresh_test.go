package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/cockpit"
	"github.com/digitalrat/digitalrat/internal/model"
)

// TestCockpitNextRead makes one change of each kind the cockpit shows and checks that the next read shows
// it: the cockpit rebuilds only the parts an event may change (a comment recounts its project alone), so
// each kind goes through its own path. At the end a build from all rows must give the same figures.
func TestCockpitNextRead(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, official := e.user("Olga Official", model.RoleOfficial)
	_, moderator := e.user("Mo Moderator", model.RoleModerator)
	_, resident := e.user("Rita Resident")

	a := projectInput("frisch-a") // planned, Bürgeramt
	b := projectInput("frisch-b")
	b["owner_unit"] = "Umweltamt"
	e.createProject(official, a)
	e.createProject(admin, b)
	doc := e.createDocument(admin, "frisch-b", "# Konzept\n\nErster Absatz.\n")
	before, _ := e.cockpit("")

	// A published comment, then one on a document (its events have the document's topic).
	c1 := e.postComment(resident, "frisch-a", map[string]any{"body": "Gut so."})
	got, _ := e.cockpit("")
	if got.Participation.Total != before.Participation.Total+1 || got.Participation.ByChannel["online"] != 1 {
		t.Fatalf("after a comment: %+v", got.Participation)
	}
	e.postComment(resident, "frisch-b", map[string]any{"body": "Zum Absatz.", "document_id": doc.ID, "version": 1,
		"block_id": doc.Blocks[0].BlockID})
	if got, _ = e.cockpit(""); got.Participation.Total != 2 {
		t.Fatalf("after a comment on a document: %+v", got.Participation)
	}

	// Hidden by a moderator: no longer counted.
	if res := e.moderate(moderator, c1.ID, map[string]any{"action": "hide", "reason": "spam"}); res.Code != http.StatusOK {
		t.Fatalf("hide: %d %s", res.Code, res.Body)
	}
	if got, _ = e.cockpit(""); got.Participation.Total != 1 || got.Participation.ByChannel["online"] != 1 {
		t.Fatalf("after hiding: %+v", got.Participation)
	}

	// A question, then its answer.
	q := e.postComment(resident, "frisch-a", map[string]any{"body": "Wann geht es los?", "kind": "question"})
	got, _ = e.cockpit("")
	if o := got.ResponseTimes.Overall; o.Questions != 1 || o.Answered != 0 || o.MedianResponseSeconds != nil {
		t.Fatalf("after a question: %+v", o)
	}
	if res := e.respond(official, q.ID, "Im Frühjahr."); res.Code != http.StatusCreated {
		t.Fatalf("respond: %d %s", res.Code, res.Body)
	}
	got, _ = e.cockpit("")
	if o := got.ResponseTimes.Overall; o.Questions != 1 || o.Answered != 1 || o.MedianResponseSeconds == nil ||
		len(got.ResponseTimes.ByDepartment) != 1 || got.ResponseTimes.ByDepartment[0].Department != "Bürgeramt" {
		t.Fatalf("after the answer: %+v", got.ResponseTimes)
	}

	// The project's status and owner unit: the counts and the department of its questions.
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/frisch-a", token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"status": "in_progress", "owner_unit": "Bauamt"}}); res.Code != http.StatusOK {
		t.Fatalf("patch project: %d %s", res.Code, res.Body)
	}
	got, _ = e.cockpit("")
	if got.Projects.ByStatus["in_progress"] != 1 || got.Projects.ByStatus["planned"] != 1 ||
		len(got.ResponseTimes.ByDepartment) != 1 || got.ResponseTimes.ByDepartment[0].Department != "Bauamt" {
		t.Fatalf("after the status change: %+v %+v", got.Projects, got.ResponseTimes.ByDepartment)
	}

	// A KPI and a measurement.
	k := e.createKPI(admin, "frisch-b", kpiInput("Erreicht"))
	if got, _ = e.cockpit(""); got.KPIs.Total != 1 || got.KPIs.ByStatus["no_data"] != 1 {
		t.Fatalf("after a KPI: %+v", got.KPIs)
	}
	e.measure(admin, k.ID, map[string]any{"value": 20, "measured_at": "2026-06-01", "source": "Amt"})
	if got, _ = e.cockpit(""); got.KPIs.ByStatus["reached"] != 1 || got.KPIs.ByStatus["no_data"] != 0 {
		t.Fatalf("after a measurement: %+v", got.KPIs)
	}

	// A support.
	if res := e.support(http.MethodPut, resident, "frisch-b"); res.Code != http.StatusNoContent {
		t.Fatalf("support: %d %s", res.Code, res.Body)
	}
	if got, _ = e.cockpit(""); len(got.MostSupported) != 1 || got.MostSupported[0].Slug != "frisch-b" {
		t.Fatalf("after a support: %+v", got.MostSupported)
	}

	// An evaluation cycle and an evaluation (they announce nothing live).
	cycle := e.createCycle(admin, 30*24*time.Hour, nil)
	if got, _ = e.cockpit(""); got.Evaluation == nil || got.Evaluation.Cycle.ID != cycle {
		t.Fatalf("after a cycle: %+v", got.Evaluation)
	}
	if res := e.evaluate(resident, cycle, "frisch-b", scores(5, nil), ""); res.Code != 200 && res.Code != 201 {
		t.Fatalf("evaluate: %d %s", res.Code, res.Body)
	}
	got, last := e.cockpit("")
	if r := got.Evaluation.Results; len(r) != 1 || r[0].Project.Slug != "frisch-b" || *r[0].Public.Count != 1 {
		t.Fatalf("after an evaluation: %+v", r)
	}

	// Everything built from all rows again gives the same figures as the changes applied part by part.
	e.clock.Advance(cockpit.FullAge + time.Second)
	full, rebuilt := e.cockpit("")
	if !full.GeneratedAt.After(got.GeneratedAt) {
		t.Fatalf("not built again after FullAge")
	}
	if a, b := withoutGeneratedAt(t, last), withoutGeneratedAt(t, rebuilt); !bytes.Equal(a, b) {
		t.Errorf("figures kept up to date part by part differ from a full build:\n%s\n%s", a, b)
	}
}

// withoutGeneratedAt is a cockpit body without its generation time, for comparing figures.
func withoutGeneratedAt(t *testing.T, body []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "generated_at")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
