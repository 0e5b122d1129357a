package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/sessions"
)

// createItemRequest is the body of POST /sessions/{id}/agenda-items.
type createItemRequest struct {
	Title               string  `json:"title"`
	Description         string  `json:"description"`
	ProjectSlug         string  `json:"project_slug"`
	DocumentID          *string `json:"document_id"`
	Confidential        bool    `json:"confidential"`
	SpeakingTimeSeconds *int    `json:"speaking_time_seconds"`
}

// updateItemRequest is the body of PATCH /sessions/{id}/agenda-items/{item}: absent fields stay;
// project_slug and speaking_time_seconds null clear them.
type updateItemRequest struct {
	Title               *string          `json:"title"`
	Description         *string          `json:"description"`
	ProjectSlug         nullable[string] `json:"project_slug"`
	DocumentID          nullable[string] `json:"document_id"`
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
	DocumentID          *string    `json:"document_id"`
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
		Description: it.Description, ProjectSlug: v.ProjectSlug, DocumentID: optionalID(it.DocumentID), Confidential: it.Confidential, State: it.State,
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
	doc, err := documentRef(in.DocumentID)
	if err != nil {
		return err
	}
	v, err := h.sessions.AddItem(c.Request.Context(), currentUser(c), id, sessions.ItemInput{Title: in.Title,
		Description: in.Description, ProjectSlug: in.ProjectSlug, DocumentID: doc, Confidential: in.Confidential,
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
	if in.DocumentID.Set {
		if pt.DocumentID, err = documentRef(in.DocumentID.Value); err != nil {
			return err
		}
		pt.ClearDocument = pt.DocumentID == nil
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
