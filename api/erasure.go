package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/accounts"
)

type deleteMeRequest struct {
	Password string `json:"password" validate:"required,max=256"`
}

// deleteMe deletes the current account after a password check and ends the browser session.
func (h *Handler) deleteMe(c *gin.Context) error {
	var in deleteMeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := h.accounts.DeleteMe(c.Request.Context(), currentUser(c), in.Password); err != nil {
		return err
	}
	h.clearRefreshCookie(c)
	c.Status(http.StatusNoContent)
	return nil
}

type exportResponse struct {
	ExportedAt time.Time       `json:"exported_at"`
	User       userResponse    `json:"user"`
	Comments   []exportComment `json:"comments"`
	Votes      []exportVote    `json:"votes"`
	Changes    []exportChange  `json:"project_changes"`
}

type exportComment struct {
	ID         string     `json:"id"`
	Project    string     `json:"project"`
	DocumentID *string    `json:"document_id"`
	BlockID    *string    `json:"block_id"`
	ParentID   *string    `json:"parent_id"`
	Kind       string     `json:"kind"`
	Stance     *string    `json:"stance"`
	Status     string     `json:"status"`
	Body       string     `json:"body"`
	CreatedAt  time.Time  `json:"created_at"`
	EditedAt   *time.Time `json:"edited_at"`
	DeletedAt  *time.Time `json:"deleted_at"`
}

type exportVote struct {
	CommentID string `json:"comment_id"`
	Value     int    `json:"value"`
}

type exportChange struct {
	Project   string    `json:"project"`
	Field     string    `json:"field"`
	OldValue  string    `json:"old_value"`
	NewValue  string    `json:"new_value"`
	CreatedAt time.Time `json:"created_at"`
}

// exportMe answers everything stored about the current user as a JSON download.
func (h *Handler) exportMe(c *gin.Context) error {
	x, err := h.accounts.ExportMe(c.Request.Context(), currentUser(c))
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="digitalrat-export.json"`)
	c.JSON(http.StatusOK, toExportResponse(x, h.now()))
	return nil
}

func toExportResponse(x *accounts.Export, now time.Time) exportResponse {
	out := exportResponse{ExportedAt: now.UTC(), User: toUserResponse(x.User),
		Comments: make([]exportComment, len(x.Comments)), Votes: make([]exportVote, len(x.Votes)),
		Changes: make([]exportChange, len(x.Changes))}
	optID := func(id *int64) *string {
		if id == nil {
			return nil
		}
		s := formatID(*id)
		return &s
	}
	for i, cm := range x.Comments {
		out.Comments[i] = exportComment{ID: formatID(cm.ID), Project: cm.Project, DocumentID: optID(cm.DocumentID),
			BlockID: cm.BlockID, ParentID: optID(cm.ParentID), Kind: cm.Kind, Stance: cm.Stance, Status: cm.Status,
			Body: cm.Body, CreatedAt: cm.CreatedAt.UTC(), EditedAt: cm.EditedAt, DeletedAt: cm.DeletedAt}
	}
	for i, v := range x.Votes {
		out.Votes[i] = exportVote{CommentID: formatID(v.CommentID), Value: v.Value}
	}
	for i, ch := range x.Changes {
		out.Changes[i] = exportChange{Project: ch.Project, Field: ch.Field, OldValue: ch.OldValue, NewValue: ch.NewValue,
			CreatedAt: ch.CreatedAt.UTC()}
	}
	return out
}
