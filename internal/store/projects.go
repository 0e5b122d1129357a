package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/paging"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

// Projects queries projects, their principles and their history.
type Projects struct{ db *gorm.DB }

// Project sort keys.
const (
	SortPriority = "priority"
	SortActivity = "activity"
	SortTitle    = "title"
	SortNewest   = "newest"
	SortSupports = "supports"
)

// ProjectSorts lists the accepted sort keys; the first is the default.
var ProjectSorts = []string{SortPriority, SortActivity, SortTitle, SortNewest, SortSupports}

// ProjectFilter selects projects of a list. Empty fields do not filter.
type ProjectFilter struct {
	Status    string
	Principle string
	Owner     string
	Query     string // words of title, summary or description: the full-text search (see Search)
	Sort      string // one of ProjectSorts
	Cycle     int64  // the evaluation cycle of the priority score (0: none); see priorityExpr
}

// projectCursor is the sort value and id of the last row of a page. Sort is kept so that a cursor of
// another ordering is rejected instead of silently skipping rows.
type projectCursor struct {
	Sort string    `json:"s"`
	Num  int64     `json:"n,omitempty"`
	Text string    `json:"t,omitempty"`
	Time time.Time `json:"at,omitzero"`
	ID   int64     `json:"id"`
}

// orderings maps each sort key to its ORDER BY and keyset condition; user input never reaches the SQL.
var orderings = map[string]struct {
	order string
	after string // rows after the cursor; arguments in the order of args below
	args  func(c projectCursor) []any
	key   func(p *model.Project) projectCursor
}{
	SortPriority: {
		// The score is computed in SQL (priorityExpr) in the same way for the order, the cursor and the
		// response, so paging stays consistent while supports and evaluations change it.
		order: "priority_total DESC, id ASC",
		after: "(priority_total < ? OR (priority_total = ? AND id > ?))",
		args:  func(c projectCursor) []any { return []any{c.Num, c.Num, c.ID} },
		key: func(p *model.Project) projectCursor {
			return projectCursor{Sort: SortPriority, Num: p.PriorityTotal, ID: p.ID}
		},
	},
	SortActivity: {
		order: "updated_at DESC, id DESC",
		after: "(updated_at < ? OR (updated_at = ? AND id < ?))",
		args:  func(c projectCursor) []any { return []any{c.Time, c.Time, c.ID} },
		key: func(p *model.Project) projectCursor {
			return projectCursor{Sort: SortActivity, Time: p.UpdatedAt.UTC(), ID: p.ID}
		},
	},
	SortTitle: {
		order: "title ASC, id ASC",
		after: "(title > ? OR (title = ? AND id > ?))",
		args:  func(c projectCursor) []any { return []any{c.Text, c.Text, c.ID} },
		key:   func(p *model.Project) projectCursor { return projectCursor{Sort: SortTitle, Text: p.Title, ID: p.ID} },
	},
	SortSupports: {
		order: "support_count DESC, id ASC",
		after: "(support_count < ? OR (support_count = ? AND id > ?))",
		args:  func(c projectCursor) []any { return []any{c.Num, c.Num, c.ID} },
		key: func(p *model.Project) projectCursor {
			return projectCursor{Sort: SortSupports, Num: p.SupportCount, ID: p.ID}
		},
	},
	SortNewest: {
		order: "id DESC",
		after: "id < ?",
		args:  func(c projectCursor) []any { return []any{c.ID} },
		key:   func(p *model.Project) projectCursor { return projectCursor{Sort: SortNewest, ID: p.ID} },
	},
}

// List returns one page of projects matching f in a stable order, and the cursor of the next page.
func (s *Projects) List(ctx context.Context, f ProjectFilter, page Page) ([]model.Project, string, error) {
	o, ok := orderings[f.Sort]
	if !ok {
		return nil, "", apperr.Invalid("sort", "oneof", "must be one of: "+strings.Join(ProjectSorts, ", "))
	}
	q := s.scoredProjects(f.Cycle).WithContext(ctx)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.Owner != "" {
		q = q.Where("owner_unit = ?", f.Owner)
	}
	if f.Principle != "" {
		q = q.Where("EXISTS (SELECT 1 FROM project_principles pp WHERE pp.project_id = projects.id AND pp.principle = ?)", f.Principle)
	}
	if f.Query != "" {
		cond, args := projectTextMatch(s.db, f.Query)
		q = q.Where(cond, args...)
	}
	if page.Cursor != "" {
		var c projectCursor
		if err := paging.DecodeCursor(page.Cursor, &c); err != nil {
			return nil, "", err
		}
		if c.Sort != f.Sort {
			return nil, "", apperr.Invalid("cursor", "invalid", "is not a cursor of this list")
		}
		q = q.Where(o.after, o.args(c)...)
	}
	var out []model.Project
	if err := q.Order(o.order).Limit(page.Limit + 1).Find(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: list projects: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		next = paging.EncodeCursor(o.key(&out[len(out)-1]))
	}
	return out, next, nil
}

// BySlug loads a project; apperr.ErrNotFound when there is none.
func (s *Projects) BySlug(ctx context.Context, slug string) (*model.Project, error) {
	var p model.Project
	if err := s.db.WithContext(ctx).Where("slug = ?", slug).First(&p).Error; err != nil {
		return nil, notFound("project", err)
	}
	return &p, nil
}

