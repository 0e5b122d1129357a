package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Mails queries the mail outbox.
type Mails struct{ db *gorm.DB }

// Create queues a mail.
func (s *Mails) Create(ctx context.Context, m *model.Mail) error {
	if err := s.db.WithContext(ctx).Create(m).Error; err != nil {
		return fmt.Errorf("store: queue mail: %w", err)
	}
	return nil
}

// To lists the newest mails to addr, newest first.
func (s *Mails) To(ctx context.Context, addr string, limit int) ([]model.Mail, error) {
	var ms []model.Mail
	if err := s.db.WithContext(ctx).Where("to_addr = ?", addr).Order("id DESC").Limit(limit).Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("store: mails to: %w", err)
	}
	return ms, nil
}

// Unsent lists up to limit unsent mails with fewer than maxAttempts attempts, oldest first.
func (s *Mails) Unsent(ctx context.Context, maxAttempts, limit int) ([]model.Mail, error) {
	var ms []model.Mail
	err := s.db.WithContext(ctx).Where("sent_at IS NULL AND attempts < ?", maxAttempts).Order("id").Limit(limit).Find(&ms).Error
	if err != nil {
		return nil, fmt.Errorf("store: unsent mails: %w", err)
	}
	return ms, nil
}

// MarkSent records a successful delivery.
func (s *Mails) MarkSent(ctx context.Context, id int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.Mail{}).Where("id = ?", id).
		Updates(map[string]any{"sent_at": at, "attempts": gorm.Expr("attempts + 1"), "last_error": ""}).Error
	if err != nil {
		return fmt.Errorf("store: mark mail sent: %w", err)
	}
	return nil
}

// MarkFailed records a failed delivery attempt.
func (s *Mails) MarkFailed(ctx context.Context, id int64, reason string) error {
	err := s.db.WithContext(ctx).Model(&model.Mail{}).Where("id = ?", id).
		Updates(map[string]any{"attempts": gorm.Expr("attempts + 1"), "last_error": reason}).Error
	if err != nil {
		return fmt.Errorf("store: mark mail failed: %w", err)
	}
	return nil
}
