package api_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/polls"
)

type pollBody struct {
	ID         string `json:"id"`
	State      string `json:"state"`
	Kind       string `json:"kind"`
	MaxChoices int    `json:"max_choices"`
	Version    int    `json:"version"`
	Eligible   *int   `json:"eligible"`
	VotedByMe  bool   `json:"voted_by_me"`
	Options    []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
	} `json:"options"`
	Permissions struct {
		Edit, Open, Close, Vote bool
	} `json:"permissions"`
}

type resultsBody struct {
	State         string `json:"state"`
	TotalBallots  int64  `json:"total_ballots"`
	Eligible      *int   `json:"eligible"`
	Quorum        *int   `json:"quorum"`
	QuorumReached bool   `json:"quorum_reached"`
	Options       []struct {
		ID    string `json:"id"`
		Label string `json:"label"`
		Count int64  `json:"count"`
	} `json:"options"`
	Votes *[]struct {
		DisplayName *string  `json:"display_name"`
		Choices     []string `json:"choices"`
	} `json:"votes"`
}

func pollInput(slug string, fields map[string]any) map[string]any {
	in := map[string]any{"subject": map[string]any{"type": "project", "slug": slug}, "question": "Soll das so kommen?",
		"kind": "single_choice", "options": []string{"A", "B", "C"}, "audience": "public"}
	for k, v := range fields {
		if v == nil {
			delete(in, k)
			continue
		}
		in[k] = v
	}
	return in
}

// createPoll creates a poll and, when open is set, opens it; it fails the test otherwise.
func (e *env) createPoll(token string, body map[string]any, open bool) pollBody {
	e.t.Helper()
	res := e.do(req{method: http.MethodPost, path: "/api/v1/polls", token: token, body: body})
	if res.Code != http.StatusCreated {
		e.t.Fatalf("create poll: %d %s", res.Code, res.Body)
	}
	var p pollBody
	res.JSON(e.t, &p)
	if open {
		res = e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + p.ID + "/open", token: token})
		if res.Code != http.StatusOK {
			e.t.Fatalf("open poll: %d %s", res.Code, res.Body)
		}
		res.JSON(e.t, &p)
	}
	return p
}

func (e *env) ballot(token, id string, choices ...string) *response {
	e.t.Helper()
	if choices == nil {
		choices = []string{}
	}
	return e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + id + "/ballots", token: token,
		body: map[string]any{"choices": choices}})
}

func (e *env) results(token, id string) (*response, resultsBody) {
	e.t.Helper()
	res := e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + id + "/results", token: token})
	var r resultsBody
	if res.Code == http.StatusOK {
		res.JSON(e.t, &r)
	}
	return res, r
}

// bulkUsers inserts n verified users with roles directly (hashing n passwords would dominate the test)
// and returns their access tokens.
func (e *env) bulkUsers(prefix string, n int, roles ...string) []string {
	e.t.Helper()
	now := e.clock.Now()
	verified := now.Add(-time.Hour)
	users := make([]model.User, n)
	for i := range users {
		users[i] = model.User{Email: fmt.Sprintf("%s%d@example.org", prefix, i), DisplayName: fmt.Sprintf("%s %d", prefix, i),
			PasswordHash: "x", Roles: model.NewRoleSet(append([]string{model.RoleResident}, roles...)...),
			EmailVerifiedAt: &verified, TokensValidAfter: now.Add(-time.Hour), CreatedAt: now, UpdatedAt: now}
	}
	if err := e.db.Gorm.CreateInBatches(&users, 200).Error; err != nil {
		e.t.Fatal(err)
	}
	toks := make([]string, n)
	for i := range users {
		toks[i] = e.token(&users[i])
	}
	return toks
}

