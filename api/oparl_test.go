package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

const oparlBase = "http://localhost:8080" // PUBLIC_URL of the test servers

type oparlListBody struct {
	Data       []map[string]any `json:"data"`
	Pagination struct {
		TotalElements   int `json:"totalElements"`
		ElementsPerPage int `json:"elementsPerPage"`
		CurrentPage     int `json:"currentPage"`
		TotalPages      int `json:"totalPages"`
	} `json:"pagination"`
	Links map[string]string `json:"links"`
}

// oparlGet fetches an absolute OParl URL through the router (the response is validated against
// openapi.yaml by e.do) and returns the response.
func (e *env) oparlGet(t *testing.T, abs string) *response {
	t.Helper()
	if !strings.HasPrefix(abs, oparlBase+"/oparl/v1/") {
		t.Fatalf("%q is not an absolute OParl URL of this server", abs)
	}
	res := e.do(req{method: http.MethodGet, path: strings.TrimPrefix(abs, oparlBase)})
	if res.Code == 200 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") && !strings.Contains(abs, "/content") {
		t.Errorf("%s: content type %q", abs, res.Header.Get("Content-Type"))
	}
	return res
}

func (e *env) oparlObject(t *testing.T, abs string) map[string]any {
	t.Helper()
	res := e.oparlGet(t, abs)
	if res.Code != 200 {
		t.Fatalf("GET %s: %d %s", abs, res.Code, res.Body)
	}
	var o map[string]any
	res.JSON(t, &o)
	return o
}

// oparlAll follows a list from its first page to its last by the next links, checks the pagination of
// every page and returns all elements.
func (e *env) oparlAll(t *testing.T, first string) []map[string]any {
	t.Helper()
	var all []map[string]any
	seen := map[string]bool{}
	next, page := first, 0
	for next != "" {
		page++
		if page > 100 {
			t.Fatalf("%s: more than 100 pages", first)
		}
		var l oparlListBody
		res := e.oparlGet(t, next)
		if res.Code != 200 {
			t.Fatalf("GET %s: %d %s", next, res.Code, res.Body)
		}
		res.JSON(t, &l)
		if page == 1 {
			next = l.Links["first"] // the list's own URL names no page; its first page does
		}
		p := l.Pagination
		if p.CurrentPage != page || p.ElementsPerPage < 1 || len(l.Data) > p.ElementsPerPage ||
			p.TotalPages != max(1, (p.TotalElements+p.ElementsPerPage-1)/p.ElementsPerPage) {
			t.Errorf("%s: pagination %+v with %d elements on page %d", next, p, len(l.Data), page)
		}
		if l.Links["self"] != next || l.Links["first"] == "" || l.Links["last"] == "" {
			t.Errorf("%s: links %v", next, l.Links)
		}
		if page == 1 && l.Links["prev"] != "" || page > 1 && l.Links["prev"] == "" {
			t.Errorf("%s: prev link %q on page %d", next, l.Links["prev"], page)
		}
		if (l.Links["next"] == "") != (page == p.TotalPages) {
			t.Errorf("%s: next link %q on page %d of %d", next, l.Links["next"], page, p.TotalPages)
		}
		if l.Links["next"] == "" && l.Links["last"] != next {
			t.Errorf("%s: last page but last link %q", next, l.Links["last"])
		}
		for _, o := range l.Data {
			id, _ := o["id"].(string)
			if seen[id] {
				t.Errorf("%s: %s listed twice", first, id)
			}
			seen[id] = true
			all = append(all, o)
		}
		if page == 1 && len(all) != min(p.TotalElements, p.ElementsPerPage) {
			t.Errorf("%s: first page has %d of %d", first, len(all), p.TotalElements)
		}
		if l.Links["next"] == "" && len(all) != p.TotalElements {
			t.Errorf("%s: reached %d of %d elements", first, len(all), p.TotalElements)
		}
		next = l.Links["next"]
	}
	return all
}

