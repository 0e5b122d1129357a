package access

import "github.com/digitalrat/digitalrat/internal/model"

// Rule is a route-level rule: who may send a request to a route at all. Every route of the API declares
// exactly one (api/router.go; a test walks the router to prove it). Rules that need the resource — the
// owning department, the author, a session's visibility — are checked by the services with the
// functions of this package.
type Rule struct {
	// Name identifies the rule in route listings and tests.
	Name  string
	check func(u *model.User) error
}

// Check returns nil when u may send the request, or the error to answer.
func (r Rule) Check(u *model.User) error {
	if r.check == nil {
		return nil
	}
	return r.check(u)
}

// The route rules.
var (
	// Anyone: anonymous visitors included (reading public content, logging in).
	Anyone = Rule{Name: "anyone"}
	// LoggedIn: any logged-in account, verified or not (its own profile, notifications).
	LoggedIn = Rule{Name: "logged_in", check: func(u *model.User) error {
		if !IsUser(u) {
			return ErrUnauthenticated
		}
		return nil
	}}
	// Verified: accounts with a verified email address (writing content).
	Verified = Rule{Name: "verified", check: verified}
	// Officials: verified officials and admins; the owning department is checked by the service.
	Officials = Rule{Name: "officials", check: func(u *model.User) error {
		if err := verified(u); err != nil {
			return err
		}
		if !IsOfficial(u) {
			return ErrForbidden
		}
		return nil
	}}
	// Moderators: verified moderators and admins.
	Moderators = Rule{Name: "moderators", check: func(u *model.User) error {
		if err := verified(u); err != nil {
			return err
		}
		if !CanModerate(u) {
			return ErrForbidden
		}
		return nil
	}}
	// Admins: administrators.
	Admins = Rule{Name: "admins", check: func(u *model.User) error {
		if !IsUser(u) {
			return ErrUnauthenticated
		}
		if !IsAdmin(u) {
			return ErrForbidden
		}
		return nil
	}}
)

func verified(u *model.User) error {
	if !IsUser(u) {
		return ErrUnauthenticated
	}
	if !IsVerified(u) {
		return ErrUnverified
	}
	return nil
}
