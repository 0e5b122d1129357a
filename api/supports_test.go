package api_test

import (
	"context"
	"math"
	"net/http"
	"sync"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

type supportBody struct {
	Slug          string `json:"slug"`
	SupportCount  int64  `json:"support_count"`
	SupportedByMe bool   `json:"supported_by_me"`
	Permissions   struct {
		Support bool `json:"support"`
	} `json:"permissions"`
}

func (e *env) support(method, token, slug string) *response {
	e.t.Helper()
	return e.do(req{method: method, path: "/api/v1/projects/" + slug + "/support", token: token})
}

func (e *env) supportView(token, slug string) supportBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug, token: token})
	if res.Code != http.StatusOK {
		e.t.Fatalf("get project: %d %s", res.Code, res.Body)
	}
	var b supportBody
	res.JSON(e.t, &b)
	return b
}

// TestSupportsConcurrentAndIdempotent: 50 parallel PUTs of one user count once; DELETE takes it back, and
// repeating either changes nothing. The counter always equals the rows.
func TestSupportsConcurrentAndIdempotent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, rita := e.user("Rita Resident")
	slug := e.createProject(admin, projectInput("unterstuetzt")).Slug

	var wg sync.WaitGroup
	codes := make([]int, 50)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = e.support(http.MethodPut, rita, slug).Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusNoContent {
			t.Fatalf("PUT %d answered %d", i, c)
		}
	}
	v := e.supportView(rita, slug)
	if v.SupportCount != 1 || !v.SupportedByMe || !v.Permissions.Support {
		t.Fatalf("after 50 PUTs: %+v", v)
	}
	if anon := e.supportView("", slug); anon.SupportCount != 1 || anon.SupportedByMe || anon.Permissions.Support {
		t.Fatalf("anonymous view: %+v", anon)
	}
	p, err := e.svc.Projects.Get(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := store.New(e.db.Gorm).Supports().Count(context.Background(), p.ID); n != 1 {
		t.Fatalf("rows: %d", n)
	}

	// Parallel DELETEs: one takes it back, the others find nothing.
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if c := e.support(http.MethodDelete, rita, slug).Code; c != http.StatusNoContent {
				t.Errorf("DELETE answered %d", c)
			}
		}()
	}
	wg.Wait()
	if v := e.supportView(rita, slug); v.SupportCount != 0 || v.SupportedByMe {
		t.Fatalf("after DELETE: %+v", v)
	}
	if res := e.support(http.MethodPut, rita, "gibt-es-nicht"); res.Code != http.StatusNotFound {
		t.Fatalf("unknown project: %d", res.Code)
	}

	// Exactly two events: 1, then 0.
	evs, err := store.NewEvents(e.db.Gorm).After(context.Background(), 0, math.MaxInt64, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var payloads []string
	for _, ev := range evs {
		if ev.Type == "project.supports" {
			if ev.Topic != "project:"+slug || ev.Audience != "" {
				t.Errorf("event on %s for %q", ev.Topic, ev.Audience)
			}
			payloads = append(payloads, ev.Payload)
		}
	}
	want := []string{`{"slug":"unterstuetzt","support_count":1}`, `{"slug":"unterstuetzt","support_count":0}`}
	if len(payloads) != 2 || payloads[0] != want[0] || payloads[1] != want[1] {
		t.Fatalf("events %v, want %v", payloads, want)
	}
}

