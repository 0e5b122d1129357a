package access

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

func actor(id int64, roles, dept string, verified bool) *model.User {
	u := &model.User{ID: id, Roles: model.NewRoleSet(strings.Split(roles, ",")...), Department: dept}
	if verified {
		t := time.Unix(1, 0)
		u.EmailVerifiedAt = &t
	}
	return u
}

var (
	anon       *model.User
	unverified = actor(1, "resident", "", false)
	resident   = actor(2, "resident", "", true)
	council    = actor(3, "resident,council", "", true)
	moderator  = actor(4, "resident,moderator", "", true)
	official   = actor(5, "resident,official", "Bürgeramt", true)
	otherDept  = actor(6, "resident,official", "Stadtplanungsamt", true)
	admin      = actor(7, "resident,admin", "", true)
)

func TestRouteRules(t *testing.T) {
	actors := []struct {
		name string
		u    *model.User
	}{{"anonymous", anon}, {"unverified", unverified}, {"resident", resident}, {"council", council},
		{"moderator", moderator}, {"official", official}, {"admin", admin}}
	// want per rule, in the order of actors: "" passes, else the error code.
	tests := []struct {
		rule Rule
		want []string
	}{
		{Anyone, []string{"", "", "", "", "", "", ""}},
		{LoggedIn, []string{"unauthenticated", "", "", "", "", "", ""}},
		{Verified, []string{"unauthenticated", "email_unverified", "", "", "", "", ""}},
		{Officials, []string{"unauthenticated", "email_unverified", "forbidden", "forbidden", "forbidden", "", ""}},
		{Moderators, []string{"unauthenticated", "email_unverified", "forbidden", "forbidden", "", "forbidden", ""}},
		{Admins, []string{"unauthenticated", "forbidden", "forbidden", "forbidden", "forbidden", "forbidden", ""}},
	}
	for _, tt := range tests {
		for i, a := range actors {
			t.Run(tt.rule.Name+"/"+a.name, func(t *testing.T) {
				err := tt.rule.Check(a.u)
				got := ""
				if err != nil {
					got = codeOf(err)
				}
				if got != tt.want[i] {
					t.Fatalf("got %q, want %q", got, tt.want[i])
				}
			})
		}
	}
}

func codeOf(err error) string {
	for _, e := range []error{ErrUnauthenticated, ErrUnverified, ErrForbidden} {
		if errors.Is(err, e) || err == e {
			return map[error]string{ErrUnauthenticated: "unauthenticated", ErrUnverified: "email_unverified", ErrForbidden: "forbidden"}[e]
		}
	}
	return "other"
}

func TestResourceRules(t *testing.T) {
	self := int64(2)
	other := int64(99)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"official manages own department", CanManageProject(official, "Bürgeramt"), true},
		{"official of another department", CanManageProject(otherDept, "Bürgeramt"), false},
		{"official without department", CanManageProject(actor(8, "official", "", true), ""), false},
		{"admin manages any project", CanManageProject(admin, "Bürgeramt"), true},
		{"moderator does not manage projects", CanManageProject(moderator, "Bürgeramt"), false},
		{"anonymous does not manage projects", CanManageProject(anon, ""), false},
		{"author sees own pending", CanSeePending(resident, &self), true},
		{"resident does not see others' pending", CanSeePending(resident, &other), false},
		{"anonymous does not see pending", CanSeePending(anon, &self), false},
		{"moderator sees pending", CanSeePending(moderator, &other), true},
		{"council is pre-moderated", SkipsPremoderation(council), false},
		{"official skips pre-moderation", SkipsPremoderation(official), true},
		{"own user topic", CanFollowUser(resident, "2"), true},
		{"other user topic", CanFollowUser(resident, "3"), false},
		{"anonymous user topic", CanFollowUser(anon, "2"), false},
		{"anonymous follows the KPI events of all projects", CanFollowAllKPIs(anon), true},
		{"resident follows the KPI events of all projects", CanFollowAllKPIs(resident), true},
		{"moderators audience", InAudience(moderator, Audience(AudienceModerators, AudienceUser(2))), true},
		{"author in audience", InAudience(resident, Audience(AudienceModerators, AudienceUser(2))), true},
		{"other resident not in audience", InAudience(council, Audience(AudienceModerators, AudienceUser(2))), false},
		{"anonymous not in audience", InAudience(anon, AudienceModerators), false},
		{"empty audience is everyone", InAudience(anon, ""), true},
		{"council audience", InAudience(council, AudienceCouncil), true},
		{"resident not council audience", InAudience(resident, AudienceCouncil), false},
		{"admin in every audience", InAudience(admin, AudienceUser(42)), true},
		{"acting role moderator", ActingRole(moderator) == model.RoleModerator, true},
		{"acting role admin", ActingRole(admin) == model.RoleAdmin, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Fatalf("got %v, want %v", tt.got, tt.want)
			}
		})
	}
}
