package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/model"
)

type statsBody struct {
	Affiliation  string   `json:"affiliation"`
	Count        *int64   `json:"count"`
	Mean         *float64 `json:"mean"`
	Median       *float64 `json:"median"`
	Distribution []int64  `json:"distribution"`
	FewerThan3   bool     `json:"fewer_than_3"`
}

type evalResultsBody struct {
	PreviousCycle *struct{ ID, Title string } `json:"previous_cycle"`
	Criteria      []struct {
		Criterion           string      `json:"criterion"`
		Public              statsBody   `json:"public"`
		Council             statsBody   `json:"council"`
		CouncilAffiliations []statsBody `json:"council_affiliations"`
		Divergence          bool        `json:"divergence"`
		Previous            *struct {
			PublicMean  *float64 `json:"public_mean"`
			CouncilMean *float64 `json:"council_mean"`
		} `json:"previous"`
	} `json:"criteria"`
}

// createCycle creates a cycle open from now-1h for the given duration (admin token) and returns its id.
func (e *env) createCycle(token string, open time.Duration, extra map[string]any) string {
	e.t.Helper()
	now := e.clock.Now()
	body := map[string]any{"title": "Evaluation", "opens_at": now.Add(-time.Hour), "closes_at": now.Add(open)}
	for k, v := range extra {
		body[k] = v
	}
	res := e.do(req{method: http.MethodPost, path: "/api/v1/evaluation-cycles", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create cycle: %d %s", res.Code, res.Body)
	}
	var c struct{ ID string }
	res.JSON(e.t, &c)
	return c.ID
}

// scores are all six criteria scored v, with overrides.
func scores(v int, over map[string]int) map[string]int {
	out := map[string]int{}
	for _, c := range model.EvaluationCriteria {
		out[c] = v
	}
	for k, x := range over {
		out[k] = x
	}
	return out
}

func (e *env) evaluate(token, cycle, slug string, sc map[string]int, comment string) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPut, path: "/api/v1/evaluation-cycles/" + cycle + "/projects/" + slug + "/evaluation",
		token: token, body: map[string]any{"scores": sc, "comment": comment}})
}

