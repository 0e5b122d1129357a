// Package access is the one place that says who may do what. Handlers (route rules), services (rules
// that need the resource, such as the owning department or the author) and the live hub (topics and
// per-event audiences) all ask the functions here; no other package compares roles.
//
// A nil *model.User is the anonymous visitor. Admins may do everything a rule allows anyone else.
package access

import (
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

// Errors of the route rules; their codes are the SPA's i18n keys.
var (
	ErrUnauthenticated = apperr.New(apperr.ErrUnauthenticated, "unauthenticated", "This requires a logged-in user.")
	ErrUnverified      = apperr.New(apperr.ErrForbidden, "email_unverified", "Verify your email address first.")
	ErrForbidden       = apperr.New(apperr.ErrForbidden, "forbidden", "Your role does not allow this.")
)

// IsUser reports whether u is logged in.
func IsUser(u *model.User) bool { return u != nil }

// IsVerified reports whether u is logged in with a verified email address: writing content needs it.
func IsVerified(u *model.User) bool { return u != nil && u.EmailVerifiedAt != nil }

// IsAdmin reports whether u administers users, roles and settings.
func IsAdmin(u *model.User) bool { return u.HasRole(model.RoleAdmin) }

// IsOfficial reports whether u acts for the administration (officials, and admins).
func IsOfficial(u *model.User) bool { return u.HasRole(model.RoleOfficial) || IsAdmin(u) }

// IsCouncil reports whether u is a member of the Digitalrat.
func IsCouncil(u *model.User) bool { return u.HasRole(model.RoleCouncil) }

// CanModerate reports whether u may work the moderation queue and take moderation actions.
func CanModerate(u *model.User) bool { return u.HasRole(model.RoleModerator) || IsAdmin(u) }

// CanManageProject reports whether u may edit a project owned by ownerUnit, add its documents and
// versions, answer officially on it and record analogue contributions for it: admins, and officials of
// the owning department.
func CanManageProject(u *model.User, ownerUnit string) bool {
	if IsAdmin(u) {
		return true
	}
	return u.HasRole(model.RoleOfficial) && u.Department != "" && u.Department == ownerUnit
}

// CanSupport reports whether u may support projects: every verified account (residents and every other role).
func CanSupport(u *model.User) bool { return IsVerified(u) }

// CheckSupport returns nil when u may support projects, or the error to answer (401 or 403).
func CheckSupport(u *model.User) error { return verified(u) }

// CanCreateProject reports whether u may create projects (the owner unit is checked by CanManageProject).
func CanCreateProject(u *model.User) bool { return IsVerified(u) && IsOfficial(u) }

// SkipsPremoderation reports whether comments of u are published at once in a pre-moderated project:
// moderators, officials and admins are not pre-moderated.
func SkipsPremoderation(u *model.User) bool {
	return u.HasRole(model.RoleModerator) || u.HasRole(model.RoleOfficial) || IsAdmin(u)
}

// CanSeePending reports whether u may see a comment that waits for moderation, written by authorID: its
// author and moderators.
func CanSeePending(u *model.User, authorID *int64) bool {
	if CanModerate(u) {
		return true
	}
	return u != nil && authorID != nil && *authorID == u.ID
}

// IsAuthor reports whether u wrote what authorID names.
func IsAuthor(u *model.User, authorID *int64) bool {
	return u != nil && authorID != nil && *authorID == u.ID
}

// ActingRole is the role a moderation action is logged under publicly.
func ActingRole(u *model.User) string {
	if u.HasRole(model.RoleModerator) {
		return model.RoleModerator
	}
	return model.RoleAdmin
}

// CanFollowUser reports whether u may follow the personal topic of user id (its own only).
func CanFollowUser(u *model.User, id string) bool {
	return u != nil && strconv.FormatInt(u.ID, 10) == id
}

// Audiences narrow who receives a live event beyond the rule of its topic; an empty audience means
// everyone who may follow the topic. They are stored with each outbox row (see events.AppendFor).
const (
	AudienceModerators = "moderators" // moderators and admins
	AudienceCouncil    = "council"    // council members, moderators, officials and admins
)

// AudienceUser is the audience of one user.
func AudienceUser(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// Audience joins audiences into the stored form; an event then reaches anyone in any of them.
func Audience(parts ...string) string { return strings.Join(parts, ",") }

// InAudience reports whether u is in the stored audience of an event.
func InAudience(u *model.User, audience string) bool {
	if audience == "" {
		return true
	}
	if u == nil {
		return false
	}
	if IsAdmin(u) {
		return true
	}
	for part := range strings.SplitSeq(audience, ",") {
		switch {
		case part == AudienceModerators:
			if CanModerate(u) {
				return true
			}
		case part == AudienceCouncil:
			if CanSeeCouncilMatters(u) {
				return true
			}
		case strings.HasPrefix(part, "user:"):
			if part == AudienceUser(u.ID) {
				return true
			}
		}
	}
	return false
}

// CanSeeCouncilMatters reports whether u may see what is for the council only (non-public sessions and
// their events): council members, moderators, officials and admins.
func CanSeeCouncilMatters(u *model.User) bool {
	return IsCouncil(u) || u.HasRole(model.RoleModerator) || u.HasRole(model.RoleOfficial) || IsAdmin(u)
}

// CanEvaluate reports whether u may evaluate projects in an open evaluation cycle: verified accounts.
func CanEvaluate(u *model.User) bool { return IsVerified(u) }

// EvaluationGroup is the group an evaluation of u counts in: council members give the Digitalrat's
// evaluation, everyone else the public's.
func EvaluationGroup(u *model.User) string {
	if IsCouncil(u) {
		return model.GroupCouncil
	}
	return model.GroupPublic
}

// CanManageCycles reports whether u may create evaluation cycles: admins.
func CanManageCycles(u *model.User) bool { return IsAdmin(u) }
