// Package evaluations holds evaluation cycles, the evaluations of projects by the public and the
// Digitalrat, their results (per group, never mixed) and the prioritisation of projects.
package evaluations

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Errors of evaluations; their codes are the SPA's i18n keys.
var (
	ErrCycleNotOpen      = apperr.New(apperr.ErrConflict, "cycle_not_open", "The evaluation cycle is not open.")
	ErrProjectNotInCycle = apperr.New(apperr.ErrNotFound, "project_not_in_cycle", "The cycle does not cover this project.")
	ErrNoEvaluation      = apperr.New(apperr.ErrNotFound, "no_evaluation", "You have not evaluated this project in this cycle.")
)

// Cycle states, derived from the clock.
const (
	StateUpcoming = "upcoming"
	StateOpen     = "open"
	StateClosed   = "closed"
)

// Service is the evaluations service.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the evaluations service.
func New(st *store.Store, now func() time.Time) *Service { return &Service{st: st, now: now} }

// Cycle is an evaluation cycle as clients see it.
type Cycle struct {
	model.EvaluationCycle
	CriteriaList []string
	Projects     []string // slugs, when the cycle does not cover all projects
	State        string
}

// IsOpen reports whether evaluations may be written at t: opens_at ≤ t < closes_at.
func IsOpen(c *model.EvaluationCycle, t time.Time) bool {
	return !t.Before(c.OpensAt) && t.Before(c.ClosesAt)
}

func (s *Service) view(c *model.EvaluationCycle, slugs []string) Cycle {
	now := s.now()
	state := StateOpen
	switch {
	case now.Before(c.OpensAt):
		state = StateUpcoming
	case !now.Before(c.ClosesAt):
		state = StateClosed
	}
	if slugs == nil {
		slugs = []string{}
	}
	return Cycle{EvaluationCycle: *c, CriteriaList: splitCriteria(c.Criteria), Projects: slugs, State: state}
}

