package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Deleted loads the record of a deleted OParl object of kind; apperr.ErrNotFound when there is none
// (the object never was public, or it is visible now).
func (s *OParl) Deleted(ctx context.Context, kind string, id int64) (*model.OParlDeleted, error) {
	var d model.OParlDeleted
	if err := s.db.WithContext(ctx).Where("kind = ? AND object_id = ?", kind, id).First(&d).Error; err != nil {
		return nil, notFound("oparl deleted "+kind, err)
	}
	return &d, nil
}

// DeletedList pages the deleted objects of kind by id; the modified bounds apply to the time of deletion.
// With a Limit below 1 it only counts.
func (s *OParl) DeletedList(ctx context.Context, kind string, f OParlFilter) ([]model.OParlDeleted, int64, error) {
	tx := s.db.WithContext(ctx).Model(&model.OParlDeleted{}).Where("kind = ?", kind)
	tx, total, err := f.apply(tx, "created_at", "deleted_at", "object_id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl deleted %s: %w", kind, err)
	}
	var out []model.OParlDeleted
	if f.Limit < 1 {
		return out, total, nil
	}
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl deleted %s: %w", kind, err)
	}
	return out, total, nil
}

// PersonIDs lists the ids of all council members who appear, in id order (the Organization lists
// their memberships).
func (s *OParl) PersonIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	if err := s.persons(ctx).Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: oparl person ids: %w", err)
	}
	return ids, nil
}

// MembersChanged is when the membership of the Organization last changed: the latest change of a
// member who appears, or the latest disappearance of one; zero when there was neither.
func (s *OParl) MembersChanged(ctx context.Context) (time.Time, error) {
	var latest time.Time
	var a []time.Time
	if err := s.persons(ctx).Order("updated_at DESC").Limit(1).Pluck("updated_at", &a).Error; err != nil {
		return latest, fmt.Errorf("store: oparl members changed: %w", err)
	}
	var b []time.Time
	if err := s.db.WithContext(ctx).Model(&model.OParlDeleted{}).Where("kind = ?", model.OParlDeletedPerson).
		Order("deleted_at DESC").Limit(1).Pluck("deleted_at", &b).Error; err != nil {
		return latest, fmt.Errorf("store: oparl members changed: %w", err)
	}
	for _, t := range append(a, b...) {
		if t.After(latest) {
			latest = t.UTC()
		}
	}
	return latest, nil
}

// locations selects the public sessions that have a place.
func (s *OParl) locations(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&model.Session{}).Where("visibility = ? AND location <> ''", model.SessionPublic)
}

// Locations lists the public sessions that have a place (each is the Location of its Meeting).
func (s *OParl) Locations(ctx context.Context, f OParlFilter) ([]model.Session, int64, error) {
	tx, total, err := f.apply(s.locations(ctx), "created_at", "updated_at", "id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl locations: %w", err)
	}
	var out []model.Session
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl locations: %w", err)
	}
	return out, total, nil
}

// Location loads a public session that has a place; apperr.ErrNotFound otherwise.
func (s *OParl) Location(ctx context.Context, id int64) (*model.Session, error) {
	var m model.Session
	if err := s.locations(ctx).Where("id = ?", id).First(&m).Error; err != nil {
		return nil, notFound("oparl location", err)
	}
	return &m, nil
}
