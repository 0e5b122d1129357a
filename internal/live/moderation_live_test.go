package live_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// post sends a JSON request to the server and decodes the answer into out (when not nil).
func (s *server) post(t *testing.T, token, path string, body, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	r, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, bytes.NewReader(b))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		t.Fatalf("POST %s: %d", path, res.StatusCode)
	}
	if out != nil {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatal(err)
		}
	}
}

// expectType waits for the next message, which must be an event of type typ on topic. It skips the
// project's own events: on PostgreSQL project.created may reach a subscriber that subscribed just after it.
func (w *wsClient) expectType(topic, typ string) msg {
	w.t.Helper()
	m := w.expect("event")
	for strings.HasPrefix(m.Type, "project.") {
		m = w.expect("event")
	}
	if m.Topic != topic || m.Type != typ {
		w.t.Fatalf("got %s %s (%s), want %s %s", m.Topic, m.Type, m.Data, topic, typ)
	}
	return m
}

// silent fails when the client receives anything within d.
func (w *wsClient) silent(name string, d time.Duration) {
	w.t.Helper()
	if m, err := w.read(d); err == nil {
		w.t.Fatalf("%s got %+v (%s)", name, m, m.Data)
	}
}

// A pending comment reaches, over real websockets, only moderators and its author; once approved everybody
// on the project topic gets it, and the author gets a notification on user:<id>.
func TestLivePendingCommentsAndNotifications(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	_, adminTok := s.user("Admin", model.RoleAdmin)
	author, authorTok := s.user("Author")
	_, otherTok := s.user("Other")
	_, modTok := s.user("Moderator", model.RoleModerator)
	s.post(t, adminTok, "/api/v1/projects", map[string]any{"slug": "vormoderiert", "title": "Vormoderiert", "summary": "S",
		"status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"}, "expected_reach": 10,
		"effort": 1, "pre_moderation": true}, nil)

	const topic = "project:vormoderiert"
	userTopic := "user:" + strconv.FormatInt(author.ID, 10)
	anon := dial(t, s, "")
	anon.subscribe(topic, nil)
	other := dial(t, s, "")
	other.auth(otherTok)
	other.subscribe(topic, nil)
	mod := dial(t, s, "")
	mod.auth(modTok)
	mod.subscribe(topic, nil)
	mod.subscribe("moderation", nil)
	au := dial(t, s, "")
	au.auth(authorTok)
	au.subscribe(topic, nil)
	au.subscribe(userTopic, nil)

	var c struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	s.post(t, authorTok, "/api/v1/projects/vormoderiert/comments", map[string]any{"body": "Bitte freigeben"}, &c)
	if c.Status != "pending" {
		t.Fatalf("status %s", c.Status)
	}
	if m := mod.expectType(topic, "comment.created"); !bytes.Contains(m.Data, []byte(`"status":"pending"`)) {
		t.Fatalf("moderator got %s", m.Data)
	}
	mod.expectType("moderation", "moderation.queued")
	au.expectType(topic, "comment.created")

	// Events arrive in id order, so the first event anonymous and another resident receive being the
	// published comment proves they never got the pending one. (A read that times out would break the
	// gorilla connection, so silence is checked only at the end.)
	s.post(t, modTok, "/api/v1/comments/"+c.ID+"/moderation", map[string]any{"action": "approve"}, nil)
	for name, w := range map[string]*wsClient{"anonymous": anon, "other": other, "moderator": mod, "author": au} {
		if m := w.expectType(topic, "comment.created"); !bytes.Contains(m.Data, []byte(`"status":"published"`)) {
			t.Fatalf("%s got %s", name, m.Data)
		}
	}
	if m := au.expectType(userTopic, "notification.created"); !bytes.Contains(m.Data, []byte(`"type":"comment_approved"`)) {
		t.Fatalf("notification %s", m.Data)
	}
	if m := mod.expectType("moderation", "moderation.resolved"); !bytes.Contains(m.Data, []byte(`"moderator":"Moderator"`)) {
		t.Fatalf("resolved %s", m.Data)
	}
	// Hiding: the public event carries only the id and the reason category.
	s.post(t, modTok, "/api/v1/comments/"+c.ID+"/moderation", map[string]any{"action": "hide", "reason": "spam", "note": "intern"}, nil)
	if m := anon.expectType(topic, "comment.hidden"); string(m.Data) != `{"id":"`+c.ID+`","reason":"spam"}` {
		t.Fatalf("comment.hidden %s", m.Data)
	}
	other.expectType(topic, "comment.hidden")
	other.silent("another resident", 300*time.Millisecond)
}
