package access

import (
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

func TestSessionRules(t *testing.T) {
	t.Parallel()
	now := time.Now()
	user := func(verified bool, roles ...string) *model.User {
		u := &model.User{ID: 1, Roles: model.NewRoleSet(append([]string{model.RoleResident}, roles...)...)}
		if verified {
			u.EmailVerifiedAt = &now
		}
		return u
	}
	cases := []struct {
		name                  string
		u                     *model.User
		seeNonPublic, run, in bool
	}{
		{"anonymous", nil, false, false, false},
		{"resident", user(true), false, false, false},
		{"council", user(true, model.RoleCouncil), true, false, true},
		{"unverified council", user(false, model.RoleCouncil), true, false, false},
		{"official", user(true, model.RoleOfficial), true, false, false},
		{"moderator", user(true, model.RoleModerator), true, true, false},
		{"unverified moderator", user(false, model.RoleModerator), true, false, false},
		{"admin", user(true, model.RoleAdmin), true, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !CanSeeSession(c.u, model.SessionPublic) {
				t.Error("a public session is for everyone")
			}
			if got := CanSeeSession(c.u, model.SessionNonPublic); got != c.seeNonPublic {
				t.Errorf("non-public: %v", got)
			}
			if got := CanRunSession(c.u); got != c.run {
				t.Errorf("run: %v", got)
			}
			if got := CanTakePart(c.u); got != c.in {
				t.Errorf("take part: %v", got)
			}
			// Events of a non-public session reach exactly who may see it.
			if got := InAudience(c.u, SessionAudience(model.SessionNonPublic)); got != c.seeNonPublic {
				t.Errorf("non-public event: %v", got)
			}
			if !InAudience(c.u, SessionAudience(model.SessionPublic)) {
				t.Error("public event")
			}
		})
	}
	p := ForSession(user(true, model.RoleModerator), model.SessionScheduled)
	if !p.Start || p.Close || p.ManageSpeaker || !p.Edit {
		t.Errorf("moderator, scheduled: %+v", p)
	}
	if p := ForSession(user(true, model.RoleCouncil), model.SessionLive); !p.RequestSpeech || !p.CheckIn || p.Edit {
		t.Errorf("council, live: %+v", p)
	}
}
