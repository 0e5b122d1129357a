package api

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
)

// createCommentRequest is the body of POST /projects/{slug}/comments. Ids are strings, as clients see them.
type createCommentRequest struct {
	Body       string  `json:"body"`
	Stance     *string `json:"stance"`
	Kind       string  `json:"kind"`
	ParentID   *string `json:"parent_id"`
	DocumentID *string `json:"document_id"`
	Version    *int    `json:"version"`
	BlockID    *string `json:"block_id" validate:"omitnil,max=64"`
}

func (r *createCommentRequest) toInput() (comments.CreateInput, error) {
	in := comments.CreateInput{Body: r.Body, Stance: r.Stance, Kind: r.Kind, Version: r.Version, BlockID: r.BlockID}
	ve := &apperr.ValidationError{}
	if r.ParentID != nil {
		id, err := parseID(*r.ParentID)
		if err != nil {
			ve.Add("parent_id", "invalid", "is not a comment id")
		}
		in.ParentID = &id
	}
	if r.DocumentID != nil {
		id, err := parseID(*r.DocumentID)
		if err != nil {
			ve.Add("document_id", "invalid", "is not a document id")
		}
		in.DocumentID = &id
	}
	return in, ve.OrNil()
}

// updateCommentRequest is the body of PATCH /comments/{id}.
type updateCommentRequest struct {
	Body string `json:"body"`
}

// voteRequest is the body of PUT /comments/{id}/vote.
type voteRequest struct {
	Value *int `json:"value" validate:"required"`
}

// commentResponse is a comment with the viewer's vote and, in lists, its replies.
type commentResponse struct {
	comments.View
	MyVote      int                       `json:"my_vote"`
	Permissions access.CommentPermissions `json:"permissions"`
	Replies     []commentResponse         `json:"replies,omitempty"`
}

// toCommentResponse renders a comment with what the current user may do with it.
func (h *Handler) toCommentResponse(c *gin.Context, n *comments.Node) commentResponse {
	return commentResponseFor(currentUser(c), h.now(), n)
}

func commentResponseFor(u *model.User, now time.Time, n *comments.Node) commentResponse {
	r := commentResponse{View: n.View, MyVote: n.MyVote,
		Permissions: access.ForComment(u, n.Facts, now, comments.EditWindow)}
	if len(n.Replies) > 0 {
		r.Replies = make([]commentResponse, len(n.Replies))
		for i, c := range n.Replies {
			r.Replies[i] = commentResponseFor(u, now, c)
		}
	}
	return r
}

// voteResponse are a comment's counters after a vote.
type voteResponse struct {
	ID     string `json:"id"`
	Up     int    `json:"up"`
	Down   int    `json:"down"`
	MyVote int    `json:"my_vote"`
}

// blockCountResponse is the number of comments on one document block.
type blockCountResponse struct {
	DocumentID string `json:"document_id"`
	BlockID    string `json:"block_id"`
	Count      int    `json:"count"`
}

// commentCountsResponse is the answer of GET /projects/{slug}/comment-counts.
type commentCountsResponse struct {
	Project int                  `json:"project"`
	Blocks  []blockCountResponse `json:"blocks"`
}

func (h *Handler) listComments(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	f := comments.ListFilter{BlockID: c.Query("block"), Kind: c.Query("kind"), Sort: c.Query("sort")}
	switch doc := c.Query("document"); doc {
	case "":
	case "none":
		f.NoDocument = true
	default:
		if f.DocumentID, err = parseID(doc); err != nil {
			return apperr.Invalid("document", "invalid", "must be a document id or none")
		}
	}
	if s := c.Query("parent"); s != "" {
		if f.ParentID, err = parseID(s); err != nil {
			return apperr.Invalid("parent", "invalid", "must be a comment id")
		}
	}
	return h.renderCommentPage(c, f, page)
}

func (h *Handler) commentCounts(c *gin.Context) error {
	body, err := h.commentCountsBody(c)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	return nil
}

// commentCountsBody is the JSON of the comment counts of the project of c's slug.
func (h *Handler) commentCountsBody(c *gin.Context) ([]byte, error) {
	project, blocks, err := h.comments.Counts(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return nil, err
	}
	r := commentCountsResponse{Project: project, Blocks: make([]blockCountResponse, len(blocks))}
	for i, b := range blocks {
		r.Blocks[i] = blockCountResponse{DocumentID: formatID(b.DocumentID), BlockID: b.BlockID, Count: b.Count}
	}
	return json.Marshal(r)
}

func (h *Handler) createComment(c *gin.Context) error {
	var body createCommentRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	in, err := body.toInput()
	if err != nil {
		return err
	}
	n, err := h.comments.Create(c.Request.Context(), currentUser(c), c.Param("slug"), in)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) updateComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var body updateCommentRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	n, err := h.comments.Update(c.Request.Context(), currentUser(c), id, body.Body)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, h.toCommentResponse(c, n))
	return nil
}

func (h *Handler) deleteComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.comments.Delete(c.Request.Context(), currentUser(c), id); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (h *Handler) voteComment(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var body voteRequest
	if err := bindJSON(c, &body); err != nil {
		return err
	}
	v, err := h.comments.Vote(c.Request.Context(), currentUser(c), id, *body.Value)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, voteResponse{ID: v.ID, Up: v.Up, Down: v.Down, MyVote: v.MyVote})
	return nil
}
