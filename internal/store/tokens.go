package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// RefreshTokens queries refresh tokens.
type RefreshTokens struct{ db *gorm.DB }

// Create inserts a refresh token.
func (s *RefreshTokens) Create(ctx context.Context, t *model.RefreshToken) error {
	if err := s.db.WithContext(ctx).Create(t).Error; err != nil {
		return fmt.Errorf("store: create refresh token: %w", err)
	}
	return nil
}

// ByHash loads a refresh token by its hash; apperr.ErrNotFound when there is none.
func (s *RefreshTokens) ByHash(ctx context.Context, hash string) (*model.RefreshToken, error) {
	var t model.RefreshToken
	if err := s.db.WithContext(ctx).Where("token_hash = ?", hash).First(&t).Error; err != nil {
		return nil, notFound("refresh token", err)
	}
	return &t, nil
}

// MarkUsed marks an unused token as used and reports whether it was still unused, so that of two
// concurrent refreshes with the same token only one wins.
func (s *RefreshTokens) MarkUsed(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.RefreshToken{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at)
	if res.Error != nil {
		return false, fmt.Errorf("store: mark refresh token used: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// RevokeFamily revokes every token of a family that is not revoked yet.
func (s *RefreshTokens) RevokeFamily(ctx context.Context, familyID string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.RefreshToken{}).Where("family_id = ? AND revoked_at IS NULL", familyID).
		Update("revoked_at", at).Error
	if err != nil {
		return fmt.Errorf("store: revoke refresh family: %w", err)
	}
	return nil
}

// RevokeUser revokes every refresh token of a user that is not revoked yet.
func (s *RefreshTokens) RevokeUser(ctx context.Context, userID int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.RefreshToken{}).Where("user_id = ? AND revoked_at IS NULL", userID).
		Update("revoked_at", at).Error
	if err != nil {
		return fmt.Errorf("store: revoke refresh tokens of user: %w", err)
	}
	return nil
}

// EmailTokens queries single-use mailed tokens.
type EmailTokens struct{ db *gorm.DB }

// Create inserts an email token.
func (s *EmailTokens) Create(ctx context.Context, t *model.EmailToken) error {
	if err := s.db.WithContext(ctx).Create(t).Error; err != nil {
		return fmt.Errorf("store: create email token: %w", err)
	}
	return nil
}

// ByHash loads an email token of purpose by its hash; apperr.ErrNotFound when there is none.
func (s *EmailTokens) ByHash(ctx context.Context, purpose, hash string) (*model.EmailToken, error) {
	var t model.EmailToken
	if err := s.db.WithContext(ctx).Where("purpose = ? AND token_hash = ?", purpose, hash).First(&t).Error; err != nil {
		return nil, notFound("email token", err)
	}
	return &t, nil
}

// MarkUsed marks an unused token as used and reports whether it was still unused (single use under
// concurrency).
func (s *EmailTokens) MarkUsed(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.EmailToken{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at)
	if res.Error != nil {
		return false, fmt.Errorf("store: mark email token used: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// InvalidateUser marks every unused token of purpose of a user as used, so that only the newest mail works.
func (s *EmailTokens) InvalidateUser(ctx context.Context, userID int64, purpose string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.EmailToken{}).Where("user_id = ? AND purpose = ? AND used_at IS NULL", userID, purpose).
		Update("used_at", at).Error
	if err != nil {
		return fmt.Errorf("store: invalidate email tokens: %w", err)
	}
	return nil
}
