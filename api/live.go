package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"
)

// live upgrades to the live websocket (protocol in internal/live and openapi.yaml). Browsers send an
// Origin header, which must be PUBLIC_URL's origin or one of LIVE_ORIGINS, so no other site can open a
// connection with a visitor's cookies; clients without Origin (scripts, other services) are allowed.
func (h *Handler) live(c *gin.Context) {
	if o := c.GetHeader("Origin"); o != "" && !h.liveOriginAllowed(o) {
		writeProblem(c, http.StatusForbidden, "forbidden_origin", "This origin may not open the live connection.", nil)
		return
	}
	if !websocket.IsWebSocketUpgrade(c.Request) {
		writeProblem(c, http.StatusBadRequest, "websocket_required", "This endpoint only accepts websocket upgrades.", nil)
		return
	}
	if h.hub == nil {
		writeProblem(c, http.StatusServiceUnavailable, "live_unavailable", "Live events are not available.", nil)
		return
	}
	// The router has verified a bearer token already; the hub needs it again for its expiry.
	token := ""
	if scheme, t, ok := strings.Cut(c.GetHeader("Authorization"), " "); ok && strings.EqualFold(scheme, "Bearer") {
		token = t
	}
	if err := h.hub.ServeWS(c.Writer, c.Request, token, c.ClientIP()); err != nil {
		h.renderError(c, err) // too many connections from this address: 429
	}
}

func (h *Handler) liveOriginAllowed(origin string) bool {
	origin = strings.ToLower(strings.TrimRight(origin, "/"))
	if origin == strings.ToLower(h.cfg.Origin()) {
		return true
	}
	return slices.ContainsFunc(h.cfg.LiveOrigins, func(o string) bool { return strings.EqualFold(o, origin) })
}