// TestPollsLifecycle: validation, draft → open → closed, PATCH only as draft, results arithmetic with a
// fixed data set, results after_close hidden from everybody until the close.
func TestPollsLifecycle(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	defer e.svc.Polls.Flush()
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, official := e.user("Olga Official", model.RoleOfficial)
	slug := e.createProject(admin, projectInput("abstimmung")).Slug

	invalid := []struct {
		name, field string
		fields      map[string]any
	}{
		{"named public", "secrecy", map[string]any{"secrecy": "named"}},
		{"one option", "options", map[string]any{"options": []string{"A"}}},
		{"21 options", "options", map[string]any{"options": func() []string {
			var o []string
			for i := range 21 {
				o = append(o, fmt.Sprint("O", i))
			}
			return o
		}()}},
		{"duplicate option", "options[1]", map[string]any{"options": []string{"A", "a"}}},
		{"fixed options", "options", map[string]any{"kind": "yes_no_abstain"}},
		{"max choices single", "max_choices", map[string]any{"max_choices": 2}},
		{"max choices multiple", "max_choices", map[string]any{"kind": "multiple_choice", "max_choices": 4}},
		{"no question", "question", map[string]any{"question": " "}},
		{"kind", "kind", map[string]any{"kind": "ranked"}},
		{"audience", "audience", map[string]any{"audience": "everyone"}},
		{"quorum", "quorum", map[string]any{"quorum": 0}},
		{"subject", "subject.slug", map[string]any{"subject": map[string]any{"type": "project", "slug": "gibt-es-nicht"}}},
	}
	for _, c := range invalid {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/polls", token: official, body: pollInput(slug, c.fields)})
		if res.Code != http.StatusUnprocessableEntity || !res.Problem(t).HasField(c.field) {
			t.Errorf("%s: %d %s", c.name, res.Code, res.Body)
		}
	}

	yn := e.createPoll(official, pollInput(slug, map[string]any{"kind": "yes_no_abstain", "options": nil, "quorum": 5}), false)
	if yn.State != "draft" || len(yn.Options) != 3 || yn.Options[0].Label != "Ja" || yn.Options[2].Label != "Enthaltung" || yn.MaxChoices != 1 {
		t.Fatalf("yes/no draft: %+v", yn)
	}
	// Drafts: only for who manages them.
	_, rita := e.user("Rita Resident")
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + yn.ID, token: rita}); res.Code != 404 {
		t.Fatalf("draft for a resident: %d", res.Code)
	}
	if res := e.ballot(rita, yn.ID, yn.Options[0].ID); res.Code != 404 {
		t.Fatalf("ballot in a draft: %d", res.Code)
	}
	// PATCH while draft: needs If-Match; changes the question.
	patch := func(p pollBody, body map[string]any) *response {
		return e.do(req{method: http.MethodPatch, path: "/api/v1/polls/" + p.ID, token: official, body: body,
			header: map[string]string{"If-Match": fmt.Sprint(p.Version)}})
	}
	if res := patch(yn, map[string]any{"question": "Neu?", "quorum": 4}); res.Code != 200 {
		t.Fatalf("patch draft: %d %s", res.Code, res.Body)
	} else {
		res.JSON(t, &yn)
	}
	if res := patch(pollBody{ID: yn.ID, Version: 1}, map[string]any{"question": "Alt?"}); res.Code != 412 {
		t.Fatalf("stale patch: %d", res.Code)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + yn.ID + "/open", token: official}); res.Code != 200 {
		t.Fatalf("open: %d %s", res.Code, res.Body)
	}
	if res := patch(pollBody{ID: yn.ID, Version: yn.Version + 1}, map[string]any{"question": "Zu spät?"}); res.Code != 409 || res.Problem(t).Code != "poll_not_draft" {
		t.Fatalf("patch open poll: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + yn.ID + "/open", token: official}); res.Code != 409 || res.Problem(t).Code != "poll_not_draft" {
		t.Fatalf("open twice: %d", res.Code)
	}

	// Fixed data set: 3 × Ja, 1 × Nein, 0 × Enthaltung → 4 ballots, quorum 4 reached.
	toks := e.bulkUsers("waehler", 4)
	for i, tok := range toks {
		choice := yn.Options[0].ID
		if i == 3 {
			choice = yn.Options[1].ID
		}
		if res := e.ballot(tok, yn.ID, choice); res.Code != 201 {
			t.Fatalf("ballot %d: %d %s", i, res.Code, res.Body)
		}
	}
	// Invalid choices name `choices`.
	other := e.createPoll(official, pollInput(slug, map[string]any{"kind": "multiple_choice", "max_choices": 2}), true)
	for name, choices := range map[string][]string{"none": {}, "duplicate": {other.Options[0].ID, other.Options[0].ID},
		"foreign": {yn.Options[0].ID}, "too many": {other.Options[0].ID, other.Options[1].ID, other.Options[2].ID}, "garbage": {"x"}} {
		if res := e.ballot(rita, other.ID, choices...); res.Code != 422 || !res.Problem(t).HasField("choices") {
			t.Errorf("%s: %d %s", name, res.Code, res.Body)
		}
	}
	if res := e.ballot(rita, other.ID, other.Options[0].ID, other.Options[2].ID); res.Code != 201 {
		t.Fatalf("multiple choice: %d %s", res.Code, res.Body)
	}
	_, r := e.results("", other.ID)
	if r.TotalBallots != 1 || r.Options[0].Count != 1 || r.Options[1].Count != 0 || r.Options[2].Count != 1 || r.Eligible != nil || !r.QuorumReached {
		t.Fatalf("multiple choice results: %+v", r)
	}

	res, r := e.results("", yn.ID)
	if res.Code != 200 || r.State != "open" || r.TotalBallots != 4 || !r.QuorumReached || *r.Quorum != 4 || r.Votes != nil {
		t.Fatalf("results: %d %+v", res.Code, r)
	}
	counts := []int64{r.Options[0].Count, r.Options[1].Count, r.Options[2].Count}
	if !slices.Equal(counts, []int64{3, 1, 0}) {
		t.Fatalf("counts %v", counts)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + yn.ID + "/close", token: official}); res.Code != 200 {
		t.Fatalf("close: %d", res.Code)
	}
	if res := e.ballot(rita, yn.ID, yn.Options[0].ID); res.Code != 409 || res.Problem(t).Code != "poll_not_open" {
		t.Fatalf("after close: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + yn.ID + "/close", token: official}); res.Code != 409 {
		t.Fatalf("close twice: %d", res.Code)
	}

	// after_close: no numbers before the close, for nobody (admins included), and no tally events.
	hidden := e.createPoll(official, pollInput(slug, map[string]any{"results": "after_close", "quorum": 3}), true)
	if res := e.ballot(rita, hidden.ID, hidden.Options[1].ID); res.Code != 201 {
		t.Fatalf("ballot: %d", res.Code)
	}
	for _, tok := range []string{"", rita, official, admin} {
		if res, _ := e.results(tok, hidden.ID); res.Code != 409 || res.Problem(t).Code != "results_after_close" {
			t.Fatalf("hidden results: %d %s", res.Code, res.Body)
		}
	}
	e.svc.Polls.Flush()
	e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + hidden.ID + "/close", token: admin})
	if _, r := e.results(rita, hidden.ID); r.TotalBallots != 1 || r.Options[1].Count != 1 || r.QuorumReached {
		t.Fatalf("hidden poll after close: %+v", r)
	}
	var tallies int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE type = 'poll.tally' AND payload LIKE ?", `%"poll_id":"`+hidden.ID+`"%`).Scan(&tallies)
	if tallies != 0 {
		t.Fatalf("%d tally events of an after_close poll", tallies)
	}
	// The list: newest first, drafts only for managers.
	e.createPoll(official, pollInput(slug, nil), false)
	list := func(tok string) int {
		res := e.do(req{method: http.MethodGet, path: "/api/v1/polls?subject=project:" + slug, token: tok})
		var l listBody[pollBody]
		res.JSON(t, &l)
		return len(l.Items)
	}
	if n, m := list(rita), list(official); n != 3 || m != 4 {
		t.Fatalf("list: resident %d, official %d", n, m)
	}
	if res := e.do(req{method: http.MethodGet, path: "/api/v1/polls?subject=" + slug}); res.Code != 422 || !res.Problem(t).HasField("subject") {
		t.Fatalf("bad subject: %d", res.Code)
	}
}

