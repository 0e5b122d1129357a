package api_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// oparlConsent sets a member's OParl consent through PATCH /me.
func (e *env) oparlConsent(token string, agree bool) {
	e.t.Helper()
	if res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: token, body: map[string]any{"oparl_consent": agree}}); res.Code != 200 {
		e.t.Fatalf("consent %v: %d %s", agree, res.Code, res.Body)
	}
}

// publishMinutes publishes a closed session's minutes and returns the version's id (the File's), read
// from the database: the REST answer does not carry it.
func (e *env) publishMinutes(token, sessionID string) string {
	e.t.Helper()
	e.sessionAction(token, sessionPath(sessionID, "/minutes/publish"), nil, 201)
	var ids []int64
	if err := e.db.Gorm.Raw("SELECT id FROM session_minutes_versions WHERE session_id = ? ORDER BY number DESC", sessionID).
		Scan(&ids).Error; err != nil || len(ids) == 0 {
		e.t.Fatalf("minutes of %s: %v %v", sessionID, ids, err)
	}
	return formatID(ids[0])
}

// setVisibility changes a session's visibility with PATCH and If-Match.
func (e *env) setVisibility(token, sessionID, visibility string) {
	e.t.Helper()
	var s sessionBody
	e.do(req{method: http.MethodGet, path: sessionPath(sessionID, ""), token: token}).JSON(e.t, &s)
	res := e.do(req{method: http.MethodPatch, path: sessionPath(sessionID, ""), token: token,
		header: map[string]string{"If-Match": fmt.Sprint(s.Version)}, body: map[string]any{"visibility": visibility}})
	if res.Code != 200 {
		e.t.Fatalf("visibility %s: %d %s", visibility, res.Code, res.Body)
	}
}

func oparlURL(kind, id string) string { return oparlBase + "/oparl/v1/" + kind + "/" + id }

