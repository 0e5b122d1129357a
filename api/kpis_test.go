package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

type kpiBody struct {
	ID      string `json:"id"`
	Project string `json:"project"`
	Name    string `json:"name"`
	Version int    `json:"version"`
	Latest  *struct {
		MeasurementID string  `json:"measurement_id"`
		Value         float64 `json:"value"`
		MeasuredAt    string  `json:"measured_at"`
	} `json:"latest"`
	Progress    *float64 `json:"progress"`
	Status      string   `json:"status"`
	Principle   *string  `json:"principle"`
	Permissions struct {
		Edit              bool `json:"edit"`
		RecordMeasurement bool `json:"record_measurement"`
	} `json:"permissions"`
}

type measurementBody struct {
	ID          string  `json:"id"`
	Value       float64 `json:"value"`
	MeasuredAt  string  `json:"measured_at"`
	Corrects    *string `json:"corrects"`
	CorrectedBy *string `json:"corrected_by"`
}

// kpiInput is a KPI that shall rise from 10 (2026-01-01) to 20 (2027-01-01).
func kpiInput(name string) map[string]any {
	return map[string]any{"name": name, "description": "Anteil der Anträge, die online gestellt werden.", "unit": "%",
		"direction": "increase", "baseline": map[string]any{"value": 10, "date": "2026-01-01"},
		"target": map[string]any{"value": 20, "date": "2027-01-01"}, "principle": "citizen_centred"}
}

func (e *env) createKPI(token, slug string, body map[string]any) kpiBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create kpi: %d %s", res.Code, res.Body)
	}
	var k kpiBody
	res.JSON(e.t, &k)
	return k
}

func (e *env) getKPI(token, id string) kpiBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/kpis/" + id, token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("get kpi: %d %s", res.Code, res.Body)
	}
	var k kpiBody
	res.JSON(e.t, &k)
	return k
}

func (e *env) measure(token, id string, body map[string]any) measurementBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + id + "/measurements", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("measure: %d %s", res.Code, res.Body)
	}
	var m measurementBody
	res.JSON(e.t, &m)
	return m
}

