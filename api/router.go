// Package api is the HTTP layer: the router, middleware and handlers. It holds no SQL; handlers bind the
// request, call one domain service and render the result.
package api

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/projects"
)

// Authenticator turns a bearer access token into the current user.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*model.User, error)
}

// Deps are the parts the HTTP layer is built from.
type Deps struct {
	Config   *config.Config
	DB       *db.DB
	Log      *slog.Logger
	Spec     []byte // openapi.yaml, served at /api/openapi.yaml
	Accounts *accounts.Service
	Projects *projects.Service
	Live     *live.Hub // the live-event hub behind /api/v1/live; its metrics join /metrics
	Comments *comments.Service
	Now      func() time.Time
	SPA      fs.FS // the built browser app; nil in binaries built without it
}

// Handler carries the dependencies of all handlers.
type Handler struct {
	cfg      *config.Config
	db       *db.DB
	log      *slog.Logger
	spec     []byte
	auth     Authenticator
	accounts *accounts.Service
	projects *projects.Service
	hub      *live.Hub
	comments *comments.Service
	now      func() time.Time
	previews *previewLimiter
	outage   *outageLog
}

// New builds the complete HTTP handler.
func New(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	h := &Handler{cfg: d.Config, db: d.DB, log: d.Log, spec: d.Spec, auth: d.Accounts, accounts: d.Accounts,
		projects: d.Projects, hub: d.Live, comments: d.Comments, now: d.Now, previews: newPreviewLimiter(),
		outage: &outageLog{log: d.Log}}
	if h.now == nil {
		h.now = func() time.Time { return time.Now().UTC() }
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if sqlDB, err := d.DB.Gorm.DB(); err == nil {
		reg.MustRegister(collectors.NewDBStatsCollector(sqlDB, string(d.DB.Dialect)))
	}
	m := newMetrics(reg)
	if d.Live != nil {
		reg.MustRegister(d.Live.Collectors()...)
	}

	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.RemoveExtraSlash = true
	// X-Forwarded-For is believed only from configured proxies; otherwise a client could pick the IP
	// that login throttling counts against.
	if err := r.SetTrustedProxies(d.Config.TrustedIPs); err != nil {
		d.Log.Error("TRUSTED_PROXIES rejected", "error", err.Error())
	}
	r.Use(requestID, securityHeaders(d.Config.Secure()), accessLog(d.Log), m.middleware,
		gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, _ any) {
			writeProblem(c, http.StatusInternalServerError, "internal_error", "An internal error occurred.", nil)
		}))
	if len(d.Config.CORSOrigins) > 0 {
		r.Use(cors(d.Config.CORSOrigins))
	}
	spa := spaHandler{fsys: d.SPA}
	r.NoRoute(func(c *gin.Context) {
		if !isAPIPath(c.Request.URL.Path) && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
			spa.serve(c)
			return
		}
		writeProblem(c, http.StatusNotFound, "not_found", "No such resource.", nil)
	})
	r.NoMethod(func(c *gin.Context) {
		writeProblem(c, http.StatusMethodNotAllowed, "method_not_allowed", "This method is not allowed here.", nil)
	})

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", h.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	r.GET("/api/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", h.spec) })

	v1 := r.Group("/api/v1", noStore, checkRequestText, h.requireReady, h.outage.middleware, h.authenticate)
	user := []gin.HandlerFunc{h.requireUser}
	admin := []gin.HandlerFunc{h.requireRole(model.RoleAdmin)}
	official := []gin.HandlerFunc{h.requireVerified, h.requireRole(model.RoleOfficial)}
	officialCreate := []gin.HandlerFunc{h.requireVerified, h.requireRole(model.RoleOfficial), h.idempotent}
	verified := []gin.HandlerFunc{h.requireVerified}
	moderator := []gin.HandlerFunc{h.requireVerified, h.requireRole(model.RoleModerator)}
	verifiedCreate := []gin.HandlerFunc{h.requireVerified, h.idempotent}

	// accounts and users
	v1.POST("/auth/register", h.handle(h.register))
	v1.POST("/auth/login", h.handle(h.login))
	v1.POST("/auth/refresh", h.handle(h.refresh))
	v1.POST("/auth/logout", h.handle(h.logout))
	v1.POST("/auth/verify-email", h.handle(h.verifyEmail))
	v1.POST("/auth/verify-email/resend", with(user, h.handle(h.resendVerification))...)
	v1.POST("/auth/password-reset", h.handle(h.requestPasswordReset))
	v1.POST("/auth/password-reset/confirm", h.handle(h.resetPassword))
	v1.GET("/me", with(user, h.handle(h.getMe))...)
	v1.PATCH("/me", with(user, h.handle(h.updateMe))...)
	v1.DELETE("/me", with(user, h.handle(h.deleteMe))...)
	v1.GET("/me/export", with(user, h.handle(h.exportMe))...)
	v1.GET("/users", with(admin, h.handle(h.listUsers))...)
	v1.GET("/users/:id", with(admin, h.handle(h.getUser))...)
	v1.PATCH("/users/:id", with(admin, h.handle(h.updateUser))...)
	if d.Config.TestMailAPI {
		v1.GET("/test/mails", h.handle(h.testMails)) // browser tests only; never enabled by default
	}

	// projects and documents
	v1.GET("/projects", h.handle(h.listProjects))
	v1.GET("/project-owners", h.handle(h.listOwners))
	v1.POST("/projects", with(officialCreate, h.handle(h.createProject))...)
	v1.GET("/projects/:slug", h.handle(h.getProject))
	v1.PATCH("/projects/:slug", with(official, h.handle(h.updateProject))...)
	v1.GET("/projects/:slug/history", h.handle(h.projectHistory))
	v1.GET("/projects/:slug/documents", h.handle(h.listDocuments))
	v1.POST("/projects/:slug/documents", with(officialCreate, h.handle(h.createDocument))...)
	v1.GET("/documents/:id", h.handle(h.getDocument))
	v1.GET("/documents/:id/versions", h.handle(h.listVersions))
	v1.POST("/documents/:id/versions", with(official, h.handle(h.createVersion))...)
	v1.POST("/markdown/preview", with(user, h.handle(h.previewMarkdown))...)

	// live events (websocket; authentication happens inside the protocol, see internal/live)
	v1.GET("/live", h.live)
	// comments (writing: verified accounts; changing: the author, checked by the service)
	v1.GET("/projects/:slug/comments", h.handle(h.listComments))
	v1.POST("/projects/:slug/comments", with(verifiedCreate, h.handle(h.createComment))...)
	v1.GET("/projects/:slug/comment-counts", h.handle(h.commentCounts))
	v1.PATCH("/comments/:id", with(verified, h.handle(h.updateComment))...)
	v1.DELETE("/comments/:id", with(verified, h.handle(h.deleteComment))...)
	v1.PUT("/comments/:id/vote", with(verified, h.handle(h.voteComment))...)
	v1.GET("/comments/:id", h.handle(h.getComment)) // pending: only the author, moderators and admins
	v1.POST("/comments/:id/flags", with(verified, h.handle(h.flagComment))...)
	v1.POST("/comments/:id/appeal", with(verified, h.handle(h.appealComment))...) // the author, checked by the service

	// moderation (moderators and admins) and its public log
	v1.GET("/moderation/queue", with(moderator, h.handle(h.moderationQueue))...)
	v1.POST("/comments/:id/moderation", with(moderator, h.handle(h.moderateComment))...)
	v1.POST("/moderation/bulk-approve", with(moderator, h.handle(h.bulkApprove))...)
	v1.GET("/moderation/log", h.handle(h.moderationLog))

	// notifications (one's own)
	v1.GET("/notifications", with(user, h.handle(h.listNotifications))...)
	v1.GET("/notifications/unread-count", with(user, h.handle(h.unreadNotifications))...)
	v1.POST("/notifications/read", with(user, h.handle(h.readNotifications))...)

	// official responses, questions, analogue contributions (officials; department checked by the service)
	v1.POST("/comments/:id/responses", with(official, h.handle(h.respondComment))...)
	v1.POST("/comments/:id/take", with(official, h.handle(h.takeQuestion))...)
	v1.GET("/questions/open", with(official, h.handle(h.openQuestions))...)
	v1.POST("/projects/:slug/contributions", with(officialCreate, h.handle(h.createContribution))...)
	v1.GET("/response-times", h.handle(h.responseTimes))
	v1.GET("/participation", h.handle(h.participation))

	return r
}

// with appends the handler to a middleware chain, so route lines read as "path, who may, what".
func with(chain []gin.HandlerFunc, fn gin.HandlerFunc) []gin.HandlerFunc {
	return append(append([]gin.HandlerFunc{}, chain...), fn)
}

func (h *Handler) readyz(c *gin.Context) {
	c.Header("Retry-After", "5")
	if !h.db.Ready() {
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable yet.", nil)
		return
	}
	sqlDB, err := h.db.Gorm.DB()
	if err == nil {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		err = sqlDB.PingContext(ctx)
	}
	if err != nil {
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable.", nil)
		return
	}
	c.Writer.Header().Del("Retry-After")
	c.JSON(http.StatusOK, gin.H{"status": "ready", "database": string(h.db.Dialect)})
}

// isAPIPath reports whether a path belongs to the API rather than the SPA.
func isAPIPath(p string) bool { return strings.HasPrefix(p, "/api/") || p == "/api" }
