package store

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Moderation queries flags, the moderation queue and the moderation log.
type Moderation struct{ db *gorm.DB }

// AddFlag inserts a flag and reports false when the user has flagged the comment before.
func (s *Moderation) AddFlag(ctx context.Context, f *model.CommentFlag) (bool, error) {
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "comment_id"}, {Name: "user_id"}},
		DoNothing: true}).Create(f)
	if res.Error != nil {
		return false, fmt.Errorf("store: add flag: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// CountOpenFlags counts the unresolved flags of a comment whose flaggers registered at or before
// registeredBefore; flags of accounts deleted since do not count.
func (s *Moderation) CountOpenFlags(ctx context.Context, commentID int64, registeredBefore time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.CommentFlag{}).Joins("JOIN users ON users.id = comment_flags.user_id").
		Where("comment_flags.comment_id = ? AND comment_flags.resolved_at IS NULL AND users.created_at <= ?", commentID, registeredBefore).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count open flags: %w", err)
	}
	return n, nil
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

// Queue returns one page of the queue, oldest first.
func (s *Moderation) Queue(ctx context.Context, page Page) ([]model.QueueEntry, string, error) {
	q := s.db.WithContext(ctx).Order("id ASC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
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

// LogRow is an entry of the moderation log with where its comment can be read now.
type LogRow struct {
	model.ModerationAction
	ProjectSlug string     // the comment's project
	DocumentID  *int64     // the document of a block comment
	Status      string     // the comment's status now
	DeletedAt   *time.Time // set when its author deleted it
}

// Log returns one page of the moderation log, newest first, each entry with its comment's project,
// document and current status (joined in the same query).
func (s *Moderation) Log(ctx context.Context, page Page) ([]LogRow, string, error) {
	q := s.db.WithContext(ctx).Table("moderation_actions a").
		Select("a.*, p.slug AS project_slug, c.document_id, c.status, c.deleted_at").
		Joins("JOIN comments c ON c.id = a.comment_id").Joins("JOIN projects p ON p.id = c.project_id").
		Order("a.id DESC").Limit(page.Limit + 1)
	if page.Cursor != "" {
		var cur idCursor
		if err := paging.DecodeCursor(page.Cursor, &cur); err != nil {
			return nil, "", err
		}
		q = q.Where("a.id < ?", cur.ID)
	}
	var out []LogRow
	if err := q.Scan(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: moderation log: %w", err)
	}
	return pageOf(out, page, func(a LogRow) int64 { return a.ID })
}

// OpenFlagsOf returns the unresolved flags of the given comments, oldest first, by comment id.
func (s *Moderation) OpenFlagsOf(ctx context.Context, commentIDs []int64) (map[int64][]model.CommentFlag, error) {
	out := make(map[int64][]model.CommentFlag, len(commentIDs))
	if len(commentIDs) == 0 {
		return out, nil
	}
	var flags []model.CommentFlag
	err := s.db.WithContext(ctx).Where("comment_id IN ? AND resolved_at IS NULL", commentIDs).Order("id").Find(&flags).Error
	if err != nil {
		return nil, fmt.Errorf("store: open flags: %w", err)
	}
	for _, f := range flags {
		out[f.CommentID] = append(out[f.CommentID], f)
	}
	return out, nil
}
