package api_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// ageUser moves u's registration back by d, as if the account had been created d earlier.
func (e *env) ageUser(u *model.User, d time.Duration) {
	e.t.Helper()
	if err := e.db.Gorm.Exec("UPDATE users SET created_at = ? WHERE id = ?", e.clock.Now().Add(-d), u.ID).Error; err != nil {
		e.t.Fatal(err)
	}
}

// TestFlagsOfNewAccountsDoNotHide: only flags of accounts older than FLAG_MIN_ACCOUNT_AGE (default a day)
// count towards FLAG_THRESHOLD, so a burst of fresh accounts cannot hide an established comment; their
// flags still put it in front of a moderator.
func TestFlagsOfNewAccountsDoNotHide(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	_, mod := e.user("Mona Moderator", model.RoleModerator)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Unbequem, aber zulässig"})
	for _, n := range []string{"Neu Eins", "Neu Zwei", "Neu Drei", "Neu Vier"} {
		u, tok := e.user(n)
		e.ageUser(u, 23*time.Hour) // not quite a day
		if res := e.flag(tok, c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
			t.Fatalf("flag of %s: %d %s", n, res.Code, res.Body)
		}
	}
	if got := e.getComment("", c.ID); !strings.Contains(string(got.Body), `"status":"published"`) {
		t.Fatalf("hidden by new accounts: %s", got.Body)
	}
	if q := e.queue(mod); len(q) != 1 || q[0].Comment.ID != c.ID || q[0].Reason != "flagged" || len(q[0].Flags) != 4 {
		t.Fatalf("queue after flags of new accounts: %+v", q)
	}

	// Accounts older than a day hide at the threshold; the new accounts' open flags do not add to it.
	var tokens []string
	for _, n := range []string{"Alt Eins", "Alt Zwei", "Alt Drei"} {
		u, tok := e.user(n)
		e.ageUser(u, 25*time.Hour)
		tokens = append(tokens, tok)
	}
	for i, tok := range tokens {
		if res := e.flag(tok, c.ID, map[string]any{"reason": "offensive"}); res.Code != http.StatusNoContent {
			t.Fatalf("flag %d of an old account: %d %s", i+1, res.Code, res.Body)
		}
		hidden := strings.Contains(string(e.getComment("", c.ID).Body), `"status":"hidden"`)
		if hidden != (i == 2) {
			t.Fatalf("after %d flags of old accounts: hidden %v", i+1, hidden)
		}
	}
}

// TestFlagMinAccountAgeConfig: FLAG_MIN_ACCOUNT_AGE=0 counts every account's flags.
func TestFlagMinAccountAgeConfig(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"FLAG_MIN_ACCOUNT_AGE": "0s"})
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Gemeldet"})
	for _, n := range []string{"Neu Eins", "Neu Zwei", "Neu Drei"} {
		_, tok := e.user(n)
		if res := e.flag(tok, c.ID, map[string]any{"reason": "spam"}); res.Code != http.StatusNoContent {
			t.Fatalf("flag: %d %s", res.Code, res.Body)
		}
	}
	if got := e.getComment("", c.ID); !strings.Contains(string(got.Body), `"status":"hidden"`) {
		t.Errorf("not hidden with FLAG_MIN_ACCOUNT_AGE=0: %s", got.Body)
	}
}

// TestVoteRateLimit: votes are limited per user (RATE_VOTES, default 30 at once, then one every 2 s),
// since every changed vote writes a live event.
func TestVoteRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		vars       map[string]string
		allowed    int
		retryAfter string
	}{
		{"default", nil, 30, "2"},
		{"configured", map[string]string{"RATE_VOTES": "2/1m"}, 2, "30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvWith(t, tc.vars)
			s := newCommentSetup(e)
			c := e.postComment(s.resident, s.slug, map[string]any{"body": "Abstimmen"})
			_, voter := e.user("Vera Vote")
			value := func(i int) int { return 1 - 2*(i%2) } // flip between up and down
			for i := range tc.allowed {
				if res := e.vote(voter, c.ID, value(i)); res.Code != http.StatusOK {
					t.Fatalf("vote %d: %d %s", i+1, res.Code, res.Body)
				}
			}
			res := e.vote(voter, c.ID, value(tc.allowed))
			if res.Code != 429 || res.Header.Get("Retry-After") != tc.retryAfter || res.Problem(t).Code != "rate_limited" {
				t.Fatalf("vote beyond the budget: %d %q %s", res.Code, res.Header.Get("Retry-After"), res.Body)
			}
			_, other := e.user("Otto Other")
			if res := e.vote(other, c.ID, 1); res.Code != http.StatusOK {
				t.Fatalf("another user: %d %s", res.Code, res.Body)
			}
			e.clock.Advance(time.Minute)
			if res := e.vote(voter, c.ID, value(tc.allowed)); res.Code != http.StatusOK {
				t.Fatalf("after a minute: %d %s", res.Code, res.Body)
			}
		})
	}
}

