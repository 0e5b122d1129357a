package accounts

import (
	"context"
	"slices"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// UpdateMeInput changes the current user's profile; nil fields stay as they are. A new password needs the
// current one.
type UpdateMeInput struct {
	DisplayName     *string
	CurrentPassword *string
	NewPassword     *string
	OparlConsent    *bool // agree to appear (display name, affiliation) in the OParl interface
}

// UpdateMe changes the profile of u. A password change ends every other session (access tokens issued
// before it are rejected, refresh tokens revoked) and returns a new session for the caller; otherwise the
// session is nil.
func (s *Service) UpdateMe(ctx context.Context, u *model.User, in UpdateMeInput) (*model.User, *Session, error) {
	ve := &apperr.ValidationError{}
	if in.DisplayName != nil {
		name := cleanDisplayName(ve, *in.DisplayName)
		in.DisplayName = &name
		if len(ve.Fields) == 0 {
			if err := checkReservedName(ctx, s.st, ve, name, u.ID); err != nil {
				return nil, nil, err
			}
		}
	}
	if in.NewPassword != nil {
		if in.CurrentPassword == nil {
			ve.Add("current_password", "required", "is required to change the password")
		} else if ok, err := auth.CheckPassword(u.PasswordHash, *in.CurrentPassword); err != nil {
			return nil, nil, err
		} else if !ok {
			ve.Add("current_password", "wrong_password", "is not your current password")
		}
		name := u.DisplayName
		if in.DisplayName != nil {
			name = *in.DisplayName
		}
		checkPassword(ve, "new_password", *in.NewPassword, u.Email, name)
	}
	if err := ve.OrNil(); err != nil {
		return nil, nil, err
	}
	var sess *Session
	out := *u
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		now := s.now()
		if in.DisplayName != nil {
			out.DisplayName = *in.DisplayName
		}
		if in.NewPassword != nil {
			hash, err := auth.HashPassword(*in.NewPassword)
			if err != nil {
				return err
			}
			out.PasswordHash = hash
			if err := s.revokeAll(ctx, tx, &out, now, revokedPassword); err != nil {
				return err
			}
		}
		if in.OparlConsent != nil {
			out.OparlConsent = *in.OparlConsent
		}
		out.UpdatedAt = now
		if err := tx.Users().Update(ctx, &out, "display_name", "password_hash", "tokens_valid_after", "oparl_consent"); err != nil {
			return err
		}
		if in.NewPassword != nil {
			var err error
			sess, err = s.newSession(ctx, tx, &out, newFamilyID())
			return err
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return &out, sess, nil
}

// ListUsers lists users for admins; q filters by a case-insensitive substring of email or display name.
func (s *Service) ListUsers(ctx context.Context, q string, p store.Page) ([]model.User, string, error) {
	if len(q) > 200 {
		return nil, "", apperr.Invalid("q", "max", "must be at most 200 characters")
	}
	return s.st.Users().List(ctx, q, p)
}

// User loads one user.
func (s *Service) User(ctx context.Context, id int64) (*model.User, error) {
	return s.st.Users().ByID(ctx, id)
}

// UpdateUserInput is an admin's change of a user; nil fields stay as they are.
type UpdateUserInput struct {
	Roles       *[]string
	Affiliation *string
	Department  *string
	Disabled    *bool
}

// UpdateUser changes roles, affiliation, department or the disabled flag of user id. resident is always
// kept; council needs an affiliation and official a department. A role change or disabling ends every
// session of the user. Admins cannot remove their own admin role or disable themselves.
func (s *Service) UpdateUser(ctx context.Context, actor *model.User, id int64, in UpdateUserInput) (*model.User, error) {
	var out *model.User
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		users := tx.Users()
		u, err := users.ByID(ctx, id)
		if err != nil {
			return err
		}
		ve := &apperr.ValidationError{}
		roles := u.RoleList()
		if in.Roles != nil {
			roles = append([]string{model.RoleResident}, *in.Roles...)
		}
		affiliation, department := u.Affiliation, u.Department
		if in.Affiliation != nil {
			affiliation = *in.Affiliation
		}
		if in.Department != nil {
			department = *in.Department
		}
		if in.Roles != nil {
			checkRoleNames(ve, *in.Roles)
		}
		checkRoleFields(ve, roles, affiliation, department)
		if actor.ID == u.ID {
			if !slices.Contains(roles, model.RoleAdmin) {
				ve.Add("roles", "self_admin", "you cannot remove your own admin role")
			}
			if in.Disabled != nil && *in.Disabled {
				ve.Add("disabled", "self_disable", "you cannot disable your own account")
			}
		}
		if err := ve.OrNil(); err != nil {
			return err
		}
		now := s.now()
		joined := model.NewRoleSet(roles...)
		bump := !joined.Equal(u.Roles)
		reason := revokedRoles
		u.Roles = joined
		u.Affiliation, u.Department = roleFields(roles, affiliation, department)
		if in.Disabled != nil {
			switch {
			case *in.Disabled && u.DisabledAt == nil:
				u.DisabledAt = &now
				bump, reason = true, revokedDisabled
			case !*in.Disabled:
				u.DisabledAt = nil
			}
		}
		if bump {
			if err := s.revokeAll(ctx, tx, u, now, reason); err != nil {
				return err
			}
		}
		u.UpdatedAt = now
		if err := users.Update(ctx, u, "roles", "affiliation", "department", "disabled_at", "tokens_valid_after"); err != nil {
			return err
		}
		out = u
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
