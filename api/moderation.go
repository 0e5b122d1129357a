package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/moderation"
)

// flagRequest is the body of POST /comments/{id}/flags.
type flagRequest struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

// moderationRequest is the body of POST /comments/{id}/moderation.
type moderationRequest struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

// idsRequest is a list of ids (bulk approve, notifications read); All marks every notification read.
type idsRequest struct {
	IDs []string `json:"ids" validate:"omitempty,max=100"`
	All bool     `json:"all"`
}

// parsed returns the ids as numbers; a malformed one is a field error.
func (r *idsRequest) parsed() ([]int64, error) {
	out := make([]int64, 0, len(r.IDs))
	for _, s := range r.IDs {
		id, err := parseID(s)
		if err != nil {
			return nil, apperr.Invalid("ids", "invalid", "must be ids")
		}
		out = append(out, id)
	}
	return out, nil
}

// queueItemResponse is a queue item whose comment has the shape of API comments (with my_vote).
type queueItemResponse struct {
	*moderation.QueueItem
	Comment commentResponse `json:"comment"`
}

// unreadResponse is the answer of GET /notifications/unread-count.
type unreadResponse struct {
	Unread int64 `json:"unread"`
}

func (h *Handler) getComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	n, err := h.comments.Get(c.Request.Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) flagComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var body flagRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	if err := h.moderation.Flag(c.Request.Context(), currentUser(c), id, moderation.FlagInput{Reason: body.Reason, Text: body.Text}); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *Handler) moderateComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var body moderationRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	n, err := h.moderation.Moderate(c.Request.Context(), currentUser(c), id,
		moderation.ModerateInput{Action: body.Action, Reason: body.Reason, Note: body.Note})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) bulkApprove(c *gin.Context) error {
	var body idsRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	ids, err := body.parsed()
	if err != nil {
		return err
	}
	res, err := h.moderation.BulkApprove(c.Request.Context(), currentUser(c), ids)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, res)
	return nil
}

func (h *Handler) moderationQueue(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.moderation.Queue(c.Request.Context(), page)
	if err != nil {
		return err
	}
	out := make([]queueItemResponse, len(items))
	for i, it := range items {
		out[i] = queueItemResponse{QueueItem: it, Comment: commentResponse{View: it.Comment}}
	}
	c.JSON(http.StatusOK, newList(out, next))
	return nil
}

func (h *Handler) moderationLog(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.moderation.Log(c.Request.Context(), page)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) appealComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.moderation.Appeal(c.Request.Context(), currentUser(c), id); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *Handler) listNotifications(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	items, next, err := h.notify.List(c.Request.Context(), currentUser(c), page)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) unreadNotifications(c *gin.Context) error {
	n, err := h.notify.UnreadCount(c.Request.Context(), currentUser(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, unreadResponse{Unread: n})
	return nil
}

func (h *Handler) readNotifications(c *gin.Context) error {
	var body idsRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	ids, err := body.parsed()
	if err != nil {
		return err
	}
	if err := h.notify.MarkRead(c.Request.Context(), currentUser(c), ids, body.All); err != nil {
		return err
	}
	n, err := h.notify.UnreadCount(c.Request.Context(), currentUser(c))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, unreadResponse{Unread: n})
	return nil
}
