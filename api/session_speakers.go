package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/sessions"
)

type speakerBody struct {
	ID              string     `json:"id"`
	UserID          *string    `json:"user_id"`
	DisplayName     *string    `json:"display_name"`
	Kind            string     `json:"kind"`
	State           string     `json:"state"`
	RequestedAt     time.Time  `json:"requested_at"`
	StartedAt       *time.Time `json:"started_at"`
	EndedAt         *time.Time `json:"ended_at"`
	DurationSeconds *int       `json:"duration_seconds"`
}

func toSpeakerBody(r sessions.Speaker) speakerBody {
	b := speakerBody{ID: formatID(r.ID), UserID: optionalID(r.UserID), DisplayName: r.DisplayName, Kind: r.Kind, State: r.State,
		RequestedAt: r.RequestedAt.UTC(), StartedAt: utc(r.StartedAt), EndedAt: utc(r.EndedAt)}
	if r.StartedAt != nil && r.EndedAt != nil {
		d := int(r.EndedAt.Sub(*r.StartedAt).Round(time.Second) / time.Second)
		b.DurationSeconds = &d
	}
	return b
}

// speakerListResponse is the speaker list of an agenda item.
type speakerListResponse struct {
	ItemID              string        `json:"item_id"`
	Version             int           `json:"version"`
	SpeakingTimeSeconds int           `json:"speaking_time_seconds"`
	Current             *speakerBody  `json:"current"`
	Waiting             []speakerBody `json:"waiting"`
	Done                []speakerBody `json:"done"`
}

func toSpeakerListResponse(l *sessions.SpeakerList) speakerListResponse {
	r := speakerListResponse{ItemID: formatID(l.ItemID), Version: l.Version, SpeakingTimeSeconds: l.SpeakingTimeSeconds,
		Waiting: make([]speakerBody, len(l.Waiting)), Done: make([]speakerBody, len(l.Done))}
	if l.Current != nil {
		b := toSpeakerBody(*l.Current)
		r.Current = &b
	}
	for i, w := range l.Waiting {
		r.Waiting[i] = toSpeakerBody(w)
	}
	for i, d := range l.Done {
		r.Done[i] = toSpeakerBody(d)
	}
	return r
}

func renderSpeakers(c *gin.Context, status int, l *sessions.SpeakerList) error {
	c.JSON(status, toSpeakerListResponse(l))
	return nil
}

func (h *Handler) listSpeakers(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	l, err := h.sessions.Speakers(c.Request.Context(), currentUser(c), id, item)
	if err != nil {
		return err
	}
	return renderSpeakers(c, http.StatusOK, l)
}

// speechRequest is the body of POST …/speakers.
type speechRequest struct {
	Kind string `json:"kind"`
}

func (h *Handler) requestSpeech(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	var in speechRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	l, err := h.sessions.Request(c.Request.Context(), currentUser(c), id, item, in.Kind)
	if err != nil {
		return err
	}
	return renderSpeakers(c, http.StatusCreated, l)
}

func (h *Handler) withdrawSpeech(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	l, err := h.sessions.Withdraw(c.Request.Context(), currentUser(c), id, item)
	if err != nil {
		return err
	}
	return renderSpeakers(c, http.StatusOK, l)
}

// nextRequest is the body of POST …/speakers/next: the running speech the moderator sees (null: none).
type nextRequest struct {
	CurrentSpeakerID *string `json:"current_speaker_id"`
}

func (h *Handler) nextSpeaker(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	var in nextRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	var current *int64
	if in.CurrentSpeakerID != nil {
		n, err := parseID(*in.CurrentSpeakerID)
		if err != nil {
			return apperr.Invalid("current_speaker_id", "invalid", "must be the id of a speaker list entry or null")
		}
		current = &n
	}
	l, err := h.sessions.Next(c.Request.Context(), currentUser(c), id, item, current)
	if err != nil {
		return err
	}
	return renderSpeakers(c, http.StatusOK, l)
}

func (h *Handler) endSpeech(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	l, err := h.sessions.End(c.Request.Context(), currentUser(c), id, item)
	if err != nil {
		return err
	}
	return renderSpeakers(c, http.StatusOK, l)
}
