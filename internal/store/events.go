package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// EventsChannel is the PostgreSQL channel that announces new outbox rows; the payload is the event id.
const EventsChannel = "digitalrat_events"

// Events owns the outbox of live events (the events table): internal/events appends to it, the live hub
// reads it.
type Events struct{ db *gorm.DB }

// NewEvents returns the outbox store on db (a pool or a transaction).
func NewEvents(db *gorm.DB) *Events { return &Events{db: db} }

// outboxWriterKey is the advisory lock every transaction that appends an event holds in shared mode
// until it ends: shared holders never wait for each other (nothing takes it exclusively), so it orders
// nothing; it marks the transactions a reader of the outbox may have to wait for (see Settled).
const outboxWriterKey = 0x64726576 // "drev"

// Append writes ev; the store must be on the transaction of the change the event announces, so the event
// becomes visible exactly when the change commits and never for a rollback.
//
// No lock orders the writers: on PostgreSQL, ids become visible out of order when transactions overlap
// (id 11 may commit before id 10). Readers therefore never take the highest visible id as their horizon
// but Settled, which waits for the event-writing transactions that could still commit a lower id. Append
// marks its transaction as one (the shared lock outboxWriterKey, which also assigns the transaction its
// id) before the event gets its id, so a transaction that holds an event id always shows in the
// snapshots and the lock table Settled reads. Marker and row are one statement (appendSQL), one round
// trip.
func (s *Events) Append(ctx context.Context, ev *model.Event) error {
	tx := s.db.WithContext(ctx)
	if tx.Dialector.Name() != "postgres" {
		if err := tx.Create(ev).Error; err != nil {
			return fmt.Errorf("store: append event %s: %w", ev.Type, err)
		}
		return nil
	}
	if ev.CreatedAt.IsZero() {
		ev.CreatedAt = tx.NowFunc()
	}
	ids, err := scanInts(tx.Raw(appendSQL, outboxWriterKey, ev.Topic, ev.Type, ev.Audience, ev.Subject, ev.Payload, ev.CreatedAt).Rows())
	if err != nil {
		return fmt.Errorf("store: append event %s: %w", ev.Type, err)
	}
	if len(ids) != 1 {
		return fmt.Errorf("store: append event %s: no id returned", ev.Type)
	}
	ev.ID = ids[0]
	return nil
}

// appendSQL inserts an event on PostgreSQL after taking the outbox writer marker (see Append). The marker
// is a materialized CTE that the inserted row is selected from, and the row passes only when the
// marker's columns are not null: the lock is taken and the transaction id assigned before the row (and
// with it the id default, nextval) is formed.
const appendSQL = `WITH w AS MATERIALIZED (SELECT pg_advisory_xact_lock_shared(CAST(? AS BIGINT))::text AS l, pg_current_xact_id() AS x)
	INSERT INTO events (topic, type, audience, subject, payload, created_at)
	SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TIMESTAMPTZ) FROM w WHERE w.l IS NOT NULL AND w.x IS NOT NULL RETURNING id`

// Notify tells the other instances (their LISTEN connections on EventsChannel) that the outbox has new
// rows. It is sent after the commit by the instance that read them first (see live.Hub), not in the
// writing transaction: a NOTIFY in a transaction serialises its commit with every other notifying one.
func (s *Events) Notify(ctx context.Context, id int64) error {
	if s.db.Dialector.Name() != "postgres" {
		return nil
	}
	if err := s.db.WithContext(ctx).Exec("SELECT pg_notify(?, ?)", EventsChannel, strconv.FormatInt(id, 10)).Error; err != nil {
		return fmt.Errorf("store: notify event: %w", err)
	}
	return nil
}