// TestVoteOwnComment: authors cannot vote on their own comments (403 own_comment, as for flags), and
// their permissions say so.
func TestVoteOwnComment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	s := newCommentSetup(e)
	c := e.postComment(s.resident, s.slug, map[string]any{"body": "Meins"})
	for _, v := range []int{1, -1} {
		res := e.vote(s.resident, c.ID, v)
		if res.Code != http.StatusForbidden || res.Problem(t).Code != "own_comment" {
			t.Fatalf("own vote %d: %d %s", v, res.Code, res.Body)
		}
	}
	var got commentBody
	e.getComment(s.resident, c.ID).JSON(t, &got)
	if got.Up != 0 || got.Down != 0 || got.MyVote != 0 {
		t.Errorf("counters after refused own votes: %+v", got)
	}
	var perms struct {
		Permissions map[string]bool `json:"permissions"`
	}
	e.getComment(s.resident, c.ID).JSON(t, &perms)
	if perms.Permissions["vote"] {
		t.Errorf("author may vote per permissions: %v", perms.Permissions)
	}
	e.getComment(s.admin, c.ID).JSON(t, &perms)
	if !perms.Permissions["vote"] {
		t.Errorf("others may not vote per permissions: %v", perms.Permissions)
	}
}

// loginFrom logs in from the client address ip (the env must trust 192.0.2.1, httptest's peer, as proxy).
func (e *env) loginFrom(ip, email, password string) *response {
	e.t.Helper()
	return e.do(req{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": password},
		header: map[string]string{"X-Forwarded-For": ip}})
}

