package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

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
