// Package kpis holds the KPIs of projects (Kennzahlen), their dated measurements and corrections, and
// what is computed from them: the current figure, the progress towards the target and a status.
package kpis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Errors of KPIs; their codes are the SPA's i18n keys.
var (
	errForbiddenDepartment = apperr.New(apperr.ErrForbidden, "forbidden_department",
		"Officials may only manage projects of their own department.")
	errStale = apperr.New(apperr.ErrPreconditionFailed, "version_mismatch",
		"The resource was changed in the meantime; reload it and apply your change again.")
	errIfMatchMissing = apperr.New(apperr.ErrPreconditionNeeded, "if_match_required",
		"Send If-Match with the version your change is based on.")
	// ErrAlreadyCorrected answers a correction of a measurement that has a correction already: correct the
	// correction instead, so that every figure has one current value.
	ErrAlreadyCorrected = apperr.New(apperr.ErrConflict, "already_corrected",
		"This measurement has been corrected already; correct the latest correction instead.")
)

// Service is the KPI service.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the KPI service.
func New(st *store.Store, now func() time.Time) *Service { return &Service{st: st, now: now} }

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Point is a value at a date ("YYYY-MM-DD").
type Point struct {
	Value float64
	Date  string
}

// Input are the fields of a new KPI.
type Input struct {
	Name        string
	Description string
	Unit        string
	Direction   string
	Baseline    *Point
	Target      *Point
	Principle   string
}

// Patch holds the fields a PATCH changes; nil fields stay as they are.
type Patch struct {
	Name        *string
	Description *string
	Unit        *string
	Direction   *string
	Baseline    *Point
	Target      *Point
	Principle   *string // "" clears it
}

// View is a KPI with its project and its computed figures.
type View struct {
	model.KPI
	ProjectSlug  string
	ProjectTitle string
	OwnerUnit    string
	Figures
}

func (s *Service) view(k *model.KPI, p *model.Project, cur *store.CurrentRow) View {
	var latest *Latest
	if cur != nil {
		latest = &Latest{MeasurementID: cur.ID, Value: cur.Value, MeasuredAt: cur.MeasuredAt}
	}
	return View{KPI: *k, ProjectSlug: p.Slug, ProjectTitle: p.Title, OwnerUnit: p.OwnerUnit, Figures: Compute(k, latest)}
}

// views computes the views of KPIs of one project with one query for their current figures.
func (s *Service) views(ctx context.Context, p *model.Project, ks []model.KPI) ([]View, error) {
	ids := make([]int64, len(ks))
	for i := range ks {
		ids[i] = ks[i].ID
	}
	cur, err := s.st.KPIs().Current(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]View, len(ks))
	for i := range ks {
		var c *store.CurrentRow
		if r, ok := cur[ks[i].ID]; ok {
			c = &r
		}
		out[i] = s.view(&ks[i], p, c)
	}
	return out, nil
}

// List returns the KPIs of the project slug with their figures.
func (s *Service) List(ctx context.Context, slug string) ([]View, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	ks, err := s.st.KPIs().ByProject(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	return s.views(ctx, p, ks)
}

// Get loads one KPI with its figures.
func (s *Service) Get(ctx context.Context, id int64) (*View, error) {
	k, err := s.st.KPIs().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Projects().ByID(ctx, k.ProjectID)
	if err != nil {
		return nil, err
	}
	vs, err := s.views(ctx, p, []model.KPI{*k})
	if err != nil {
		return nil, err
	}
	return &vs[0], nil
}

// All returns every KPI with its project and figures, for the cockpit: three queries in all.
func (s *Service) All(ctx context.Context) ([]View, error) {
	ks, err := s.st.KPIs().All(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(ks))
	pids := make([]int64, 0, len(ks))
	for i := range ks {
		ids = append(ids, ks[i].ID)
		pids = append(pids, ks[i].ProjectID)
	}
	ps, err := s.st.Projects().ByIDs(ctx, pids)
	if err != nil {
		return nil, err
	}
	cur, err := s.st.KPIs().Current(ctx, nil)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(ks))
	for i := range ks {
		p, ok := ps[ks[i].ProjectID]
		if !ok {
			continue
		}
		var c *store.CurrentRow
		if r, ok := cur[ks[i].ID]; ok {
			c = &r
		}
		out = append(out, s.view(&ks[i], p, c))
	}
	return out, nil
}

