package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/sessions"
)

// createSessionRequest is the body of POST /sessions; the service validates the fields and names bad ones.
type createSessionRequest struct {
	Title               string   `json:"title"`
	Description         string   `json:"description"`
	StartsAt            string   `json:"starts_at"`
	Location            string   `json:"location"`
	OnlineURL           string   `json:"online_url"`
	Visibility          string   `json:"visibility"`
	Quorum              *float64 `json:"quorum"`
	SpeakingTimeSeconds *int     `json:"speaking_time_seconds"`
}

// updateSessionRequest is the body of PATCH /sessions/{id}: absent fields stay.
type updateSessionRequest struct {
	Title               *string  `json:"title"`
	Description         *string  `json:"description"`
	StartsAt            *string  `json:"starts_at"`
	Location            *string  `json:"location"`
	OnlineURL           *string  `json:"online_url"`
	Visibility          *string  `json:"visibility"`
	Quorum              *float64 `json:"quorum"`
	SpeakingTimeSeconds *int     `json:"speaking_time_seconds"`
}

// parseTime reads an RFC 3339 time of a request field.
func parseTime(field, v string) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return nil, apperr.Invalid(field, "format", "must be an RFC 3339 date-time")
	}
	return &t, nil
}

type quorumBody struct {
	Present        int  `json:"present"`
	CouncilSize    int  `json:"council_size"`
	QuorumRequired int  `json:"quorum_required"`
	QuorumReached  bool `json:"quorum_reached"`
}

func toQuorumBody(q sessions.Quorum) quorumBody {
	return quorumBody{Present: q.Present, CouncilSize: q.CouncilSize, QuorumRequired: q.Required, QuorumReached: q.Reached}
}

// sessionResponse is a session as clients see it.
type sessionResponse struct {
	ID                  string                    `json:"id"`
	Title               string                    `json:"title"`
	Description         string                    `json:"description"`
	StartsAt            time.Time                 `json:"starts_at"`
	Location            string                    `json:"location"`
	OnlineURL           string                    `json:"online_url"`
	Visibility          string                    `json:"visibility"`
	Quorum              float64                   `json:"quorum"`
	SpeakingTimeSeconds int                       `json:"speaking_time_seconds"`
	State               string                    `json:"state"`
	ActiveItemID        *string                   `json:"active_item_id"`
	Attendance          quorumBody                `json:"attendance"`
	Version             int                       `json:"version"`
	CreatedAt           time.Time                 `json:"created_at"`
	UpdatedAt           time.Time                 `json:"updated_at"`
	StartedAt           *time.Time                `json:"started_at"`
	ClosedAt            *time.Time                `json:"closed_at"`
	Permissions         access.SessionPermissions `json:"permissions"`
}

func optionalID(id *int64) *string {
	if id == nil {
		return nil
	}
	v := formatID(*id)
	return &v
}

func toSessionResponse(v *sessions.View) sessionResponse {
	se := v.Session
	return sessionResponse{ID: formatID(se.ID), Title: se.Title, Description: se.Description, StartsAt: se.StartsAt.UTC(),
		Location: se.Location, OnlineURL: se.OnlineURL, Visibility: se.Visibility, Quorum: se.Quorum,
		SpeakingTimeSeconds: se.SpeakingTimeSeconds, State: se.State, ActiveItemID: optionalID(v.ActiveItemID),
		Attendance: toQuorumBody(v.Quorum), Version: se.Version, CreatedAt: se.CreatedAt.UTC(), UpdatedAt: se.UpdatedAt.UTC(),
		StartedAt: utc(se.StartedAt), ClosedAt: utc(se.ClosedAt), Permissions: v.Permissions}
}

func renderSession(c *gin.Context, status int, v *sessions.View) error {
	setETag(c, v.Session.Version)
	c.JSON(status, toSessionResponse(v))
	return nil
}

func (h *Handler) listSessions(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	list, next, err := h.sessions.List(c.Request.Context(), currentUser(c), c.Query("when"), page)
	if err != nil {
		return err
	}
	items := make([]sessionResponse, len(list))
	for i := range list {
		items[i] = toSessionResponse(&list[i])
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) createSession(c *gin.Context) error {
	var in createSessionRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	starts, err := parseTime("starts_at", in.StartsAt)
	if err != nil {
		return err
	}
	v, err := h.sessions.Create(c.Request.Context(), currentUser(c), sessions.Input{Title: in.Title, Description: in.Description,
		StartsAt: starts, Location: in.Location, OnlineURL: in.OnlineURL, Visibility: in.Visibility, Quorum: in.Quorum,
		SpeakingTimeSeconds: in.SpeakingTimeSeconds})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/sessions/"+formatID(v.Session.ID))
	return renderSession(c, http.StatusCreated, v)
}

func (h *Handler) getSession(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.sessions.Get(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderSession(c, http.StatusOK, v)
}

func (h *Handler) updateSession(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in updateSessionRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	pt := sessions.Patch{Title: in.Title, Description: in.Description, Location: in.Location, OnlineURL: in.OnlineURL,
		Visibility: in.Visibility, Quorum: in.Quorum, SpeakingTimeSeconds: in.SpeakingTimeSeconds}
	if in.StartsAt != nil {
		if pt.StartsAt, err = parseTime("starts_at", *in.StartsAt); err != nil {
			return err
		}
		if pt.StartsAt == nil {
			return apperr.Invalid("starts_at", "required", "must not be empty")
		}
	}
	v, err := h.sessions.Update(c.Request.Context(), currentUser(c), id, ifMatch(c), pt)
	if err != nil {
		return err
	}
	return renderSession(c, http.StatusOK, v)
}

func (h *Handler) startSession(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.sessions.Start(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderSession(c, http.StatusOK, v)
}

func (h *Handler) closeSession(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.sessions.Close(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderSession(c, http.StatusOK, v)
}
