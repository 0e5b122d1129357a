package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Users queries users.
type Users struct{ db *gorm.DB }

// ByID loads a user; apperr.ErrNotFound when there is none.
func (s *Users) ByID(ctx context.Context, id int64) (*model.User, error) {
	var u model.User
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound("user", err)
	}
	return &u, nil
}

// Count returns the number of accounts.
func (s *Users) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.User{}).Count(&n).Error
	return n, err
}

// Create inserts a user.
func (s *Users) Create(ctx context.Context, u *model.User) error {
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// ByEmail loads a user by normalised email; apperr.ErrNotFound when there is none.
func (s *Users) ByEmail(ctx context.Context, email string) (*model.User, error) {
	var u model.User
	if err := s.db.WithContext(ctx).Where("email = ?", email).First(&u).Error; err != nil {
		return nil, notFound("user by email", err)
	}
	return &u, nil
}

// Update writes the named columns (e.g. "display_name") of u plus updated_at. Naming them keeps a
// change from overwriting what a concurrent request changed in other columns.
func (s *Users) Update(ctx context.Context, u *model.User, columns ...string) error {
	cols := append([]string{"updated_at"}, columns...)
	if err := s.db.WithContext(ctx).Model(u).Select(cols).Updates(u).Error; err != nil {
		return fmt.Errorf("store: update user: %w", err)
	}
	return nil
}

// List returns one page of users ordered by id, optionally filtered by q, a case-insensitive substring
// of the email or display name. next is empty on the last page.
func (s *Users) List(ctx context.Context, q string, p Page) (users []model.User, next string, err error) {
	tx := s.db.WithContext(ctx).Order("id").Limit(p.Limit + 1)
	if p.Cursor != "" {
		var after int64
		if err := paging.DecodeCursor(p.Cursor, &after); err != nil {
			return nil, "", err
		}
		tx = tx.Where("id > ?", after)
	}
	if q = strings.ToLower(strings.TrimSpace(q)); q != "" {
		pat := "%" + likeEscaper.Replace(q) + "%"
		tx = tx.Where(`(lower(email) LIKE ? ESCAPE '\' OR lower(display_name) LIKE ? ESCAPE '\')`, pat, pat)
	}
	if err := tx.Find(&users).Error; err != nil {
		return nil, "", fmt.Errorf("store: list users: %w", err)
	}
	if len(users) > p.Limit {
		users = users[:p.Limit]
		next = paging.EncodeCursor(users[len(users)-1].ID)
	}
	return users, next, nil
}

// NamesWithRoles lists id and display name of every user (disabled ones included) holding one of roles.
// Staff are few; display names are checked against theirs so that nobody can pose as one.
func (s *Users) NamesWithRoles(ctx context.Context, roles ...model.Role) ([]model.User, error) {
	tx := s.db.WithContext(ctx).Select("id", "display_name", "roles")
	cond := s.db.Where("1 = 0")
	for _, r := range roles {
		// roles is a comma-separated list of known role names, none a substring of another; the exact
		// check happens on the loaded rows.
		cond = cond.Or("roles LIKE ?", "%"+string(r)+"%")
	}
	var users []model.User
	if err := tx.Where(cond).Find(&users).Error; err != nil {
		return nil, fmt.Errorf("store: users with roles: %w", err)
	}
	out := users[:0]
	for _, u := range users {
		for _, r := range roles {
			if u.HasRole(r) {
				out = append(out, u)
				break
			}
		}
	}
	return out, nil
}

// ReserveID uses up the id the next user would get, without leaving a user behind: it inserts a
// placeholder row and deletes it again (call it inside a transaction). Registrations of an address that
// is already taken answer with such an id, so that their answer looks like that of a new account.
func (s *Users) ReserveID(ctx context.Context, placeholder *model.User) (int64, error) {
	db := s.db.WithContext(ctx)
	if err := db.Create(placeholder).Error; err != nil {
		return 0, fmt.Errorf("store: reserve user id: %w", err)
	}
	if err := db.Delete(&model.User{}, placeholder.ID).Error; err != nil {
		return 0, fmt.Errorf("store: reserve user id: %w", err)
	}
	return placeholder.ID, nil
}
