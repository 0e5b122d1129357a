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

// createItemRequest is the body of POST /sessions/{id}/agenda-items.
type createItemRequest struct {
	Title               string `json:"title"`
	Description         string `json:"description"`
	ProjectSlug         string `json:"project_slug"`
	Confidential        bool   `json:"confidential"`
	SpeakingTimeSeconds *int   `json:"speaking_time_seconds"`
}

// updateItemRequest is the body of PATCH /sessions/{id}/agenda-items/{item}: absent fields stay;
// project_slug and speaking_time_seconds null clear them.
type updateItemRequest struct {
	Title               *string          `json:"title"`
	Description         *string          `json:"description"`
	ProjectSlug         nullable[string] `json:"project_slug"`
	Confidential        *bool            `json:"confidential"`
	SpeakingTimeSeconds nullable[int]    `json:"speaking_time_seconds"`
	Notes               *string          `json:"notes"`
	Decision            *string          `json:"decision"`
}

// itemResponse is an agenda item; notes are null for readers outside the council audience, and the
// description and decision of a confidential item are empty for them.
type itemResponse struct {
	ID                  string     `json:"id"`
	SessionID           string     `json:"session_id"`
	Position            int        `json:"position"`
	Title               string     `json:"title"`
	Description         string     `json:"description"`
	ProjectSlug         *string    `json:"project_slug"`
	Confidential        bool       `json:"confidential"`
	State               string     `json:"state"`
	SpeakingTimeSeconds *int       `json:"speaking_time_seconds"`
	Notes               *string    `json:"notes"`
	Decision            string     `json:"decision"`
	Version             int        `json:"version"`
	StartedAt           *time.Time `json:"started_at"`
	EndedAt             *time.Time `json:"ended_at"`
}

func toItemResponse(v *sessions.ItemView) itemResponse {
	it := v.Item
	r := itemResponse{ID: formatID(it.ID), SessionID: formatID(it.SessionID), Position: it.Position, Title: it.Title,
		Description: it.Description, ProjectSlug: v.ProjectSlug, Confidential: it.Confidential, State: it.State,
		SpeakingTimeSeconds: it.SpeakingTimeSeconds, Decision: it.Decision, Version: it.Version,
		StartedAt: utc(it.StartedAt), EndedAt: utc(it.EndedAt)}
	if v.NotesVisible {
		r.Notes = &it.Notes
	}
	return r
}

func toItemResponses(items []sessions.ItemView) []itemResponse {
	out := make([]itemResponse, len(items))
	for i := range items {
		out[i] = toItemResponse(&items[i])
	}
	return out
}

func renderItem(c *gin.Context, status int, v *sessions.ItemView) error {
	setETag(c, v.Item.Version)
	c.JSON(status, toItemResponse(v))
	return nil
}

// ids reads the session and item ids of an agenda item path.
func itemPath(c *gin.Context) (id, item int64, err error) {
	if id, err = parseID(c.Param("id")); err != nil {
		return 0, 0, err
	}
	item, err = parseID(c.Param("item"))
	return id, item, err
}

func (h *Handler) createAgendaItem(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in createItemRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.sessions.AddItem(c.Request.Context(), currentUser(c), id, sessions.ItemInput{Title: in.Title,
		Description: in.Description, ProjectSlug: in.ProjectSlug, Confidential: in.Confidential,
		SpeakingTimeSeconds: in.SpeakingTimeSeconds})
	if err != nil {
		return err
	}
	return renderItem(c, http.StatusCreated, v)
}

func (h *Handler) updateAgendaItem(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	var in updateItemRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	pt := sessions.ItemPatch{Title: in.Title, Description: in.Description, Confidential: in.Confidential, Notes: in.Notes,
		Decision: in.Decision}
	if in.ProjectSlug.Set {
		pt.ProjectSlug, pt.ClearProject = in.ProjectSlug.Value, in.ProjectSlug.Value == nil || *in.ProjectSlug.Value == ""
	}
	if in.SpeakingTimeSeconds.Set {
		pt.SpeakingTimeSeconds, pt.ClearSpeakingTime = in.SpeakingTimeSeconds.Value, in.SpeakingTimeSeconds.Value == nil
	}
	v, err := h.sessions.UpdateItem(c.Request.Context(), currentUser(c), id, item, ifMatch(c), pt)
	if err != nil {
		return err
	}
	return renderItem(c, http.StatusOK, v)
}