// Create adds a KPI to the project slug, with a row in the project's public history and a live event.
func (s *Service) Create(ctx context.Context, u *model.User, slug string, in Input) (*View, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !access.CanManageKPIs(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	ve := &apperr.ValidationError{}
	if in.Baseline == nil {
		ve.Add("baseline", "required", "is required")
	}
	if in.Target == nil {
		ve.Add("target", "required", "is required")
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	now := s.timestamp()
	k := &model.KPI{ProjectID: p.ID, Name: strings.TrimSpace(in.Name), Description: strings.TrimSpace(in.Description),
		Unit: strings.TrimSpace(in.Unit), Direction: in.Direction, BaselineValue: in.Baseline.Value,
		BaselineDate: in.Baseline.Date, TargetValue: in.Target.Value, TargetDate: in.Target.Date,
		Principle: in.Principle, Version: 1, CreatedBy: &u.ID, CreatedAt: now, UpdatedAt: now}
	validateKPI(ve, k)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.KPIs().Create(ctx, k); err != nil {
			return err
		}
		if err := idempotency.RecordWrite(ctx, tx, "kpi:"+FormatID(k.ID)); err != nil {
			return err
		}
		change := model.ProjectChange{ProjectID: p.ID, UserID: &u.ID, Version: p.Version, Field: HistoryKPICreated,
			NewValue: k.Name, CreatedAt: now}
		if err := tx.Projects().AddChanges(ctx, []model.ProjectChange{change}); err != nil {
			return err
		}
		return appendKPIEvent(tx, p.Slug, EventCreated, k)
	})
	if err != nil {
		return nil, err
	}
	v := s.view(k, p, nil)
	return &v, nil
}

