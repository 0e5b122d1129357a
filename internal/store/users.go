// Package store holds every SQL query, one type per aggregate. Stores never open transactions: services do,
// and pass the transaction in as the *gorm.DB.
package store

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

// Users queries users.
type Users struct{ db *gorm.DB }

// NewUsers returns the users store on db (a pool or a transaction).
func NewUsers(db *gorm.DB) *Users { return &Users{db: db} }

// ByID loads a user; apperr.ErrNotFound when there is none.
func (s *Users) ByID(ctx context.Context, id int64) (*model.User, error) {
	var u model.User
	if err := s.db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound("user", err)
	}
	return &u, nil
}

// Create inserts a user.
func (s *Users) Create(ctx context.Context, u *model.User) error {
	if err := s.db.WithContext(ctx).Create(u).Error; err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// notFound turns gorm's not-found into apperr.ErrNotFound and wraps other errors.
func notFound(what string, err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("store: %s: %w", what, apperr.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
