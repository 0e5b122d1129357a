package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// KPIs queries the KPIs of projects and their measurements.
type KPIs struct{ db *gorm.DB }

// KPIs are the KPIs of projects and their measurements.
func (s *Store) KPIs() *KPIs { return &KPIs{db: s.db} }

// Create inserts a KPI.
func (s *KPIs) Create(ctx context.Context, k *model.KPI) error {
	if err := s.db.WithContext(ctx).Create(k).Error; err != nil {
		return fmt.Errorf("store: create kpi: %w", err)
	}
	return nil
}

// ByID loads a KPI; apperr.ErrNotFound when there is none.
func (s *KPIs) ByID(ctx context.Context, id int64) (*model.KPI, error) {
	var k model.KPI
	if err := s.db.WithContext(ctx).First(&k, id).Error; err != nil {
		return nil, notFound("kpi", err)
	}
	return &k, nil
}

// ByProject returns the KPIs of a project in the order they were created. A project has a handful, so the
// list is not paginated.
func (s *KPIs) ByProject(ctx context.Context, projectID int64) ([]model.KPI, error) {
	out := []model.KPI{}
	if err := s.db.WithContext(ctx).Where("project_id = ?", projectID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: kpis of project: %w", err)
	}
	return out, nil
}

// All returns every KPI, by id (for the cockpit).
func (s *KPIs) All(ctx context.Context) ([]model.KPI, error) {
	out := []model.KPI{}
	if err := s.db.WithContext(ctx).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: all kpis: %w", err)
	}
	return out, nil
}

// UpdateVersioned writes the editable columns of k if the stored version is still expected, and reports
// whether it did; the check and the write are one statement, so of two edits based on one version
// exactly one succeeds.
func (s *KPIs) UpdateVersioned(ctx context.Context, k *model.KPI, expected int) (bool, error) {
	res := s.db.WithContext(ctx).Model(&model.KPI{}).Where("id = ? AND version = ?", k.ID, expected).
		Updates(map[string]any{
			"name": k.Name, "description": k.Description, "unit": k.Unit, "direction": k.Direction,
			"baseline_value": k.BaselineValue, "baseline_date": k.BaselineDate,
			"target_value": k.TargetValue, "target_date": k.TargetDate, "principle": k.Principle,
			"version": k.Version, "updated_at": k.UpdatedAt,
		})
	if res.Error != nil {
		return false, fmt.Errorf("store: update kpi: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// CreateMeasurement inserts a measurement (gorm.ErrDuplicatedKey when what it corrects is corrected
// already).
func (s *KPIs) CreateMeasurement(ctx context.Context, m *model.KPIMeasurement) error {
	if err := s.db.WithContext(ctx).Omit("CorrectedBy").Create(m).Error; err != nil {
		return fmt.Errorf("store: create measurement: %w", err)
	}
	return nil
}

// measurementColumns select a measurement with the id of the measurement that corrects it.
const measurementColumns = "m.id, m.kpi_id, m.value, m.measured_at, m.source, m.source_url, m.note, m.corrects, " +
	"m.created_by, m.created_at, c.id AS corrected_by"

func (s *KPIs) measurements(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Table("kpi_measurements AS m").Select(measurementColumns).
		Joins("LEFT JOIN kpi_measurements c ON c.corrects = m.id")
}

// MeasurementByID loads a measurement with its corrected_by; apperr.ErrNotFound when there is none.
func (s *KPIs) MeasurementByID(ctx context.Context, id int64) (*model.KPIMeasurement, error) {
	var out []model.KPIMeasurement
	if err := s.measurements(ctx).Where("m.id = ?", id).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("store: measurement: %w", err)
	}
	if len(out) == 0 {
		return nil, notFound("measurement", gorm.ErrRecordNotFound)
	}
	return &out[0], nil
}

// measurementCursor is the position of the last row of a page: newest measurement first.
type measurementCursor struct {
	At string `json:"at"`
	ID int64  `json:"id"`
}

// Measurements returns one page of the measurements of a KPI, corrected ones included, the newest first
// (by measured_at, then by id).
func (s *KPIs) Measurements(ctx context.Context, kpiID int64, page Page) ([]model.KPIMeasurement, string, error) {
	q := s.measurements(ctx).Where("m.kpi_id = ?", kpiID)
	if page.Cursor != "" {
		var c measurementCursor
		if err := paging.DecodeCursor(page.Cursor, &c); err != nil {
			return nil, "", err
		}
		q = q.Where("(m.measured_at < ? OR (m.measured_at = ? AND m.id < ?))", c.At, c.At, c.ID)
	}
	out := []model.KPIMeasurement{}
	if err := q.Order("m.measured_at DESC, m.id DESC").Limit(page.Limit + 1).Scan(&out).Error; err != nil {
		return nil, "", fmt.Errorf("store: measurements: %w", err)
	}
	next := ""
	if len(out) > page.Limit {
		out = out[:page.Limit]
		last := out[len(out)-1]
		next = paging.EncodeCursor(measurementCursor{At: last.MeasuredAt, ID: last.ID})
	}
	return out, next, nil
}

// CurrentRow is the current figure of one KPI: its newest measurement that nothing corrects.
type CurrentRow struct {
	ID         int64
	KPIID      int64 `gorm:"column:kpi_id"`
	Value      float64
	MeasuredAt string
}

// Current returns the current figure of each of the KPIs (all KPIs when ids is nil), in one query: the
// newest uncorrected measurement per KPI (by measured_at, then id). KPIs without one are absent.
func (s *KPIs) Current(ctx context.Context, ids []int64) (map[int64]CurrentRow, error) {
	out := map[int64]CurrentRow{}
	if ids != nil && len(ids) == 0 {
		return out, nil
	}
	inner := s.db.WithContext(ctx).Table("kpi_measurements AS m").
		Select("m.id, m.kpi_id, m.value, m.measured_at, " +
			"ROW_NUMBER() OVER (PARTITION BY m.kpi_id ORDER BY m.measured_at DESC, m.id DESC) AS rn").
		Where("NOT EXISTS (SELECT 1 FROM kpi_measurements c WHERE c.corrects = m.id)")
	if ids != nil {
		inner = inner.Where("m.kpi_id IN ?", ids)
	}
	var rows []CurrentRow
	err := s.db.WithContext(ctx).Table("(?) AS x", inner).Select("id, kpi_id, value, measured_at").
		Where("rn = 1").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: current measurements: %w", err)
	}
	for _, r := range rows {
		out[r.KPIID] = r
	}
	return out, nil
}
