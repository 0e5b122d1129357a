package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Evaluations queries evaluation cycles, evaluations and their scores.
type Evaluations struct{ db *gorm.DB }

// CreateCycle inserts a cycle and, when it does not cover all projects, its project list.
func (s *Evaluations) CreateCycle(ctx context.Context, c *model.EvaluationCycle, projectIDs []int64) error {
	db := s.db.WithContext(ctx)
	if err := db.Create(c).Error; err != nil {
		return fmt.Errorf("store: create cycle: %w", err)
	}
	if c.AllProjects || len(projectIDs) == 0 {
		return nil
	}
	rows := make([]model.EvaluationCycleProject, len(projectIDs))
	for i, id := range projectIDs {
		rows[i] = model.EvaluationCycleProject{CycleID: c.ID, ProjectID: id}
	}
	if err := db.Create(&rows).Error; err != nil {
		return fmt.Errorf("store: cycle projects: %w", err)
	}
	return nil
}

// Cycles lists every cycle, the latest to open first. Cycles are few (one every few years), so the list
// is not paginated.
func (s *Evaluations) Cycles(ctx context.Context) ([]model.EvaluationCycle, error) {
	out := []model.EvaluationCycle{}
	if err := s.db.WithContext(ctx).Order("opens_at DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: cycles: %w", err)
	}
	return out, nil
}

// CycleByID loads a cycle; apperr.ErrNotFound when there is none.
func (s *Evaluations) CycleByID(ctx context.Context, id int64) (*model.EvaluationCycle, error) {
	var c model.EvaluationCycle
	if err := s.db.WithContext(ctx).First(&c, id).Error; err != nil {
		return nil, notFound("evaluation cycle", err)
	}
	return &c, nil
}

// CycleByTitle loads the cycle named title; apperr.ErrNotFound when there is none (the demo seed).
func (s *Evaluations) CycleByTitle(ctx context.Context, title string) (*model.EvaluationCycle, error) {
	var c model.EvaluationCycle
	if err := s.db.WithContext(ctx).Where("title = ?", title).Order("id").First(&c).Error; err != nil {
		return nil, notFound("evaluation cycle", err)
	}
	return &c, nil
}

// CurrentCycleID is the id of the cycle prioritisation uses by default: the latest one that has opened by
// now (open or closed); 0 when none has.
func (s *Evaluations) CurrentCycleID(ctx context.Context, now time.Time) (int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Model(&model.EvaluationCycle{}).Where("opens_at <= ?", now).
		Order("opens_at DESC, id DESC").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("store: current cycle: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// PreviousCycle is the latest cycle that closed at or before t (nil when there is none).
func (s *Evaluations) PreviousCycle(ctx context.Context, t time.Time) (*model.EvaluationCycle, error) {
	var out []model.EvaluationCycle
	err := s.db.WithContext(ctx).Where("closes_at <= ?", t).Order("closes_at DESC, id DESC").Limit(1).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: previous cycle: %w", err)
	}
	if len(out) == 0 {
		return nil, nil //nolint:nilnil // no previous cycle is a normal answer, not an error
	}
	return &out[0], nil
}

// CycleProjects lists the projects a cycle covers, by title.
func (s *Evaluations) CycleProjects(ctx context.Context, c *model.EvaluationCycle) ([]model.Project, error) {
	q := s.db.WithContext(ctx).Model(&model.Project{})
	if !c.AllProjects {
		q = q.Where("id IN (SELECT project_id FROM evaluation_cycle_projects WHERE cycle_id = ?)", c.ID)
	}
	out := []model.Project{}
	if err := q.Order("title, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: cycle projects: %w", err)
	}
	return out, nil
}

// ListedSlugs returns the slugs of the projects listed for cycles that do not cover all projects, by cycle.
func (s *Evaluations) ListedSlugs(ctx context.Context, cycleIDs []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	if len(cycleIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		CycleID int64
		Slug    string
	}
	err := s.db.WithContext(ctx).Table("evaluation_cycle_projects AS cp").Select("cp.cycle_id, p.slug").
		Joins("JOIN projects p ON p.id = cp.project_id").Where("cp.cycle_id IN ?", cycleIDs).
		Order("p.slug").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: listed slugs: %w", err)
	}
	for _, r := range rows {
		out[r.CycleID] = append(out[r.CycleID], r.Slug)
	}
	return out, nil
}