// MaxID returns the highest visible event id (0 when the outbox is empty). On PostgreSQL a lower id may
// still become visible later; see Settled for a horizon.
func (s *Events) MaxID(ctx context.Context) (int64, error) {
	var id int64
	if err := s.db.WithContext(ctx).Model(&model.Event{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error; err != nil {
		return 0, fmt.Errorf("store: max event id: %w", err)
	}
	return id, nil
}

// Settled returns a horizon of the outbox: an id such that every event with an id up to it is visible
// now or never will be. SQLite has one writer, so its highest id is one. On PostgreSQL one statement
// reads the highest visible id and the transactions that write events (the holders of outboxWriterKey in
// this database, read after the statement's snapshot); it then waits until those have ended: an id up to
// the highest that is not visible belongs to a transaction that was writing events when the id was read,
// and is either among them or over. A transaction that starts later gets a higher id, and is not waited
// for; nor are transactions without events, of this database or another. The wait is as long as the
// longest event-writing transaction in flight, usually a few milliseconds. waited reports whether it
// waited for any.
func (s *Events) Settled(ctx context.Context) (horizon int64, waited bool, err error) {
	db := s.db.WithContext(ctx)
	if db.Dialector.Name() != "postgres" {
		id, err := s.MaxID(ctx)
		return id, false, err
	}
	var r struct {
		MaxID   int64
		Writers string
	}
	if err := db.Raw(`SELECT COALESCE((SELECT MAX(id) FROM events), 0) AS max_id,
		array_to_string(ARRAY(`+writersSQL+`), ',') AS writers`, map[string]any{"key": outboxWriterKey}).Scan(&r).Error; err != nil {
		return 0, false, fmt.Errorf("store: outbox horizon: %w", err)
	}
	if r.Writers == "" {
		return r.MaxID, false, nil
	}
	if err := s.waitWriters(ctx, strings.Split(r.Writers, ",")); err != nil {
		return 0, true, err
	}
	return r.MaxID, true, nil
}

// SettledAfterWake is Settled for a reader woken by a change of this process (events.Watch), which
// announces its event before it commits: it first waits for the event writers in flight, so that the
// announcing one is then either visible or waited for, and a reader that waited reads again to find
// what they committed.
func (s *Events) SettledAfterWake(ctx context.Context) (horizon int64, waited bool, err error) {
	if s.db.Dialector.Name() == "postgres" {
		before, err := s.writers(ctx, nil)
		if err != nil {
			return 0, false, err
		}
		if err := s.waitWriters(ctx, before); err != nil {
			return 0, true, err
		}
		waited = len(before) > 0
	}
	horizon, w, err := s.Settled(ctx)
	return horizon, waited || w, err
}

// writersSQL selects the transaction ids (as text) of the other transactions of this database that
// write events and are in flight. The lock table shows every transaction's lock on its own id (locktype
// transactionid) beside its advisory locks.
const writersSQL = `SELECT x.transactionid::text FROM pg_locks w
	JOIN pg_locks x ON x.pid = w.pid AND x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock'
	WHERE w.locktype = 'advisory' AND w.granted AND w.classid = 0 AND w.objid = @key AND w.objsubid = 1
	AND w.pid <> pg_backend_pid() AND w.database = (SELECT oid FROM pg_database WHERE datname = current_database())`

// writers returns the event writers in flight (see writersSQL), among only when not nil.
func (s *Events) writers(ctx context.Context, among []string) ([]string, error) {
	q := writersSQL
	args := map[string]any{"key": outboxWriterKey}
	if among != nil {
		q += " AND x.transactionid::text IN @among"
		args["among"] = among
	}
	rows, err := s.db.WithContext(ctx).Raw(q, args).Rows()
	if err != nil {
		return nil, fmt.Errorf("store: outbox writers in flight: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: outbox writers in flight: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: outbox writers in flight: %w", err)
	}
	return out, nil
}

// WaitWriters waits until none of the event writers in flight that a read named (comma-separated
// transaction ids, see PageVersion.Writers) is in flight any more; "" returns at once.
func (s *Events) WaitWriters(ctx context.Context, writers string) error {
	if writers == "" {
		return nil
	}
	return s.waitWriters(ctx, strings.Split(writers, ","))
}

// waitWriters waits until none of the given event writers is in flight any more.
func (s *Events) waitWriters(ctx context.Context, ids []string) error {
	wait := 100 * time.Microsecond
	for len(ids) > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 2*time.Millisecond)
		var err error
		if ids, err = s.writers(ctx, ids); err != nil {
			return err
		}
	}
	return nil
}

// Exists reports whether the event id is still in the outbox (not deleted by the retention).
func (s *Events) Exists(ctx context.Context, id int64) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&model.Event{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return false, fmt.Errorf("store: event exists: %w", err)
	}
	return n > 0, nil
}

// After returns up to limit events with ids in (after, upto], in id order.
func (s *Events) After(ctx context.Context, after, upto int64, limit int) ([]model.Event, error) {
	var evs []model.Event
	if err := s.db.WithContext(ctx).Where("id > ? AND id <= ?", after, upto).Order("id").Limit(limit).Find(&evs).Error; err != nil {
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

// ListenEvents makes conn, a dedicated PostgreSQL connection outside the pool, receive the notifications
// of EventsChannel (see Notify); the caller waits for them on conn.
func ListenEvents(ctx context.Context, conn *pgx.Conn) error {
	if _, err := conn.Exec(ctx, "LISTEN "+EventsChannel); err != nil {
		return fmt.Errorf("store: listen for events: %w", err)
	}
	return nil
}