// ByID loads a project; apperr.ErrNotFound when there is none.
func (s *Projects) ByID(ctx context.Context, id int64) (*model.Project, error) {
	var p model.Project
	if err := s.db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound("project", err)
	}
	return &p, nil
}

// SlugTaken reports whether a project uses slug.
func (s *Projects) SlugTaken(ctx context.Context, slug string) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&model.Project{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: count slug: %w", err)
	}
	return n > 0, nil
}

// Create inserts a project (gorm.ErrDuplicatedKey when the slug is taken).
func (s *Projects) Create(ctx context.Context, p *model.Project) error {
	if err := s.db.WithContext(ctx).Create(p).Error; err != nil {
		return fmt.Errorf("store: create project: %w", err)
	}
	return nil
}

// UpdateVersioned writes every column of p if the stored version is still expected, and reports whether
// it did. The version check and the write are one statement, so of two concurrent updates based on the
// same version exactly one succeeds.
func (s *Projects) UpdateVersioned(ctx context.Context, p *model.Project, expected int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.Project{}).
		Where("id = ? AND version = ?", p.ID, expected).
		Updates(map[string]any{
			"title": p.Title, "summary": p.Summary, "description": p.Description, "plain_summary": p.PlainSummary,
			"status": p.Status, "owner_unit": p.OwnerUnit, "principles": p.Principles,
			"expected_reach": p.ExpectedReach, "effort": p.Effort, "budget_eur": p.BudgetEUR,
			"start_date": p.StartDate, "end_date": p.EndDate, "lotse_name": p.LotseName, "lotse_email": p.LotseEmail,
			"comments_open": p.CommentsOpen, "pre_moderation": p.PreModeration, "priority_score": p.PriorityScore,
			"version": p.Version, "updated_at": p.UpdatedAt,
		})
	if res.Error != nil {
		return false, fmt.Errorf("store: update project: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// SetPrinciples replaces the mirrored principles of a project.
func (s *Projects) SetPrinciples(ctx context.Context, projectID int64, principles []string) error {
	db := s.db.WithContext(ctx)
	if err := db.Where("project_id = ?", projectID).Delete(&model.ProjectPrinciple{}).Error; err != nil {
		return fmt.Errorf("store: clear principles: %w", err)
	}
	if len(principles) == 0 {
		return nil
	}
	rows := make([]model.ProjectPrinciple, len(principles))
	for i, p := range principles {
		rows[i] = model.ProjectPrinciple{ProjectID: projectID, Principle: p}
	}
	if err := db.Create(&rows).Error; err != nil {
		return fmt.Errorf("store: set principles: %w", err)
	}
	return nil
}

// AddChanges appends rows to the public history.
func (s *Projects) AddChanges(ctx context.Context, changes []model.ProjectChange) error {
	if len(changes) == 0 {
		return nil
	}
	if err := s.db.WithContext(ctx).Create(&changes).Error; err != nil {
		return fmt.Errorf("store: add history: %w", err)
	}
	return nil
}

// ChangeRow is a history row with the display name of its author (nil when the account is gone).
type ChangeRow struct {
	model.ProjectChange
	ActorName *string
}

// History returns one page of the history of a project, newest version first.
func (s *Projects) History(ctx context.Context, projectID int64, page Page) ([]ChangeRow, string, error) {
	q := s.db.WithContext(ctx).Table("project_history AS h").
		Select("h.id, h.project_id, h.user_id, h.version, h.field, h.old_value, h.new_value, h.created_at, u.display_name AS actor_name").
		Joins("LEFT JOIN users u ON u.id = h.user_id").
		Where("h.project_id = ?", projectID)
	if page.Cursor != "" {
		var last [2]int64 // version, id
		if err := paging.DecodeCursor(page.Cursor, &last); err != nil {
			return nil, "", err
		}
		q = q.Where("(h.version < ? OR (h.version = ? AND h.id > ?))", last[0], last[0], last[1])
	}
	var out []ChangeRow
	// Newest change first; the fields of one change in the order they were written.
	if err := q.Order("h.version DESC, h.id ASC").Limit(page.Limit + 1).Scan(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: project history: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		last := out[len(out)-1]
		next = paging.EncodeCursor([2]int64{int64(last.Version), last.ID})
	}
	return out, next, nil
}

// OwnerCount is an owner unit with the number of its projects.
type OwnerCount struct {
	OwnerUnit string
	Projects  int
}

// Owners lists every owner unit with its number of projects, by name. The set is small (the units of
// one city), so it is not paginated.
func (s *Projects) Owners(ctx context.Context) ([]OwnerCount, error) {
	out := []OwnerCount{}
	err := s.db.WithContext(ctx).Model(&model.Project{}).Select("owner_unit, COUNT(*) AS projects").
		Group("owner_unit").Order("owner_unit").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: owners: %w", err)
	}
	return out, nil
}

// ByIDs loads the projects with the given ids, by id.
func (s *Projects) ByIDs(ctx context.Context, ids []int64) (map[int64]*model.Project, error) {
	out := make(map[int64]*model.Project, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []model.Project
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: projects by id: %w", err)
	}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	return out, nil
}