func splitCriteria(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// CycleInput are the fields of a new cycle. A nil Projects covers all projects.
type CycleInput struct {
	Title    string
	OpensAt  time.Time
	ClosesAt time.Time
	Criteria []string // empty: every criterion of model.EvaluationCriteria
	Projects []string // slugs; nil: all projects
}

// CreateCycle creates a cycle (admins).
func (s *Service) CreateCycle(ctx context.Context, u *model.User, in CycleInput) (*Cycle, error) {
	if !access.CanManageCycles(u) {
		return nil, access.ErrForbidden
	}
	ve := &apperr.ValidationError{}
	title := strings.TrimSpace(in.Title)
	if title == "" {
		ve.Add("title", "required", "is required")
	} else if utf8.RuneCountInString(title) > 200 {
		ve.Add("title", "max", "must be at most 200 characters")
	}
	if in.OpensAt.IsZero() {
		ve.Add("opens_at", "required", "is required")
	}
	if in.ClosesAt.IsZero() {
		ve.Add("closes_at", "required", "is required")
	} else if !in.OpensAt.IsZero() && !in.ClosesAt.After(in.OpensAt) {
		ve.Add("closes_at", "after", "must be after opens_at")
	}
	criteria := in.Criteria
	if len(criteria) == 0 {
		criteria = model.EvaluationCriteria
	}
	var chosen []string
	for _, c := range criteria {
		if !slices.Contains(model.EvaluationCriteria, c) {
			ve.Add("criteria", "oneof", "must be among: "+strings.Join(model.EvaluationCriteria, ", "))
			break
		}
		if slices.Contains(chosen, c) {
			ve.Add("criteria", "unique", "must not repeat a criterion")
			break
		}
		chosen = append(chosen, c)
	}
	// Criteria are kept in the display order of model.EvaluationCriteria.
	ordered := []string{}
	for _, c := range model.EvaluationCriteria {
		if slices.Contains(chosen, c) {
			ordered = append(ordered, c)
		}
	}
	var ids []int64
	var slugs []string
	if in.Projects != nil {
		if len(in.Projects) == 0 {
			ve.Add("projects", "required", "must name at least one project, or be left out for all projects")
		}
		for _, slug := range in.Projects {
			if slices.Contains(slugs, slug) {
				continue
			}
			p, err := s.st.Projects().BySlug(ctx, slug)
			if errors.Is(err, apperr.ErrNotFound) {
				ve.Add("projects", "unknown", "names a project that does not exist: "+slug)
				break
			} else if err != nil {
				return nil, err
			}
			ids = append(ids, p.ID)
			slugs = append(slugs, p.Slug)
		}
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	c := &model.EvaluationCycle{Title: title, OpensAt: in.OpensAt.UTC().Truncate(time.Second),
		ClosesAt: in.ClosesAt.UTC().Truncate(time.Second), Criteria: strings.Join(ordered, ","),
		AllProjects: in.Projects == nil, CreatedBy: &u.ID, CreatedAt: s.now().UTC().Truncate(time.Microsecond)}
	err := s.st.Tx(ctx, func(tx *store.Store) error { return tx.Evaluations().CreateCycle(ctx, c, ids) })
	if err != nil {
		return nil, err
	}
	slices.Sort(slugs)
	v := s.view(c, slugs)
	return &v, nil
}

// Cycles lists every cycle, the latest to open first.
func (s *Service) Cycles(ctx context.Context) ([]Cycle, error) {
	rows, err := s.st.Evaluations().Cycles(ctx)
	if err != nil {
		return nil, err
	}
	var listed []int64
	for _, c := range rows {
		if !c.AllProjects {
			listed = append(listed, c.ID)
		}
	}
	slugs, err := s.st.Evaluations().ListedSlugs(ctx, listed)
	if err != nil {
		return nil, err
	}
	out := make([]Cycle, len(rows))
	for i := range rows {
		out[i] = s.view(&rows[i], slugs[rows[i].ID])
	}
	return out, nil
}

// Cycle loads one cycle.
func (s *Service) Cycle(ctx context.Context, id int64) (*Cycle, error) {
	c, err := s.st.Evaluations().CycleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	var slugs []string
	if !c.AllProjects {
		m, err := s.st.Evaluations().ListedSlugs(ctx, []int64{c.ID})
		if err != nil {
			return nil, err
		}
		slugs = m[c.ID]
	}
	v := s.view(c, slugs)
	return &v, nil
}

// cycleProject loads a cycle and a project it covers.
func (s *Service) cycleProject(ctx context.Context, st *store.Store, cycleID int64, slug string) (*model.EvaluationCycle, *model.Project, error) {
	c, err := st.Evaluations().CycleByID(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	p, err := st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	ok, err := st.Evaluations().Covers(ctx, c, p.ID)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, ErrProjectNotInCycle
	}
	return c, p, nil
}

// Evaluation is one user's evaluation as they see it.
type Evaluation struct {
	model.Evaluation
	Slug   string
	Scores map[string]int
}

// Put writes (or replaces) the evaluation of u for a project in an open cycle. Every criterion of the
// cycle needs a score from 1 to 5.
func (s *Service) Put(ctx context.Context, u *model.User, cycleID int64, slug string, scores map[string]int, comment string) (*Evaluation, error) {
	if !access.CanEvaluate(u) {
		return nil, access.ErrForbidden
	}
	c, p, err := s.cycleProject(ctx, s.st, cycleID, slug)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	if !IsOpen(c, now) {
		return nil, ErrCycleNotOpen
	}
	criteria := splitCriteria(c.Criteria)
	ve := &apperr.ValidationError{}
	if len(scores) == 0 {
		ve.Add("scores", "required", "must score every criterion: "+strings.Join(criteria, ", "))
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch {
		case !slices.Contains(criteria, k):
			ve.Add("scores."+k, "unknown", "is not a criterion of this cycle: "+strings.Join(criteria, ", "))
		case scores[k] < 1 || scores[k] > 5:
			ve.Add("scores."+k, "range", "must be between 1 and 5")
		}
	}
	if len(scores) > 0 {
		for _, k := range criteria {
			if _, ok := scores[k]; !ok {
				ve.Add("scores."+k, "required", "is required")
			}
		}
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > 2000 {
		ve.Add("comment", "max", "must be at most 2000 characters")
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	grp := access.EvaluationGroup(u)
	affiliation := ""
	if grp == model.GroupCouncil {
		affiliation = u.Affiliation
	}
	ev := &model.Evaluation{CycleID: c.ID, ProjectID: p.ID, UserID: u.ID, Grp: grp, Affiliation: affiliation,
		Comment: comment, CreatedAt: now, UpdatedAt: now}
	if err := s.st.Tx(ctx, func(tx *store.Store) error { return tx.Evaluations().Upsert(ctx, ev, scores) }); err != nil {
		return nil, fmt.Errorf("evaluations: put: %w", err)
	}
	return s.Mine(ctx, u, cycleID, slug)
}

// Mine loads the evaluation of u for a project in a cycle (ErrNoEvaluation when there is none).
func (s *Service) Mine(ctx context.Context, u *model.User, cycleID int64, slug string) (*Evaluation, error) {
	_, p, err := s.cycleProject(ctx, s.st, cycleID, slug)
	if err != nil {
		return nil, err
	}
	ev, scores, err := s.st.Evaluations().Of(ctx, cycleID, p.ID, u.ID)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, ErrNoEvaluation
	} else if err != nil {
		return nil, err
	}
	return &Evaluation{Evaluation: *ev, Slug: p.Slug, Scores: scores}, nil
}
