package store

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// OpenKPI is a KPI as the open data shows it, with the slug of its project.
type OpenKPI struct {
	model.KPI
	ProjectSlug string
}

// ExportKPIs returns up to limit KPIs with an id above after, by id. KPIs are public like their projects.
func (s *OpenData) ExportKPIs(ctx context.Context, after int64, limit int) ([]OpenKPI, error) {
	var out []OpenKPI
	err := s.db.WithContext(ctx).Raw(`SELECT k.*, p.slug AS project_slug
		FROM kpis k JOIN projects p ON p.id = k.project_id
		WHERE k.id > ? ORDER BY k.id LIMIT ?`, after, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export kpis: %w", err)
	}
	return out, nil
}

// OpenMeasurement is a measurement as the open data shows it: with its KPI and project, what it corrects
// and what corrected it. Who recorded it is not part of the open data.
type OpenMeasurement struct {
	ID          int64
	KPIID       int64 `gorm:"column:kpi_id"`
	KPIName     string
	ProjectSlug string
	Value       float64
	MeasuredAt  string
	Source      string
	SourceURL   string `gorm:"column:source_url"`
	Note        string
	Corrects    *int64
	CorrectedBy *int64
	CreatedAt   time.Time
}

// ExportMeasurements returns up to limit measurements with an id above after, by id, corrected ones and
// corrections included: a published figure never disappears from the open data.
func (s *OpenData) ExportMeasurements(ctx context.Context, after int64, limit int) ([]OpenMeasurement, error) {
	var out []OpenMeasurement
	err := s.db.WithContext(ctx).Raw(`SELECT m.id, m.kpi_id, k.name AS kpi_name, p.slug AS project_slug, m.value,
		m.measured_at, m.source, m.source_url, m.note, m.corrects, c.id AS corrected_by, m.created_at
		FROM kpi_measurements m JOIN kpis k ON k.id = m.kpi_id JOIN projects p ON p.id = k.project_id
		LEFT JOIN kpi_measurements c ON c.corrects = m.id
		WHERE m.id > ? ORDER BY m.id LIMIT ?`, after, limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: export measurements: %w", err)
	}
	return out, nil
}
