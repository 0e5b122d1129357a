package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Moderation queries flags, the moderation queue and the moderation log.
type Moderation struct{ db *gorm.DB }

// NewModeration returns the moderation store on db (a pool or a transaction).
func NewModeration(db *gorm.DB) *Moderation { return &Moderation{db: db} }

// AddFlag inserts a flag and reports false when the user has flagged the comment before.
func (s *Moderation) AddFlag(ctx context.Context, f *model.CommentFlag) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "comment_id"}, {Name: "user_id"}},
		DoNothing: true}).Create(f)
	if res.Error != nil {
		return false, fmt.Errorf("store: add flag: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// OpenFlags returns the reasons of the unresolved flags of a comment, oldest first.
func (s *Moderation) OpenFlags(ctx context.Context, commentID int64) ([]string, error) {
	var out []string
	err := s.db.WithContext(ctx).Model(&model.CommentFlag{}).Where("comment_id = ? AND resolved_at IS NULL", commentID).
		Order("id").Pluck("reason", &out).Error
	if err != nil {
		return nil, fmt.Errorf("store: open flags: %w", err)
	}
	return out, nil
}

// ResolveFlags marks the open flags of a comment as decided.
func (s *Moderation) ResolveFlags(ctx context.Context, commentID int64, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.CommentFlag{}).Where("comment_id = ? AND resolved_at IS NULL", commentID).
		Update("resolved_at", at).Error
	if err != nil {
		return fmt.Errorf("store: resolve flags: %w", err)
	}
	return nil
}

// Enqueue puts a comment into the moderation queue, or changes the reason of its waiting entry. It reports
// whether the comment was new in the queue.
func (s *Moderation) Enqueue(ctx context.Context, commentID int64, reason string, at time.Time) (bool, error) {
	db := s.db.WithContext(ctx)
	res := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "comment_id"}}, DoNothing: true}).
		Create(&model.QueueEntry{CommentID: commentID, Reason: reason, CreatedAt: at})
	if res.Error != nil {
		return false, fmt.Errorf("store: enqueue: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return true, nil
	}
	if err := db.Model(&model.QueueEntry{}).Where("comment_id = ?", commentID).Update("reason", reason).Error; err != nil {
		return false, fmt.Errorf("store: enqueue: %w", err)
	}
	return false, nil
}

// Dequeue takes a comment out of the queue and reports whether it was there. Of two transactions taking
// the same comment out, PostgreSQL lets the second wait and then find nothing, so only one acts.
func (s *Moderation) Dequeue(ctx context.Context, commentID int64) (bool, error) {
	res := s.db.WithContext(ctx).Where("comment_id = ?", commentID).Delete(&model.QueueEntry{})
	if res.Error != nil {
		return false, fmt.Errorf("store: dequeue: %w", res.Error)
	}
	return res.RowsAffected > 0, nil
}

// QueueEntryOf returns the queue entry of a comment; apperr.ErrNotFound when it is not waiting.
func (s *Moderation) QueueEntryOf(ctx context.Context, commentID int64) (*model.QueueEntry, error) {
	var e model.QueueEntry
	if err := s.db.WithContext(ctx).Where("comment_id = ?", commentID).Take(&e).Error; err != nil {
		return nil, notFound("queue entry", err)
	}
	return &e, nil
}

type idCursor struct {
	ID int64 `json:"id"`
}

// Queue returns one page of the queue, oldest first.
func (s *Moderation) Queue(ctx context.Context, page Page) ([]model.QueueEntry, string, error) {
	q := s.db.WithContext(ctx).Order("id ASC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		q = q.Where("id > ?", cur.ID)
	}
	var out []model.QueueEntry
	if err := q.Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: queue: %w", err)
	}
	return pageOf(out, page, func(e model.QueueEntry) int64 { return e.ID })
}

// AddAction appends an entry to the moderation log.
func (s *Moderation) AddAction(ctx context.Context, a *model.ModerationAction) error {
	if err := s.db.WithContext(ctx).Create(a).Error; err != nil {
		return fmt.Errorf("store: moderation action: %w", err)
	}
	return nil
}

// Log returns one page of the moderation log, newest first.
func (s *Moderation) Log(ctx context.Context, page Page) ([]model.ModerationAction, string, error) {
	q := s.db.WithContext(ctx).Order("id DESC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		q = q.Where("id < ?", cur.ID)
	}
	var out []model.ModerationAction
	if err := q.Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: moderation log: %w", err)
	}
	return pageOf(out, page, func(a model.ModerationAction) int64 { return a.ID })
}

// pageOf cuts a page that was read with one row too many and makes the cursor of its last row.
func pageOf[T any](rows []T, page Page, id func(T) int64) ([]T, string, error) {
	if len(rows) <= page.Limit {
		return rows, "", nil
	}
	rows = rows[:page.Limit]
	return rows, EncodeCursor(idCursor{ID: id(rows[len(rows)-1])}), nil
}

// SetStatus sets the moderation status and hidden reason of a comment.
func (s *Comments) SetStatus(ctx context.Context, id int64, status string, hiddenReason *string, at time.Time) error {
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).
		Updates(map[string]any{"status": status, "hidden_reason": hiddenReason, "updated_at": at}).Error
	if err != nil {
		return fmt.Errorf("store: comment status: %w", err)
	}
	return nil
}

// Erase deletes the text of a comment and of all its revisions (removal of illegal content); the row
// stays as a tombstone.
func (s *Comments) Erase(ctx context.Context, id int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Model(&model.Comment{}).Where("id = ?", id).Updates(map[string]any{"body": "", "body_html": ""}).Error; err != nil {
		return fmt.Errorf("store: erase comment: %w", err)
	}
	if err := db.Model(&model.CommentRevision{}).Where("comment_id = ?", id).Update("body", "").Error; err != nil {
		return fmt.Errorf("store: erase revisions: %w", err)
	}
	return nil
}

// AddReplies moves the reply counter of a comment by delta, in SQL so that concurrent changes add up.
func (s *Comments) AddReplies(ctx context.Context, parentID int64, delta int) error {
	err := s.db.WithContext(ctx).Exec("UPDATE comments SET reply_count = reply_count + ? WHERE id = ?", delta, parentID).Error
	if err != nil {
		return fmt.Errorf("store: count replies: %w", err)
	}
	return nil
}

// Set updates the given columns of a comment.
func (s *Comments) Set(ctx context.Context, id int64, cols map[string]any) error {
	if err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("id = ?", id).Updates(cols).Error; err != nil {
		return fmt.Errorf("store: update comment: %w", err)
	}
	return nil
}

// Notifications queries the notifications of users.
type Notifications struct{ db *gorm.DB }

// NewNotifications returns the notifications store on db.
func NewNotifications(db *gorm.DB) *Notifications { return &Notifications{db: db} }

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
		if err := DecodeCursor(page.Cursor, &cur); err != nil {
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