// Covers reports whether cycle c covers the project.
func (s *Evaluations) Covers(ctx context.Context, c *model.EvaluationCycle, projectID int64) (bool, error) {
	if c.AllProjects {
		return true, nil
	}
	var n int64
	err := s.db.WithContext(ctx).Model(&model.EvaluationCycleProject{}).
		Where("cycle_id = ? AND project_id = ?", c.ID, projectID).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: cycle covers: %w", err)
	}
	return n > 0, nil
}

// Upsert writes the evaluation of ev's user, project and cycle and replaces its scores. The row is
// written with INSERT … ON CONFLICT (cycle_id, project_id, user_id) DO UPDATE, never read first: of
// parallel writes of one user, the later ones wait for the row lock of the first and then update the
// same row, so exactly one row exists and the last write's scores win. The scores are replaced while
// that lock is held. ev.ID is set to the stored row's id.
func (s *Evaluations) Upsert(ctx context.Context, ev *model.Evaluation, scores map[string]int) error {
	db := s.db.WithContext(ctx)
	err := db.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "cycle_id"}, {Name: "project_id"}, {Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"grp", "affiliation", "comment", "updated_at"}),
	}).Omit("id").Create(ev).Error
	if err != nil {
		return fmt.Errorf("store: upsert evaluation: %w", err)
	}
	// The id RETURNING gives back is not the row's on every driver after a conflict; read it by the key.
	var ids []int64
	if err := db.Model(&model.Evaluation{}).Where("cycle_id = ? AND project_id = ? AND user_id = ?",
		ev.CycleID, ev.ProjectID, ev.UserID).Pluck("id", &ids).Error; err != nil || len(ids) != 1 {
		return fmt.Errorf("store: evaluation id: %w (%d rows)", err, len(ids))
	}
	ev.ID = ids[0]
	if err := db.Where("evaluation_id = ?", ev.ID).Delete(&model.EvaluationScore{}).Error; err != nil {
		return fmt.Errorf("store: clear scores: %w", err)
	}
	rows := make([]model.EvaluationScore, 0, len(scores))
	for c, v := range scores {
		rows = append(rows, model.EvaluationScore{EvaluationID: ev.ID, Criterion: c, Score: v})
	}
	if len(rows) == 0 {
		return nil
	}
	if err := db.Create(&rows).Error; err != nil {
		return fmt.Errorf("store: scores: %w", err)
	}
	return nil
}

// Of loads the evaluation of a user for a project in a cycle with its scores; apperr.ErrNotFound when
// there is none.
func (s *Evaluations) Of(ctx context.Context, cycleID, projectID, userID int64) (*model.Evaluation, map[string]int, error) {
	var ev model.Evaluation
	db := s.db.WithContext(ctx)
	if err := db.Where("cycle_id = ? AND project_id = ? AND user_id = ?", cycleID, projectID, userID).First(&ev).Error; err != nil {
		return nil, nil, notFound("evaluation", err)
	}
	var rows []model.EvaluationScore
	if err := db.Where("evaluation_id = ?", ev.ID).Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: scores: %w", err)
	}
	scores := make(map[string]int, len(rows))
	for _, r := range rows {
		scores[r.Criterion] = r.Score
	}
	return &ev, scores, nil
}

// ScoreCount is how many evaluations of a project gave one score on one criterion, in one group and
// affiliation.
type ScoreCount struct {
	ProjectID   int64
	Criterion   string
	Grp         string
	Affiliation string
	Score       int
	N           int64
}

