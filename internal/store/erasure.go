package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Erasure deletes accounts and collects a user's data for export (GDPR Art. 15, 17, 20).
type Erasure struct{ db *gorm.DB }

// CountActiveAdmins counts admins that are not disabled.
func (s *Erasure) CountActiveAdmins(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.User{}).
		Where("disabled_at IS NULL AND (roles = 'admin' OR roles LIKE '%,admin' OR roles LIKE 'admin,%' OR roles LIKE '%,admin,%')").
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count admins: %w", err)
	}
	return n, nil
}

// CommentsShowing returns the ids of the comments that show the user's name: those they wrote and the
// questions they took as an official. An erasure rewrites their outbox events (see comments.ScrubEvents).
func (s *Erasure) CommentsShowing(ctx context.Context, userID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&model.Comment{}).Where("author_id = ? OR taken_by = ?", userID, userID).
		Order("id").Pluck("id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: comments of user: %w", err)
	}
	return ids, nil
}

// DeleteUser removes a user. Their votes and supports are taken back from the comment counters first; their comments
// stay, without author (shown as a deleted account); tokens, votes and other personal rows cascade.
func (s *Erasure) DeleteUser(ctx context.Context, userID int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`UPDATE comments SET
		up_count = up_count - (SELECT COUNT(*) FROM comment_votes v WHERE v.comment_id = comments.id AND v.user_id = ? AND v.value = 1),
		down_count = down_count - (SELECT COUNT(*) FROM comment_votes v WHERE v.comment_id = comments.id AND v.user_id = ? AND v.value = -1)
		WHERE id IN (SELECT comment_id FROM comment_votes WHERE user_id = ?)`, userID, userID, userID).Error; err != nil {
		return fmt.Errorf("store: take back votes: %w", err)
	}
	if err := db.Exec(`UPDATE projects SET support_count = support_count - 1
		WHERE id IN (SELECT project_id FROM project_supports WHERE user_id = ?)`, userID).Error; err != nil {
		return fmt.Errorf("store: take back supports: %w", err)
	}
	if err := db.Delete(&model.User{}, userID).Error; err != nil {
		return fmt.Errorf("store: delete user: %w", err)
	}
	return nil
}

// ExportComment is one of the user's comments in an export.
type ExportComment struct {
	ID         int64
	Project    string
	DocumentID *int64
	BlockID    *string
	ParentID   *int64
	Kind       string
	Stance     *string
	Status     string
	Body       string
	CreatedAt  time.Time
	EditedAt   *time.Time
	DeletedAt  *time.Time
}

// ExportVote is one of the user's votes in an export.
type ExportVote struct {
	CommentID int64
	Value     int
}

// ExportChange is one project change the user made.
type ExportChange struct {
	Project   string
	Field     string
	OldValue  string
	NewValue  string
	CreatedAt time.Time
}

// Export collects what the database holds about a user beyond the profile: comments (all statuses, with
// their text), votes and project changes. Each list is one query.
func (s *Erasure) Export(ctx context.Context, userID int64) ([]ExportComment, []ExportVote, []ExportChange, error) {
	db := s.db.WithContext(ctx)
	comments := []ExportComment{}
	if err := db.Raw(`SELECT c.id, p.slug AS project, c.document_id, c.block_id, c.parent_id, c.kind, c.stance,
		c.status, c.body, c.created_at, c.edited_at, c.deleted_at
		FROM comments c JOIN projects p ON p.id = c.project_id WHERE c.author_id = ? ORDER BY c.id`, userID).
		Scan(&comments).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("store: export comments: %w", err)
	}
	votes := []ExportVote{}
	if err := db.Raw(`SELECT comment_id, value FROM comment_votes WHERE user_id = ? ORDER BY comment_id`, userID).
		Scan(&votes).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("store: export votes: %w", err)
	}
	changes := []ExportChange{}
	if err := db.Raw(`SELECT p.slug AS project, h.field, h.old_value, h.new_value, h.created_at
		FROM project_history h JOIN projects p ON p.id = h.project_id WHERE h.user_id = ? ORDER BY h.id`, userID).
		Scan(&changes).Error; err != nil {
		return nil, nil, nil, fmt.Errorf("store: export changes: %w", err)
	}
	return comments, votes, changes, nil
}