// TestLoginTargetedLockout: an attacker who fails from one address uses up the budget of that address for
// the account, not the owner's: the owner still logs in from their own address. Many addresses together
// run into the per-account budget (RATE_LOGIN_ACCOUNT_TOTAL, default 50 an hour).
func TestLoginTargetedLockout(t *testing.T) {
	t.Parallel()
	t.Run("owner from another address", func(t *testing.T) {
		e := newEnvWith(t, map[string]string{"TRUSTED_PROXIES": "192.0.2.1"})
		u, _ := e.user("Ada Lovelace")
		const attacker, owner = "198.51.100.7", "203.0.113.5"
		for i := range 5 {
			if res := e.loginFrom(attacker, u.Email, "wrong horse battery staple"); res.Code != 401 {
				t.Fatalf("attempt %d: %d", i+1, res.Code)
			}
		}
		if res := e.loginFrom(attacker, u.Email, goodPassword); res.Code != 429 || res.Header.Get("Retry-After") != "60" {
			t.Fatalf("attacker's 6th attempt: %d %q", res.Code, res.Header.Get("Retry-After"))
		}
		if res := e.loginFrom(owner, u.Email, goodPassword); res.Code != 200 {
			t.Fatalf("owner from their address: %d %s", res.Code, res.Body)
		}
		// One request a minute from the attacker keeps only the attacker out.
		for range 3 {
			e.clock.Advance(time.Minute)
			e.loginFrom(attacker, u.Email, "wrong horse battery staple")
			if res := e.loginFrom(owner, u.Email, goodPassword); res.Code != 200 {
				t.Fatalf("owner during a slow attack: %d", res.Code)
			}
		}
	})
	t.Run("distributed guessing", func(t *testing.T) {
		e := newEnvWith(t, map[string]string{"TRUSTED_PROXIES": "192.0.2.1", "RATE_LOGIN_ACCOUNT_TOTAL": "12/1h"})
		u, _ := e.user("Ada Lovelace")
		for i := range 12 {
			ip := "198.51.100." + strconv.Itoa(10+i/4) // three addresses, four attempts each
			if res := e.loginFrom(ip, u.Email, "wrong horse battery staple"); res.Code != 401 {
				t.Fatalf("attempt %d: %d", i+1, res.Code)
			}
		}
		res := e.loginFrom("198.51.100.99", u.Email, "wrong horse battery staple")
		if res.Code != 429 || res.Header.Get("Retry-After") != "300" || res.Problem(t).Code != "rate_limited" {
			t.Fatalf("13th attempt from a fresh address: %d %q", res.Code, res.Header.Get("Retry-After"))
		}
		// Other accounts are not affected.
		v, _ := e.user("Other Otto")
		if res := e.loginFrom("198.51.100.99", v.Email, goodPassword); res.Code != 200 {
			t.Fatalf("other account: %d", res.Code)
		}
	})
	t.Run("default per-account budget", func(t *testing.T) {
		e := newEnvWith(t, map[string]string{"TRUSTED_PROXIES": "192.0.2.1"})
		u, _ := e.user("Ada Lovelace")
		for i := range 50 {
			ip := "198.51.100." + strconv.Itoa(10+i/5) // ten addresses, five attempts each
			if res := e.loginFrom(ip, u.Email, "wrong horse battery staple"); res.Code != 401 {
				t.Fatalf("attempt %d: %d", i+1, res.Code)
			}
		}
		if res := e.loginFrom("198.51.100.99", u.Email, "wrong horse battery staple"); res.Code != 429 {
			t.Fatalf("51st attempt: %d", res.Code)
		}
	})
}

// TestMailsPerRecipient: reset requests and registrations of a taken address from many client addresses
// cannot flood one mailbox. Beyond RATE_MAIL_ACCOUNT (default 5 an hour) they are answered as before but
// send no mail, so the answer still tells nothing about the address.
func TestMailsPerRecipient(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, map[string]string{"TRUSTED_PROXIES": "192.0.2.1"})
	owner, _ := e.user("Ada Lovelace")
	for i := range 4 {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": owner.Email},
			header: map[string]string{"X-Forwarded-For": "198.51.100." + strconv.Itoa(10+i)}})
		if res.Code != http.StatusAccepted {
			t.Fatalf("reset %d: %d %s", i+1, res.Code, res.Body)
		}
	}
	for i := range 4 {
		res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/register", body: map[string]string{
			"email": owner.Email, "display_name": "Neu " + strconv.Itoa(i), "password": goodPassword},
			header: map[string]string{"X-Forwarded-For": "203.0.113." + strconv.Itoa(10+i)}})
		if res.Code != http.StatusCreated {
			t.Fatalf("registration %d of the taken address: %d %s", i+1, res.Code, res.Body)
		}
	}
	ms, err := e.svc.Accounts.MailsTo(context.Background(), owner.Email)
	if err != nil || len(ms) != 5 {
		t.Fatalf("mails to the owner after 8 requests: %d %v", len(ms), err)
	}
	e.clock.Advance(12 * time.Minute) // one mail every 12 minutes
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": owner.Email},
		header: map[string]string{"X-Forwarded-For": "198.51.100.99"}}); res.Code != http.StatusAccepted {
		t.Fatalf("reset later: %d", res.Code)
	}
	if ms, _ := e.svc.Accounts.MailsTo(context.Background(), owner.Email); len(ms) != 6 {
		t.Fatalf("mails after 12 minutes: %d, want 6", len(ms))
	}
	// Registering a new address always sends its verification link.
	if res := e.register("fresh@example.org", "Frische Frida"); res.Code != 201 {
		t.Fatalf("new registration: %d", res.Code)
	}
	if ms, _ := e.svc.Accounts.MailsTo(context.Background(), "fresh@example.org"); len(ms) != 1 {
		t.Fatalf("verification mails: %d", len(ms))
	}
}
