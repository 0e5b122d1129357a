package sessions

import (
	"context"
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Event types on session:<id>; each carries a small snapshot, so a client never has to merge deltas.
const (
	EventUpdated    = "session.updated"    // state, version, title, start, active item, quorum
	EventAgenda     = "session.agenda"     // the agenda: ids, positions, titles, states
	EventSpeakers   = "session.speakers"   // the speaker list of one item
	EventAttendance = "session.attendance" // present count and quorum
)

const topicKind = "session"

// Topic is the live topic of a session.
func Topic(id int64) string { return topicKind + ":" + formatID(id) }

// RegisterTopics registers session:<id>. Subscribing checks the session's visibility now; every event
// carries the audience of the visibility it was written with, which the hub checks on delivery and replay.
func (s *Service) RegisterTopics(r *live.Registry) {
	r.Register(live.TopicKind{Kind: topicKind, Events: []string{EventUpdated, EventAgenda, EventSpeakers, EventAttendance, EventQuestion,
		EventMinutes, EventQuestionPending},
		May: func(ctx context.Context, u *model.User, id string) bool {
			n, err := strconv.ParseInt(id, 10, 64)
			if err != nil || n <= 0 {
				return false
			}
			_, err = s.load(ctx, u, n)
			return err == nil
		}})
}

// appendEvent writes an event of session id in tx, for the audience of its current visibility.
func appendEvent(ctx context.Context, tx *store.Store, se *model.Session, typ string, data any) error {
	_, err := events.AppendFor(tx, Topic(se.ID), typ, access.SessionAudience(se.Visibility), data)
	return err
}

type quorumData struct {
	Present        int  `json:"present"`
	CouncilSize    int  `json:"council_size"`
	QuorumRequired int  `json:"quorum_required"`
	QuorumReached  bool `json:"quorum_reached"`
}

func toQuorumData(q Quorum) quorumData {
	return quorumData{Present: q.Present, CouncilSize: q.CouncilSize, QuorumRequired: q.Required, QuorumReached: q.Reached}
}

// updatedData is the data of session.updated.
type updatedData struct {
	SessionID    string     `json:"session_id"`
	State        string     `json:"state"`
	Version      int        `json:"version"`
	Title        string     `json:"title"`
	StartsAt     time.Time  `json:"starts_at"`
	Visibility   string     `json:"visibility"`
	ActiveItemID *string    `json:"active_item_id"`
	Attendance   quorumData `json:"attendance"`
}

func optID(id *int64) *string {
	if id == nil {
		return nil
	}
	v := formatID(*id)
	return &v
}

func (s *Service) appendUpdated(ctx context.Context, tx *store.Store, u *model.User, id int64) error {
	se, err := tx.Sessions().ByID(ctx, id)
	if err != nil {
		return err
	}
	views, err := s.views(ctx, tx, u, []model.Session{*se})
	if err != nil {
		return err
	}
	v := views[0]
	items, err := tx.Sessions().Items(ctx, id)
	if err != nil {
		return err
	}
	return appendEvent(ctx, tx, se, EventUpdated, updatedData{SessionID: formatID(id), State: se.State, Version: se.Version,
		Title: se.Title, StartsAt: se.StartsAt.UTC(), Visibility: se.Visibility, ActiveItemID: optID(activeID(items)),
		Attendance: toQuorumData(v.Quorum)})
}

type agendaEntry struct {
	ID       string `json:"id"`
	Position int    `json:"position"`
	Title    string `json:"title"`
	State    string `json:"state"`
}

// agendaData is the data of session.agenda: titles only, which are public even for confidential items.
type agendaData struct {
	SessionID    string        `json:"session_id"`
	Version      int           `json:"version"`
	ActiveItemID *string       `json:"active_item_id"`
	Items        []agendaEntry `json:"items"`
}

func (s *Service) appendAgenda(ctx context.Context, tx *store.Store, id int64) error {
	se, err := tx.Sessions().ByID(ctx, id)
	if err != nil {
		return err
	}
	items, err := tx.Sessions().Items(ctx, id)
	if err != nil {
		return err
	}
	d := agendaData{SessionID: formatID(id), Version: se.Version, ActiveItemID: optID(activeID(items)), Items: []agendaEntry{}}
	for _, it := range items {
		d.Items = append(d.Items, agendaEntry{ID: formatID(it.ID), Position: it.Position, Title: it.Title, State: it.State})
	}
	return appendEvent(ctx, tx, se, EventAgenda, d)
}

type speakerEntry struct {
	ID          string     `json:"id"`
	UserID      *string    `json:"user_id"`
	DisplayName *string    `json:"display_name"`
	Kind        string     `json:"kind"`
	StartedAt   *time.Time `json:"started_at,omitempty"`
}

// speakersData is the data of session.speakers.
type speakersData struct {
	SessionID           string         `json:"session_id"`
	ItemID              string         `json:"item_id"`
	Version             int            `json:"version"`
	SpeakingTimeSeconds int            `json:"speaking_time_seconds"`
	Current             *speakerEntry  `json:"current"`
	Waiting             []speakerEntry `json:"waiting"`
}

func toSpeakerEntry(r Speaker) speakerEntry {
	e := speakerEntry{ID: formatID(r.ID), UserID: optID(r.UserID), DisplayName: r.DisplayName, Kind: r.Kind}
	if r.StartedAt != nil {
		t := r.StartedAt.UTC()
		e.StartedAt = &t
	}
	return e
}

func appendSpeakers(ctx context.Context, tx *store.Store, se *model.Session, list *SpeakerList) error {
	d := speakersData{SessionID: formatID(se.ID), ItemID: formatID(list.ItemID), Version: list.Version,
		SpeakingTimeSeconds: list.SpeakingTimeSeconds, Waiting: []speakerEntry{}}
	if list.Current != nil {
		c := toSpeakerEntry(*list.Current)
		d.Current = &c
	}
	for _, w := range list.Waiting {
		d.Waiting = append(d.Waiting, toSpeakerEntry(w))
	}
	return appendEvent(ctx, tx, se, EventSpeakers, d)
}

// attendanceData is the data of session.attendance.
type attendanceData struct {
	SessionID string `json:"session_id"`
	quorumData
}

func appendAttendance(ctx context.Context, tx *store.Store, se *model.Session, q Quorum) error {
	return appendEvent(ctx, tx, se, EventAttendance, attendanceData{SessionID: formatID(se.ID), quorumData: toQuorumData(q)})
}