// Update applies a patch to a KPI if ifMatch (0 when the header is missing) is its current version. Every
// changed field becomes a row of the project's public history, in the transaction of the change.
func (s *Service) Update(ctx context.Context, u *model.User, id int64, ifMatch int, pt Patch) (*View, error) {
	k, err := s.st.KPIs().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Projects().ByID(ctx, k.ProjectID)
	if err != nil {
		return nil, err
	}
	if !access.CanManageKPIs(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	switch {
	case ifMatch == 0:
		return nil, errIfMatchMissing
	case ifMatch != k.Version:
		return nil, errStale
	}
	before := *k
	pt.apply(k)
	ve := &apperr.ValidationError{}
	validateKPI(ve, k)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	diffs := diff(&before, k)
	if len(diffs) == 0 {
		return s.Get(ctx, id)
	}
	now := s.timestamp()
	k.Version = before.Version + 1
	k.UpdatedAt = now
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.KPIs().UpdateVersioned(ctx, k, before.Version)
		if err != nil {
			return err
		}
		if !ok {
			return errStale
		}
		changes := make([]model.ProjectChange, len(diffs))
		for i, d := range diffs {
			changes[i] = model.ProjectChange{ProjectID: p.ID, UserID: &u.ID, Version: p.Version,
				Field: "kpi." + d.field, OldValue: before.Name + ": " + d.old, NewValue: k.Name + ": " + d.new, CreatedAt: now}
			if d.field == "name" {
				changes[i].OldValue, changes[i].NewValue = d.old, d.new
			}
		}
		if err := tx.Projects().AddChanges(ctx, changes); err != nil {
			return err
		}
		return appendKPIEvent(tx, p.Slug, EventUpdated, k)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

func (pt *Patch) apply(k *model.KPI) {
	if pt.Name != nil {
		k.Name = strings.TrimSpace(*pt.Name)
	}
	if pt.Description != nil {
		k.Description = strings.TrimSpace(*pt.Description)
	}
	if pt.Unit != nil {
		k.Unit = strings.TrimSpace(*pt.Unit)
	}
	if pt.Direction != nil {
		k.Direction = *pt.Direction
	}
	if pt.Baseline != nil {
		k.BaselineValue, k.BaselineDate = pt.Baseline.Value, pt.Baseline.Date
	}
	if pt.Target != nil {
		k.TargetValue, k.TargetDate = pt.Target.Value, pt.Target.Date
	}
	if pt.Principle != nil {
		k.Principle = *pt.Principle
	}
}

type fieldDiff struct{ field, old, new string }

// FormatValue writes a figure as the history and exports show it (shortest exact decimal).
func FormatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func diff(a, b *model.KPI) []fieldDiff {
	point := func(v float64, d string) string { return FormatValue(v) + " (" + d + ")" }
	pairs := []fieldDiff{
		{"name", a.Name, b.Name},
		{"description", a.Description, b.Description},
		{"unit", a.Unit, b.Unit},
		{"direction", a.Direction, b.Direction},
		{"baseline", point(a.BaselineValue, a.BaselineDate), point(b.BaselineValue, b.BaselineDate)},
		{"target", point(a.TargetValue, a.TargetDate), point(b.TargetValue, b.TargetDate)},
		{"principle", a.Principle, b.Principle},
	}
	var out []fieldDiff
	for _, d := range pairs {
		if d.old != d.new {
			out = append(out, d)
		}
	}
	return out
}

// maxAbsValue bounds figures: far beyond any count a city reports, and exact in a float64's integers.
const maxAbsValue = 1e15

func finite(ve *apperr.ValidationError, field string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxAbsValue {
		ve.Add(field, "finite", "must be a finite number between -1e15 and 1e15")
	}
}

func text(ve *apperr.ValidationError, field, v string, required bool, max int) {
	n := utf8.RuneCountInString(v)
	switch {
	case required && strings.TrimSpace(v) == "":
		ve.Add(field, "required", "is required")
	case n > max:
		ve.Add(field, "max", fmt.Sprintf("must be at most %d characters", max))
	}
}

func date(ve *apperr.ValidationError, field, v string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		ve.Add(field, "date", "must be a date in the form YYYY-MM-DD")
		return time.Time{}, false
	}
	return t, true
}

// validateKPI checks every field of k.
func validateKPI(ve *apperr.ValidationError, k *model.KPI) {
	text(ve, "name", k.Name, true, 200)
	text(ve, "description", k.Description, false, 5000)
	text(ve, "unit", k.Unit, false, 50)
	if !slices.Contains(model.KPIDirections, k.Direction) {
		ve.Add("direction", "oneof", "must be one of: "+strings.Join(model.KPIDirections, ", "))
	}
	if k.Principle != "" && !slices.Contains(model.Principles, k.Principle) {
		ve.Add("principle", "oneof", "must be one of: "+strings.Join(model.Principles, ", "))
	}
	finite(ve, "baseline.value", k.BaselineValue)
	finite(ve, "target.value", k.TargetValue)
	b, okB := date(ve, "baseline.date", k.BaselineDate)
	t, okT := date(ve, "target.date", k.TargetDate)
	if okB && okT && !t.After(b) {
		ve.Add("target.date", "after_baseline", "must be after baseline.date")
	}
	switch {
	case k.Direction == model.DirectionIncrease && k.TargetValue < k.BaselineValue:
		ve.Add("target.value", "direction", "must not be below baseline.value for a KPI that shall increase")
	case k.Direction == model.DirectionDecrease && k.TargetValue > k.BaselineValue:
		ve.Add("target.value", "direction", "must not be above baseline.value for a KPI that shall decrease")
	}
}

// FormatID writes an id as clients see it.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }
