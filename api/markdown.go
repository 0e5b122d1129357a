package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/markdown"
)

type previewRequest struct {
	Markdown string `json:"markdown" validate:"max=200000"`
}

type previewResponse struct {
	HTML string `json:"html"`
}

// previewMarkdown renders Markdown exactly as comments and documents are rendered, so composers and the
// document editor can show a faithful preview without a Markdown library in the browser.
func (h *Handler) previewMarkdown(c *gin.Context) error {
	var in previewRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	c.JSON(http.StatusOK, previewResponse{HTML: markdown.Render(in.Markdown)})
	return nil
}
