package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// OParl reads what the public OParl interface shows: public sessions and their agenda items, projects,
// council members who agreed to appear, and the published public minutes of public sessions.
type OParl struct{ db *gorm.DB }

// OParl returns the read-only queries of the OParl interface.
func (s *Store) OParl() *OParl { return &OParl{db: s.db} }

// OParlFilter narrows and pages an OParl list: the created/modified bounds are inclusive and nil when
// not given; Offset and Limit select the page.
type OParlFilter struct {
	CreatedSince, CreatedUntil   *time.Time
	ModifiedSince, ModifiedUntil *time.Time
	Offset, Limit                int
}

// apply adds the filter's bounds on the created and modified columns and counts the matching rows
// before it adds the page; rows are ordered by idColumn.
func (f OParlFilter) apply(tx *gorm.DB, created, modified, idColumn string) (*gorm.DB, int64, error) {
	bound := func(col, op string, t *time.Time) {
		if t != nil {
			tx = tx.Where(col+" "+op+" ?", t.UTC())
		}
	}
	bound(created, ">=", f.CreatedSince)
	bound(created, "<=", f.CreatedUntil)
	bound(modified, ">=", f.ModifiedSince)
	bound(modified, "<=", f.ModifiedUntil)
	var total int64
	if err := tx.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	return tx.Order(idColumn).Offset(f.Offset).Limit(f.Limit), total, nil
}

// Meetings lists public sessions. A Meeting embeds its agenda items and minutes, so it counts as modified
// when the session, one of its items or its minutes (a new published version) changed last.
func (s *OParl) Meetings(ctx context.Context, f OParlFilter) ([]model.Session, int64, error) {
	tx := s.db.WithContext(ctx).Model(&model.Session{}).Where("sessions.visibility = ?", model.SessionPublic)
	if t := f.ModifiedSince; t != nil {
		tx = tx.Where(`(sessions.updated_at >= ?
			OR EXISTS (SELECT 1 FROM agenda_items ai WHERE ai.session_id = sessions.id AND ai.updated_at >= ?)
			OR EXISTS (SELECT 1 FROM session_minutes_versions mv WHERE mv.session_id = sessions.id AND mv.published_at >= ?))`,
			t.UTC(), t.UTC(), t.UTC())
	}
	if t := f.ModifiedUntil; t != nil {
		tx = tx.Where(`(sessions.updated_at <= ?
			AND NOT EXISTS (SELECT 1 FROM agenda_items ai WHERE ai.session_id = sessions.id AND ai.updated_at > ?)
			AND NOT EXISTS (SELECT 1 FROM session_minutes_versions mv WHERE mv.session_id = sessions.id AND mv.published_at > ?))`,
			t.UTC(), t.UTC(), t.UTC())
	}
	f.ModifiedSince, f.ModifiedUntil = nil, nil
	tx, total, err := f.apply(tx, "sessions.created_at", "sessions.updated_at", "sessions.id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl meetings: %w", err)
	}
	var out []model.Session
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl meetings: %w", err)
	}
	return out, total, nil
}

// Meeting loads a public session; apperr.ErrNotFound for a non-public or missing one.
func (s *OParl) Meeting(ctx context.Context, id int64) (*model.Session, error) {
	var m model.Session
	if err := s.db.WithContext(ctx).Where("visibility = ?", model.SessionPublic).First(&m, id).Error; err != nil {
		return nil, notFound("oparl meeting", err)
	}
	return &m, nil
}

// publicItems selects the agenda items of public sessions.
func (s *OParl) publicItems(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&model.AgendaItem{}).
		Where("agenda_items.session_id IN (SELECT id FROM sessions WHERE visibility = ?)", model.SessionPublic)
}

// AgendaItems lists the agenda items of public sessions.
func (s *OParl) AgendaItems(ctx context.Context, f OParlFilter) ([]model.AgendaItem, int64, error) {
	tx, total, err := f.apply(s.publicItems(ctx), "agenda_items.created_at", "agenda_items.updated_at", "agenda_items.id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl agenda items: %w", err)
	}
	var out []model.AgendaItem
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl agenda items: %w", err)
	}
	return out, total, nil
}

// AgendaItem loads an agenda item of a public session; apperr.ErrNotFound otherwise.
func (s *OParl) AgendaItem(ctx context.Context, id int64) (*model.AgendaItem, error) {
	var it model.AgendaItem
	if err := s.publicItems(ctx).Where("agenda_items.id = ?", id).First(&it).Error; err != nil {
		return nil, notFound("oparl agenda item", err)
	}
	return &it, nil
}

