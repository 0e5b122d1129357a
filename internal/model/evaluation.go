package model

import "time"

// Evaluation groups: results are given per group and never mixed.
const (
	GroupPublic  = "public"
	GroupCouncil = "council"
)

// CriterionOverall is the criterion of the overall judgement, besides the five principles.
const CriterionOverall = "overall"

// EvaluationCriteria are the criteria a cycle may use, in display order; the default is all of them.
var EvaluationCriteria = append(append([]string{}, Principles...), CriterionOverall)

// EvaluationCycle is an evaluation cycle ("Evaluation 2026–2029"). Criteria are stored comma-joined.
type EvaluationCycle struct {
	ID          int64
	Title       string
	OpensAt     time.Time
	ClosesAt    time.Time
	Criteria    string
	AllProjects bool
	CreatedBy   *int64
	CreatedAt   time.Time
}

// EvaluationCycleProject lists a project of a cycle that does not cover all projects.
type EvaluationCycleProject struct {
	CycleID   int64 `gorm:"primaryKey;autoIncrement:false"`
	ProjectID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// Evaluation is one user's evaluation of a project in a cycle; Grp and Affiliation are snapshotted at
// write time.
type Evaluation struct {
	ID          int64
	CycleID     int64
	ProjectID   int64
	UserID      int64
	Grp         string
	Affiliation string
	Comment     string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// EvaluationScore is the score (1–5) of one criterion of an evaluation.
type EvaluationScore struct {
	EvaluationID int64  `gorm:"primaryKey;autoIncrement:false"`
	Criterion    string `gorm:"primaryKey"`
	Score        int
}
