package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// register posts a registration.
// The clock moves on a minute first, so that the per-address registration limit never answers.
func (e *env) register(email, name string) *response {
	e.t.Helper()
	e.clock.Advance(time.Minute)
	return e.do(req{method: http.MethodPost, path: "/api/v1/auth/register",
		body: map[string]string{"email": email, "display_name": name, "password": goodPassword}})
}

// Display names are NFC-normalised; control and direction characters, invisible-only names and copies
// of a staff member's name are refused — at registration and on the profile.
func TestDisplayNameRules(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.user("Amelie Admin", model.RoleAdmin)
	e.user("Mona Moderator", model.RoleModerator)
	e.user("Otto Official", model.RoleOfficial)
	e.user("Rudi Resident")
	me, _ := e.user("Paula Profile")
	// register moves the clock on; each profile change gets a fresh access token.
	fresh := func(u *model.User) string {
		tok, err := e.svc.Accounts.IssueAccessToken(u)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name, displayName, code string
	}{
		{"right-to-left override", "Eve\u202Enimda", "invalid_characters"},
		{"bidi isolate", "\u2067Eve\u2069", "invalid_characters"},
		{"left-to-right mark", "Eve\u200E", "invalid_characters"},
		{"control character", "Eve\x07", "invalid_characters"},
		{"line break", "Eve\nAdmin", "invalid_characters"},
		{"zero-width space", "Ev\u200Be", "invalid_characters"},
		{"invisible only", "\u3164\u3164", "no_letters"},
		{"punctuation only", "!!! ...", "no_letters"},
		{"blank", "   ", "required"},
		{"the admin's name", "Amelie Admin", "reserved"},
		{"the admin's name in other case and spacing", "  amelie   ADMIN ", "reserved"},
		{"the admin's name in fullwidth letters", "Ａｍｅｌｉｅ Ａｄｍｉｎ", "reserved"},
		{"a moderator's name", "mona moderator", "reserved"},
		{"an official's name", "OTTO OFFICIAL", "reserved"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			email := "dn" + string(rune('a'+i)) + "@example.org"
			for _, res := range []*response{
				e.register(email, tc.displayName),
				e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: fresh(me), body: map[string]string{"display_name": tc.displayName}}),
			} {
				if res.Code != 422 {
					t.Fatalf("got %d %s", res.Code, res.Body)
				}
				p := res.Problem(t)
				if len(p.Errors) != 1 || p.Errors[0].Field != "display_name" || p.Errors[0].Code != tc.code {
					t.Fatalf("problem %s", res.Body)
				}
			}
		})
	}
	for _, name := range []string{"Rudi Resident", "José Łukasz", "李小龍", "👩\u200D💻 Dev 2", "محمد"} {
		t.Run("allowed: "+name, func(t *testing.T) {
			if res := e.register(strings.ToLower(strings.Fields(name)[0])+"-ok@example.org", name); res.Code != 201 {
				t.Fatalf("register %q: %d %s", name, res.Code, res.Body)
			}
		})
	}
	t.Run("NFC", func(t *testing.T) {
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: fresh(me), body: map[string]string{"display_name": "Jose\u0301"}})
		var ub userBody
		res.JSON(t, &ub)
		if res.Code != 200 || ub.DisplayName != "José" {
			t.Fatalf("got %d %q", res.Code, ub.DisplayName)
		}
	})
	t.Run("staff keep their own name", func(t *testing.T) {
		adm, _ := e.user("Ada Adminson", model.RoleAdmin)
		res := e.do(req{method: http.MethodPatch, path: "/api/v1/me", token: fresh(adm), body: map[string]string{"display_name": "ADA Adminson"}})
		if res.Code != 200 {
			t.Fatalf("admin renaming themself: %d %s", res.Code, res.Body)
		}
	})
}

// A registration of an address that already has an account answers exactly like a new one and mails
// the owner instead; the owner's account is unchanged.
func TestRegistrationDoesNotRevealAccounts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	owner, _ := e.user("Olga Owner")
	fresh := e.register("fresh@example.org", "Fritz Fresh")
	again := e.register(strings.ToUpper(owner.Email), "Fritz Fresh")
	if fresh.Code != 201 || again.Code != 201 {
		t.Fatalf("new %d, existing %d: %s", fresh.Code, again.Code, again.Body)
	}
	var a, b map[string]any
	fresh.JSON(t, &a)
	again.JSON(t, &b)
	if len(a) != len(b) {
		t.Fatalf("shapes differ: %s vs %s", fresh.Body, again.Body)
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok {
			t.Fatalf("field %s missing: %s", k, again.Body)
		}
		if k != "id" && k != "email" && k != "created_at" {
			va, _ := json.Marshal(v)
			vb, _ := json.Marshal(w)
			if string(va) != string(vb) {
				t.Errorf("field %s: %s vs %s", k, va, vb)
			}
		}
	}
	if a["id"] == b["id"] {
		t.Fatalf("the same id twice: %v", a["id"])
	}
	// The next real registration gets a fresh id too: the answer used one up like a real account.
	next := e.register("next@example.org", "Nina Next")
	var c map[string]any
	next.JSON(t, &c)
	if c["id"] == b["id"] || c["id"] == a["id"] {
		t.Fatalf("ids %v %v %v", a["id"], b["id"], c["id"])
	}
	// The owner got a mail without the chosen name; nothing changed on the account.
	ms, err := e.svc.Accounts.MailsTo(context.Background(), owner.Email)
	if err != nil || len(ms) != 1 {
		t.Fatalf("mails to the owner: %d %v", len(ms), err)
	}
	if strings.Contains(ms[0].Body, "Fritz") || strings.Contains(ms[0].Body, "token=") || !strings.Contains(ms[0].Body, "/passwort-vergessen") {
		t.Fatalf("mail to the owner: %s", ms[0].Body)
	}
	if res := e.login(owner.Email, goodPassword); res.Code != 200 {
		t.Fatalf("owner login: %d", res.Code)
	}
}

// Mails to unverified addresses carry no text the registering person chose.
func TestMailsToUnverifiedAddressesCarryNoChosenText(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	phish := "Ihr Konto ist gesperrt – entsperren unter https://evil.example"
	if res := e.register("victim@example.org", phish); res.Code != 201 {
		t.Fatalf("register: %d %s", res.Code, res.Body)
	}
	if res := e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": "victim@example.org"}}); res.Code != 202 {
		t.Fatalf("reset: %d", res.Code)
	}
	ms, err := e.svc.Accounts.MailsTo(context.Background(), "victim@example.org")
	if err != nil || len(ms) != 2 {
		t.Fatalf("mails: %d %v", len(ms), err)
	}
	for _, m := range ms {
		if strings.Contains(m.Body, "evil.example") || strings.Contains(m.Subject, "evil") {
			t.Fatalf("mail to an unverified address carries the chosen name:\n%s", m.Body)
		}
	}
	// Verified users are still greeted by name.
	u, _ := e.user("Vera Verified")
	e.do(req{method: http.MethodPost, path: "/api/v1/auth/password-reset", body: map[string]string{"email": u.Email}})
	ms, _ = e.svc.Accounts.MailsTo(context.Background(), u.Email)
	if len(ms) != 1 || !strings.Contains(ms[0].Body, "Hallo Vera Verified,") {
		t.Fatalf("mail to a verified user: %+v", ms)
	}
}
