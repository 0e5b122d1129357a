package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/sessions"
)

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