// ItemsOf lists the agenda items of the given sessions in agenda order (callers pass public ones only).
func (s *OParl) ItemsOf(ctx context.Context, sessionIDs []int64) ([]model.AgendaItem, error) {
	var out []model.AgendaItem
	if len(sessionIDs) == 0 {
		return out, nil
	}
	if err := s.db.WithContext(ctx).Where("session_id IN ?", sessionIDs).Order("session_id, position, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: oparl items of meetings: %w", err)
	}
	return out, nil
}

// publicMinutes selects the published minutes versions of public sessions.
func (s *OParl) publicMinutes(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&model.MinutesVersion{}).
		Where("session_minutes_versions.session_id IN (SELECT id FROM sessions WHERE visibility = ?)", model.SessionPublic)
}

// Files lists the published minutes versions of public sessions (they never change: created and
// modified are both the publication time).
func (s *OParl) Files(ctx context.Context, f OParlFilter) ([]model.MinutesVersion, int64, error) {
	tx, total, err := f.apply(s.publicMinutes(ctx), "published_at", "published_at", "id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl files: %w", err)
	}
	var out []model.MinutesVersion
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl files: %w", err)
	}
	return out, total, nil
}

// File loads a published minutes version of a public session; apperr.ErrNotFound otherwise.
func (s *OParl) File(ctx context.Context, id int64) (*model.MinutesVersion, error) {
	var v model.MinutesVersion
	if err := s.publicMinutes(ctx).Where("id = ?", id).First(&v).Error; err != nil {
		return nil, notFound("oparl file", err)
	}
	return &v, nil
}

// MinutesOf lists the published minutes versions of the given sessions, oldest first.
func (s *OParl) MinutesOf(ctx context.Context, sessionIDs []int64) ([]model.MinutesVersion, error) {
	var out []model.MinutesVersion
	if len(sessionIDs) == 0 {
		return out, nil
	}
	if err := s.db.WithContext(ctx).Where("session_id IN ?", sessionIDs).Order("session_id, number").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: oparl minutes of meetings: %w", err)
	}
	return out, nil
}

// Papers lists projects (every project is public).
func (s *OParl) Papers(ctx context.Context, f OParlFilter) ([]model.Project, int64, error) {
	tx, total, err := f.apply(s.db.WithContext(ctx).Model(&model.Project{}), "created_at", "updated_at", "id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl papers: %w", err)
	}
	var out []model.Project
	if err := tx.Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl papers: %w", err)
	}
	return out, total, nil
}

// Paper loads a project by id.
func (s *OParl) Paper(ctx context.Context, id int64) (*model.Project, error) {
	var p model.Project
	if err := s.db.WithContext(ctx).First(&p, id).Error; err != nil {
		return nil, notFound("oparl paper", err)
	}
	return &p, nil
}

// persons selects enabled council members who agreed to appear in OParl. roles is a comma-separated
// list of role names, none a substring of another.
func (s *OParl) persons(ctx context.Context) *gorm.DB {
	return s.db.WithContext(ctx).Model(&model.User{}).
		Where("oparl_consent = ? AND disabled_at IS NULL AND roles LIKE ?", true, "%"+model.RoleCouncil+"%")
}

// Persons lists council members who agreed to appear, with only the columns OParl shows.
func (s *OParl) Persons(ctx context.Context, f OParlFilter) ([]model.User, int64, error) {
	tx, total, err := f.apply(s.persons(ctx), "created_at", "updated_at", "id")
	if err != nil {
		return nil, 0, fmt.Errorf("store: oparl persons: %w", err)
	}
	var out []model.User
	if err := tx.Select("id", "display_name", "roles", "affiliation", "created_at", "updated_at").Find(&out).Error; err != nil {
		return nil, 0, fmt.Errorf("store: oparl persons: %w", err)
	}
	return out, total, nil
}

// Person loads a council member who agreed to appear; apperr.ErrNotFound otherwise.
func (s *OParl) Person(ctx context.Context, id int64) (*model.User, error) {
	var u model.User
	if err := s.persons(ctx).Select("id", "display_name", "roles", "affiliation", "created_at", "updated_at").
		Where("id = ?", id).First(&u).Error; err != nil {
		return nil, notFound("oparl person", err)
	}
	if !u.HasRole(model.RoleCouncil) {
		return nil, notFound("oparl person", gorm.ErrRecordNotFound)
	}
	return &u, nil
}

// Since returns when the installation began (its first account); zero when there is none yet. It is the
// created time of the System, Body and Organization objects.
func (s *OParl) Since(ctx context.Context) (time.Time, error) {
	var t []time.Time
	if err := s.db.WithContext(ctx).Model(&model.User{}).Order("created_at").Limit(1).Pluck("created_at", &t).Error; err != nil {
		return time.Time{}, fmt.Errorf("store: oparl since: %w", err)
	}
	if len(t) == 0 {
		return time.Time{}, nil
	}
	return t[0].UTC(), nil
}
