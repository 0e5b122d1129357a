package api

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
)

// maxDocumentRunes is the longest document text (see createDocumentRequest); only those who may publish
// documents may preview that much.
const maxDocumentRunes = 500_000

type previewRequest struct {
	Markdown string `json:"markdown" validate:"max=500000"`
}

type previewResponse struct {
	HTML string `json:"html"`
}

// previewMarkdown renders Markdown exactly as comments and documents are rendered, so composers and the
// document editor can show a faithful preview without a Markdown library in the browser. A caller may
// preview only as much as they could publish (a comment, or a document for officials and admins), and
// previews are rate-limited per user (RATE_PREVIEW, through the shared limiter): rendering is the most
// expensive thing an unverified account can ask for.
func (h *Handler) previewMarkdown(c *gin.Context) error {
	u := currentUser(c)
	if err := h.limiter.Take(c.Request.Context(), h.previewRule, strconv.FormatInt(u.ID, 10)); err != nil {
		return err
	}
	var in previewRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	limit := comments.MaxBodyRunes
	if u.HasRole(model.RoleOfficial) || u.HasRole(model.RoleAdmin) {
		limit = maxDocumentRunes
	}
	if utf8.RuneCountInString(in.Markdown) > limit {
		return apperr.Invalid("markdown", "max", "must be at most "+strconv.Itoa(limit)+" characters")
	}
	c.JSON(http.StatusOK, previewResponse{HTML: markdown.Render(in.Markdown)})
	return nil
}