// TestSupportsRoleMatrix: anonymous 401, unverified 403, every verified role 204, both methods.
func TestSupportsRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	slug := e.createProject(admin, projectInput("matrix-unterstuetzung")).Slug
	tokens := map[string]string{"anonymous": "", "admin": admin}
	_, tokens["resident"] = e.user("Rita Resident")
	_, tokens["council"] = e.user("Carl Council", model.RoleCouncil)
	_, tokens["official"] = e.user("Olga Official", model.RoleOfficial)
	_, tokens["moderator"] = e.user("Mona Moderator", model.RoleModerator)
	tokens["official other"] = e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	tokens["unverified"] = e.otherUser("new.resident@example.org", false, "")
	want := map[string]int{"anonymous": 401, "unverified": 403}
	for _, method := range []string{http.MethodPut, http.MethodDelete} {
		for actor, tok := range tokens {
			t.Run(method+"/"+actor, func(t *testing.T) {
				code := http.StatusNoContent
				if w, ok := want[actor]; ok {
					code = w
				}
				res := e.support(method, tok, slug)
				if res.Code != code {
					t.Fatalf("got %d, want %d: %s", res.Code, code, res.Body)
				}
				if actor == "unverified" && res.Problem(t).Code != "email_unverified" {
					t.Errorf("code %q", res.Problem(t).Code)
				}
			})
		}
	}
}

// TestSupportsSortAndList: sort=supports orders by count (ties by id) with cursors, and supported_by_me
// marks the reader's supports on a list page.
func TestSupportsSortAndList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	slugs := []string{"null-a", "drei", "eins", "zwei", "null-b"}
	for _, s := range slugs {
		e.createProject(admin, projectInput(s))
	}
	voters := make([]string, 3)
	for i := range voters {
		_, voters[i] = e.user("Person " + string(rune('A'+i)))
	}
	supports := map[string]int{"drei": 3, "zwei": 2, "eins": 1}
	for slug, n := range supports {
		for _, tok := range voters[:n] {
			if res := e.support(http.MethodPut, tok, slug); res.Code != http.StatusNoContent {
				t.Fatalf("support: %d", res.Code)
			}
		}
	}
	var got []supportBody
	cursor := ""
	for {
		path := "/api/v1/projects?sort=supports&limit=2"
		if cursor != "" {
			path += "&cursor=" + cursor
		}
		res := e.do(req{method: http.MethodGet, path: path, token: voters[2]})
		if res.Code != http.StatusOK {
			t.Fatalf("list: %d %s", res.Code, res.Body)
		}
		var page listBody[supportBody]
		res.JSON(t, &page)
		got = append(got, page.Items...)
		if page.NextCursor == nil {
			break
		}
		cursor = *page.NextCursor
	}
	wantOrder := []string{"drei", "zwei", "eins", "null-a", "null-b"}
	if len(got) != len(wantOrder) {
		t.Fatalf("got %d projects", len(got))
	}
	for i, p := range got {
		if p.Slug != wantOrder[i] {
			t.Fatalf("position %d: %s, want %s", i, p.Slug, wantOrder[i])
		}
		if p.SupportCount != int64(supports[p.Slug]) {
			t.Errorf("%s: count %d", p.Slug, p.SupportCount)
		}
		// voters[2] supports only "drei".
		if p.SupportedByMe != (p.Slug == "drei") {
			t.Errorf("%s: supported_by_me %v", p.Slug, p.SupportedByMe)
		}
	}
	// A cursor of another sort is refused.
	res := e.do(req{method: http.MethodGet, path: "/api/v1/projects?sort=priority&limit=2&cursor=" + cursor})
	if cursor != "" && res.Code != http.StatusUnprocessableEntity {
		t.Errorf("foreign cursor: %d", res.Code)
	}
}

// TestSupportsErasure: deleting an account takes its supports back from the counters.
func TestSupportsErasure(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, rita := e.user("Rita Resident")
	slug := e.createProject(admin, projectInput("geloescht")).Slug
	for _, tok := range []string{admin, rita} {
		if res := e.support(http.MethodPut, tok, slug); res.Code != http.StatusNoContent {
			t.Fatalf("support: %d", res.Code)
		}
	}
	res := e.do(req{method: http.MethodDelete, path: "/api/v1/me", token: rita, body: map[string]string{"password": "correct horse battery staple"}})
	if res.Code != http.StatusNoContent {
		t.Fatalf("delete me: %d %s", res.Code, res.Body)
	}
	if v := e.supportView(admin, slug); v.SupportCount != 1 || !v.SupportedByMe {
		t.Fatalf("after erasure: %+v", v)
	}
}
