package store

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Notifications queries the notifications of users.
type Notifications struct{ db *gorm.DB }

// Create inserts a notification.
func (s *Notifications) Create(ctx context.Context, n *model.Notification) error {
	if err := s.db.WithContext(ctx).Create(n).Error; err != nil {
		return fmt.Errorf("store: create notification: %w", err)
	}
	return nil
}

// List returns one page of a user's notifications, newest first.
func (s *Notifications) List(ctx context.Context, userID int64, page Page) ([]model.Notification, string, error) {
	q := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		q = q.Where("id < ?", cur.ID)
	}
	var out []model.Notification
	if err := q.Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: notifications: %w", err)
	}
	return pageOf(out, page, func(n model.Notification) int64 { return n.ID })
}

// Unread counts a user's unread notifications.
func (s *Notifications) Unread(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.Notification{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// MarkRead marks the user's notifications with the given ids (all when ids is nil) as read.
func (s *Notifications) MarkRead(ctx context.Context, userID int64, ids []int64, at time.Time) error {
	q := s.db.WithContext(ctx).Model(&model.Notification{}).Where("user_id = ? AND read_at IS NULL", userID)
	if ids != nil {
		q = q.Where("id IN ?", ids)
	}
	if err := q.Update("read_at", at).Error; err != nil {
		return fmt.Errorf("store: read notifications: %w", err)
	}
	return nil
}
