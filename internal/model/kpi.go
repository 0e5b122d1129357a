package model

import "time"

// KPI directions: whether a higher or a lower figure is better.
const (
	DirectionIncrease = "increase"
	DirectionDecrease = "decrease"
)

// KPIDirections lists the directions of KPIs.
var KPIDirections = []string{DirectionIncrease, DirectionDecrease}

// KPI is a key performance indicator of a project: where it started (baseline) and where it shall be by
// a date (target). Dates are "YYYY-MM-DD".
type KPI struct {
	ID            int64 `gorm:"column:id"`
	ProjectID     int64
	Name          string
	Description   string
	Unit          string
	Direction     string
	BaselineValue float64
	BaselineDate  string
	TargetValue   float64
	TargetDate    string
	Principle     string // '' or one of Principles
	Version       int
	CreatedBy     *int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// TableName is the KPI table.
func (KPI) TableName() string { return "kpis" }

// KPIMeasurement is one published figure of a KPI. It is never changed: a correction is a new row whose
// Corrects names the row it replaces.
type KPIMeasurement struct {
	ID         int64 `gorm:"column:id"`
	KPIID      int64 `gorm:"column:kpi_id"`
	Value      float64
	MeasuredAt string // "YYYY-MM-DD"
	Source     string
	SourceURL  string `gorm:"column:source_url"`
	Note       string
	Corrects   *int64
	CreatedBy  *int64
	CreatedAt  time.Time
	// CorrectedBy is the id of the measurement that corrects this one; filled by the store's reads.
	CorrectedBy *int64 `gorm:"->;-:migration"`
}

// TableName is the measurement table.
func (KPIMeasurement) TableName() string { return "kpi_measurements" }
