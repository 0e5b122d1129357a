package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Stats reads the aggregate figures of participation: counts of comments and the response times of
// questions.
type Stats struct{ db *gorm.DB }

// QuestionTime is when a published question was asked and when it got its first official response (nil:
// not yet).
type QuestionTime struct {
	CreatedAt       time.Time
	FirstResponseAt *time.Time
}

// QuestionTimes returns the times of the published questions of a project (0: of all projects).
func (s *Stats) QuestionTimes(ctx context.Context, projectID int64) ([]QuestionTime, error) {
	q := s.db.WithContext(ctx).Table("comments AS c").Select("c.created_at, c.first_response_at").
		Where("c.kind = ? AND c.status = ?", kindQuestion, model.CommentPublished)
	if projectID != 0 {
		q = q.Where("c.project_id = ?", projectID)
	}
	var rows []QuestionTime
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: question times: %w", err)
	}
	return rows, nil
}

// ProjectQuestionTime is a QuestionTime with the project it was asked in.
type ProjectQuestionTime struct {
	QuestionTime
	Slug      string
	Title     string
	OwnerUnit string
}

// QuestionTimesByProject returns the times of all published questions with their project, in one query.
func (s *Stats) QuestionTimesByProject(ctx context.Context) ([]ProjectQuestionTime, error) {
	var rows []ProjectQuestionTime
	err := s.db.WithContext(ctx).Table("comments AS c").
		Select("c.created_at, c.first_response_at, p.slug, p.title, p.owner_unit").
		Joins("JOIN projects p ON p.id = c.project_id").
		Where("c.kind = ? AND c.status = ?", kindQuestion, model.CommentPublished).
		Order("p.title, p.slug").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: question times by project: %w", err)
	}
	return rows, nil
}

// ChannelKindCount is the number of comments of one channel and kind.
type ChannelKindCount struct {
	Channel string
	Kind    string
	N       int
}

// Participation counts the published, undeleted comments of a project (0: of all projects) by channel and
// kind.
func (s *Stats) Participation(ctx context.Context, projectID int64) ([]ChannelKindCount, error) {
	q := s.db.WithContext(ctx).Table("comments").Select("channel, kind, COUNT(*) AS n").
		Where("status = ? AND deleted_at IS NULL", model.CommentPublished).Group("channel, kind")
	if projectID != 0 {
		q = q.Where("project_id = ?", projectID)
	}
	var rows []ChannelKindCount
	if err := q.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: participation: %w", err)
	}
	return rows, nil
}

// kindQuestion is the comment kind of questions.
const kindQuestion = "question"
