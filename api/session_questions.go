package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/sessions"
)

// questionResponse is a public question to a session as clients see it.
type questionResponse struct {
	ID          string     `json:"id"`
	SessionID   string     `json:"session_id"`
	Body        string     `json:"body"`
	State       string     `json:"state"`
	DisplayName *string    `json:"display_name"`
	Mine        bool       `json:"mine"`
	CreatedAt   time.Time  `json:"created_at"`
	DecidedAt   *time.Time `json:"decided_at"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

func toQuestionResponse(q *sessions.Question) questionResponse {
	return questionResponse{ID: formatID(q.ID), SessionID: formatID(q.SessionID), Body: q.Body, State: q.State,
		DisplayName: q.DisplayName, Mine: q.Mine, CreatedAt: q.CreatedAt.UTC(), DecidedAt: utc(q.DecidedAt),
		AnsweredAt: utc(q.AnsweredAt)}
}

func toQuestionResponses(list []sessions.Question) []questionResponse {
	out := make([]questionResponse, len(list))
	for i := range list {
		out[i] = toQuestionResponse(&list[i])
	}
	return out
}

func (h *Handler) askQuestion(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in struct {
		Body string `json:"body"`
	}
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	q, err := h.sessions.Ask(c.Request.Context(), currentUser(c), id, in.Body)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toQuestionResponse(q))
	return nil
}

func (h *Handler) listQuestions(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	list, err := h.sessions.Questions(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newList(toQuestionResponses(list), ""))
	return nil
}

func (h *Handler) questionAction(c *gin.Context, action string) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	qid, err := parseID(c.Param("qid"))
	if err != nil {
		return err
	}
	ctx, u := c.Request.Context(), currentUser(c)
	var q *sessions.Question
	switch action {
	case "approve":
		q, err = h.sessions.ApproveQuestion(ctx, u, id, qid)
	case "reject":
		q, err = h.sessions.RejectQuestion(ctx, u, id, qid)
	default:
		q, err = h.sessions.AnswerQuestion(ctx, u, id, qid)
	}
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toQuestionResponse(q))
	return nil
}

func (h *Handler) approveQuestion(c *gin.Context) error { return h.questionAction(c, "approve") }
func (h *Handler) rejectQuestion(c *gin.Context) error  { return h.questionAction(c, "reject") }
func (h *Handler) answerQuestion(c *gin.Context) error  { return h.questionAction(c, "answered") }
