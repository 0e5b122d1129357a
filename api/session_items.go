package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
)

// documentRef reads the document_id of an agenda item request ("" and null: none).
func documentRef(v *string) (*int64, error) {
	if v == nil || *v == "" {
		return nil, nil
	}
	id, err := parseID(*v)
	if err != nil {
		return nil, apperr.Invalid("document_id", "not_found", "names no document")
	}
	return &id, nil
}

// noteRequest is the body of POST …/agenda-items/{item}/notes.
type noteRequest struct {
	Text string `json:"text"`
}

func (h *Handler) addItemNote(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	var in noteRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.sessions.AddNote(c.Request.Context(), currentUser(c), id, item, in.Text)
	if err != nil {
		return err
	}
	return renderItem(c, http.StatusCreated, v)
}

// decisionRequest is the body of PUT …/agenda-items/{item}/decision ("" clears the decision).
type decisionRequest struct {
	Decision *string `json:"decision"`
}

func (h *Handler) setItemDecision(c *gin.Context) error {
	id, item, err := itemPath(c)
	if err != nil {
		return err
	}
	var in decisionRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if in.Decision == nil {
		return apperr.Invalid("decision", "required", "is required (an empty text clears the decision)")
	}
	v, err := h.sessions.SetDecision(c.Request.Context(), currentUser(c), id, item, ifMatch(c), *in.Decision)
	if err != nil {
		return err
	}
	return renderItem(c, http.StatusOK, v)
}