func TestKPIs(t *testing.T) {
	t.Parallel()
	e := newEnv(t) // the clock stands at 2026-11-02
	_, official := e.user("Olga Official", model.RoleOfficial)
	slug := e.createProject(official, projectInput("kennzahlen")).Slug

	k := e.createKPI(official, slug, kpiInput("Online-Anteil"))
	if k.Status != "no_data" || k.Latest != nil || k.Progress != nil || k.Version != 1 || !k.Permissions.Edit {
		t.Fatalf("new kpi: %+v", k)
	}
	if got := e.getKPI("", k.ID); got.Permissions.Edit || got.Name != "Online-Anteil" {
		t.Fatalf("anonymous view: %+v", got)
	}

	t.Run("validation names the field", func(t *testing.T) {
		cases := []struct {
			name  string
			patch func(m map[string]any)
			field string
		}{
			{"direction enum", func(m map[string]any) { m["direction"] = "sideways" }, "direction"},
			{"baseline date", func(m map[string]any) { m["baseline"] = map[string]any{"value": 1, "date": "01.01.2026"} }, "baseline.date"},
			{"target date after baseline", func(m map[string]any) { m["target"] = map[string]any{"value": 20, "date": "2025-12-31"} }, "target.date"},
			{"target value against direction", func(m map[string]any) { m["target"] = map[string]any{"value": 5, "date": "2027-01-01"} }, "target.value"},
			{"value finite", func(m map[string]any) { m["baseline"] = map[string]any{"value": 1e300, "date": "2026-01-01"} }, "baseline.value"},
			{"value a number", func(m map[string]any) { m["baseline"] = map[string]any{"value": "zehn", "date": "2026-01-01"} }, "baseline.value"},
			{"name required", func(m map[string]any) { m["name"] = "" }, "name"},
			{"principle", func(m map[string]any) { m["principle"] = "speed" }, "principle"},
			{"target required", func(m map[string]any) { delete(m, "target") }, "target"},
		}
		for _, c := range cases {
			in := kpiInput("Ungültig")
			c.patch(in)
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", token: official, body: in})
			if res.Code != http.StatusUnprocessableEntity || !res.Problem(t).HasField(c.field) {
				t.Errorf("%s: %d %s", c.name, res.Code, res.Body)
			}
		}
		bad := []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"future", map[string]any{"value": 1, "measured_at": "2026-11-03", "source": "Statistik"}, "measured_at"},
			{"date format", map[string]any{"value": 1, "measured_at": "2026-11-02T10:00:00Z", "source": "Statistik"}, "measured_at"},
			{"http only", map[string]any{"value": 1, "measured_at": "2026-11-01", "source": "Statistik", "source_url": "http://example.org/x"}, "source_url"},
			{"javascript url", map[string]any{"value": 1, "measured_at": "2026-11-01", "source": "Statistik", "source_url": "javascript:alert(1)"}, "source_url"},
			{"source required", map[string]any{"value": 1, "measured_at": "2026-11-01", "source": " "}, "source"},
			{"value required", map[string]any{"measured_at": "2026-11-01", "source": "Statistik"}, "value"},
			{"value finite", map[string]any{"value": -2e15, "measured_at": "2026-11-01", "source": "Statistik"}, "value"},
		}
		for _, c := range bad {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements", token: official, body: c.body})
			if res.Code != http.StatusUnprocessableEntity || !res.Problem(t).HasField(c.field) {
				t.Errorf("%s: %d %s", c.name, res.Code, res.Body)
			}
		}
	})

	t.Run("patch with If-Match", func(t *testing.T) {
		path := "/api/v1/kpis/" + k.ID
		body := map[string]any{"target": map[string]any{"value": 25, "date": "2027-01-01"}}
		if res := e.do(req{method: http.MethodPatch, path: path, token: official, body: body}); res.Code != http.StatusPreconditionRequired {
			t.Fatalf("without If-Match: %d %s", res.Code, res.Body)
		}
		res := e.do(req{method: http.MethodPatch, path: path, token: official, body: body, header: map[string]string{"If-Match": `"1"`}})
		if res.Code != http.StatusOK || res.Header.Get("ETag") != `"2"` {
			t.Fatalf("patch: %d %s", res.Code, res.Body)
		}
		res = e.do(req{method: http.MethodPatch, path: path, token: official, body: map[string]any{"name": "Alt"},
			header: map[string]string{"If-Match": `"1"`}})
		if res.Code != http.StatusPreconditionFailed || res.Problem(t).Code != "version_mismatch" {
			t.Fatalf("stale: %d %s", res.Code, res.Body)
		}
		res = e.do(req{method: http.MethodPatch, path: path, token: official, body: map[string]any{"principle": nil},
			header: map[string]string{"If-Match": `"2"`}})
		var got kpiBody
		res.JSON(t, &got)
		if res.Code != http.StatusOK || got.Principle != nil || got.Version != 3 {
			t.Fatalf("clear principle: %d %s", res.Code, res.Body)
		}
		var hist listBody[changeBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/history?limit=100"}).JSON(t, &hist)
		fields := map[string]changeBody{}
		for _, c := range hist.Items {
			fields[c.Field] = c
		}
		if c, ok := fields["kpi.target"]; !ok || c.OldValue != "Online-Anteil: 20 (2027-01-01)" || c.NewValue != "Online-Anteil: 25 (2027-01-01)" {
			t.Errorf("history of the target: %+v", hist.Items)
		}
		if c, ok := fields["kpi.created"]; !ok || c.NewValue != "Online-Anteil" || c.ActorName == nil {
			t.Errorf("history of the creation: %+v", hist.Items)
		}
		if _, ok := fields["kpi.principle"]; !ok {
			t.Errorf("history of the principle: %+v", hist.Items)
		}
	})

	t.Run("measurements, corrections and status", func(t *testing.T) {
		// The line runs from 10 (2026-01-01) to 25 (2027-01-01): about 22.3 on 2026-10-01.
		m1 := e.measure(official, k.ID, map[string]any{"value": 12, "measured_at": "2026-04-01", "source": "Fachverfahren"})
		m2 := e.measure(official, k.ID, map[string]any{"value": 99, "measured_at": "2026-10-01", "source": "Fachverfahren",
			"source_url": "https://statistik.example.org/online", "note": "vorläufig"})
		if got := e.getKPI("", k.ID); got.Status != "reached" || got.Latest == nil || got.Latest.MeasurementID != m2.ID {
			t.Fatalf("after the typo: %+v", got)
		}
		// The correction replaces the latest figure: 21 is behind the line.
		fix := e.measure(official, k.ID, map[string]any{"value": 21, "measured_at": "2026-10-01", "source": "Fachverfahren",
			"corrects": m2.ID, "note": "Tippfehler"})
		got := e.getKPI("", k.ID)
		if got.Status != "behind" || got.Latest == nil || got.Latest.MeasurementID != fix.ID || got.Latest.Value != 21 ||
			got.Progress == nil || *got.Progress != 73.3 {
			t.Fatalf("after the correction: %+v (progress %v)", got, got.Progress)
		}
		// A corrected figure cannot be corrected twice, nor can a measurement of another KPI be named.
		res := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements", token: official,
			body: map[string]any{"value": 22, "measured_at": "2026-10-01", "source": "x", "corrects": m2.ID}})
		if res.Code != http.StatusConflict || res.Problem(t).Code != "already_corrected" {
			t.Fatalf("second correction: %d %s", res.Code, res.Body)
		}
		other := e.createKPI(official, slug, kpiInput("Andere"))
		res = e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + other.ID + "/measurements", token: official,
			body: map[string]any{"value": 22, "measured_at": "2026-10-01", "source": "x", "corrects": m1.ID}})
		if res.Code != http.StatusUnprocessableEntity || !res.Problem(t).HasField("corrects") {
			t.Fatalf("correcting another KPI's measurement: %d %s", res.Code, res.Body)
		}
		// Every published figure stays listed; pages follow the cursor.
		var all []measurementBody
		cursor := ""
		for range 5 {
			var page listBody[measurementBody]
			e.do(req{method: http.MethodGet, path: "/api/v1/kpis/" + k.ID + "/measurements?limit=2&cursor=" + cursor}).JSON(t, &page)
			all = append(all, page.Items...)
			if page.NextCursor == nil {
				break
			}
			cursor = *page.NextCursor
		}
		if len(all) != 3 || all[0].ID != fix.ID || all[1].ID != m2.ID || all[2].ID != m1.ID {
			t.Fatalf("list: %+v", all)
		}
		if all[1].CorrectedBy == nil || *all[1].CorrectedBy != fix.ID || all[0].Corrects == nil || *all[0].Corrects != m2.ID {
			t.Fatalf("correction links: %+v", all)
		}
		var hist listBody[changeBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/history?limit=100"}).JSON(t, &hist)
		found := false
		for _, c := range hist.Items {
			found = found || (c.Field == "kpi.measurement_corrected" && c.OldValue == "Online-Anteil: 99 (2026-10-01)" &&
				c.NewValue == "Online-Anteil: 21 (2026-10-01)")
		}
		if !found {
			t.Errorf("the correction is not in the history: %+v", hist.Items)
		}
		var list listBody[kpiBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/kpis"}).JSON(t, &list)
		if len(list.Items) != 2 || list.Items[0].ID != k.ID || list.Items[1].Status != "no_data" {
			t.Fatalf("project list: %+v", list.Items)
		}
	})

	t.Run("idempotent retry", func(t *testing.T) {
		body := map[string]any{"value": 23, "measured_at": "2026-11-01", "source": "Fachverfahren"}
		h := map[string]string{"Idempotency-Key": "messung-2026-11"}
		first := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements", token: official, body: body, header: h})
		again := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements", token: official, body: body, header: h})
		if first.Code != 201 || again.Code != 201 || string(first.Body) != string(again.Body) || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry: %d %s / %d %s", first.Code, first.Body, again.Code, again.Body)
		}
		body["value"] = 24
		if res := e.do(req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements", token: official, body: body, header: h}); res.Code != 422 {
			t.Fatalf("reused key: %d %s", res.Code, res.Body)
		}
		var page listBody[measurementBody]
		e.do(req{method: http.MethodGet, path: "/api/v1/kpis/" + k.ID + "/measurements?limit=100"}).JSON(t, &page)
		n := 0
		for _, m := range page.Items {
			if m.MeasuredAt == "2026-11-01" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d measurements of the retried request", n)
		}
		kh := map[string]string{"Idempotency-Key": "kpi-neu"}
		a := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", token: official, body: kpiInput("Neu"), header: kh})
		b := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", token: official, body: kpiInput("Neu"), header: kh})
		if a.Code != 201 || b.Code != 201 || string(a.Body) != string(b.Body) {
			t.Fatalf("kpi retry: %d %s / %d %s", a.Code, a.Body, b.Code, b.Body)
		}
	})

	// Every change was announced on the project's topic.
	var types []string
	if err := e.db.Gorm.Table("events").Where("topic = ?", "project:"+slug).Order("id").Pluck("type", &types).Error; err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"kpi.created", "kpi.updated", "kpi.measurement_created"} {
		if !slices.Contains(types, want) {
			t.Errorf("no %s on project:%s: %v", want, slug, types)
		}
	}
	// Time passes: the figure of 2026-11-01 (23, the line stands at 22.5) is judged at its own date, not today.
	e.clock.Advance(400 * 24 * time.Hour)
	if got := e.getKPI("", k.ID); got.Status != "on_track" || !strings.HasPrefix(got.Latest.MeasuredAt, "2026-11") {
		t.Fatalf("later: %+v", got)
	}
}

