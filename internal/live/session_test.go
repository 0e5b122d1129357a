package live_test

import (
	"context"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// testClock is a settable clock for the server under test.
type testClock struct{ ns atomic.Int64 }

func newTestClock() *testClock {
	c := &testClock{}
	c.ns.Store(time.Now().UTC().UnixNano())
	return c
}

func (c *testClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

// expectClose reads until the connection ends, which must be with code. Project events (project.created may
// reach a subscriber late on PostgreSQL) are skipped; any other message fails the test.
func (w *wsClient) expectClose(code int) {
	w.t.Helper()
	for {
		m, err := w.read(5 * time.Second)
		if err == nil {
			if m.Op == "event" && strings.HasPrefix(m.Type, "project.") {
				continue
			}
			w.t.Fatalf("got %+v (%s), want close %d", m, m.Data, code)
		}
		if !websocket.IsCloseError(err, code) {
			w.t.Fatalf("got %v, want close %d", err, code)
		}
		return
	}
}

// preModerated creates a project whose comments wait for a moderator and returns its topic.
func preModerated(t *testing.T, s *server, adminTok string) string {
	t.Helper()
	s.post(t, adminTok, "/api/v1/projects", map[string]any{"slug": "vormoderiert", "title": "Vormoderiert", "summary": "S",
		"status": "planned", "owner_unit": "Bürgeramt", "principles": []string{"efficiency"}, "expected_reach": 10,
		"effort": 1, "pre_moderation": true}, nil)
	return "project:vormoderiert"
}

// A demoted moderator's open socket stops getting the moderation queue and pending comments at once: the
// demotion closes it with 4401 before any later event.
func TestLiveDemotedModeratorLosesRights(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	admin, adminTok := s.user("Admin", model.RoleAdmin)
	mod, modTok := s.user("Moderator", model.RoleModerator)
	_, authorTok := s.user("Author")
	topic := preModerated(t, s, adminTok)

	m := dial(t, s, "")
	m.auth(modTok)
	m.subscribe("moderation", nil)
	m.subscribe(topic, nil)
	s.post(t, authorTok, "/api/v1/projects/vormoderiert/comments", map[string]any{"body": "Erster"}, nil)
	m.expectType(topic, "comment.created")
	m.expectType("moderation", "moderation.queued")

	if _, err := s.svc.Accounts.UpdateUser(context.Background(), admin, mod.ID,
		accounts.UpdateUserInput{Roles: &[]string{}}); err != nil {
		t.Fatal(err)
	}
	s.post(t, authorTok, "/api/v1/projects/vormoderiert/comments", map[string]any{"body": "Zweiter, wartet"}, nil)
	m.expectClose(live.CloseUnauthorized)
}

// Disabling, a password change and deleting the account close the user's open sockets with 4401.
func TestLiveRevokedSessionsClose(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	admin, _ := s.user("Admin", model.RoleAdmin)
	ctx := context.Background()
	pw := "correct horse battery staple"
	tests := []struct {
		name   string
		change func(u *model.User) error
	}{
		{"disabled", func(u *model.User) error {
			disabled := true
			_, err := s.svc.Accounts.UpdateUser(ctx, admin, u.ID, accounts.UpdateUserInput{Disabled: &disabled})
			return err
		}},
		{"password changed", func(u *model.User) error {
			next := "another horse battery staple"
			_, _, err := s.svc.Accounts.UpdateMe(ctx, u, accounts.UpdateMeInput{CurrentPassword: &pw, NewPassword: &next})
			return err
		}},
		{"deleted", func(u *model.User) error { return s.svc.Accounts.DeleteMe(ctx, u, pw) }},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			u, tok := s.user("User" + strconv.Itoa(i))
			c := dial(t, s, "")
			c.auth(tok)
			c.subscribe("user:"+strconv.FormatInt(u.ID, 10), nil)
			c.subscribe("project:p", nil)
			bystander := dial(t, s, "")
			bystander.subscribe("project:p", nil)
			if err := tc.change(u); err != nil {
				t.Fatal(err)
			}
			id := appendEvent(t, s.d, "project:p", "", "after")
			c.expectClose(live.CloseUnauthorized)
			for {
				// The bystander is untouched (the revocation itself is only for the user's topic).
				if m := bystander.expect("event"); m.ID == id {
					break
				}
			}
		})
	}
}