// ScoreCounts counts the scores of a cycle by project, criterion, group, affiliation and score. projectID
// 0 means every project; criterion "" every criterion. Means and medians are derived from these
// distributions (internal/evaluations), so the database returns at most 5 rows per group and criterion.
func (s *Evaluations) ScoreCounts(ctx context.Context, cycleID, projectID int64, criterion string) ([]ScoreCount, error) {
	q := s.db.WithContext(ctx).Table("evaluation_scores AS s").
		Select("e.project_id, s.criterion, e.grp, e.affiliation, s.score, COUNT(*) AS n").
		Joins("JOIN evaluations e ON e.id = s.evaluation_id").Where("e.cycle_id = ?", cycleID)
	if projectID != 0 {
		q = q.Where("e.project_id = ?", projectID)
	}
	if criterion != "" {
		q = q.Where("s.criterion = ?", criterion)
	}
	var out []ScoreCount
	err := q.Group("e.project_id, s.criterion, e.grp, e.affiliation, s.score").
		Order("e.project_id, s.criterion, e.grp, e.affiliation, s.score").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: score counts: %w", err)
	}
	return out, nil
}

// priorityExpr is the SQL of the priority score of the row "projects" (documented in README,
// "Prioritisation"; PriorityFormula below is its text):
//
//	priority = ⌊ base × (100 + supports) × E ÷ 30000 ⌋
//
// where base is the stored priority_score (⌊expected reach ÷ effort⌋), supports the number of supports and
// E the overall evaluation of the cycle in hundredths: the mean of the public and the council mean of the
// criterion "overall" (each ⌊100 × sum ÷ count⌋), the one that exists when only one does, 300 (neutral) when
// neither does. Without supports and evaluations the score is the base. Integer arithmetic only, so both
// databases compute the same value and keyset cursors compare exactly. cycleID is an id read from the
// database, never user text.
func priorityExpr(cycleID int64) string {
	mean := func(grp string) string {
		return `(SELECT SUM(es.score) * 100 / NULLIF(COUNT(*), 0) FROM evaluation_scores es
			JOIN evaluations ev ON ev.id = es.evaluation_id
			WHERE ev.cycle_id = ` + strconv.FormatInt(cycleID, 10) + ` AND ev.project_id = projects.id
			AND ev.grp = '` + grp + `' AND es.criterion = 'overall')`
	}
	pub, council := mean(model.GroupPublic), mean(model.GroupCouncil)
	e := "COALESCE((" + pub + " + " + council + ") / 2, " + pub + ", " + council + ", 300)"
	return "(projects.priority_score * (100 + " + supportsExpr + ") * " + e + " / 30000)"
}

// supportsExpr is the number of supports of the row "projects".
const supportsExpr = "projects.support_count"

// PriorityFormula is the priority score as text (GET /prioritisation shows it).
const PriorityFormula = "priority = floor(floor(expected_reach / effort) × (100 + supports) × E / 30000), " +
	"E = 100 × overall mean of the cycle (mean of the public and the council mean; the one that exists; 300 without evaluations)"

// scoredProjects is the projects table with the priority score of the cycle as priority_total and the
// number of supports as support_total, under the name "projects".
func (s *Projects) scoredProjects(cycleID int64) *gorm.DB {
	return s.db.Table("(SELECT projects.*, " + priorityExpr(cycleID) + " AS priority_total, " + supportsExpr +
		" AS support_total FROM projects) AS projects")
}

// Scores returns the priority scores (cycle cycleID) of the projects with the given ids, by id.
func (s *Projects) Scores(ctx context.Context, cycleID int64, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID            int64
		PriorityTotal int64
	}
	err := s.scoredProjects(cycleID).WithContext(ctx).Select("id, priority_total").Where("id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: priority scores: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.PriorityTotal
	}
	return out, nil
}

// PriorityRow is a project with its supports and priority score in a cycle.
type PriorityRow struct {
	ID            int64
	Slug          string
	Title         string
	Status        string
	ExpectedReach int64
	Effort        int
	SupportTotal  int64
	PriorityTotal int64
}

// Priorities lists every project with its supports and priority score in cycle cycleID (0: none),
// highest score first. Projects are a city's portfolio (tens to hundreds), so the list is not paginated.
func (s *Projects) Priorities(ctx context.Context, cycleID int64) ([]PriorityRow, error) {
	out := []PriorityRow{}
	err := s.scoredProjects(cycleID).WithContext(ctx).
		Select("id, slug, title, status, expected_reach, effort, support_total, priority_total").
		Order("priority_total DESC, id ASC").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: priorities: %w", err)
	}
	return out, nil
}
