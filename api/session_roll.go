package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/sessions"
)

type rollMember struct {
	UserID      string     `json:"user_id"`
	DisplayName string     `json:"display_name"`
	Affiliation string     `json:"affiliation"`
	Present     bool       `json:"present"`
	CheckedInAt *time.Time `json:"checked_in_at"`
}

// rollResponse is the roll call of a session: every council member with their attendance, and the quorum.
type rollResponse struct {
	quorumBody
	Members []rollMember `json:"members"`
}

func renderRoll(c *gin.Context, r *sessions.Roll) error {
	out := rollResponse{quorumBody: toQuorumBody(r.Quorum), Members: make([]rollMember, len(r.Members))}
	for i, m := range r.Members {
		out.Members[i] = rollMember{UserID: formatID(m.UserID), DisplayName: m.DisplayName, Affiliation: m.Affiliation,
			Present: m.CheckedInAt != nil, CheckedInAt: utc(m.CheckedInAt)}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

func (h *Handler) getRoll(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	r, err := h.sessions.Roll(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return renderRoll(c, r)
}

func (h *Handler) markAbsent(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	uid, err := parseID(c.Param("user"))
	if err != nil {
		return err
	}
	r, err := h.sessions.MarkAbsent(c.Request.Context(), currentUser(c), id, uid)
	if err != nil {
		return err
	}
	return renderRoll(c, r)
}
