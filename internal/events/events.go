// Package events appends live events to the outbox (store.Events) inside the caller's transaction and
// tells readers of the outbox about new rows: at once in this process (Watch), and through PostgreSQL
// LISTEN/NOTIFY across instances (Listen).
package events

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Audiences narrow who receives an event beyond the rule of its topic (see internal/access, which
// decides who is in one). An empty audience means everyone who may subscribe to the topic.
const (
	AudienceModerators = access.AudienceModerators // moderators and admins
	AudienceCouncil    = access.AudienceCouncil    // council members, moderators, officials and admins
)

// AudienceUser is the audience of one user.
func AudienceUser(id int64) string { return access.AudienceUser(id) }

// Audience joins audiences into the stored form; an event then reaches anyone in any of them.
func Audience(parts ...string) string { return access.Audience(parts...) }

// NotifyChannel is the PostgreSQL channel that announces new outbox rows; the payload is the event id.
const NotifyChannel = store.EventsChannel

// Append writes a public event (for everyone who may subscribe to topic) into the outbox using tx, which
// must be the transaction of the change the event announces: the event becomes visible exactly when the
// change commits and never for a rollback. The instance's live hub reads it after the commit and tells
// the other instances (NOTIFY outside the writing transaction, so commits are not serialised).
func Append(tx *store.Store, topic, typ string, data any) (*model.Event, error) {
	return AppendFor(tx, topic, typ, "", data)
}

// AppendFor is Append for an event that only the given audience may receive (see Audience). No lock
// orders the writers: readers wait for a settled horizon instead (see store.Events.Settled).
func AppendFor(tx *store.Store, topic, typ, audience string, data any) (*model.Event, error) {
	return AppendAbout(tx, "", topic, typ, audience, data)
}

// AppendAbout is AppendFor for an event whose data shows the subject (e.g. comment:<id>): when the subject
// changes so that readers may no longer see what the event shows (hidden, removed, edited, deleted, its
// author erased), the change rewrites the payloads of its earlier events in its own transaction (see
// store.Events.ScrubSubject), so that neither live delivery nor a replay hands out the old state.
func AppendAbout(tx *store.Store, subject, topic, typ, audience string, data any) (*model.Event, error) {
	ev, err := Encode(subject, topic, typ, audience, data)
	if err != nil {
		return nil, err
	}
	if err := tx.Events().Append(tx.Context(), ev); err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	poke()
	return ev, nil
}

// Encode is the event AppendAbout writes, not yet written: for a store that writes it in one statement
// with the change it announces (store.Comments.CreateWithEvent), in the change's transaction. Call
// Appended after the write.
func Encode(subject, topic, typ, audience string, data any) (*model.Event, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("events: marshal %s: %w", typ, err)
	}
	return &model.Event{Topic: topic, Type: typ, Audience: audience, Subject: subject, Payload: string(b), CreatedAt: time.Now().UTC()}, nil
}

// Appended tells this process's readers of the outbox that an event encoded by Encode was written (see
// Watch), as AppendAbout does after its write.
func Appended() { poke() }

var (
	pokeMu   sync.Mutex
	watchers []chan struct{}
)

// Watch returns a channel that receives a signal (coalesced) whenever an event is appended in this
// process. Readers of the outbox use it to look for new rows at once instead of waiting for their poll;
// on SQLite the read then waits for the single connection, i.e. until the writing transaction ends.
func Watch() <-chan struct{} {
	ch := make(chan struct{}, 1)
	pokeMu.Lock()
	watchers = append(watchers, ch)
	pokeMu.Unlock()
	return ch
}

// Unwatch stops signals to a channel returned by Watch.
func Unwatch(ch <-chan struct{}) {
	pokeMu.Lock()
	defer pokeMu.Unlock()
	for i, w := range watchers {
		if w == ch {
			watchers = append(watchers[:i], watchers[i+1:]...)
			return
		}
	}
}

func poke() {
	pokeMu.Lock()
	defer pokeMu.Unlock()
	for _, w := range watchers {
		select {
		case w <- struct{}{}:
		default: // a signal is already pending
		}
	}
}
