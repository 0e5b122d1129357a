package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/contributions"
)

// responseRequest is the body of POST /comments/{id}/responses.
type responseRequest struct {
	Body string `json:"body"`
}

// contributionRequest is the body of POST /projects/{slug}/contributions.
type contributionRequest struct {
	createCommentRequest
	Channel       string `json:"channel"`
	SubmitterName string `json:"submitter_name"`
	ReceivedAt    string `json:"received_at"`
}

func (h *Handler) respondComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var body responseRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	n, err := h.answers.Respond(c.Request.Context(), currentUser(c), id, body.Body)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) takeQuestion(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	n, err := h.answers.Take(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) responseTimes(c *gin.Context) error {
	rt, err := h.stats.ResponseTimes(c.Request.Context(), c.Query("project"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, rt)
	return nil
}

// responseTimesByProject answers the public response-time figures of every project with questions.
func (h *Handler) responseTimesByProject(c *gin.Context) error {
	items, err := h.stats.ResponseTimesByProject(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
	return nil
}

// responseTimesByDepartment answers the public response-time figures per owner unit of the projects.
func (h *Handler) responseTimesByDepartment(c *gin.Context) error {
	items, err := h.stats.ResponseTimesByDepartment(c.Request.Context())
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
	return nil
}

func (h *Handler) openQuestions(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	nodes, next, err := h.answers.OpenQuestions(c.Request.Context(), currentUser(c), page)
	if err != nil {
		return err
	}
	items := make([]commentResponse, len(nodes))
	for i, n := range nodes {
		items[i] = h.toCommentResponse(c, n)
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) createContribution(c *gin.Context) error {
	var body contributionRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	in, err := body.toInput()
	if err != nil {
		return err
	}
	n, err := h.contributions.Create(c.Request.Context(), currentUser(c), c.Param("slug"), contributions.Input{
		CreateInput: in, Channel: body.Channel, SubmitterName: body.SubmitterName, ReceivedAt: body.ReceivedAt})
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) participation(c *gin.Context) error {
	p, err := h.stats.Participation(c.Request.Context(), c.Query("project"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, p)
	return nil
}