// A session.revoked whose user still holds a valid token (it authenticated again after the change) keeps
// the connection with the user's current rights: subscriptions they lost end with forbidden.
func TestLiveRevocationRechecksSubscriptions(t *testing.T) {
	noLeaks(t)
	s := newServer(t, testdb.New(t), nil)
	mod, modTok := s.user("Moderator", model.RoleModerator)
	c := dial(t, s, "")
	c.auth(modTok)
	c.subscribe("moderation", nil)
	c.subscribe("project:p", nil)

	// The roles change without invalidating the token, as for a token issued after the change.
	err := s.d.Gorm.Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("UPDATE users SET roles = ? WHERE id = ?", model.NewRoleSet(model.RoleResident), mod.ID).Error; err != nil {
			return err
		}
		_, err := events.AppendFor(store.New(tx), events.AudienceUser(mod.ID), live.EventSessionRevoked,
			events.AudienceUser(mod.ID), map[string]string{"reason": "roles_changed"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := c.expect("error"); m.Code != "forbidden" || m.Topic != "moderation" {
		t.Fatalf("got %+v, want moderation ended", m)
	}
	appendEvent(t, s.d, "moderation", "", "queue")
	appendEvent(t, s.d, "project:p", events.AudienceModerators, "pending")
	public := appendEvent(t, s.d, "project:p", "", "public")
	c.expectEvent(public)
}

// A token that expires without a new auth closes the connection with 4401: at the next event and, without
// events, within about a second. A new auth before the expiry extends the connection to the new token's.
func TestLiveTokenExpiry(t *testing.T) {
	noLeaks(t)
	clock := newTestClock()
	s := newServerAt(t, testdb.New(t), nil, clock.Now)
	u, tok := s.user("Resident")
	withEvents := dial(t, s, "")
	withEvents.auth(tok)
	withEvents.subscribe("project:p", nil)
	idle := dial(t, s, "")
	idle.auth(tok)
	renewed := dial(t, s, "")
	renewed.auth(tok)
	renewed.subscribe("project:p", nil)

	clock.Advance(14 * time.Minute)
	fresh, err := s.svc.Accounts.IssueAccessToken(u)
	if err != nil {
		t.Fatal(err)
	}
	renewed.auth(fresh)
	id := appendEvent(t, s.d, "project:p", "", "before expiry")
	withEvents.expectEvent(id)
	renewed.expectEvent(id)

	clock.Advance(time.Minute + time.Second) // the first token expired 1 s ago
	id = appendEvent(t, s.d, "project:p", "", "after expiry")
	withEvents.expectClose(live.CloseUnauthorized)
	idle.expectClose(live.CloseUnauthorized)
	renewed.expectEvent(id)

	// An expired token is refused outright.
	late := dial(t, s, "")
	late.send(map[string]any{"op": "auth", "token": tok})
	if m := late.expect("error"); m.Code != "invalid_token" {
		t.Fatalf("got %+v", m)
	}
}

// TestLiveRevocationAcrossInstances demotes a moderator through instance A while their socket is open on
// instance B: B closes it (PostgreSQL only).
func TestLiveRevocationAcrossInstances(t *testing.T) {
	noLeaks(t)
	url := testdb.PostgresURL(t) // skips on the SQLite leg
	open := func() *db.DB {
		d, err := db.Open(url, "", 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Close() })
		if err := d.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := newServer(t, open(), nil)
	b := newServer(t, open(), nil)
	admin, _ := a.user("Admin", model.RoleAdmin)
	mod, modTok := a.user("Moderator", model.RoleModerator)

	c := dial(t, b, "")
	c.auth(modTok)
	c.subscribe("moderation", nil)
	queued := appendEvent(t, a.d, "moderation", "", "before")
	c.expectEvent(queued)

	start := time.Now()
	if _, err := a.svc.Accounts.UpdateUser(context.Background(), admin, mod.ID,
		accounts.UpdateUserInput{Roles: &[]string{}}); err != nil {
		t.Fatal(err)
	}
	appendEvent(t, a.d, "moderation", "", "after")
	c.expectClose(live.CloseUnauthorized)
	t.Logf("closed on B %v after the demotion on A", time.Since(start))
}
