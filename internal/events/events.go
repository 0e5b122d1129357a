// Package events appends live events to the outbox table inside the caller's transaction.
package events

import (
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/model"
)

// Append writes an event into the outbox using tx, which must be the transaction of the change the event
// announces: the event becomes visible exactly when the change commits and never for a rollback.
// On PostgreSQL it also queues a NOTIFY, which the server delivers only on commit.
func Append(tx *gorm.DB, topic, typ string, data any) (*model.Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("events: marshal %s: %w", typ, err)
	}
	ev := &model.Event{Topic: topic, Type: typ, Payload: string(b), CreatedAt: time.Now().UTC()}
	if err := tx.Create(ev).Error; err != nil {
		return nil, fmt.Errorf("events: append %s: %w", typ, err)
	}
	if tx.Dialector.Name() == "postgres" {
		if err := tx.Exec("SELECT pg_notify('digitalrat_events', ?)", fmt.Sprint(ev.ID)).Error; err != nil {
			return nil, fmt.Errorf("events: notify: %w", err)
		}
	}
	return ev, nil
}
