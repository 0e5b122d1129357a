package live_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// call sends a JSON request with any method and fails the test unless the status is want.
func (s *server) call(t *testing.T, method, token, path string, body any, want int, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	r, _ := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Requested-With", "digitalrat")
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d", method, path, res.StatusCode, want)
	}
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// replay subscribes a fresh connection (authenticated with token unless empty) to topic with since 0 and
// returns every replayed event up to the confirmation.
func replay(t *testing.T, s *server, token, topic string) []msg {
	t.Helper()
	w := dial(t, s, "")
	if token != "" {
		w.auth(token)
	}
	zero := int64(0)
	w.send(map[string]any{"op": "subscribe", "topic": topic, "since": &zero})
	var out []msg
	for {
		m, err := w.read(2e9)
		if err != nil {
			t.Fatalf("replay of %s: %v", topic, err)
		}
		switch m.Op {
		case "event":
			out = append(out, m)
		case "subscribed":
			return out
		default:
			t.Fatalf("replay of %s: %+v", topic, m)
		}
	}
}

// Text that REST no longer shows a reader never leaves through the outbox: after a hide, a removal, an
// edit, an author's deletion and an account's erasure, a replay from 0 (anonymous, and for moderators
// the moderation topic after a removal) carries neither the old text nor the erased name, and the events
// table itself no longer holds them.
func TestLiveReplayCarriesNoRemovedText(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	_, adminTok := s.user("Admin", model.RoleAdmin)
	_, authorTok := s.user("Author")
	_, flaggerTok := s.user("Flagger")
	_, modTok := s.user("Moderator", model.RoleModerator)
	_, erasedModTok := s.user("Moderatorgeheimnis", model.RoleModerator)
	s.post(t, adminTok, "/api/v1/projects", map[string]any{"slug": "offen", "title": "Offen", "summary": "S",
		"status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"}, "expected_reach": 10,
		"effort": 1}, nil)
	s.post(t, adminTok, "/api/v1/projects", map[string]any{"slug": "vormoderiert", "title": "Vormoderiert", "summary": "S",
		"status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"}, "expected_reach": 10,
		"effort": 1, "pre_moderation": true}, nil)

	type created struct {
		ID string `json:"id"`
	}
	comment := func(tok, slug, body string) string {
		var c created
		s.call(t, http.MethodPost, tok, "/api/v1/projects/"+slug+"/comments", map[string]any{"body": body}, http.StatusCreated, &c)
		return c.ID
	}
	// Hidden by a moderator.
	hidden := comment(authorTok, "offen", "GEHEIM-versteckt")
	s.call(t, http.MethodPost, erasedModTok, "/api/v1/comments/"+hidden+"/moderation", map[string]any{"action": "hide", "reason": "spam"}, http.StatusOK, nil)
	// Flagged (so moderators got it with its text), then removed as illegal.
	removed := comment(authorTok, "offen", "GEHEIM-entfernt")
	// A flagged reply: its queue item quotes the parent (parent_excerpt).
	var reply created
	s.call(t, http.MethodPost, flaggerTok, "/api/v1/projects/offen/comments", map[string]any{"body": "Antwort", "parent_id": removed}, http.StatusCreated, &reply)
	s.call(t, http.MethodPost, modTok, "/api/v1/comments/"+reply.ID+"/flags", map[string]any{"reason": "spam"}, http.StatusNoContent, nil)
	s.call(t, http.MethodPost, flaggerTok, "/api/v1/comments/"+removed+"/flags", map[string]any{"reason": "offensive"}, http.StatusNoContent, nil)
	s.call(t, http.MethodPost, modTok, "/api/v1/comments/"+removed+"/moderation", map[string]any{"action": "remove", "reason": "illegal"}, http.StatusOK, nil)
	// Edited: the earlier text goes.
	edited := comment(authorTok, "offen", "GEHEIM-vorher")
	s.call(t, http.MethodPatch, authorTok, "/api/v1/comments/"+edited, map[string]any{"body": "nachher"}, http.StatusOK, nil)
	// Deleted by its author.
	deleted := comment(authorTok, "offen", "GEHEIM-geloescht")
	s.call(t, http.MethodDelete, authorTok, "/api/v1/comments/"+deleted, nil, http.StatusNoContent, nil)
	// Edited in a pre-moderated project after approval: pending again, so the public must not see the new
	// text either (only moderators and the author).
	repending := comment(authorTok, "vormoderiert", "GEHEIM-erst")
	s.call(t, http.MethodPost, modTok, "/api/v1/comments/"+repending+"/moderation", map[string]any{"action": "approve"}, http.StatusOK, nil)
	s.call(t, http.MethodPatch, authorTok, "/api/v1/comments/"+repending, map[string]any{"body": "GEHEIM-wartend"}, http.StatusOK, nil)
	// An erased account: its comments stay without author, its name goes.
	_, erasedTok := s.user("Namensgeheimnis")
	comment(erasedTok, "offen", "bleibt ohne Autor")
	s.call(t, http.MethodDelete, erasedTok, "/api/v1/me", map[string]any{"password": "correct horse battery staple"}, http.StatusNoContent, nil)
	// An erased moderator: the moderators' events no longer name them.
	s.call(t, http.MethodDelete, erasedModTok, "/api/v1/me", map[string]any{"password": "correct horse battery staple"}, http.StatusNoContent, nil)

	secrets := []string{"GEHEIM-erst", "GEHEIM-versteckt", "GEHEIM-entfernt", "GEHEIM-vorher", "GEHEIM-geloescht", "GEHEIM-wartend", "Namensgeheimnis", "Moderatorgeheimnis"}
	check := func(where string, data []byte) {
		t.Helper()
		for _, secret := range secrets {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s carries %q: %s", where, secret, data)
			}
		}
	}
	for _, topic := range []string{"project:offen", "project:vormoderiert"} {
		evs := replay(t, s, "", topic)
		if len(evs) == 0 {
			t.Fatalf("no replay on %s", topic)
		}
		for _, m := range evs {
			check("anonymous replay of "+topic+" "+m.Type, m.Data)
		}
	}
	for _, m := range replay(t, s, modTok, "moderation") {
		for _, secret := range []string{"GEHEIM-entfernt", "Namensgeheimnis", "Moderatorgeheimnis"} {
			if strings.Contains(string(m.Data), secret) {
				t.Errorf("moderators' replay carries %q: %s", secret, m.Data)
			}
		}
	}
	// The author still gets the pending text of their own comment in the replay.
	found := false
	for _, m := range replay(t, s, authorTok, "project:vormoderiert") {
		found = found || strings.Contains(string(m.Data), "GEHEIM-wartend")
	}
	if !found {
		t.Error("the author's replay lost the current pending text")
	}

	// And the database no longer holds them either.
	var payloads []string
	if err := s.d.Gorm.Raw("SELECT payload FROM events").Scan(&payloads).Error; err != nil {
		t.Fatal(err)
	}
	for _, p := range payloads {
		if strings.Contains(p, "GEHEIM-wartend") && strings.Contains(p, `"status":"pending"`) {
			continue // the current text of a pending comment, for moderators and its author
		}
		check("events table", []byte(p))
	}
}