// TestKPIPermissions is the role × endpoint matrix of KPIs and measurements.
func TestKPIPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	users := map[string]*model.User{}
	users["admin"], _ = e.user("Ada Admin", model.RoleAdmin)
	users["resident"], _ = e.user("Rita Resident")
	users["moderator"], _ = e.user("Mona Moderator", model.RoleModerator)
	users["official"], _ = e.user("Olga Official", model.RoleOfficial) // Bürgeramt owns the project
	users["official other"] = mustUser(t, e, e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial))
	actors := []string{"anonymous", "resident", "official other", "official", "moderator", "admin"}
	tok := func(actor string) string {
		if actor == "anonymous" {
			return ""
		}
		return e.token(users[actor])
	}
	slug := e.createProject(tok("admin"), projectInput("kpi-matrix")).Slug
	k := e.createKPI(tok("admin"), slug, kpiInput("Matrix"))
	m := e.measure(tok("admin"), k.ID, map[string]any{"value": 11, "measured_at": "2026-03-01", "source": "Amt"})
	writers := map[string]int{"anonymous": 401, "resident": 403, "moderator": 403, "official other": 403}
	version := 1
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request func() req
	}{
		{"list", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/projects/" + slug + "/kpis"} }},
		{"get", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/kpis/" + k.ID} }},
		{"measurements", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/kpis/" + k.ID + "/measurements"} }},
		{"measurement", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/measurements/" + m.ID} }},
		{"cockpit", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/cockpit"} }},
		{"create", 201, writers, func() req {
			return req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", body: kpiInput("Neu")}
		}},
		{"patch", 200, writers, func() req {
			return req{method: http.MethodPatch, path: "/api/v1/kpis/" + k.ID, body: map[string]any{"note": "x", "unit": "Prozent " + formatID(int64(version))},
				header: map[string]string{"If-Match": formatID(int64(version))}}
		}},
		{"record", 201, writers, func() req {
			return req{method: http.MethodPost, path: "/api/v1/kpis/" + k.ID + "/measurements",
				body: map[string]any{"value": 12, "measured_at": "2026-04-01", "source": "Amt"}}
		}},
	}
	for _, ep := range endpoints {
		for _, actor := range actors {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if w, ok := ep.deny[actor]; ok {
					want = w
				}
				r := ep.request()
				r.token = tok(actor)
				res := e.do(r)
				if res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
				if ep.name == "patch" && res.Code == 200 {
					version++
				}
				if want == 403 && actor == "official other" && res.Problem(t).Code != "forbidden_department" {
					t.Errorf("code %q", res.Problem(t).Code)
				}
			})
		}
	}
	// What the KPI tells each actor they may do matches the matrix.
	for _, actor := range actors {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/kpis/" + k.ID, token: tok(actor)})
		var got kpiBody
		res.JSON(t, &got)
		_, denied := writers[actor]
		if got.Permissions.Edit == denied || got.Permissions.RecordMeasurement == denied {
			t.Errorf("%s: permissions %+v", actor, got.Permissions)
		}
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/kpis/999999"}); res.Code != 404 {
		t.Errorf("unknown kpi: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/nope/kpis"}); res.Code != 404 {
		t.Errorf("unknown project: %d", res.Code)
	}
}
