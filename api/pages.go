package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (h *Handler) getPage(c *gin.Context) error {
	p, err := h.pages.Get(c.Param("name"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, p)
	return nil
}
