package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Cockpit reads the aggregates of the Digitalisierungscockpit that no other store has.
type Cockpit struct{ db *gorm.DB }

// Cockpit are the aggregates of the cockpit.
func (s *Store) Cockpit() *Cockpit { return &Cockpit{db: s.db} }

// Fingerprint tells whether anything the cockpit shows may have changed: the outbox's settled horizon
// (every change announced live writes an event; up to the horizon no lower id can appear any more, see
// Events.Settled, so the events after it are all the cockpit has not seen), the number of evaluation
// cycles and the count and newest change of evaluations, which announce nothing live.
type Fingerprint struct {
	EventID           int64
	Cycles            int64 // evaluation cycles are created without an event, and never changed
	Evaluations       int64
	EvaluationChanged string // the newest updated_at of evaluations as text, only compared for equality
}

// Fingerprint reads the current fingerprint: the horizon first (it may wait for event writers in flight),
// then the evaluations in one round trip.
func (s *Cockpit) Fingerprint(ctx context.Context) (Fingerprint, error) {
	horizon, _, err := NewEvents(s.db).Settled(ctx)
	if err != nil {
		return Fingerprint{}, err
	}
	var f Fingerprint
	err = s.db.WithContext(ctx).Raw(`SELECT (SELECT COUNT(*) FROM evaluation_cycles) AS cycles,
		(SELECT COUNT(*) FROM evaluations) AS evaluations,
		(SELECT COALESCE(CAST(MAX(updated_at) AS TEXT), '') FROM evaluations) AS evaluation_changed`).Scan(&f).Error
	if err != nil {
		return Fingerprint{}, fmt.Errorf("store: cockpit fingerprint: %w", err)
	}
	f.EventID = horizon
	return f, nil
}

// KeyCount is a key with a count.
type KeyCount struct {
	Key string
	N   int
}

// ProjectsByStatus counts the projects per status.
func (s *Cockpit) ProjectsByStatus(ctx context.Context) ([]KeyCount, error) {
	var out []KeyCount
	err := s.db.WithContext(ctx).Model(&model.Project{}).Select("status AS key, COUNT(*) AS n").Group("status").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: projects by status: %w", err)
	}
	return out, nil
}

// ProjectsByPrinciple counts the projects per principle (a project serving two counts for both).
func (s *Cockpit) ProjectsByPrinciple(ctx context.Context) ([]KeyCount, error) {
	var out []KeyCount
	err := s.db.WithContext(ctx).Table("project_principles").Select("principle AS key, COUNT(*) AS n").
		Group("principle").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: projects by principle: %w", err)
	}
	return out, nil
}

// MostSupported returns up to limit projects with supports, the most supported first.
func (s *Cockpit) MostSupported(ctx context.Context, limit int) ([]model.Project, error) {
	var out []model.Project
	err := s.db.WithContext(ctx).Where("support_count > 0").Order("support_count DESC, id").Limit(limit).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: most supported: %w", err)
	}
	return out, nil
}
