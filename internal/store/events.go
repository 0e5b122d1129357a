package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// EventsChannel is the PostgreSQL channel that announces new outbox rows; the payload is the event id.
const EventsChannel = "digitalrat_events"

// outboxLockKey is the advisory lock that orders outbox writes on PostgreSQL.
const outboxLockKey = 0x64726576 // "drev"

// Events owns the outbox of live events (the events table): internal/events appends to it, the live hub
// reads it.
type Events struct{ db *gorm.DB }

// NewEvents returns the outbox store on db (a pool or a transaction).
func NewEvents(db *gorm.DB) *Events { return &Events{db: db} }

// Append writes ev; the store must be on the transaction of the change the event announces, so the event
// becomes visible exactly when the change commits and never for a rollback. On PostgreSQL it also queues
// a NOTIFY on EventsChannel, which the server delivers only on commit.
func (s *Events) Append(ctx context.Context, ev *model.Event) error {
	tx := s.db.WithContext(ctx)
	postgres := tx.Dialector.Name() == "postgres"
	if postgres {
		// Outbox ids must become visible in id order, or a reader that has seen id n+1 would skip an id n
		// committed later. This lock serialises event-writing transactions from here to their commit (it
		// is taken late in the transaction, so it is held briefly). SQLite has one writer anyway.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", outboxLockKey).Error; err != nil {
			return fmt.Errorf("store: lock outbox: %w", err)
		}
	}
	if err := tx.Create(ev).Error; err != nil {
		return fmt.Errorf("store: append event %s: %w", ev.Type, err)
	}
	if postgres {
		if err := tx.Exec("SELECT pg_notify(?, ?)", EventsChannel, strconv.FormatInt(ev.ID, 10)).Error; err != nil {
			return fmt.Errorf("store: notify event: %w", err)
		}
	}
	return nil
}

// MaxID returns the highest visible event id (0 when the outbox is empty).
func (s *Events) MaxID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.WithContext(ctx).Model(&model.Event{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("store: max event id: %w", err)
	}
	return id, nil
}

// Exists reports whether the event id is still in the outbox (not deleted by the retention).
func (s *Events) Exists(ctx context.Context, id int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&model.Event{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: event exists: %w", err)
	}
	return n > 0, nil
}

// After returns up to limit events with an id above after, in id order.
func (s *Events) After(ctx context.Context, after int64, limit int) ([]model.Event, error) {
	var evs []model.Event
	if err := s.db.WithContext(ctx).Where("id > ?", after).Order("id").Limit(limit).Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("store: events after %d: %w", after, err)
	}
	return evs, nil
}

// OfTopic returns up to limit events of topic with ids in (after, upto], in id order.
func (s *Events) OfTopic(ctx context.Context, topic string, after, upto int64, limit int) ([]model.Event, error) {
	var evs []model.Event
	err := s.db.WithContext(ctx).Where("topic = ? AND id > ? AND id <= ?", topic, after, upto).
		Order("id").Limit(limit).Find(&evs).Error
	if err != nil {
		return nil, fmt.Errorf("store: events of %s: %w", topic, err)
	}
	return evs, nil
}

// ReplaySize counts the events of topic with ids in (after, upto] and the length of their payloads,
// looking at no more than limit of them: a caller that only asks whether a bound is exceeded stops there.
func (s *Events) ReplaySize(ctx context.Context, topic string, after, upto int64, limit int) (count, size int64, err error) {
	sub := s.db.WithContext(ctx).Model(&model.Event{}).Select("payload").
		Where("topic = ? AND id > ? AND id <= ?", topic, after, upto).Order("id").Limit(limit)
	var r struct {
		Count int64
		Size  int64
	}
	err = s.db.WithContext(ctx).Table("(?) AS r", sub).Select("COUNT(*) AS count, COALESCE(SUM(LENGTH(payload)), 0) AS size").
		Scan(&r).Error
	if err != nil {
		return 0, 0, fmt.Errorf("store: replay size of %s: %w", topic, err)
	}
	return r.Count, r.Size, nil
}

// DeleteBefore deletes the events created before t and returns how many it deleted.
func (s *Events) DeleteBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Where("created_at < ?", t).Delete(&model.Event{})
	if res.Error != nil {
		return 0, fmt.Errorf("store: delete old events: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ScrubSubject rewrites the payload of every event about subject (see events.AppendAbout) whose data is
// the subject itself: public rows (no audience) get public, rows with an audience get restricted. It runs
// in the transaction of the change that made the earlier payloads wrong, so the outbox never hands out
// what the change took away (an indexed UPDATE on events.subject).
func (s *Events) ScrubSubject(ctx context.Context, subject, public, restricted string) error {
	err := s.db.WithContext(ctx).Exec("UPDATE events SET payload = CASE WHEN audience = '' THEN ? ELSE ? END WHERE subject = ?",
		public, restricted, subject).Error
	if err != nil {
		return fmt.Errorf("store: scrub events of %s: %w", subject, err)
	}
	return nil
}

// About returns the events about subject, in id order.
func (s *Events) About(ctx context.Context, subject string) ([]model.Event, error) {
	var evs []model.Event
	if err := s.db.WithContext(ctx).Where("subject = ?", subject).Order("id").Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("store: events about %s: %w", subject, err)
	}
	return evs, nil
}

// SetPayload replaces the payload of the event id (for scrubbing payloads that embed a subject).
func (s *Events) SetPayload(ctx context.Context, id int64, payload string) error {
	if err := s.db.WithContext(ctx).Model(&model.Event{}).Where("id = ?", id).Update("payload", payload).Error; err != nil {
		return fmt.Errorf("store: rewrite event %d: %w", id, err)
	}
	return nil
}
