package store

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// QuestionRow is a question with the display name of its asker (nil: the account was deleted).
type QuestionRow struct {
	model.Question
	DisplayName *string
}

// AddQuestion inserts a question.
func (s *Sessions) AddQuestion(ctx context.Context, q *model.Question) error {
	if err := s.db.WithContext(ctx).Create(q).Error; err != nil {
		return fmt.Errorf("store: add question: %w", err)
	}
	return nil
}

// Question loads a question of a session; apperr.ErrNotFound when there is none.
func (s *Sessions) Question(ctx context.Context, sessionID, id int64) (*model.Question, error) {
	var q model.Question
	if err := s.db.WithContext(ctx).Where("session_id = ?", sessionID).First(&q, id).Error; err != nil {
		return nil, notFound("question", err)
	}
	return &q, nil
}

// Questions lists the questions of a session in the order they were asked: the approved ones, the
// pending ones too when withPending, and the pending ones of askerID (0: nobody) in any case.
func (s *Sessions) Questions(ctx context.Context, sessionID int64, withPending bool, askerID int64) ([]QuestionRow, error) {
	q := s.db.WithContext(ctx).Table("session_questions q").
		Select("q.*, u.display_name").Joins("LEFT JOIN users u ON u.id = q.user_id").
		Where("q.session_id = ?", sessionID)
	switch {
	case withPending:
		q = q.Where("q.state IN ?", []string{model.QuestionApproved, model.QuestionPending})
	default:
		q = q.Where("q.state = ? OR (q.state = ? AND q.user_id = ?)", model.QuestionApproved, model.QuestionPending, askerID)
	}
	var out []QuestionRow
	if err := q.Order("q.id").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: questions: %w", err)
	}
	return out, nil
}

// DecideQuestion moves a pending question to state; false when it is not pending any more.
func (s *Sessions) DecideQuestion(ctx context.Context, sessionID, id int64, state string, by int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Question{}).
		Where("id = ? AND session_id = ? AND state = ?", id, sessionID, model.QuestionPending).
		Updates(map[string]any{"state": state, "decided_by": by, "decided_at": at})
	if res.Error != nil {
		return false, fmt.Errorf("store: decide question: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// AnswerQuestion marks an approved question answered; false when it is not approved or answered already.
func (s *Sessions) AnswerQuestion(ctx context.Context, sessionID, id int64, at time.Time) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Question{}).
		Where("id = ? AND session_id = ? AND state = ? AND answered_at IS NULL", id, sessionID, model.QuestionApproved).
		Update("answered_at", at)
	if res.Error != nil {
		return false, fmt.Errorf("store: answer question: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// ItemByID loads an agenda item of any session; apperr.ErrNotFound when there is none.
func (s *Sessions) ItemByID(ctx context.Context, id int64) (*model.AgendaItem, error) {
	var it model.AgendaItem
	if err := s.db.WithContext(ctx).First(&it, id).Error; err != nil {
		return nil, notFound("agenda item", err)
	}
	return &it, nil
}
