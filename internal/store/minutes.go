package store

import (
	"context"
	"fmt"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Minutes are the drafts and published versions of session minutes and the council decisions written
// as statements on projects.
type Minutes struct{ s *Store }

// Minutes are the drafts and versions of session minutes.
func (s *Store) Minutes() *Minutes { return &Minutes{s: s} }

// Draft loads the stored draft of a session; nil when none was saved yet.
func (m *Minutes) Draft(ctx context.Context, sessionID int64) (*model.MinutesDraft, error) {
	var out []model.MinutesDraft
	if err := m.s.db.WithContext(ctx).Where("session_id = ?", sessionID).Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: minutes draft: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// SaveDraft writes d if the stored draft has version expected (expected == 1 and no row: the generated
// draft, inserted); it reports whether it wrote.
func (m *Minutes) SaveDraft(ctx context.Context, d *model.MinutesDraft, expected int) (bool, error) {
	db := m.s.db.WithContext(ctx)
	res := db.Exec(`UPDATE session_minutes_drafts SET version = ?, sections = ?, updated_by = ?, updated_at = ?
		WHERE session_id = ? AND version = ?`, d.Version, d.Sections, d.UpdatedBy, d.UpdatedAt, d.SessionID, expected)
	if res.Error != nil {
		return false, fmt.Errorf("store: save minutes draft: %w", res.Error)
	}
	if res.RowsAffected == 1 || expected != 1 {
		return res.RowsAffected == 1, nil
	}
	res = db.Exec(`INSERT INTO session_minutes_drafts (session_id, version, sections, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, d.SessionID, d.Version, d.Sections, d.UpdatedBy, d.UpdatedAt)
	if res.Error != nil {
		return false, fmt.Errorf("store: insert minutes draft: %w", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// AddVersion inserts the next published version of a session's minutes (its number one more than the
// latest; the UNIQUE (session_id, number) makes a concurrent publication fail rather than overwrite).
func (m *Minutes) AddVersion(ctx context.Context, v *model.MinutesVersion) error {
	db := m.s.db.WithContext(ctx)
	var last *int
	if err := db.Raw("SELECT MAX(number) FROM session_minutes_versions WHERE session_id = ?", v.SessionID).Scan(&last).Error; err != nil {
		return fmt.Errorf("store: minutes number: %w", err)
	}
	v.Number = 1
	if last != nil {
		v.Number = *last + 1
	}
	if err := db.Create(v).Error; err != nil {
		return fmt.Errorf("store: publish minutes: %w", err)
	}
	return nil
}

// Versions lists the published versions of a session's minutes, newest first.
func (m *Minutes) Versions(ctx context.Context, sessionID int64) ([]model.MinutesVersion, error) {
	var out []model.MinutesVersion
	if err := m.s.db.WithContext(ctx).Where("session_id = ?", sessionID).Order("number DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: minutes versions: %w", err)
	}
	return out, nil
}

// Version loads one published version; apperr.ErrNotFound when there is none.
func (m *Minutes) Version(ctx context.Context, sessionID int64, number int) (*model.MinutesVersion, error) {
	var v model.MinutesVersion
	if err := m.s.db.WithContext(ctx).Where("session_id = ? AND number = ?", sessionID, number).First(&v).Error; err != nil {
		return nil, notFound("minutes version", err)
	}
	return &v, nil
}

// LastDecision returns the latest council decision recorded for an item on a project; nil when none.
func (m *Minutes) LastDecision(ctx context.Context, itemID, projectID int64) (*model.CouncilDecision, error) {
	var out []model.CouncilDecision
	if err := m.s.db.WithContext(ctx).Where("item_id = ? AND project_id = ?", itemID, projectID).
		Order("id DESC").Limit(1).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: council decision: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return &out[0], nil
}

// AddDecision records a council decision.
func (m *Minutes) AddDecision(ctx context.Context, d *model.CouncilDecision) error {
	if err := m.s.db.WithContext(ctx).Create(d).Error; err != nil {
		return fmt.Errorf("store: add council decision: %w", err)
	}
	return nil
}
