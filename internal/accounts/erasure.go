package accounts

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/moderation"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/supports"
)

// Export is everything the platform holds about one user, for GET /me/export.
type Export struct {
	User *model.User
	*store.ExportData
}

// ExportMe collects the data of u.
func (s *Service) ExportMe(ctx context.Context, u *model.User) (*Export, error) {
	x, err := s.st.Erasure().Export(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &Export{User: u, ExportData: x}, nil
}

var errLastAdmin = apperr.New(apperr.ErrConflict, "last_admin",
	"You are the last active admin; make someone else admin before deleting your account.")

// DeleteMe deletes the account of u after checking the password. Contributions stay without author;
// votes are taken back; every session ends because the user row is gone.
func (s *Service) DeleteMe(ctx context.Context, u *model.User, password string) error {
	ok, err := auth.CheckPassword(u.PasswordHash, password)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.Invalid("password", "wrong_password", "is not your current password")
	}
	return s.st.Tx(ctx, func(tx *store.Store) error {
		st := tx.Erasure()
		if access.IsAdmin(u) {
			n, err := st.CountActiveAdmins(ctx)
			if err != nil {
				return err
			}
			if n <= 1 {
				return errLastAdmin
			}
		}
		// The outbox must not keep the name: the events of the comments that showed it are rewritten to
		// what REST shows after the deletion (no author), in this transaction.
		ids, err := st.CommentsShowing(ctx, u.ID)
		if err != nil {
			return err
		}
		// Supports are taken back with a live event each (DeleteUser would only move the counters).
		if err := supports.WithdrawAll(ctx, tx, u.ID); err != nil {
			return err
		}
		if err := st.DeleteUser(ctx, u.ID); err != nil {
			return err
		}
		for _, id := range ids {
			if err := comments.ScrubEvents(ctx, tx, id); err != nil {
				return err
			}
		}
		if err := moderation.ForgetModerator(ctx, tx, u.ID); err != nil {
			return err
		}
		// Open live connections of the account end on every instance (the user row is gone).
		return appendRevoked(tx, u.ID, revokedDeleted)
	})
}
