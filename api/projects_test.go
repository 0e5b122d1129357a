package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/model"
)

type projectBody struct {
	ID              string   `json:"id"`
	Slug            string   `json:"slug"`
	Title           string   `json:"title"`
	Summary         string   `json:"summary"`
	DescriptionHTML string   `json:"description_html"`
	Status          string   `json:"status"`
	OwnerUnit       string   `json:"owner_unit"`
	Principles      []string `json:"principles"`
	ExpectedReach   int64    `json:"expected_reach"`
	Effort          int      `json:"effort"`
	BudgetEUR       *int64   `json:"budget_eur"`
	StartDate       *string  `json:"start_date"`
	Lotse           *struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"lotse"`
	Version       int       `json:"version"`
	PriorityScore int64     `json:"priority_score"`
	CreatedAt     time.Time `json:"created_at"`
}

type listBody[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

type changeBody struct {
	Version   int     `json:"version"`
	Field     string  `json:"field"`
	OldValue  string  `json:"old_value"`
	NewValue  string  `json:"new_value"`
	ActorName *string `json:"actor_name"`
}

// projectInput is a valid create body owned by the Bürgeramt.
func projectInput(slug string) map[string]any {
	return map[string]any{
		"slug": slug, "title": "Vorhaben " + slug, "summary": "Kurz gesagt.", "description": "Ein **Absatz**.",
		"status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"},
		"expected_reach": 1000, "effort": 2,
	}
}

// createProject creates a project and fails the test unless it answers 201.
func (e *env) createProject(token string, body map[string]any) projectBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create project: %d %s", res.Code, res.Body)
	}
	var p projectBody
	res.JSON(e.t, &p)
	return p
}

// getProject loads a project.
func (e *env) getProject(slug string) projectBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug})
	if res.Code != http.StatusOK {
		e.t.Fatalf("get project: %d %s", res.Code, res.Body)
	}
	var p projectBody
	res.JSON(e.t, &p)
	return p
}

// otherUser creates a user with explicit attributes and returns its token.
func (e *env) otherUser(email string, verified bool, department string, roles ...string) string {
	e.t.Helper()
	u, err := e.svc.Accounts.CreateUser(context.Background(), accounts.CreateUserInput{
		Email: email, DisplayName: "Person " + email, Password: "correct horse battery staple",
		Roles: roles, Department: department, Verified: verified,
	})
	if err != nil {
		e.t.Fatal(err)
	}
	tok, err := e.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

type actors struct {
	names  []string
	tokens map[string]string
}

// actorsOf creates one user per role the matrix tests distinguish.
func actorsOf(e *env) actors {
	a := actors{
		names:  []string{"anonymous", "resident", "council", "moderator", "official", "official other", "admin", "unverified"},
		tokens: map[string]string{"anonymous": ""},
	}
	_, a.tokens["resident"] = e.user("Rita Resident")
	_, a.tokens["council"] = e.user("Carl Council", model.RoleCouncil)
	_, a.tokens["moderator"] = e.user("Mona Moderator", model.RoleModerator)
	_, a.tokens["official"] = e.user("Olga Official", model.RoleOfficial)
	_, a.tokens["admin"] = e.user("Ada Admin", model.RoleAdmin)
	a.tokens["official other"] = e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	a.tokens["unverified"] = e.otherUser("new.resident@example.org", false, "")
	return a
}

func TestProjectPermissions(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := actorsOf(e)
	p := e.createProject(a.tokens["admin"], projectInput("rechte-test"))
	doc := e.createDocument(a.tokens["admin"], p.Slug, "Absatz eins.\n\nAbsatz zwei.")

	writers := map[string]int{"anonymous": 401, "resident": 403, "council": 403, "moderator": 403,
		"official": 0, "official other": 403, "admin": 0, "unverified": 403}
	endpoints := []struct {
		name    string
		ok      int
		request func(actor string) req
	}{
		{"list", 200, func(string) req { return req{method: http.MethodGet, path: "/api/v1/projects"} }},
		{"get", 200, func(string) req { return req{method: http.MethodGet, path: "/api/v1/projects/" + p.Slug} }},
		{"history", 200, func(string) req { return req{method: http.MethodGet, path: "/api/v1/projects/" + p.Slug + "/history"} }},
		{"documents", 200, func(string) req {
			return req{method: http.MethodGet, path: "/api/v1/projects/" + p.Slug + "/documents"}
		}},
		{"document", 200, func(string) req { return req{method: http.MethodGet, path: "/api/v1/documents/" + doc.ID} }},
		{"versions", 200, func(string) req {
			return req{method: http.MethodGet, path: "/api/v1/documents/" + doc.ID + "/versions"}
		}},
		{"create", 201, func(actor string) req {
			return req{method: http.MethodPost, path: "/api/v1/projects",
				body: projectInput("neu-" + strings.ReplaceAll(actor, " ", "-"))}
		}},
		{"update", 200, func(actor string) req {
			v := e.getProject(p.Slug).Version
			return req{method: http.MethodPatch, path: "/api/v1/projects/" + p.Slug,
				header: map[string]string{"If-Match": strconv.Itoa(v)}, body: map[string]any{"summary": "von " + actor}}
		}},
		{"document create", 201, func(string) req {
			return req{method: http.MethodPost, path: "/api/v1/projects/" + p.Slug + "/documents",
				body: map[string]any{"kind": "concept", "title": "Konzept", "markdown": "Text."}}
		}},
		{"version create", 201, func(actor string) req {
			v := e.getDocument(doc.ID, 0).LatestVersion
			return req{method: http.MethodPost, path: "/api/v1/documents/" + doc.ID + "/versions",
				header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, v)}, body: map[string]any{"markdown": "Neu von " + actor}}
		}},
	}
	for _, ep := range endpoints {
		for _, actor := range a.names {
			t.Run(ep.name+"/"+actor, func(t *testing.T) {
				want := ep.ok
				if ep.ok != 200 || ep.name == "update" {
					if w := writers[actor]; w != 0 {
						want = w
					}
				}
				r := ep.request(actor)
				r.token = a.tokens[actor]
				res := e.do(r)
				if res.Code != want {
					t.Fatalf("got %d, want %d: %s", res.Code, want, res.Body)
				}
			})
		}
	}
}

func TestOfficialOwnDepartmentOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, official := e.user("Olga Official", model.RoleOfficial)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	other := projectInput("fremdes-amt")
	other["owner_unit"] = "Umweltamt"
	res := e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: official, body: other})
	if res.Code != 403 || res.Problem(t).Code != "forbidden_department" {
		t.Fatalf("official creating for another department: %d %s", res.Code, res.Body)
	}
	own := e.createProject(official, projectInput("eigenes-amt"))
	res = e.do(req{method: http.MethodPatch, path: "/api/v1/projects/" + own.Slug, token: official,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"owner_unit": "Umweltamt"}})
	if res.Code != 403 {
		t.Fatalf("official handing a project to another department: %d %s", res.Code, res.Body)
	}
	e.createProject(admin, other)
}

func TestProjectValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	e.createProject(admin, projectInput("schon-da"))
	with := func(changes map[string]any) map[string]any {
		b := projectInput("gueltig")
		for k, v := range changes {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	tests := []struct {
		name  string
		body  any
		code  int
		field string
	}{
		{"missing title", with(map[string]any{"title": nil}), 422, "title"},
		{"blank title", with(map[string]any{"title": "   "}), 422, "title"},
		{"slug with spaces", with(map[string]any{"slug": "Mein Vorhaben"}), 422, "slug"},
		{"slug too short", with(map[string]any{"slug": "ab"}), 422, "slug"},
		{"slug too long", with(map[string]any{"slug": strings.Repeat("a", 61)}), 422, "slug"},
		{"slug with double hyphen", with(map[string]any{"slug": "a--b"}), 422, "slug"},
		{"slug taken", with(map[string]any{"slug": "schon-da"}), 422, "slug"},
		{"unknown status", with(map[string]any{"status": "fertig"}), 422, "status"},
		{"effort too high", with(map[string]any{"effort": 6}), 422, "effort"},
		{"effort missing", with(map[string]any{"effort": nil}), 422, "effort"},
		{"effort not a number", with(map[string]any{"effort": "hoch"}), 422, "effort"},
		{"unknown principle", with(map[string]any{"principles": []string{"efficiency", "speed"}}), 422, "principles[1]"},
		{"duplicate principle", with(map[string]any{"principles": []string{"inclusion", "inclusion"}}), 422, "principles[1]"},
		{"missing owner", with(map[string]any{"owner_unit": nil}), 422, "owner_unit"},
		{"bad start date", with(map[string]any{"start_date": "2026-13-01"}), 422, "start_date"},
		{"end before start", with(map[string]any{"start_date": "2026-05-01", "end_date": "2026-04-30"}), 422, "end_date"},
		{"negative budget", with(map[string]any{"budget_eur": -1}), 422, "budget_eur"},
		{"lotse email", with(map[string]any{"lotse": map[string]any{"name": "L", "email": "keine-adresse"}}), 422, "lotse.email"},
		{"malformed json", `{"slug": "x",`, 400, ""},
		{"json array", `[1]`, 400, ""},
		{"empty body", ``, 400, ""},
		{"too large", `{"description": "` + strings.Repeat("x", 1<<20) + `"}`, 413, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects", token: admin, body: tc.body})
			if res.Code != tc.code {
				t.Fatalf("got %d, want %d: %s", res.Code, tc.code, res.Body)
			}
			if p := res.Problem(t); tc.field != "" && !p.HasField(tc.field) {
				t.Fatalf("problem does not name %s: %s", tc.field, res.Body)
			}
		})
	}

	t.Run("read-only fields are ignored", func(t *testing.T) {
		b := projectInput("nur-lesen")
		b["version"], b["priority_score"], b["created_at"], b["id"] = 42, 7, "1999-01-01T00:00:00Z", "99"
		b["expected_reach"], b["effort"] = 1001, 2
		p := e.createProject(admin, b)
		if p.Version != 1 || p.PriorityScore != 500 || p.ID == "99" || p.CreatedAt.Year() != 2026 {
			t.Fatalf("client-set fields were taken: %+v", p)
		}
	})

	patches := []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"status", map[string]any{"status": "bogus"}, "status"},
		{"blank title", map[string]any{"title": ""}, "title"},
		{"start date", map[string]any{"start_date": "morgen"}, "start_date"},
		{"principles", map[string]any{"principles": []string{"bogus"}}, "principles[0]"},
		{"effort", map[string]any{"effort": 0}, "effort"},
		{"lotse email", map[string]any{"lotse": map[string]any{"name": "x", "email": "x@"}}, "lotse.email"},
	}
	for _, tc := range patches {
		t.Run("patch "+tc.name, func(t *testing.T) {
			res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/schon-da", token: admin,
				header: map[string]string{"If-Match": "1"}, body: tc.body})
			if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
				t.Fatalf("got %d, want 422 naming %s: %s", res.Code, tc.field, res.Body)
			}
		})
	}
}

func TestProjectUpdateAndHistory(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, official := e.user("Olga Official", model.RoleOfficial)
	in := projectInput("verlauf")
	in["budget_eur"], in["start_date"] = 5000, "2026-01-01"
	in["lotse"] = map[string]any{"name": "Lena Lotse", "email": "lena@example.org"}
	p := e.createProject(official, in)
	if p.Version != 1 || p.BudgetEUR == nil || *p.BudgetEUR != 5000 || p.Lotse == nil || p.Lotse.Email != "lena@example.org" {
		t.Fatalf("created: %+v", p)
	}
	patch := func(ifMatch string, body map[string]any) *response {
		h := map[string]string{}
		if ifMatch != "" {
			h["If-Match"] = ifMatch
		}
		return e.do(req{method: http.MethodPatch, path: "/api/v1/projects/verlauf", token: official, header: h, body: body})
	}

	res := patch("", map[string]any{"title": "Neu"})
	if res.Code != 428 || res.Problem(t).Code != "if_match_required" {
		t.Fatalf("without If-Match: %d %s", res.Code, res.Body)
	}
	res = patch(`"7"`, map[string]any{"title": "Neu"})
	if res.Code != 412 || res.Problem(t).Code != "version_mismatch" {
		t.Fatalf("stale If-Match: %d %s", res.Code, res.Body)
	}
	res = patch("kaputt", map[string]any{"title": "Neu"})
	if res.Code != 412 {
		t.Fatalf("malformed If-Match: %d %s", res.Code, res.Body)
	}

	e.clock.Advance(time.Minute)
	for i, form := range []string{`"1"`, `2`, `W/"3"`} {
		res = patch(form, map[string]any{"title": fmt.Sprintf("Titel %d", i+2), "version": 99, "slug": "umbenannt"})
		if res.Code != 200 {
			t.Fatalf("If-Match %s: %d %s", form, res.Code, res.Body)
		}
		var got projectBody
		res.JSON(t, &got)
		if got.Version != i+2 || res.Header.Get("ETag") != fmt.Sprintf(`"%d"`, i+2) || got.Slug != "verlauf" {
			t.Fatalf("after If-Match %s: version %d, ETag %s, slug %s", form, got.Version, res.Header.Get("ETag"), got.Slug)
		}
	}
	res = patch("4", map[string]any{"status": "pilot", "effort": 4, "budget_eur": nil, "start_date": nil,
		"principles": []string{"transparency", "efficiency"}, "lotse": map[string]any{"name": "Lena Lotse", "email": "neu@example.org"}})
	if res.Code != 200 {
		t.Fatalf("patch: %d %s", res.Code, res.Body)
	}
	var got projectBody
	res.JSON(t, &got)
	if got.Version != 5 || got.Status != "pilot" || got.BudgetEUR != nil || got.StartDate != nil || got.PriorityScore != 250 ||
		!slices.Equal(got.Principles, []string{"efficiency", "transparency"}) || got.Title != "Titel 4" {
		t.Fatalf("patched: %+v", got)
	}
	// A patch without changes writes nothing.
	res = patch("5", map[string]any{"status": "pilot"})
	if res.Code != 200 || res.Header.Get("ETag") != `"5"` {
		t.Fatalf("no-op patch: %d %s %s", res.Code, res.Header.Get("ETag"), res.Body)
	}

	res = e.do(req{method: http.MethodGet, path: "/api/v1/projects/verlauf/history?limit=100"})
	if res.Code != 200 {
		t.Fatalf("history: %d %s", res.Code, res.Body)
	}
	var hist listBody[changeBody]
	res.JSON(t, &hist)
	var fields []string
	for _, c := range hist.Items {
		fields = append(fields, fmt.Sprintf("%d:%s", c.Version, c.Field))
		if c.ActorName == nil || *c.ActorName != "Olga Official" {
			t.Errorf("change %s without actor: %+v", c.Field, c)
		}
	}
	want := []string{"5:status", "5:principles", "5:effort", "5:budget_eur", "5:start_date", "5:lotse.email",
		"4:title", "3:title", "2:title", "1:created"}
	if !slices.Equal(fields, want) {
		t.Fatalf("history fields = %v, want %v", fields, want)
	}
	values := map[string][2]string{}
	for _, c := range hist.Items {
		if _, ok := values[c.Field]; !ok { // the newest change of each field
			values[c.Field] = [2]string{c.OldValue, c.NewValue}
		}
	}
	for field, v := range map[string][2]string{
		"status": {"planned", "pilot"}, "effort": {"2", "4"}, "budget_eur": {"5000", ""},
		"start_date": {"2026-01-01", ""}, "principles": {"efficiency", "efficiency,transparency"},
		"lotse.email": {"lena@example.org", "neu@example.org"}, "title": {"Titel 3", "Titel 4"},
	} {
		if values[field] != v {
			t.Errorf("history of %s = %q, want %q", field, values[field], v)
		}
	}

	// Paging the history returns every row once.
	var paged []string
	path := "/api/v1/projects/verlauf/history?limit=3"
	for path != "" {
		res := e.do(req{method: http.MethodGet, path: path})
		var page listBody[changeBody]
		res.JSON(t, &page)
		for _, c := range page.Items {
			paged = append(paged, fmt.Sprintf("%d:%s", c.Version, c.Field))
		}
		path = ""
		if page.NextCursor != nil {
			path = "/api/v1/projects/verlauf/history?limit=3&cursor=" + *page.NextCursor
		}
	}
	if !slices.Equal(paged, want) {
		t.Fatalf("paged history = %v", paged)
	}
	// One live event per write, in the same transaction; the no-op patch wrote none.
	var evs []model.Event
	if err := e.db.Gorm.Where("topic = ?", "project:verlauf").Order("id").Find(&evs).Error; err != nil {
		t.Fatal(err)
	}
	if len(evs) != 5 || evs[0].Type != "project.created" || evs[4].Type != "project.updated" ||
		!strings.Contains(evs[4].Payload, `"version":5`) {
		t.Fatalf("events: %+v", evs)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht/history"}); res.Code != 404 {
		t.Fatalf("history of unknown project: %d", res.Code)
	}
}

func TestConcurrentPatchesOneWins(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	e.createProject(admin, projectInput("wettlauf"))
	const n = 6
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/wettlauf", token: admin,
				header: map[string]string{"If-Match": "1"}, body: map[string]any{"title": fmt.Sprintf("Titel %d", i)}})
			codes[i] = res.Code
		}()
	}
	wg.Wait()
	ok, stale := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 412:
			stale++
		}
	}
	if ok != 1 || stale != n-1 {
		t.Fatalf("codes %v: want one 200 and %d 412", codes, n-1)
	}
	if p := e.getProject("wettlauf"); p.Version != 2 {
		t.Fatalf("version %d, want 2", p.Version)
	}
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/wettlauf/history"})
	var hist listBody[changeBody]
	res.JSON(t, &hist)
	if len(hist.Items) != 2 {
		t.Fatalf("history has %d rows, want created + one title change", len(hist.Items))
	}
}

// xssPayloads are Markdown texts that must come out inert.
var xssPayloads = "Hallo <script>alert(1)</script>\n\n[klick](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n" +
	"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">daten</a>\n\n[gut](https://example.org)"

func assertInert(t *testing.T, html string) {
	t.Helper()
	low := strings.ToLower(html)
	for _, bad := range []string{"<script", "javascript:", "onerror", "<img", "data:"} {
		if strings.Contains(low, bad) {
			t.Errorf("HTML contains %q: %s", bad, html)
		}
	}
}

func TestDescriptionIsSanitised(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	in := projectInput("sicher")
	in["description"] = xssPayloads
	p := e.createProject(admin, in)
	assertInert(t, p.DescriptionHTML)
	if !strings.Contains(p.DescriptionHTML, `<a href="https://example.org" rel="nofollow ugc">gut</a>`) {
		t.Errorf("safe link lost: %s", p.DescriptionHTML)
	}
	assertInert(t, e.getProject("sicher").DescriptionHTML)
}

func TestProjectListFiltersAndSorts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	mk := func(slug, title, status, owner string, reach, effort int, principles ...string) {
		b := projectInput(slug)
		b["title"], b["status"], b["owner_unit"], b["expected_reach"], b["effort"], b["principles"] = title, status, owner, reach, effort, principles
		b["summary"] = "Zusammenfassung von " + slug
		e.createProject(admin, b)
		e.clock.Advance(time.Second)
	}
	mk("alpha", "Alpha Portal", "planned", "Bürgeramt", 1000, 1, "efficiency")
	mk("beta", "Beta 100% digital", "pilot", "Umweltamt", 9000, 3, "inclusion", "transparency")
	mk("gamma", "gamma_werkzeug", "pilot", "Bürgeramt", 500, 5, "transparency")
	mk("delta", "Delta Dienst", "done", "Schulamt", 3000, 1, "once_only")
	// Touch alpha so that it becomes the most recently active one.
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/projects/alpha", token: admin,
		header: map[string]string{"If-Match": "1"}, body: map[string]any{"summary": "Neu"}}); res.Code != 200 {
		t.Fatal(res.Code)
	}

	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"beta", "delta", "alpha", "gamma"}},
		{"sort=priority", []string{"beta", "delta", "alpha", "gamma"}},
		{"sort=newest", []string{"delta", "gamma", "beta", "alpha"}},
		{"sort=activity", []string{"alpha", "delta", "gamma", "beta"}},
		{"sort=title", []string{"alpha", "beta", "delta", "gamma"}},
		{"status=pilot", []string{"beta", "gamma"}},
		{"principle=transparency&sort=title", []string{"beta", "gamma"}},
		{"owner=B%C3%BCrgeramt&sort=title", []string{"alpha", "gamma"}},
		{"q=PORTAL", []string{"alpha"}},
		{"q=zusammenfassung+von+del", []string{"delta"}},
		{"q=100%25", []string{"beta"}},
		{"q=a_w", []string{"gamma"}},
		// q is searched as words (the full-text search): LIKE wildcards are no wildcards, signs alone find nothing.
		{"q=%25", nil},
		{"q=_", nil},
		{"status=pilot&principle=inclusion", []string{"beta"}},
		{"status=idea", []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/projects?" + tc.query})
			if res.Code != 200 {
				t.Fatalf("%d %s", res.Code, res.Body)
			}
			var list listBody[projectBody]
			res.JSON(t, &list)
			got := []string{}
			for _, p := range list.Items {
				got = append(got, p.Slug)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}

	first := e.do(req{method: http.MethodGet, path: "/api/v1/projects?limit=1&sort=title"})
	var page listBody[projectBody]
	first.JSON(t, &page)
	invalid := []struct{ query, field string }{
		{"status=unknown", "status"},
		{"principle=speed", "principle"},
		{"sort=random", "sort"},
		{"limit=0", "limit"},
		{"limit=101", "limit"},
		{"cursor=%21%21", "cursor"},
		{"sort=newest&cursor=" + *page.NextCursor, "cursor"},
		{"q=" + strings.Repeat("x", 201), "q"},
	}
	for _, tc := range invalid {
		t.Run("invalid "+tc.field, func(t *testing.T) {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/projects?" + tc.query})
			if res.Code != 422 || !res.Problem(t).HasField(tc.field) {
				t.Fatalf("got %d, want 422 naming %s: %s", res.Code, tc.field, res.Body)
			}
		})
	}
}

func TestProjectPaginationWhileAdding(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	n := 0
	add := func() string {
		n++
		b := projectInput(fmt.Sprintf("vorhaben-%02d", n))
		// Repeated titles and scores make the tie-breaker on id matter.
		b["title"] = fmt.Sprintf("Titel %d", n%3)
		b["expected_reach"], b["effort"] = (n%4)*1000, 1+n%2
		e.createProject(admin, b)
		if n%2 == 0 {
			e.clock.Advance(time.Second)
		}
		return b["slug"].(string)
	}
	var initial []string
	for range 9 {
		initial = append(initial, add())
	}
	for _, sort := range []string{"priority", "activity", "title", "newest"} {
		t.Run(sort, func(t *testing.T) {
			seen := map[string]int{}
			path := "/api/v1/projects?limit=2&sort=" + sort
			for pages := 0; path != ""; pages++ {
				if pages > 50 {
					t.Fatal("pagination does not end")
				}
				res := e.do(req{method: http.MethodGet, path: path})
				if res.Code != 200 {
					t.Fatalf("%d %s", res.Code, res.Body)
				}
				var page listBody[projectBody]
				res.JSON(t, &page)
				for _, p := range page.Items {
					seen[p.Slug]++
				}
				add()
				path = ""
				if page.NextCursor != nil {
					path = "/api/v1/projects?limit=2&sort=" + sort + "&cursor=" + *page.NextCursor
				}
			}
			for slug, c := range seen {
				if c != 1 {
					t.Errorf("%s returned %d times", slug, c)
				}
			}
			for _, slug := range initial {
				if seen[slug] != 1 {
					t.Errorf("%s missing", slug)
				}
			}
		})
	}
}

func TestProjectNotFound(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	for _, r := range []req{
		{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht"},
		{method: http.MethodPatch, path: "/api/v1/projects/gibt-es-nicht", token: admin, header: map[string]string{"If-Match": "1"}, body: map[string]any{}},
		{method: http.MethodGet, path: "/api/v1/projects/gibt-es-nicht/documents"},
		{method: http.MethodPost, path: "/api/v1/projects/gibt-es-nicht/documents", token: admin,
			body: map[string]any{"kind": "report", "title": "x", "markdown": "y"}},
	} {
		if res := e.do(r); res.Code != 404 {
			t.Errorf("%s %s: %d", r.method, r.path, res.Code)
		}
	}
}