func (h *Handler) activateAgendaItem(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	v, err := h.sessions.Activate(c.Request.Context(), currentUser(c), id, item)
	if err != nil {
		return err
	}
	return renderItem(c, http.StatusOK, v)
}

// agendaResponse is the agenda of a session with the session's version (the If-Match of a reorder).
type agendaResponse struct {
	SessionVersion int            `json:"session_version"`
	Items          []itemResponse `json:"items"`
}

func renderAgenda(c *gin.Context, a *sessions.Agenda) error {
	setETag(c, a.SessionVersion)
	c.JSON(http.StatusOK, agendaResponse{SessionVersion: a.SessionVersion, Items: toItemResponses(a.Items)})
	return nil
}

func (h *Handler) getAgenda(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	a, err := h.sessions.Agenda(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderAgenda(c, a)
}

// reorderRequest is the body of PUT /sessions/{id}/agenda: every item id of the agenda in the new order.
type reorderRequest struct {
	ItemIDs []string `json:"item_ids"`
}

func (h *Handler) reorderAgenda(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in reorderRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ids := make([]int64, len(in.ItemIDs))
	for i, s := range in.ItemIDs {
		if ids[i], err = parseID(s); err != nil {
			return apperr.Invalid("item_ids", "permutation", "must list every item of the agenda exactly once")
		}
	}
	a, err := h.sessions.Reorder(c.Request.Context(), currentUser(c), id, ifMatch(c), ids)
	if err != nil {
		return err
	}
	return renderAgenda(c, a)
}

// checkInRequest is the body of POST /sessions/{id}/attendance: user_id only when a moderator marks a member.
type checkInRequest struct {
	UserID *string `json:"user_id"`
}

type memberBody struct {
	UserID      string    `json:"user_id"`
	DisplayName string    `json:"display_name"`
	CheckedInAt time.Time `json:"checked_in_at"`
}

// attendanceResponse is the attendance of a session with its quorum.
type attendanceResponse struct {
	quorumBody
	Members []memberBody `json:"members"`
}

func toAttendanceResponse(a *sessions.Attendance) attendanceResponse {
	r := attendanceResponse{quorumBody: toQuorumBody(a.Quorum), Members: make([]memberBody, len(a.Members))}
	for i, m := range a.Members {
		r.Members[i] = memberBody{UserID: formatID(m.UserID), DisplayName: m.DisplayName, CheckedInAt: m.CheckedInAt.UTC()}
	}
	return r
}

func (h *Handler) checkIn(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in checkInRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	var uid *int64
	if in.UserID != nil {
		n, err := parseID(*in.UserID)
		if err != nil {
			return apperr.Invalid("user_id", "not_council", "must name a verified member of the Digitalrat")
		}
		uid = &n
	}
	a, err := h.sessions.CheckIn(c.Request.Context(), currentUser(c), id, uid)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toAttendanceResponse(a))
	return nil
}

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

// stateResponse is the whole current state of a session (GET /sessions/{id}/state).
type stateResponse struct {
	LastEventID int64                `json:"last_event_id"`
	Session     sessionResponse      `json:"session"`
	Agenda      []itemResponse       `json:"agenda"`
	ActiveItem  *itemResponse        `json:"active_item"`
	Speakers    *speakerListResponse `json:"speakers"`
	Attendance  attendanceResponse   `json:"attendance"`
	Questions   []questionResponse   `json:"questions"`
	Polls       []pollResponse       `json:"polls"`
}

func (h *Handler) sessionState(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	st, err := h.sessions.State(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	r := stateResponse{LastEventID: st.LastEventID, Session: toSessionResponse(&st.Session), Agenda: toItemResponses(st.Agenda),
		Attendance: toAttendanceResponse(&st.Attendance), Questions: toQuestionResponses(st.Questions)}
	open, err := h.polls.OpenOfSession(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	r.Polls = make([]pollResponse, len(open))
	for i := range open {
		r.Polls[i] = toPollResponse(&open[i])
	}
	if st.ActiveItem != nil {
		it := toItemResponse(st.ActiveItem)
		r.ActiveItem = &it
	}
	if st.Speakers != nil {
		l := toSpeakerListResponse(st.Speakers)
		r.Speakers = &l
	}
	c.JSON(http.StatusOK, r)
	return nil
}
