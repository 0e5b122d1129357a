// Package events appends live events to the outbox table inside the caller's transaction.
package events

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Audiences narrow who receives an event beyond the rule of its topic. An empty audience means everyone
// who may subscribe to the topic.
const (
	AudienceModerators = "moderators" // moderators and admins
	AudienceCouncil    = "council"    // council members, moderators, officials and admins
)

// AudienceUser is the audience of one user.
func AudienceUser(id int64) string { return "user:" + strconv.FormatInt(id, 10) }

// Audience joins audiences into the stored form; an event then reaches anyone in any of them.
func Audience(parts ...string) string { return strings.Join(parts, ",") }

// NotifyChannel is the PostgreSQL channel that announces new outbox rows; the payload is the event id.
const NotifyChannel = "digitalrat_events"

// Append writes a public event (for everyone who may subscribe to topic) into the outbox using tx, which
// must be the transaction of the change the event announces: the event becomes visible exactly when the
// change commits and never for a rollback. On PostgreSQL it also queues a NOTIFY, which the server delivers
// only on commit.
func Append(tx *gorm.DB, topic, typ string, data any) (*model.Event, error) {
	return AppendFor(tx, topic, typ, "", data)
}

// AppendFor is Append for an event that only the given audience may receive (see Audience).
func AppendFor(tx *gorm.DB, topic, typ, audience string, data any) (*model.Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("events: marshal %s: %w", typ, err)
	}
	ev := &model.Event{Topic: topic, Type: typ, Audience: audience, Payload: string(b), CreatedAt: time.Now().UTC()}
	if err := tx.Create(ev).Error; err != nil {
		return nil, fmt.Errorf("events: append %s: %w", typ, err)
	}
	if tx.Dialector.Name() == "postgres" {
		if err := tx.Exec("SELECT pg_notify(?, ?)", NotifyChannel, strconv.FormatInt(ev.ID, 10)).Error; err != nil {
			return nil, fmt.Errorf("events: notify: %w", err)
		}
	}
	return ev, nil
}
