package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Supports are the supports of projects (project_supports) and the counter projects.support_count.
type Supports struct{ db *gorm.DB }

// Add records that the user supports the project and reports whether the support is new. The primary key
// (project_id, user_id) decides: a repeated or concurrent second insert does nothing, and only an
// inserted row moves the counter, in the caller's transaction. count is the project's new count.
func (s *Supports) Add(ctx context.Context, projectID, userID int64, at time.Time) (added bool, count int64, err error) {
	db := s.db.WithContext(ctx)
	res := db.Exec(`INSERT INTO project_supports (project_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (project_id, user_id) DO NOTHING`, projectID, userID, at)
	if res.Error != nil {
		return false, 0, fmt.Errorf("store: add support: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return false, 0, nil
	}
	count, err = s.bump(db, projectID, 1)
	return true, count, err
}

// Remove deletes the user's support of the project and reports whether there was one; only a deleted row
// moves the counter. count is the project's new count.
func (s *Supports) Remove(ctx context.Context, projectID, userID int64) (removed bool, count int64, err error) {
	db := s.db.WithContext(ctx)
	res := db.Exec(`DELETE FROM project_supports WHERE project_id = ? AND user_id = ?`, projectID, userID)
	if res.Error != nil {
		return false, 0, fmt.Errorf("store: remove support: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return false, 0, nil
	}
	count, err = s.bump(db, projectID, -1)
	return true, count, err
}

// bump moves the counter and returns its new value in one statement (the row lock it takes orders
// concurrent supports of the project, so each transaction reads the count its own change produced).
func (s *Supports) bump(db *gorm.DB, projectID, delta int64) (int64, error) {
	var count int64
	err := db.Raw(`UPDATE projects SET support_count = support_count + ? WHERE id = ? RETURNING support_count`,
		delta, projectID).Scan(&count).Error
	if err != nil {
		return 0, fmt.Errorf("store: count supports: %w", err)
	}
	return count, nil
}

// SupportedBy returns which of the projects the user supports, in one query.
func (s *Supports) SupportedBy(ctx context.Context, userID int64, projectIDs []int64) (map[int64]bool, error) {
	out := make(map[int64]bool, len(projectIDs))
	if len(projectIDs) == 0 {
		return out, nil
	}
	var ids []int64
	err := s.db.WithContext(ctx).Table("project_supports").Where("user_id = ? AND project_id IN ?", userID, projectIDs).
		Pluck("project_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: supported by: %w", err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// Count counts the rows of a project (the counter's truth, for tests and repairs).
func (s *Supports) Count(ctx context.Context, projectID int64) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Table("project_supports").Where("project_id = ?", projectID).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count supports: %w", err)
	}
	return n, nil
}

// SupportedProject is a project a user supports.
type SupportedProject struct {
	ID   int64
	Slug string
}

// OfUser lists the projects the user supports (an account deletion withdraws them one by one).
func (s *Supports) OfUser(ctx context.Context, userID int64) ([]SupportedProject, error) {
	var out []SupportedProject
	err := s.db.WithContext(ctx).Raw(`SELECT p.id, p.slug FROM project_supports s JOIN projects p ON p.id = s.project_id
		WHERE s.user_id = ? ORDER BY p.id`, userID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: supports of user: %w", err)
	}
	return out, nil
}