// TestPollsSecrecy: a secret poll stores nothing that links a voter to a choice; per-user votes exist
// only for named council polls; a resident, a council member and an admin get aggregates of secret polls.
func TestPollsSecrecy(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	defer e.svc.Polls.Flush()
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	_, rita := e.user("Rita Resident")
	_, carl := e.user("Carl Council", model.RoleCouncil)
	_, cora := e.user("Cora Council", model.RoleCouncil)
	slug := e.createProject(admin, projectInput("geheim")).Slug
	secret := e.createPoll(admin, pollInput(slug, nil), true)
	council := e.createPoll(admin, pollInput(slug, map[string]any{"audience": "council", "secrecy": "secret"}), true)
	for i, tok := range []string{rita, carl, cora, admin} {
		if res := e.ballot(tok, secret.ID, secret.Options[i%3].ID); res.Code != 201 {
			t.Fatalf("ballot: %d %s", res.Code, res.Body)
		}
	}
	for _, tok := range []string{carl, cora} {
		if res := e.ballot(tok, council.ID, council.Options[0].ID); res.Code != 201 {
			t.Fatalf("council ballot: %d %s", res.Code, res.Body)
		}
	}
	// The tables themselves: no ballot rows for secret polls; poll_voters holds only (poll_id, user_id).
	var ballots int64
	if err := e.db.Gorm.Raw("SELECT COUNT(*) FROM poll_ballots").Scan(&ballots).Error; err != nil {
		t.Fatal(err)
	}
	if ballots != 0 {
		t.Fatalf("%d ballot rows for secret polls", ballots)
	}
	rows, err := e.db.Gorm.Raw("SELECT * FROM poll_voters").Rows()
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
	}
	_ = rows.Close()
	if !slices.Equal(cols, []string{"poll_id", "user_id"}) || n != 6 {
		t.Fatalf("poll_voters columns %v, %d rows", cols, n)
	}
	var optionCols []string
	r2, err := e.db.Gorm.Raw("SELECT * FROM poll_options WHERE 1 = 0").Rows()
	if err != nil {
		t.Fatal(err)
	}
	optionCols, _ = r2.Columns()
	_ = r2.Close()
	if !slices.Equal(optionCols, []string{"id", "poll_id", "position", "label", "vote_count"}) {
		t.Fatalf("poll_options columns %v", optionCols)
	}
	// Aggregates only, whoever asks (a query parameter asking for votes is ignored).
	for _, tok := range []string{rita, carl, admin} {
		for _, id := range []string{secret.ID, council.ID} {
			res := e.do(req{method: http.MethodGet, path: "/api/v1/polls/" + id + "/results?votes=true&include=votes", token: tok})
			var r resultsBody
			res.JSON(t, &r)
			if res.Code != 200 || r.Votes != nil {
				t.Fatalf("secret poll results carry votes: %s", res.Body)
			}
		}
	}

	// Named council polls are public record: who chose what, by display name.
	named := e.createPoll(admin, pollInput(slug, map[string]any{"audience": "council", "secrecy": "named", "kind": "multiple_choice"}), true)
	if named.Eligible == nil || *named.Eligible != 2 {
		t.Fatalf("eligible %v", named.Eligible)
	}
	e.ballot(carl, named.ID, named.Options[0].ID, named.Options[2].ID)
	e.ballot(cora, named.ID, named.Options[1].ID)
	_, r := e.results("", named.ID)
	if r.Votes == nil || len(*r.Votes) != 2 || *(*r.Votes)[0].DisplayName != "Carl Council" ||
		!slices.Equal((*r.Votes)[0].Choices, []string{named.Options[0].ID, named.Options[2].ID}) ||
		*r.Eligible != 2 || r.TotalBallots != 2 {
		t.Fatalf("named results: %+v", r)
	}
}