func (e *env) councilMember(email, affiliation string) string {
	e.t.Helper()
	u, err := e.svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{Email: email, DisplayName: "Rat " + email,
		Password: "correct horse battery staple", Roles: []string{model.RoleCouncil}, Affiliation: affiliation, Verified: true})
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func (e *env) countRows(table string) int64 {
	e.t.Helper()
	var n int64
	if err := e.db.Gorm.Table(table).Count(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestEvaluationUpsert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	slug := e.createProject(admin, projectInput("bewertet")).Slug
	cycle := e.createCycle(admin, 24*time.Hour, nil)
	if res := e.evaluate(resident, cycle, slug, scores(2, nil), "erst"); res.Code != 200 {
		t.Fatalf("first: %d %s", res.Code, res.Body)
	}
	res := e.evaluate(resident, cycle, slug, scores(4, map[string]int{"overall": 5}), "dann")
	if res.Code != 200 {
		t.Fatalf("second: %d %s", res.Code, res.Body)
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/evaluation-cycles/" + cycle + "/projects/" + slug + "/evaluation", token: resident})
	var ev struct {
		Scores  map[string]int `json:"scores"`
		Comment string         `json:"comment"`
		Group   string         `json:"group"`
	}
	res.JSON(t, &ev)
	if res.Code != 200 || ev.Scores["overall"] != 5 || ev.Scores["inclusion"] != 4 || ev.Comment != "dann" || ev.Group != "public" {
		t.Fatalf("own evaluation: %d %+v", res.Code, ev)
	}
	if n := e.countRows("evaluations"); n != 1 {
		t.Errorf("evaluations: %d rows, want 1", n)
	}
	if n := e.countRows("evaluation_scores"); n != 6 {
		t.Errorf("scores: %d rows, want 6", n)
	}
}

func TestEvaluationParallelPuts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, resident := e.user("Rita Resident")
	slug := e.createProject(admin, projectInput("parallel")).Slug
	cycle := e.createCycle(admin, 24*time.Hour, nil)
	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Go(func() {
			codes[i] = e.evaluate(resident, cycle, slug, scores(1+i%5, nil), fmt.Sprint(i)).Code
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("put %d: %d", i, c)
		}
	}
	if n := e.countRows("evaluations"); n != 1 {
		t.Errorf("evaluations: %d rows, want 1", n)
	}
	if n := e.countRows("evaluation_scores"); n != 6 {
		t.Errorf("scores: %d rows, want 6", n)
	}
}

func TestEvaluationRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	adminU, admin := e.user("Ada Admin", model.RoleAdmin)
	residentU, resident := e.user("Rita Resident")
	slug := e.createProject(admin, projectInput("regeln")).Slug
	other := e.createProject(admin, projectInput("nicht-dabei")).Slug
	cycle := e.createCycle(admin, 24*time.Hour, map[string]any{"projects": []string{slug}})
	upcoming := e.createCycle(admin, 24*time.Hour, map[string]any{"opens_at": e.clock.Now().Add(time.Hour)})
	for _, tc := range []struct {
		name  string
		sc    map[string]int
		field string
	}{
		{"none", map[string]int{}, "scores"},
		{"unknown criterion", scores(3, map[string]int{"beauty": 3}), "scores.beauty"},
		{"too high", scores(3, map[string]int{"overall": 6}), "scores.overall"},
		{"too low", scores(3, map[string]int{"inclusion": 0}), "scores.inclusion"},
		{"missing", map[string]int{"overall": 3}, "scores.efficiency"},
	} {
		res := e.evaluate(resident, cycle, slug, tc.sc, "")
		if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
			t.Errorf("%s: %d %s", tc.name, res.Code, res.Body)
		}
	}
	if res := e.evaluate(resident, cycle, other, scores(3, nil), ""); res.Code != 404 || res.Problem(t).Code != "project_not_in_cycle" {
		t.Errorf("project not in cycle: %d %s", res.Code, res.Body)
	}
	if res := e.evaluate(resident, "999999", slug, scores(3, nil), ""); res.Code != 404 {
		t.Errorf("unknown cycle: %d", res.Code)
	}
	if res := e.evaluate(resident, upcoming, slug, scores(3, nil), ""); res.Code != 409 || res.Problem(t).Code != "cycle_not_open" {
		t.Errorf("upcoming: %d %s", res.Code, res.Body)
	}
	e.clock.Advance(25 * time.Hour)
	admin, resident = e.token(adminU), e.token(residentU)
	if res := e.evaluate(resident, cycle, slug, scores(3, nil), ""); res.Code != 409 || res.Problem(t).Code != "cycle_not_open" {
		t.Errorf("closed: %d %s", res.Code, res.Body)
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no title", map[string]any{"title": "", "opens_at": "2027-01-01T00:00:00Z", "closes_at": "2027-02-01T00:00:00Z"}, "title"},
		{"closes first", map[string]any{"title": "x", "opens_at": "2027-01-01T00:00:00Z", "closes_at": "2026-02-01T00:00:00Z"}, "closes_at"},
		{"criteria", map[string]any{"title": "x", "opens_at": "2027-01-01T00:00:00Z", "closes_at": "2027-02-01T00:00:00Z", "criteria": []string{"beauty"}}, "criteria"},
		{"projects", map[string]any{"title": "x", "opens_at": "2027-01-01T00:00:00Z", "closes_at": "2027-02-01T00:00:00Z", "projects": []string{"gibt-es-nicht"}}, "projects"},
	} {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/evaluation-cycles", token: admin, body: tc.body})
		if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
			t.Errorf("%s: %d %s", tc.name, res.Code, res.Body)
		}
	}
}

