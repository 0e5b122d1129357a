package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/digitalrat/digitalrat/internal/model"
)

func init() {
	// Exports and feeds are validated as text: the JSON exports against their schemas, the rest parsed by
	// the tests themselves.
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/atom+xml", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/turtle", openapi3filter.PlainBodyDecoder)
}

// secretTexts are in comments no export may show.
var secretTexts = []string{"WARTET-AUF-FREIGABE", "AUSGEBLENDET-GEHEIM", "ENTFERNT-RECHTSWIDRIG", "VOM-AUTOR-GELOESCHT"}

// injections are comment bodies a spreadsheet would run as formulas.
var injections = []string{"=HYPERLINK(\"http://evil\")", "+SUM(A1:A9)", "-2+3", "@cmd", "\tTabulator", "\rWagenrücklauf"}

// openDataSetup fills every dataset with rows that must and must not be exported.
type openDataSetup struct {
	slug, admin, resident, official string
}

func newOpenDataSetup(t *testing.T, e *env) openDataSetup {
	t.Helper()
	s := newCommentSetup(e)
	_, official := e.user("Olga Official", model.RoleOfficial)
	out := openDataSetup{slug: s.slug, admin: s.admin, resident: s.resident, official: official}
	ctx := context.Background()

	// published comments, some of them formula injections, a question with an official response
	for _, b := range injections[:4] {
		e.postComment(s.resident, s.slug, map[string]any{"body": b})
	}
	q := e.postComment(s.resident, s.slug, map[string]any{"body": "Wann kommt es?", "kind": "question"})
	if res := e.respond(official, q.ID, "Im Frühjahr."); res.Code != http.StatusCreated {
		t.Fatalf("respond: %d %s", res.Code, res.Body)
	}
	// deleted by its author
	gone := e.postComment(s.resident, s.slug, map[string]any{"body": secretTexts[3]})
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/comments/" + gone.ID, token: s.resident}); res.Code != http.StatusNoContent {
		t.Fatalf("delete comment: %d %s", res.Code, res.Body)
	}
	// pending, hidden and removed, seeded as the moderation leaves them
	p := e.getProject(s.slug)
	var pid int64
	if err := e.db.Gorm.Raw("SELECT id FROM projects WHERE slug = ?", p.Slug).Scan(&pid).Error; err != nil {
		t.Fatal(err)
	}
	rita := mustUser(t, e, s.resident)
	now := e.clock.Now()
	seed := func(body, status string) {
		c := model.Comment{ProjectID: pid, AuthorID: &rita.ID, Body: body, BodyHTML: "<p>" + body + "</p>",
			Kind: "comment", Channel: "online", Status: status, CreatedAt: now, UpdatedAt: now}
		if err := e.db.Gorm.WithContext(ctx).Create(&c).Error; err != nil {
			t.Fatal(err)
		}
	}
	for i, st := range []string{model.CommentPending, model.CommentHidden, model.CommentRemoved} {
		seed(secretTexts[i], st)
	}
	// the service trims leading white space; older rows or other writers need not have
	for _, b := range injections[4:] {
		seed(b, model.CommentPublished)
	}
	// an erased account: its comment stays, under the anonymised name
	_, erika := e.user("Erika Erased")
	e.postComment(erika, s.slug, map[string]any{"body": "Ein Beitrag vor der Löschung."})
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: erika,
		body: map[string]any{"password": "correct horse battery staple"}}); res.Code != http.StatusNoContent {
		t.Fatalf("delete account: %d %s", res.Code, res.Body)
	}

	// polls: a public secret one with live results, a named council one, a draft and an unclosed
	// after_close one (neither of these two may appear)
	pub := e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "Öffentliche Frage?"}), true)
	e.ballot(s.resident, pub.ID, pub.Options[1].ID)
	_, carla := e.user("Carla Council", model.RoleCouncil)
	named := e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "Namentliche Frage?", "audience": "council",
		"secrecy": "named"}), true)
	e.ballot(carla, named.ID, named.Options[0].ID)
	e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "ENTWURF-FRAGE?"}), false)
	e.createPoll(s.admin, pollInput(s.slug, map[string]any{"question": "NACH-SCHLUSS-FRAGE?", "results": "after_close"}), true)

	// an evaluation cycle with one public evaluation
	cycle := e.createCycle(s.admin, 24*time.Hour, nil)
	if res := e.evaluate(s.resident, cycle, s.slug, scores(4, nil), "GEHEIMER-BEWERTUNGSKOMMENTAR"); res.Code != http.StatusOK {
		t.Fatalf("evaluate: %d %s", res.Code, res.Body)
	}

	// a public and a non-public session
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	open := e.createSession(mod, map[string]any{"title": "Öffentliche Sitzung"})
	e.addItem(mod, open.ID, map[string]any{"title": "Begrüßung"})
	e.addItem(mod, open.ID, map[string]any{"title": "=Bericht"})
	closed := e.createSession(mod, map[string]any{"title": "NICHTOEFFENTLICHE-SITZUNG", "visibility": "non_public"})
	e.addItem(mod, closed.ID, map[string]any{"title": "VERTRAULICHER-PUNKT"})

	// council polls on agenda items: of a live public session (exported), of a confidential item in it and
	// of a non-public session (neither exported)
	live, item := e.liveSession(mod, map[string]any{"title": "Laufende Sitzung"})
	confidential := e.addItem(mod, live.ID, map[string]any{"title": "Personalsache", "confidential": true})
	_, hidden := e.liveSession(mod, map[string]any{"title": "NICHTOEFFENTLICHE-SITZUNG-2", "visibility": "non_public"})
	for q, it := range map[string]string{"Sitzungsfrage?": item.ID, "SITZUNGSFRAGE-VERTRAULICH?": confidential.ID,
		"SITZUNGSFRAGE-NICHTOEFFENTLICH?": hidden.ID} {
		e.createPoll(mod, agendaPollInput(it, map[string]any{"question": q, "results": "live"}), true)
	}
	// a KPI with a measurement and its correction; formula injections in name, source and note
	k := e.createKPI(s.admin, s.slug, kpiInput("=Online-Anteil"))
	first := e.measure(s.admin, k.ID, map[string]any{"value": 12, "measured_at": "2026-03-01",
		"source": injections[0], "note": injections[1]})
	e.measure(s.admin, k.ID, map[string]any{"value": 13, "measured_at": "2026-03-01", "source": "Statistikstelle",
		"source_url": "https://statistik.example.org/online", "note": "@Korrektur", "corrects": first.ID})
	return out
}