// TestPollsConcurrentBallots: 1,000 users voting at once (50 at a time) are exactly 1,000 ballots; one
// user's 50 parallel ballots are 1 × 201 and 49 × 409; ballots racing the close are counted or 409.
func TestPollsConcurrentBallots(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	defer e.svc.Polls.Flush()
	start := time.Now()
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	slug := e.createProject(admin, projectInput("ansturm")).Slug
	p := e.createPoll(admin, pollInput(slug, nil), true)
	toks := e.bulkUsers("masse", 1000)
	sem := make(chan struct{}, 50)
	var wg sync.WaitGroup
	for i, tok := range toks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if res := e.ballot(tok, p.ID, p.Options[i%3].ID); res.Code != 201 {
				t.Errorf("ballot %d: %d %s", i, res.Code, res.Body)
			}
		}()
	}
	wg.Wait()
	_, r := e.results("", p.ID)
	if r.TotalBallots != 1000 || r.Options[0].Count+r.Options[1].Count+r.Options[2].Count != 1000 || r.Options[0].Count != 334 {
		t.Fatalf("after 1,000 ballots: %+v", r)
	}

	// One user, 50 parallel ballots.
	codes := map[int]int{}
	var mu sync.Mutex
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := e.ballot(admin, p.ID, p.Options[0].ID)
			mu.Lock()
			codes[res.Code]++
			mu.Unlock()
			if res.Code == 409 && res.Problem(t).Code != "already_voted" {
				t.Errorf("code %s", res.Problem(t).Code)
			}
		}()
	}
	wg.Wait()
	if codes[201] != 1 || codes[409] != 49 {
		t.Fatalf("one user's parallel ballots: %v", codes)
	}

	// Ballots racing the close: each 201 is counted, every other answer is 409 poll_not_open.
	race := e.createPoll(admin, pollInput(slug, nil), true)
	voters := e.bulkUsers("rennen", 200)
	var created int64
	for i, tok := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := e.ballot(tok, race.ID, race.Options[0].ID)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case res.Code == 201:
				created++
			case res.Code == 409 && res.Problem(t).Code == "poll_not_open":
			default:
				t.Errorf("ballot %d: %d %s", i, res.Code, res.Body)
			}
		}()
		if i == 100 {
			if res := e.do(req{method: http.MethodPost, path: "/api/v1/polls/" + race.ID + "/close", token: admin}); res.Code != 200 {
				t.Errorf("close: %d", res.Code)
			}
		}
	}
	wg.Wait()
	_, r = e.results("", race.ID)
	if r.TotalBallots != created || r.Options[0].Count != created || r.State != "closed" {
		t.Fatalf("%d ballots answered 201, results %+v", created, r)
	}
	t.Logf("%d of 200 ballots before the close", created)
	e.svc.Polls.Flush()
	var tallies int64
	e.db.Gorm.Raw("SELECT COUNT(*) FROM events WHERE type = 'poll.tally'").Scan(&tallies)
	// Coalesced: far fewer events than ballots, and at most one per interval and poll (two polls) plus the
	// trailing ones — a bound from the time the test took, since the race detector on a loaded machine
	// stretches it.
	limit := 2 * (int64(time.Since(start)/polls.TallyInterval) + 2)
	if tallies < 1 || tallies >= 1201 || tallies > limit {
		t.Errorf("%d tally events for 1,201 ballots (at most %d in %v)", tallies, limit, time.Since(start).Round(time.Second))
	}
	_ = context.Background
}