// TestEvaluationResults checks the arithmetic with a fixed data set: an even-count median, an empty
// group, the affiliation threshold, divergence at exactly 1.0, the previous cycle and the priority score.
func TestEvaluationResults(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	adminU, admin := e.user("Ada Admin", model.RoleAdmin)
	slug := e.createProject(admin, projectInput("ergebnis")).Slug // reach 1000, effort 2: base 500
	lonely := e.createProject(admin, projectInput("nur-oeffentlich")).Slug
	e.createProject(admin, map[string]any{"slug": "ohne", "title": "Ohne", "status": "idea", "owner_unit": "Bürgeramt",
		"expected_reach": 1050, "effort": 2})

	// The previous cycle: public overall 2, council overall 4 on slug.
	prev := e.createCycle(admin, time.Hour, nil)
	_, p0 := e.user("Paul Prev")
	if res := e.evaluate(p0, prev, slug, scores(2, nil), ""); res.Code != 200 {
		t.Fatalf("%d %s", res.Code, res.Body)
	}
	if res := e.evaluate(e.councilMember("c0@example.org", "politics"), prev, slug, scores(4, nil), ""); res.Code != 200 {
		t.Fatal(res.Code)
	}
	e.clock.Advance(2 * time.Hour)
	admin = e.token(adminU)
	cycle := e.createCycle(admin, 30*24*time.Hour, map[string]any{"opens_at": e.clock.Now().Add(-time.Minute)})

	// public overall 1, 2, 4, 5 (mean 3, median 3); efficiency 2 × 4.
	for i, v := range []int{1, 2, 4, 5} {
		_, tok := e.user(fmt.Sprintf("Bürger %c", 'A'+i))
		if res := e.evaluate(tok, cycle, slug, scores(3, map[string]int{"overall": v, "efficiency": 2}), ""); res.Code != 200 {
			t.Fatalf("%d %s", res.Code, res.Body)
		}
	}
	// council: science 4, 4, 5; business 2, 3 (overall 3.6, median 4); efficiency 3 × 5.
	for i, a := range []struct {
		aff string
		v   int
	}{{"science", 4}, {"science", 4}, {"science", 5}, {"business", 2}, {"business", 3}} {
		tok := e.councilMember(fmt.Sprintf("rat%d@example.org", i), a.aff)
		if res := e.evaluate(tok, cycle, slug, scores(3, map[string]int{"overall": a.v, "efficiency": 3}), ""); res.Code != 200 {
			t.Fatalf("%d %s", res.Code, res.Body)
		}
	}
	_, solo := e.user("Solo Public")
	if res := e.evaluate(solo, cycle, lonely, scores(5, nil), ""); res.Code != 200 {
		t.Fatal(res.Code)
	}

	res := e.do(req{method: http.MethodGet, path: "/api/v1/evaluation-cycles/" + cycle + "/projects/" + slug + "/results"})
	var r evalResultsBody
	res.JSON(t, &r)
	if res.Code != 200 || len(r.Criteria) != 6 || r.PreviousCycle == nil || r.PreviousCycle.ID != prev {
		t.Fatalf("results: %d %s", res.Code, res.Body)
	}
	by := map[string]int{}
	for i, c := range r.Criteria {
		by[c.Criterion] = i
	}
	o := r.Criteria[by["overall"]]
	f := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if *o.Public.Count != 4 || f(o.Public.Mean) != 3 || f(o.Public.Median) != 3 || fmt.Sprint(o.Public.Distribution) != "[1 1 0 1 1]" {
		t.Errorf("public overall: %+v", o.Public)
	}
	if *o.Council.Count != 5 || f(o.Council.Mean) != 3.6 || f(o.Council.Median) != 4 || fmt.Sprint(o.Council.Distribution) != "[0 1 1 2 1]" {
		t.Errorf("council overall: %+v", o.Council)
	}
	if o.Divergence {
		t.Errorf("overall 3.0 vs 3.6 diverges")
	}
	if o.Previous == nil || f(o.Previous.PublicMean) != 2 || f(o.Previous.CouncilMean) != 4 {
		t.Errorf("previous: %+v", o.Previous)
	}
	affs := map[string]statsBody{}
	for _, a := range o.CouncilAffiliations {
		affs[a.Affiliation] = a
	}
	if s := affs["science"]; s.FewerThan3 || s.Count == nil || *s.Count != 3 || f(s.Median) != 4 {
		t.Errorf("science: %+v", s)
	}
	for _, a := range []string{"business", "politics", "civil_society"} {
		if s := affs[a]; !s.FewerThan3 || s.Count != nil || s.Mean != nil || s.Distribution != nil {
			t.Errorf("%s: %+v", a, s)
		}
	}
	if ef := r.Criteria[by["efficiency"]]; !ef.Divergence || f(ef.Public.Mean) != 2 || f(ef.Council.Mean) != 3 {
		t.Errorf("efficiency (exactly 1.0 apart) must diverge: %+v", ef)
	}
	if in := r.Criteria[by["inclusion"]]; in.Divergence {
		t.Errorf("inclusion must not diverge")
	}

	// An empty group: the council has not evaluated the other project.
	res = e.do(req{method: http.MethodGet, path: "/api/v1/evaluation-cycles/" + cycle + "/projects/" + lonely + "/results"})
	var lr evalResultsBody
	res.JSON(t, &lr)
	if lo := lr.Criteria[5]; *lo.Council.Count != 0 || lo.Council.Mean != nil || lo.Council.Median != nil || lo.Divergence ||
		*lo.Public.Count != 1 || f(lo.Public.Median) != 5 {
		t.Errorf("lonely: %+v", lo)
	}

	// All projects of the cycle, overall.
	res = e.do(req{method: http.MethodGet, path: "/api/v1/evaluation-cycles/" + cycle + "/results"})
	var cr struct {
		Items []struct {
			Project struct{ Slug string } `json:"project"`
			Public  statsBody             `json:"public"`
			Council statsBody             `json:"council"`
		} `json:"items"`
	}
	res.JSON(t, &cr)
	if res.Code != 200 || len(cr.Items) != 3 {
		t.Fatalf("cycle results: %d %s", res.Code, res.Body)
	}

	// Prioritisation: E = (300 + 360) / 2 = 330, so 500 × 100 × 330 / 30000 = 550 for slug; lonely
	// 500 × 100 × 500 / 30000 = 833; "ohne" (no evaluations) its base 525.
	res = e.do(req{method: http.MethodGet, path: "/api/v1/prioritisation"})
	var pr struct {
		Items []struct {
			Slug           string   `json:"slug"`
			Ease           int      `json:"ease"`
			PublicOverall  *float64 `json:"public_overall"`
			CouncilOverall *float64 `json:"council_overall"`
			PriorityScore  int64    `json:"priority_score"`
		} `json:"items"`
		Cycle *struct{ ID string } `json:"cycle"`
	}
	res.JSON(t, &pr)
	if res.Code != 200 || pr.Cycle == nil || pr.Cycle.ID != cycle || len(pr.Items) != 3 {
		t.Fatalf("prioritisation: %d %s", res.Code, res.Body)
	}
	want := []struct {
		slug  string
		score int64
	}{{lonely, 833}, {slug, 550}, {"ohne", 525}}
	for i, w := range want {
		if it := pr.Items[i]; it.Slug != w.slug || it.PriorityScore != w.score || it.Ease != 4 {
			t.Errorf("item %d: %+v, want %+v", i, it, w)
		}
	}
	if f(pr.Items[1].PublicOverall) != 3 || f(pr.Items[1].CouncilOverall) != 3.6 {
		t.Errorf("means: %+v", pr.Items[1])
	}
	// The project list sorts by the same score, page by page.
	var got []string
	cursor := ""
	for range 4 {
		path := "/api/v1/projects?sort=priority&limit=1"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		var page listBody[projectBody]
		e.do(req{method: http.MethodGet, path: path}).JSON(t, &page)
		for _, p := range page.Items {
			got = append(got, fmt.Sprintf("%s:%d", p.Slug, p.PriorityScore))
		}
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	if fmt.Sprint(got) != fmt.Sprintf("[%s:833 %s:550 ohne:525]", lonely, slug) {
		t.Errorf("projects by priority: %v", got)
	}
	if p := e.getProject(slug); p.PriorityScore != 550 {
		t.Errorf("project priority_score %d, want 550", p.PriorityScore)
	}
	// The previous cycle by ?cycle=: public 2, council 4 → E 300 → 500.
	res = e.do(req{method: http.MethodGet, path: "/api/v1/prioritisation?cycle=" + prev})
	res.JSON(t, &pr)
	for _, it := range pr.Items {
		if it.Slug == slug && it.PriorityScore != 500 {
			t.Errorf("previous cycle score %d, want 500", it.PriorityScore)
		}
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/prioritisation?cycle=x"}); res.Code != 422 || !res.Problem(t).HasField("cycle") {
		t.Errorf("bad cycle: %d", res.Code)
	}
}

// TestEvaluationPermissions is the role × endpoint matrix of evaluation cycles and prioritisation.
func TestEvaluationPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	users := map[string]*model.User{}
	users["admin"], _ = e.user("Ada Admin", model.RoleAdmin)
	users["resident"], _ = e.user("Rita Resident")
	users["council"], _ = e.user("Carl Council", model.RoleCouncil)
	users["moderator"], _ = e.user("Mona Moderator", model.RoleModerator)
	users["official"] = mustUser(t, e, e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial))
	users["unverified"] = mustUser(t, e, e.otherUser("new.resident@example.org", false, ""))
	actors := []string{"anonymous", "unverified", "resident", "council", "official", "moderator", "admin"}
	tok := func(actor string) string {
		if actor == "anonymous" {
			return ""
		}
		return e.token(users[actor])
	}
	slug := e.createProject(tok("admin"), projectInput("matrix")).Slug
	cycle := e.createCycle(tok("admin"), 365*24*time.Hour, nil)
	for _, a := range actors[2:] { // every verified actor has an evaluation to read
		if res := e.evaluate(tok(a), cycle, slug, scores(3, nil), ""); res.Code != 200 {
			t.Fatalf("%s: %d", a, res.Code)
		}
	}
	verified := map[string]int{"anonymous": 401, "unverified": 403}
	admins := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official": 403, "moderator": 403}
	base := "/api/v1/evaluation-cycles/" + cycle
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request req
	}{
		{"create cycle", 201, admins, req{method: http.MethodPost, path: "/api/v1/evaluation-cycles",
			body: map[string]any{"title": "Neu", "opens_at": "2027-01-01T00:00:00Z", "closes_at": "2030-12-31T00:00:00Z"}}},
		{"list cycles", 200, nil, req{method: http.MethodGet, path: "/api/v1/evaluation-cycles"}},
		{"get cycle", 200, nil, req{method: http.MethodGet, path: base}},
		{"put evaluation", 200, verified, req{method: http.MethodPut, path: base + "/projects/" + slug + "/evaluation",
			body: map[string]any{"scores": scores(4, nil)}}},
		{"get evaluation", 200, verified, req{method: http.MethodGet, path: base + "/projects/" + slug + "/evaluation"}},
		{"project results", 200, nil, req{method: http.MethodGet, path: base + "/projects/" + slug + "/results"}},
		{"cycle results", 200, nil, req{method: http.MethodGet, path: base + "/results"}},
		{"prioritisation", 200, nil, req{method: http.MethodGet, path: "/api/v1/prioritisation"}},
	}
	for _, ep := range endpoints {
		for _, actor := range actors {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if w, ok := ep.deny[actor]; ok {
					want = w
				}
				r := ep.request
				r.token = tok(actor)
				res := e.do(r)
				if res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
				if want == 403 && actor == "unverified" && ep.ok == 200 && res.Problem(t).Code != "email_unverified" {
					t.Errorf("code %q, want email_unverified", res.Problem(t).Code)
				}
			})
		}
	}
	// The council evaluates as the council, with its affiliation.
	res := e.do(req{method: http.MethodGet, path: base + "/projects/" + slug + "/evaluation", token: tok("council")})
	var ev struct {
		Group       string  `json:"group"`
		Affiliation *string `json:"affiliation"`
	}
	res.JSON(t, &ev)
	if ev.Group != "council" || ev.Affiliation == nil || *ev.Affiliation != "science" {
		t.Errorf("council evaluation: %s", res.Body)
	}
	for _, r := range []req{
		{method: http.MethodGet, path: "/api/v1/evaluation-cycles/999999"},
		{method: http.MethodGet, path: "/api/v1/evaluation-cycles/abc/results"},
		{method: http.MethodGet, path: base + "/projects/gibt-es-nicht/results"},
		{method: http.MethodGet, path: "/api/v1/prioritisation?cycle=999999"},
	} {
		if res := e.do(r); res.Code != 404 {
			t.Errorf("%s %s: %d, want 404", r.method, r.path, res.Code)
		}
	}
}
