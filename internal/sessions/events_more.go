package sessions

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// More event types on session:<id>.
const (
	// EventMinutes announces a published version of the minutes: its number and time, never its text
	// (clients fetch the version they may read).
	EventMinutes = "session.minutes"
	// EventQuestionPending announces a public question that waits for a moderator, and its leaving the
	// queue (approved or rejected), to moderators and admins only: the event's audience, checked by the
	// hub on delivery and on replay, keeps it from everyone else following the topic.
	EventQuestionPending = "session.question_pending"
)

// minutesData is the data of session.minutes.
type minutesData struct {
	SessionID   string    `json:"session_id"`
	Version     int       `json:"version"`
	PublishedAt time.Time `json:"published_at"`
}

func appendMinutes(ctx context.Context, tx *store.Store, se *model.Session, v *model.MinutesVersion) error {
	return appendEvent(ctx, tx, se, EventMinutes, minutesData{SessionID: formatID(se.ID), Version: v.Number,
		PublishedAt: v.PublishedAt.UTC()})
}

// pendingData is the data of session.question_pending: state pending for a new question, approved or
// rejected when a moderator decided it.
type pendingData struct {
	SessionID   string    `json:"session_id"`
	ID          string    `json:"id"`
	State       string    `json:"state"`
	Body        string    `json:"body"`
	DisplayName *string   `json:"display_name"`
	CreatedAt   time.Time `json:"created_at"`
}

func appendPending(tx *store.Store, q *Question) error {
	d := pendingData{SessionID: formatID(q.SessionID), ID: formatID(q.ID), State: q.State, Body: q.Body,
		DisplayName: q.DisplayName, CreatedAt: q.CreatedAt.UTC()}
	_, err := events.AppendFor(tx, Topic(q.SessionID), EventQuestionPending, access.AudienceModerators, d)
	return err
}