// export fetches a dataset and checks the headers every export has.
func (e *env) export(t *testing.T, name, format string) []byte {
	t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/export/" + name + "." + format})
	if res.Code != http.StatusOK {
		t.Fatalf("%s.%s: %d %s", name, format, res.Code, res.Body)
	}
	want := map[string]string{"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}[format]
	if ct := res.Header.Get("Content-Type"); ct != want {
		t.Errorf("%s.%s: Content-Type %q, want %q", name, format, ct, want)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="digitalrat-`+name+"."+format+`"` {
		t.Errorf("%s.%s: Content-Disposition %q", name, format, cd)
	}
	return res.Body
}

// parseCSV reads an export back with encoding/csv (strict: every record as wide as the header).
func parseCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v\n%s", err, b)
	}
	if len(recs) == 0 {
		t.Fatal("CSV without header")
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestOpenDataExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newOpenDataSetup(t, e)

	csvs := map[string][]map[string]string{}
	jsons := map[string][]map[string]any{}
	for _, name := range []string{"projects", "comments", "polls", "evaluations", "sessions", "kpis", "measurements"} {
		for _, format := range []string{"csv", "json"} {
			body := e.export(t, name, format) // the JSON is validated against openapi.yaml by e.do
			for _, bad := range append([]string{"@example.org", "ENTWURF-FRAGE", "NACH-SCHLUSS-FRAGE", "GEHEIMER-BEWERTUNGSKOMMENTAR",
				"NICHTOEFFENTLICHE-SITZUNG", "VERTRAULICHER-PUNKT", "Erika Erased", "SITZUNGSFRAGE"}, secretTexts...) {
				if bytes.Contains(body, []byte(bad)) {
					t.Errorf("%s.%s contains %q", name, format, bad)
				}
			}
			if format == "csv" {
				csvs[name] = parseCSV(t, body)
				continue
			}
			var rows []map[string]any
			if err := json.Unmarshal(body, &rows); err != nil {
				t.Fatalf("%s.json: %v", name, err)
			}
			jsons[name] = rows
			if len(rows) != len(csvs[name]) {
				t.Errorf("%s: %d JSON rows, %d CSV rows", name, len(rows), len(csvs[name]))
			}
		}
	}

	t.Run("comments", func(t *testing.T) {
		rows := csvs["comments"]
		bodies := map[string]map[string]string{}
		for _, r := range rows {
			bodies[r["body"]] = r
		}
		for _, inj := range injections {
			// encoding/csv writes line breaks as CRLF and drops a lone CR (Writer.UseCRLF)
			r, ok := bodies["'"+strings.ReplaceAll(inj, "\r", "")]
			if !ok {
				t.Errorf("injection %q not neutralised (bodies %v)", inj, keys(bodies))
				continue
			}
			if r["author"] != "Rita Resident" {
				t.Errorf("author %q", r["author"])
			}
		}
		if r := bodies["Im Frühjahr."]; r == nil || r["kind"] != "official_response" || r["department"] != "Bürgeramt" || r["author"] != "Olga Official" {
			t.Errorf("official response %v", r)
		}
		if r := bodies["Ein Beitrag vor der Löschung."]; r == nil || r["author"] != "Gelöschtes Konto" {
			t.Errorf("comment of an erased account %v", r)
		}
		if len(rows) != len(injections)+3 {
			t.Errorf("%d comments exported, want %d", len(rows), len(injections)+3)
		}
		// JSON keeps the text as it is: neutralising is for spreadsheets
		found := false
		for _, r := range jsons["comments"] {
			found = found || r["body"] == injections[0]
		}
		if !found {
			t.Error("JSON export changed the text of a comment")
		}
	})

	t.Run("polls", func(t *testing.T) {
		questions := map[string][]map[string]string{}
		for _, r := range csvs["polls"] {
			questions[r["question"]] = append(questions[r["question"]], r)
		}
		if len(questions) != 3 {
			t.Fatalf("polls exported: %v", keys(questions))
		}
		if item := questions["Sitzungsfrage?"]; len(item) != 3 || item[0]["session_id"] == "" || item[0]["agenda_item"] != "Punkt" ||
			item[0]["project_slug"] != "" || item[0]["voters"] != "" {
			t.Errorf("agenda item poll %v", item)
		}
		pub := questions["Öffentliche Frage?"]
		if len(pub) != 3 || pub[1]["votes"] != "1" || pub[0]["votes"] != "0" || pub[1]["voters"] != "" || pub[1]["total_ballots"] != "1" {
			t.Errorf("public poll %v", pub)
		}
		named := questions["Namentliche Frage?"]
		if len(named) != 3 || named[0]["voters"] != "Carla Council" || named[0]["votes"] != "1" {
			t.Errorf("named poll %v", named)
		}
		for _, r := range jsons["polls"] {
			if r["secrecy"] == "secret" && r["voters"] != nil {
				t.Errorf("voters of a secret poll: %v", r)
			}
		}
	})

	t.Run("evaluations", func(t *testing.T) {
		var hit bool
		for _, r := range csvs["evaluations"] {
			if r["project_slug"] == s.slug && r["criterion"] == "overall" && r["group"] == "public" {
				hit = r["count"] == "1" && r["mean"] == "4" && r["score_4"] == "1"
			}
		}
		if !hit {
			t.Errorf("overall public result missing: %v", csvs["evaluations"])
		}
	})

	t.Run("sessions", func(t *testing.T) {
		rows := csvs["sessions"]
		if len(rows) != 2 || rows[0]["title"] != "Öffentliche Sitzung" || rows[0]["agenda_items"] != "Begrüßung\n'=Bericht" ||
			rows[1]["title"] != "Laufende Sitzung" || rows[1]["state"] != "live" || rows[1]["agenda_items"] != "Punkt\nPersonalsache" {
			t.Errorf("sessions %v", rows)
		}
		items, _ := jsons["sessions"][0]["agenda_items"].([]any)
		if len(items) != 2 || items[1] != "=Bericht" {
			t.Errorf("JSON agenda items %v", items)
		}
	})

	t.Run("kpis", func(t *testing.T) {
		rows := csvs["kpis"]
		// 12 was corrected to 13 (2026-03-01): 30 % of the way from 10 to 20, above the line (11.6)
		if len(rows) != 1 || rows[0]["name"] != "'=Online-Anteil" || rows[0]["project_slug"] != s.slug ||
			rows[0]["latest_value"] != "13" || rows[0]["latest_measured_at"] != "2026-03-01" || rows[0]["progress"] != "30" ||
			rows[0]["status"] != "on_track" || rows[0]["baseline_value"] != "10" || rows[0]["target_date"] != "2027-01-01" ||
			rows[0]["principle"] != "citizen_centred" {
			t.Errorf("kpis %v", rows)
		}
		if r := jsons["kpis"]; len(r) != 1 || r[0]["name"] != "=Online-Anteil" || r[0]["progress"] != 30.0 || r[0]["latest_value"] != 13.0 {
			t.Errorf("JSON kpis %v", r)
		}
	})

	t.Run("measurements", func(t *testing.T) {
		rows := csvs["measurements"]
		if len(rows) != 2 {
			t.Fatalf("measurements %v", rows)
		}
		old, fix := rows[0], rows[1]
		if old["value"] != "12" || old["source"] != "'"+injections[0] || old["note"] != "'"+injections[1] ||
			old["corrects"] != "" || old["corrected_by"] != fix["id"] || old["kpi_name"] != "'=Online-Anteil" || old["source_url"] != "" {
			t.Errorf("corrected measurement %v", old)
		}
		if fix["value"] != "13" || fix["corrects"] != old["id"] || fix["corrected_by"] != "" || fix["note"] != "'@Korrektur" ||
			fix["source_url"] != "https://statistik.example.org/online" || fix["project_slug"] != s.slug {
			t.Errorf("correction %v", fix)
		}
		j := jsons["measurements"]
		if len(j) != 2 || j[0]["source"] != injections[0] || j[0]["note"] != injections[1] || j[1]["corrects"] != old["id"] ||
			j[0]["corrects"] != nil || j[0]["source_url"] != nil {
			t.Errorf("JSON measurements %v", j)
		}
	})

	t.Run("projects", func(t *testing.T) {
		rows := csvs["projects"]
		if len(rows) != 1 || rows[0]["slug"] != s.slug || rows[0]["principles"] != "efficiency" {
			t.Errorf("projects %v", rows)
		}
	})
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestOpenDataEmptyExports: an empty dataset is a header or an empty array, and unknown datasets are 404.
func TestOpenDataEmptyExports(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if b := e.export(t, "comments", "json"); strings.TrimSpace(string(b)) != "[\n]" {
		t.Errorf("empty JSON export %q", b)
	}
	if b := e.export(t, "sessions", "csv"); !strings.HasPrefix(string(b), "id,title,") || strings.Count(string(b), "\r\n") != 1 {
		t.Errorf("empty CSV export %q", b)
	}
	if b := e.export(t, "measurements", "json"); strings.TrimSpace(string(b)) != "[\n]" {
		t.Errorf("empty JSON export %q", b)
	}
	for _, p := range []string{"/api/v1/export/users.csv", "/api/v1/export/comments.xml", "/api/v1/export/"} {
		if res := e.do(req{method: http.MethodGet, path: p}); res.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, res.Code)
		}
	}
}

// TestOpenDataExportRateLimit: RATE_EXPORTS bounds the downloads per client address (each reads a whole
// table); another address keeps its own budget.
func TestOpenDataExportRateLimit(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"TRUSTED_PROXIES": "192.0.2.1", "RATE_EXPORTS": "3/1m"})
	from := func(ip, path string) *response {
		return e.do(req{method: http.MethodGet, path: path, header: map[string]string{"X-Forwarded-For": ip}})
	}
	for i, path := range []string{"/api/v1/export/projects.csv", "/api/v1/export/kpis.json", "/api/v1/export/comments.csv"} {
		if res := from("198.51.100.7", path); res.Code != http.StatusOK {
			t.Fatalf("download %d: %d", i+1, res.Code)
		}
	}
	res := from("198.51.100.7", "/api/v1/export/projects.json")
	if res.Code != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" || res.Problem(t).Code != "rate_limited" {
		t.Fatalf("4th download: %d %q %s", res.Code, res.Header.Get("Retry-After"), res.Body)
	}
	if res := from("203.0.113.5", "/api/v1/export/projects.json"); res.Code != http.StatusOK {
		t.Fatalf("another address: %d", res.Code)
	}
}