// TestOParlConformance walks the interface as an OParl validator does — from the System through every
// list (one element a page, followed by next to the end) and every object and link — and checks each
// object against the OParl 1.1 rules (oparlFields); a non-public session, its items and minutes, and a
// council member who did not agree never appear anywhere and answer 404; the list filters are
// validated and name the bad parameter.
func TestOParlConformance(t *testing.T) {
	t.Parallel()
	const license = "https://www.govdata.de/dl-de/by-2-0"
	e := newEnvWith(t, map[string]string{"OPARL_BODY_NAME": "Musterstadt", "OPARL_LICENSE": license})
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	ninaU, _ := e.user("Nina Council", model.RoleCouncil) // never agrees
	_, olga := e.user("Olga Official", model.RoleOfficial)
	e.oparlConsent(carl, true)
	e.oparlConsent(cora, true)
	for _, slug := range []string{"radwege", "schulen", "buergeramt"} {
		e.createProject(olga, projectInput(slug))
	}
	held, _, _ := e.heldSession(mod, carl, cora, nil)
	heldFile := e.publishMinutes(mod, held.ID)
	online := e.createSession(mod, map[string]any{"location": nil, "online_url": "https://meet.example.org/digitalrat"})
	for i := 0; i < 2; i++ {
		s := e.createSession(mod, map[string]any{"title": fmt.Sprintf("Sitzung %d", i)})
		e.addItem(mod, s.ID, map[string]any{"title": "Öffentlicher Punkt"})
	}
	secret, secretOne, secretTwo := e.heldSession(mod, carl, cora, map[string]any{"title": "Geheime Sitzung", "visibility": "non_public"})
	secretFile := e.publishMinutes(mod, secret.ID)

	w := e.walkOParl(t)
	for typ, want := range map[string]int{"System": 1, "Body": 1, "LegislativeTerm": 1, "Organization": 1, "Person": 2,
		"Membership": 2, "Meeting": 4, "AgendaItem": 4, "Location": 3, "Paper": 3, "File": 1} {
		if got := w.ofType(typ); len(got) != want {
			t.Errorf("%d %s met, want %d: %v", len(got), typ, want, got)
		}
	}
	if sys := w.objects[oparlBase+"/oparl/v1/system"]; sys["license"] != license {
		t.Errorf("System license %v", sys["license"])
	}
	if w.objects[oparlURL("locations", online.ID)] != nil || w.objects[oparlURL("meetings", online.ID)]["location"] != nil {
		t.Errorf("online session has a Location")
	}
	if w.objects[oparlURL("files", heldFile)] == nil {
		t.Errorf("held session's minutes not met")
	}
	for _, b := range w.bodies {
		if strings.Contains(b, "Geheim") {
			t.Errorf("non-public or confidential content served: %.300s", b)
		}
	}
	never := []string{oparlURL("meetings", secret.ID), oparlURL("agenda-items", secretOne.ID), oparlURL("agenda-items", secretTwo.ID),
		oparlURL("files", secretFile), oparlURL("files", secretFile) + "/content", oparlURL("locations", secret.ID),
		oparlURL("persons", formatID(ninaU.ID)), oparlURL("memberships", formatID(ninaU.ID))}
	for _, u := range never {
		if w.objects[u] != nil {
			t.Errorf("%s appears", u)
		}
		if res := e.oparlGet(t, u); res.Code != 404 {
			t.Errorf("GET %s: %d, want 404", u, res.Code)
		}
	}
	// The filters never let them in either, and deleted objects are only those that were shown.
	wide := url.Values{"created_since": {"2000-01-01T00:00:00Z"}, "modified_since": {"2000-01-01T00:00:00+01:00"},
		"modified_until": {"2100-01-01T00:00:00Z"}, "created_until": {"2100-01-01T00:00:00Z"}}.Encode()
	for path := range oparlListType {
		for _, o := range e.oparlAll(t, oparlBase+"/oparl/v1/"+path+"?"+wide) {
			if o["deleted"] == true || strings.Contains(toJSON(t, o), "Geheim") || strings.Contains(toJSON(t, o), "/"+secret.ID+`"`) {
				t.Errorf("%s with filters lists %v", path, o)
			}
		}
	}
	// Bad filters: 422 problem+json naming the parameter.
	for _, p := range []string{"created_since", "created_until", "modified_since", "modified_until", "elementsPerPage", "limit", "page"} {
		for _, bad := range []string{"gestern", "2026-01-01", "0"} {
			if p == "page" || p == "limit" || p == "elementsPerPage" {
				if bad == "2026-01-01" {
					continue
				}
			} else if bad == "0" {
				continue
			}
			res := e.oparlGet(t, oparlBase+"/oparl/v1/meetings?"+p+"="+bad)
			var pb struct {
				Errors []struct{ Field string } `json:"errors"`
			}
			res.JSON(t, &pb)
			if res.Code != 422 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") ||
				len(pb.Errors) != 1 || pb.Errors[0].Field != p {
				t.Errorf("%s=%s: %d %s", p, bad, res.Code, res.Body)
			}
		}
	}
	// A client may not expect the server to follow elementsPerPage: more than 100 get 100.
	var l oparlListBody
	if res := e.oparlGet(t, oparlBase+"/oparl/v1/meetings?elementsPerPage=500"); res.Code != 200 {
		t.Errorf("elementsPerPage=500: %d", res.Code)
	} else if res.JSON(t, &l); l.Pagination.ElementsPerPage != 100 || !strings.Contains(l.Links["first"], "elementsPerPage=100") {
		t.Errorf("elementsPerPage=500: %+v %v", l.Pagination, l.Links)
	}
}