// checkOParlObject checks one object (not embedded) against the OParl rules of oparlWalk, that every
// link it carries answers, and with fetch that its id answers the same object.
func (e *env) checkOParlObject(t *testing.T, typ string, o map[string]any, fetch bool) {
	t.Helper()
	w := &oparlWalk{e: e, t: t, objects: map[string]map[string]any{}, done: map[string]bool{}}
	w.check(o, typ, false)
	id, _ := o["id"].(string)
	for _, u := range w.queue {
		if u == id || strings.Contains(u, "/content") {
			continue
		}
		if res := e.oparlGet(t, u); res.Code != 200 {
			t.Errorf("%s: link %s answers %d", id, u, res.Code)
		}
	}
	if fetch {
		got := e.oparlObject(t, id)
		if got["id"] != id || got["type"] != o["type"] || got["modified"] != o["modified"] {
			t.Errorf("GET %s answers %v %v %v", id, got["id"], got["type"], got["modified"])
		}
	}
}

// TestOParl serves the public part of the sessions as OParl 1.1: every object with its required
// fields, ids that answer the object, lists paginated to the end, the modified filters; non-public
// sessions, their items and minutes never appear; confidential items show their title only; council
// members appear only with consent, with display name and affiliation only.
func TestOParl(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"OPARL_BODY_NAME": "Musterstadt"})
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	carlU, carl := e.user("Carl Council", model.RoleCouncil)
	coraU, cora := e.user("Cora Council", model.RoleCouncil)
	_, olga := e.user("Olga Official", model.RoleOfficial)
	_, rita := e.user("Rita Resident")
	e.createProject(olga, projectInput("radwege"))
	e.createProject(olga, projectInput("schulen"))

	// A held public session with a public and a confidential item and published minutes, two more
	// public ones, and a non-public one with an item.
	held, one, two := e.heldSession(mod, carl, cora, nil)
	e.sessionAction(mod, sessionPath(held.ID, "/minutes/publish"), nil, 201)
	e.clock.Advance(5 * time.Minute)
	var public []string
	var publicItems []itemBody
	for i := 0; i < 3; i++ {
		s := e.createSession(mod, map[string]any{"title": "Öffentliche Sitzung"})
		publicItems = append(publicItems, e.addItem(mod, s.ID, map[string]any{"title": "Öffentlicher Punkt"}))
		public = append(public, s.ID)
	}
	secret := e.createSession(mod, map[string]any{"title": "Geheime Sitzung", "visibility": "non_public"})
	secretItem := e.addItem(mod, secret.ID, map[string]any{"title": "Geheimer Punkt"})

	// Consent: Carl agrees through PATCH /me, Cora does not; a resident's consent changes nothing.
	var me map[string]any
	res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: carl, body: map[string]any{"oparl_consent": true}})
	if res.Code != 200 {
		t.Fatalf("consent: %d %s", res.Code, res.Body)
	}
	res.JSON(t, &me)
	if me["oparl_consent"] != true {
		t.Fatalf("consent not stored: %s", res.Body)
	}
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: rita, body: map[string]any{"oparl_consent": true}}); res.Code != 200 {
		t.Fatalf("resident consent: %d", res.Code)
	}
	res = e.do(req{method: http.MethodGet, path: "/api/v1/me", token: cora})
	res.JSON(t, &me)
	if me["oparl_consent"] != false {
		t.Fatalf("default consent: %s", res.Body)
	}

	// System → Body → lists.
	sys := e.oparlObject(t, oparlBase+"/oparl/v1/system")
	e.checkOParlObject(t, "System", sys, true)
	if sys["oparlVersion"] != "https://schema.oparl.org/1.1/" {
		t.Errorf("oparlVersion %v", sys["oparlVersion"])
	}
	bodies := e.oparlAll(t, sys["body"].(string))
	if len(bodies) != 1 || bodies[0]["name"] != "Musterstadt" {
		t.Fatalf("bodies %v", bodies)
	}
	body := bodies[0]
	e.checkOParlObject(t, "Body", body, true)

	limit := func(list string) string { return list + "?limit=2" }
	orgs := e.oparlAll(t, limit(body["organization"].(string)))
	if len(orgs) != 1 || orgs[0]["shortName"] != "Digitalrat" || orgs[0]["name"] != "Digitalrat – Musterstadt" {
		t.Fatalf("organizations %v", orgs)
	}
	e.checkOParlObject(t, "Organization", orgs[0], true)

	persons := e.oparlAll(t, limit(body["person"].(string)))
	if len(persons) != 1 {
		t.Fatalf("persons %v, want Carl only", persons)
	}
	carlP := persons[0]
	e.checkOParlObject(t, "Person", carlP, true)
	if carlP["name"] != "Carl Council" || len(carlP["status"].([]any)) != 1 || carlP["status"].([]any)[0] != "Wissenschaft" {
		t.Errorf("Carl as Person: %v", carlP)
	}
	for k := range carlP {
		switch k {
		case "id", "type", "created", "modified", "deleted", "body", "name", "status", "membership":
		default:
			t.Errorf("Person shows %s = %v", k, carlP[k])
		}
	}
	if strings.Contains(string(e.oparlGet(t, carlP["id"].(string)).Body), "example.org") {
		t.Error("Person shows an email address")
	}
	if res := e.oparlGet(t, oparlBase+"/oparl/v1/persons/"+formatID(coraU.ID)); res.Code != 404 {
		t.Errorf("Cora without consent: %d", res.Code)
	}
	if carlP["id"] != oparlBase+"/oparl/v1/persons/"+formatID(carlU.ID) {
		t.Errorf("Carl's id %v", carlP["id"])
	}

	meetings := e.oparlAll(t, limit(body["meeting"].(string)))
	if len(meetings) != 4 {
		t.Fatalf("%d meetings, want the 4 public ones", len(meetings))
	}
	ids := map[string]map[string]any{}
	for _, m := range meetings {
		e.checkOParlObject(t, "Meeting", m, true)
		ids[m["id"].(string)] = m
		if m["name"] == "Geheime Sitzung" {
			t.Error("non-public session listed")
		}
	}
	heldM := ids[oparlBase+"/oparl/v1/meetings/"+held.ID]
	for _, id := range public {
		if ids[oparlBase+"/oparl/v1/meetings/"+id] == nil {
			t.Errorf("public session %s missing", id)
		}
	}
	if heldM == nil || heldM["meetingState"] != "durchgeführt" {
		t.Fatalf("held meeting %v", heldM)
	}
	items := heldM["agendaItem"].([]any)
	if len(items) != 2 {
		t.Fatalf("held meeting items %v", items)
	}
	pubItem, confItem := items[0].(map[string]any), items[1].(map[string]any)
	if pubItem["name"] != one.Title || pubItem["public"] != true || pubItem["digitalrat:description"] != "Öffentliche Beratung." ||
		pubItem["resolutionText"] != "Der Haushalt wird veröffentlicht." {
		t.Errorf("public item %v", pubItem)
	}
	if confItem["name"] != two.Title || confItem["public"] != false {
		t.Errorf("confidential item %v", confItem)
	}
	for k, v := range confItem {
		switch k {
		case "id", "type", "created", "modified", "deleted", "meeting", "number", "order", "name", "public", "start", "end":
		default:
			t.Errorf("confidential item shows %s = %v", k, v)
		}
	}

	// The minutes: a File embedded in the meeting, listed, with the public HTML behind accessUrl.
	file, _ := heldM["resultsProtocol"].(map[string]any)
	if file == nil {
		t.Fatal("held meeting without resultsProtocol")
	}
	files := e.oparlAll(t, limit(body["file"].(string)))
	if len(files) != 1 || files[0]["id"] != file["id"] {
		t.Fatalf("files %v", files)
	}
	content := e.oparlGet(t, file["accessUrl"].(string))
	if content.Code != 200 || !strings.HasPrefix(content.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(string(content.Body), "Personalsache") || strings.Contains(string(content.Body), "Geheim") {
		t.Errorf("file content %d %s", content.Code, content.Body)
	}
	if res := e.oparlGet(t, file["downloadUrl"].(string)); res.Code != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download %d %v", res.Code, res.Header)
	}

	allItems := e.oparlAll(t, limit(body["agendaItem"].(string)))
	if len(allItems) != 5 {
		t.Errorf("%d agenda items, want 5 of public sessions", len(allItems))
	}
	for _, it := range allItems {
		e.checkOParlObject(t, "AgendaItem", it, true)
	}

	papers := e.oparlAll(t, limit(body["paper"].(string)))
	if len(papers) != 2 {
		t.Fatalf("papers %v", papers)
	}
	for _, p := range papers {
		e.checkOParlObject(t, "Paper", p, true)
	}

	// Non-public: 404 for the meeting and its item, absent from every list and body.
	if res := e.oparlGet(t, oparlBase+"/oparl/v1/meetings/"+secret.ID); res.Code != 404 {
		t.Errorf("non-public meeting: %d", res.Code)
	}
	if res := e.oparlGet(t, oparlBase+"/oparl/v1/agenda-items/"+secretItem.ID); res.Code != 404 {
		t.Errorf("non-public agenda item: %d", res.Code)
	}
	for _, l := range []string{"meeting", "agendaItem", "file"} {
		for _, o := range e.oparlAll(t, body[l].(string)) {
			if strings.Contains(toJSON(t, o), "Geheime Sitzung") || strings.Contains(toJSON(t, o), "Geheimer Punkt") {
				t.Errorf("%s lists non-public content: %v", l, o)
			}
		}
	}

	// modified_since: only what changed at or after the time; the filter stays in the links.
	e.clock.Advance(time.Minute)
	since := e.clock.Now()
	e.clock.Advance(time.Minute)
	changed := e.createSession(mod, map[string]any{"title": "Später angesetzt"})
	q := url.Values{"modified_since": {since.Format(time.RFC3339)}, "limit": {"1"}}
	recent := e.oparlAll(t, body["meeting"].(string)+"?"+q.Encode())
	if len(recent) != 1 || recent[0]["id"] != oparlBase+"/oparl/v1/meetings/"+changed.ID {
		t.Errorf("modified_since %s: %v", since, recent)
	}
	q = url.Values{"modified_until": {since.Format(time.RFC3339)}}
	if older := e.oparlAll(t, body["meeting"].(string)+"?"+q.Encode()); len(older) != 4 {
		t.Errorf("modified_until: %d meetings, want 4", len(older))
	}
	q = url.Values{"modified_since": {e.clock.Now().Add(time.Hour).Format(time.RFC3339)}}
	if none := e.oparlAll(t, body["paper"].(string)+"?"+q.Encode()); len(none) != 0 {
		t.Errorf("papers modified in the future: %v", none)
	}
	// A changed agenda item modifies its meeting (the meeting embeds it).
	e.clock.Advance(time.Minute)
	since = e.clock.Now()
	e.patchItem(mod, public[0], publicItems[0], map[string]any{"title": "Geänderter Punkt"})
	q = url.Values{"modified_since": {since.Format(time.RFC3339)}}
	recent = e.oparlAll(t, body["meeting"].(string)+"?"+q.Encode())
	if len(recent) != 1 || recent[0]["id"] != oparlBase+"/oparl/v1/meetings/"+public[0] || recent[0]["modified"] != since.Format(time.RFC3339) {
		t.Errorf("modified_since after an item change: %v", recent)
	}
	if items := e.oparlAll(t, body["agendaItem"].(string)+"?"+q.Encode()); len(items) != 1 || items[0]["name"] != "Geänderter Punkt" {
		t.Errorf("agenda items modified since %s: %v", since, items)
	}
	if res := e.oparlGet(t, body["meeting"].(string)+"?modified_since=gestern"); res.Code != 422 {
		t.Errorf("bad modified_since: %d", res.Code)
	}
	// Withdrawing consent turns the person into a deleted Person.
	e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: carl, body: map[string]any{"oparl_consent": false}})
	if gone := e.oparlObject(t, carlP["id"].(string)); gone["deleted"] != true || gone["name"] != nil {
		t.Errorf("Carl after withdrawing consent: %v", gone)
	}
	if res := e.oparlGet(t, oparlBase+"/oparl/v1/nothing"); res.Code != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("unknown OParl path: %d %s", res.Code, res.Header.Get("Content-Type"))
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