// TestPollsRoleMatrix is the role × endpoint matrix of the poll endpoints.
func TestPollsRoleMatrix(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	defer e.svc.Polls.Flush()
	users := map[string]*model.User{}
	users["admin"], _ = e.user("Ada Admin", model.RoleAdmin)
	users["resident"], _ = e.user("Rita Resident")
	users["council"], _ = e.user("Carl Council", model.RoleCouncil)
	users["moderator"], _ = e.user("Mona Moderator", model.RoleModerator)
	users["official"], _ = e.user("Olga Official", model.RoleOfficial) // Bürgeramt owns the project
	users["official other"] = mustUser(t, e, e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial))
	users["unverified"] = mustUser(t, e, e.otherUser("new.resident@example.org", false, ""))
	actors := []string{"anonymous", "unverified", "resident", "council", "official other", "official", "moderator", "admin"}
	tok := func(actor string) string {
		if actor == "anonymous" {
			return ""
		}
		return e.token(users[actor])
	}
	slug := e.createProject(tok("admin"), projectInput("rollen")).Slug
	draft := func() pollBody { return e.createPoll(tok("admin"), pollInput(slug, nil), false) }
	open := func(fields map[string]any) pollBody { return e.createPoll(tok("admin"), pollInput(slug, fields), true) }
	shown := open(nil)
	manage := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official other": 403}
	// Drafts are invisible to an official of another department: 404 rather than 403.
	manageDraft := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "council": 403, "official other": 404}
	verified := map[string]int{"anonymous": 401, "unverified": 403}
	councilOnly := map[string]int{"anonymous": 401, "unverified": 403, "resident": 403, "official other": 403,
		"official": 403, "moderator": 403, "admin": 403}
	draftSeers := map[string]int{"anonymous": 404, "unverified": 404, "resident": 404, "council": 404, "official other": 404}
	endpoints := []struct {
		name    string
		ok      int
		deny    map[string]int
		request func() req
	}{
		{"list", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/polls?subject=project:" + slug} }},
		{"get", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/polls/" + shown.ID} }},
		{"get draft", 200, draftSeers, func() req { return req{method: http.MethodGet, path: "/api/v1/polls/" + draft().ID} }},
		{"results", 200, nil, func() req { return req{method: http.MethodGet, path: "/api/v1/polls/" + shown.ID + "/results"} }},
		{"create", 201, manage, func() req {
			return req{method: http.MethodPost, path: "/api/v1/polls", body: pollInput(slug, nil)}
		}},
		{"patch", 200, manageDraft, func() req {
			d := draft()
			return req{method: http.MethodPatch, path: "/api/v1/polls/" + d.ID, body: map[string]any{"question": "Anders?"},
				header: map[string]string{"If-Match": "1"}}
		}},
		{"open", 200, manageDraft, func() req { return req{method: http.MethodPost, path: "/api/v1/polls/" + draft().ID + "/open"} }},
		{"close", 200, manage, func() req { return req{method: http.MethodPost, path: "/api/v1/polls/" + open(nil).ID + "/close"} }},
		{"vote public", 201, verified, func() req {
			p := open(nil)
			return req{method: http.MethodPost, path: "/api/v1/polls/" + p.ID + "/ballots", body: map[string]any{"choices": []string{p.Options[0].ID}}}
		}},
		{"vote council", 201, councilOnly, func() req {
			p := open(map[string]any{"audience": "council", "secrecy": "named"})
			return req{method: http.MethodPost, path: "/api/v1/polls/" + p.ID + "/ballots", body: map[string]any{"choices": []string{p.Options[0].ID}}}
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
				if want == 403 && actor == "unverified" && res.Problem(t).Code != "email_unverified" {
					t.Errorf("code %q", res.Problem(t).Code)
				}
				if ep.name == "vote council" && want == 403 && actor != "unverified" && res.Problem(t).Code != "not_eligible" {
					t.Errorf("code %q, want not_eligible", res.Problem(t).Code)
				}
			})
		}
	}
	// A council member who joined after the opening is not in the snapshot.
	p := open(map[string]any{"audience": "council"})
	late, _ := e.user("Lena Late", model.RoleCouncil)
	if res := e.ballot(e.token(late), p.ID, p.Options[0].ID); res.Code != 403 || res.Problem(t).Code != "not_eligible" {
		t.Fatalf("late council member: %d %s", res.Code, res.Body)
	}
}
