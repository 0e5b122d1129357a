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

// NotificationAbout is what a notification shows of its comment: the document of a block comment (for a
// link to the paragraph) and the comment's author with their public roles (for replies and responses).
type NotificationAbout struct {
	DocumentID  *int64
	AuthorID    *int64
	AuthorName  *string
	AuthorRoles model.RoleSet
	AuthorAffil string
	AuthorDept  string
}

// NotificationRow is a notification with what it shows of its comment.
type NotificationRow struct {
	model.Notification
	NotificationAbout
}

// aboutColumns select a NotificationAbout from the comment c and its author u.
const aboutColumns = `c.document_id, c.author_id, u.display_name AS author_name, u.roles AS author_roles,
	COALESCE(u.affiliation, '') AS author_affil, COALESCE(u.department, '') AS author_dept`

// List returns one page of a user's notifications, newest first, each with its comment's document and
// author in the same query.
func (s *Notifications) List(ctx context.Context, userID int64, page Page) ([]NotificationRow, string, error) {
	q := s.db.WithContext(ctx).Table("notifications n").Select("n.*, "+aboutColumns).
		Joins("LEFT JOIN comments c ON c.id = n.comment_id").Joins("LEFT JOIN users u ON u.id = c.author_id").
		Where("n.user_id = ?", userID).Order("n.id DESC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		q = q.Where("n.id < ?", cur.ID)
	}
	var out []NotificationRow
	if err := q.Scan(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: notifications: %w", err)
	}
	return pageOf(out, page, func(n NotificationRow) int64 { return n.ID })
}

// About returns what a notification shows of the comment with the given id.
func (s *Notifications) About(ctx context.Context, commentID int64) (NotificationAbout, error) {
	var a NotificationAbout
	err := s.db.WithContext(ctx).Table("comments c").Select(aboutColumns).Joins("LEFT JOIN users u ON u.id = c.author_id").
		Where("c.id = ?", commentID).Take(&a).Error
	if err != nil {
		return a, fmt.Errorf("store: notification comment: %w", err)
	}
	return a, nil
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