// TestOParlDeleted: what was shown and is gone answers as a deleted object (id, type, created, modified
// = the time it went, deleted: true) at its URL and in lists asked for changes (modified_since or
// modified_until), never in plain lists; sub-objects (agenda items, memberships, locations) just go, and
// their parent records the change; what becomes visible again is back; what never was public stays 404.
func TestOParlDeleted(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	carlU, carl := e.user("Carl Council", model.RoleCouncil)
	coraU, cora := e.user("Cora Council", model.RoleCouncil)
	held, _, _ := e.heldSession(mod, carl, cora, nil)
	file := e.publishMinutes(mod, held.ID)
	sched := e.createSession(mod, map[string]any{"title": "Angesetzt"})
	one := e.addItem(mod, sched.ID, map[string]any{"title": "Punkt eins"})
	other := e.createSession(mod, map[string]any{"title": "Bleibt öffentlich"})
	meetingURL, heldURL := oparlURL("meetings", sched.ID), oparlURL("meetings", held.ID)
	before, heldBefore := e.oparlObject(t, meetingURL), e.oparlObject(t, heldURL)

	// The scheduled session turns non-public through the API; the held one (a closed session cannot be
	// changed through the API any more) in the database, which the triggers see just the same.
	e.clock.Advance(time.Minute)
	at := e.clock.Now()
	e.setVisibility(mod, sched.ID, "non_public")
	if err := e.db.Gorm.Exec("UPDATE sessions SET visibility = ?, updated_at = ? WHERE id = ?", "non_public", at, held.ID).Error; err != nil {
		t.Fatal(err)
	}
	wantGone := func(u string, created any) {
		t.Helper()
		o := e.oparlObject(t, u)
		if o["deleted"] != true || len(o) != 5 || o["id"] != u || (created != nil && o["created"] != created) {
			t.Errorf("%s: %v", u, o)
		}
		if m, _ := time.Parse(time.RFC3339Nano, o["modified"].(string)); m.Before(at) {
			t.Errorf("%s: modified %v before the deletion %v", u, o["modified"], at)
		}
	}
	wantGone(meetingURL, before["created"])
	wantGone(heldURL, heldBefore["created"])
	wantGone(oparlURL("files", file), nil)
	for _, u := range []string{oparlURL("agenda-items", one.ID), oparlURL("locations", sched.ID), oparlURL("files", file) + "/content"} {
		if res := e.oparlGet(t, u); res.Code != 404 {
			t.Errorf("%s: %d, want 404", u, res.Code)
		}
	}
	ids := func(list string) map[string]any {
		t.Helper()
		out := map[string]any{}
		for _, o := range e.oparlAll(t, list) {
			out[o["id"].(string)] = o["deleted"]
		}
		return out
	}
	if got := ids(oparlBase + "/oparl/v1/meetings"); len(got) != 1 || got[oparlURL("meetings", other.ID)] != false {
		t.Errorf("plain list: %v", got)
	}
	changes := oparlBase + "/oparl/v1/meetings?elementsPerPage=1&modified_since=" + url.QueryEscape(at.Format(time.RFC3339))
	if got := ids(changes); len(got) != 2 || got[meetingURL] != true || got[heldURL] != true {
		t.Errorf("changes since %v: %v", at, got)
	}
	all := oparlBase + "/oparl/v1/meetings?elementsPerPage=1&modified_since=2000-01-01T00:00:00Z"
	if got := ids(all); len(got) != 3 || got[meetingURL] != true || got[heldURL] != true || got[oparlURL("meetings", other.ID)] != false {
		t.Errorf("all changes: %v", got)
	}
	if got := ids(oparlBase + "/oparl/v1/files?modified_until=2100-01-01T00:00:00Z"); len(got) != 1 || got[oparlURL("files", file)] != true {
		t.Errorf("files changes: %v", got)
	}
	e.walkOParl(t) // the walk meets no deleted object and no dangling link

	// Public again: back with its content.
	e.setVisibility(mod, sched.ID, "public")
	if err := e.db.Gorm.Exec("UPDATE sessions SET visibility = ? WHERE id = ?", "public", held.ID).Error; err != nil {
		t.Fatal(err)
	}
	if o := e.oparlObject(t, heldURL); o["deleted"] != false || o["name"] == nil {
		t.Errorf("held public again: %v", o)
	}
	if o := e.oparlObject(t, meetingURL); o["deleted"] != false || o["name"] == nil {
		t.Errorf("public again: %v", o)
	}
	if o := e.oparlObject(t, oparlURL("files", file)); o["deleted"] != false {
		t.Errorf("file public again: %v", o)
	}

	// A session that never was public leaves no trace.
	secret := e.createSession(mod, map[string]any{"visibility": "non_public"})
	e.setVisibility(mod, secret.ID, "non_public")
	if res := e.oparlGet(t, oparlURL("meetings", secret.ID)); res.Code != 404 {
		t.Errorf("never public: %d", res.Code)
	}

	// Persons: Carl withdraws consent, Cora deletes her account; their memberships go, the
	// Organization changes.
	carlURL, coraURL := oparlURL("persons", formatID(carlU.ID)), oparlURL("persons", formatID(coraU.ID))
	if res := e.oparlGet(t, carlURL); res.Code != 404 {
		t.Errorf("Carl before consent: %d", res.Code)
	}
	e.oparlConsent(carl, true)
	e.oparlConsent(cora, true)
	org := e.oparlObject(t, oparlURL("organizations", "1"))
	if len(org["membership"].([]any)) != 2 {
		t.Fatalf("organization %v", org)
	}
	time.Sleep(2 * time.Millisecond) // users' updated_at follows the wall clock
	at = time.Now().UTC()
	e.oparlConsent(carl, false)
	if res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: cora,
		body: map[string]any{"password": "correct horse battery staple"}}); res.Code != 204 {
		t.Fatalf("delete Cora: %d %s", res.Code, res.Body)
	}
	wantGone(carlURL, nil)
	wantGone(coraURL, nil)
	for _, u := range []string{oparlURL("memberships", formatID(carlU.ID)), oparlURL("memberships", formatID(coraU.ID))} {
		if res := e.oparlGet(t, u); res.Code != 404 {
			t.Errorf("%s: %d", u, res.Code)
		}
	}
	org2 := e.oparlObject(t, oparlURL("organizations", "1"))
	if len(org2["membership"].([]any)) != 0 || org2["modified"] == org["modified"] {
		t.Errorf("organization after members left: %v (before %v)", org2, org["modified"])
	}
	if got := ids(oparlBase + "/oparl/v1/persons"); len(got) != 0 {
		t.Errorf("plain persons: %v", got)
	}
	if got := ids(oparlBase + "/oparl/v1/persons?modified_since=" + url.QueryEscape(at.Format(time.RFC3339Nano))); len(got) != 2 ||
		got[carlURL] != true || got[coraURL] != true {
		t.Errorf("persons changed since %v: %v", at, got)
	}
	e.oparlConsent(carl, true)
	if o := e.oparlObject(t, carlURL); o["deleted"] != false || o["name"] != "Carl Council" {
		t.Errorf("Carl agrees again: %v", o)
	}

	// An admin takes the council role, or disables the account: gone as well; given back: back.
	_, adm := e.user("Ada Admin", model.RoleAdmin)
	admin := func(body map[string]any) {
		t.Helper()
		if res := e.do(req{method: http.MethodPatch, path: "/api/v1/users/" + formatID(carlU.ID), token: adm, body: body}); res.Code != 200 {
			t.Fatalf("admin %v: %d %s", body, res.Code, res.Body)
		}
	}
	for _, c := range []struct{ take, give map[string]any }{
		{map[string]any{"roles": []string{"resident"}}, map[string]any{"roles": []string{"resident", "council"}, "affiliation": "science"}},
		{map[string]any{"disabled": true}, map[string]any{"disabled": false}},
	} {
		admin(c.take)
		if o := e.oparlObject(t, carlURL); o["deleted"] != true || len(o) != 5 {
			t.Errorf("after %v: %v", c.take, o)
		}
		admin(c.give)
		if o := e.oparlObject(t, carlURL); o["deleted"] != false {
			t.Errorf("after %v: %v", c.give, o)
		}
	}
}
