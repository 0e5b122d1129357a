package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// putSupport records the current user's support of a project (204, repeatable).
func (h *Handler) putSupport(c *gin.Context) error {
	if err := h.supports.Support(c.Request.Context(), currentUser(c), c.Param("slug")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// deleteSupport takes the current user's support of a project back (204, repeatable).
func (h *Handler) deleteSupport(c *gin.Context) error {
	if err := h.supports.Withdraw(c.Request.Context(), currentUser(c), c.Param("slug")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
