package store

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// EventRef is the id, topic and type of an outbox event: what the cockpit needs to tell which of its
// figures an event may change.
type EventRef struct {
	ID    int64
	Topic string
	Type  string
}

// EventsBetween returns up to limit outbox events with after < id <= upto, oldest first (by the
// primary key).
func (s *Cockpit) EventsBetween(ctx context.Context, after, upto int64, limit int) ([]EventRef, error) {
	var out []EventRef
	err := s.db.WithContext(ctx).Table("events").Select("id, topic, type").Where("id > ? AND id <= ?", after, upto).
		Order("id").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: events between: %w", err)
	}
	return out, nil
}

// ProjectUnit is a project's id, slug, title and owner unit.
type ProjectUnit struct {
	ID        int64
	Slug      string
	Title     string
	OwnerUnit string
}

// ProjectUnits returns every project's id, slug, title and owner unit.
func (s *Cockpit) ProjectUnits(ctx context.Context) ([]ProjectUnit, error) {
	var out []ProjectUnit
	err := s.db.WithContext(ctx).Model(&model.Project{}).Select("id, slug, title, owner_unit").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: project units: %w", err)
	}
	return out, nil
}

// DocumentProjects maps the given document ids to their projects (missing ids are absent).
func (s *Cockpit) DocumentProjects(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, ProjectID int64 }
	if err := s.db.WithContext(ctx).Table("documents").Select("id, project_id").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: document projects: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.ProjectID
	}
	return out, nil
}

// ProjectMonthChannelCount is the number of published comments of one project, channel and month
// ("YYYY-MM").
type ProjectMonthChannelCount struct {
	ProjectID int64
	Month     string
	Channel   string
	N         int
}

// ParticipationByProject counts the published, undeleted comments of the given projects (nil: of all)
// by project, month and channel. An analogue contribution counts in the month it was received,
// everything else in the month it was written (UTC). For one project the index on (project_id, status)
// narrows the read to its rows.
func (s *Cockpit) ParticipationByProject(ctx context.Context, projectIDs []int64) ([]ProjectMonthChannelCount, error) {
	var out []ProjectMonthChannelCount
	if projectIDs != nil && len(projectIDs) == 0 {
		return out, nil
	}
	where, args := "status = ? AND deleted_at IS NULL", []any{model.CommentPublished}
	if projectIDs != nil {
		where, args = "project_id IN ? AND "+where, append([]any{projectIDs}, args...)
	}
	// SQLite stores times as text, "2006-01-02 15:04:05…" in UTC: the month is a prefix.
	q := `SELECT project_id, COALESCE(substr(received_at, 1, 7), substr(created_at, 1, 7)) AS month, channel, COUNT(*) AS n
		FROM comments WHERE ` + where + ` GROUP BY 1, 2, 3`
	if s.db.Dialector.Name() == "postgres" {
		// Grouping by date_trunc and formatting the few groups afterwards is several times faster than
		// formatting every row.
		q = `SELECT project_id, to_char(m, 'YYYY-MM') AS month, channel, n FROM (
			SELECT project_id, date_trunc('month', COALESCE(received_at::date, created_at AT TIME ZONE 'UTC')) AS m, channel, COUNT(*) AS n
			FROM comments WHERE ` + where + ` GROUP BY 1, 2, 3) x`
	}
	if err := s.db.WithContext(ctx).Raw(q, args...).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: participation by project: %w", err)
	}
	return out, nil
}

// ProjectQuestionTimes is when a published question of a project was asked and first answered.
type ProjectQuestionTimes struct {
	ProjectID       int64
	CreatedAt       time.Time
	FirstResponseAt *time.Time
}

// QuestionTimesOf returns the times of the published questions of the given projects (nil: of all), the
// same questions as Stats.QuestionTimesByProject, without the project's columns.
func (s *Cockpit) QuestionTimesOf(ctx context.Context, projectIDs []int64) ([]ProjectQuestionTimes, error) {
	var out []ProjectQuestionTimes
	if projectIDs != nil && len(projectIDs) == 0 {
		return out, nil
	}
	q := s.db.WithContext(ctx).Table("comments").Select("project_id, created_at, first_response_at").
		Where("kind = ? AND status = ?", kindQuestion, model.CommentPublished)
	if projectIDs != nil {
		q = q.Where("project_id IN ?", projectIDs)
	}
	if err := q.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: question times of projects: %w", err)
	}
	return out, nil
}
