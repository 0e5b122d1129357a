package api

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
)

const (
	ctxRequestID = "request_id"
	ctxUser      = "user"
)

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID takes a well-formed X-Request-ID from the client (a load balancer) or makes one.
func requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !validRequestID.MatchString(id) {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	c.Next()
}

// accessLog writes one JSON line per request. It logs the path without the query string and never
// headers or bodies, so no token or password reaches the log.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		// A 503 is a database outage (or startup), logged once by outageLog and WaitAndMigrate rather
		// than as an error per request.
		if status >= 500 && status != http.StatusServiceUnavailable {
			level = slog.LevelError
		}
		log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("request_id", c.GetString(ctxRequestID)),
			slog.String("method", c.Request.Method),
			slog.String("path", c.Request.URL.Path),
			slog.String("route", c.FullPath()),
			slog.Int("status", status),
			slog.Int("bytes", c.Writer.Size()),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", c.ClientIP()),
		)
	}
}

// metrics records requests by route, method and status.
type metrics struct {
	requests *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "digitalrat",
		Name:      "http_request_duration_seconds",
		Help:      "HTTP requests by route, method and status.",
		Buckets:   []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
	}, []string{"route", "method", "status"})}
	reg.MustRegister(m.requests)
	return m
}

func (m *metrics) middleware(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Observe(time.Since(start).Seconds())
}

// securityHeaders sets the headers every response carries.
func securityHeaders(secure bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		hd := c.Writer.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if secure {
			hd.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		c.Next()
	}
}

// cors answers cross-origin requests only from configured origins; without any, no CORS headers are sent.
func cors(origins []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		o := c.GetHeader("Origin")
		if o == "" || !slices.Contains(origins, o) {
			c.Next()
			return
		}
		hd := c.Writer.Header()
		hd.Set("Access-Control-Allow-Origin", o)
		hd.Add("Vary", "Origin")
		hd.Set("Access-Control-Expose-Headers", "ETag, Retry-After, X-Request-ID")
		if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
			hd.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
			hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, Idempotency-Key, X-Requested-With")
			hd.Set("Access-Control-Max-Age", "600")
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}

// noStore keeps API responses out of shared caches.
func noStore(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.Next()
}

// requireReady answers 503 until the database is migrated and reachable.
func (h *Handler) requireReady(c *gin.Context) {
	if !h.db.Ready() {
		c.Header("Retry-After", "5")
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable yet; retry shortly.", nil)
		return
	}
	c.Next()
}

// authenticate resolves a bearer token into the current user. Requests without Authorization stay
// anonymous; an invalid token is always a 401, so a client learns at once that it must refresh.
func (h *Handler) authenticate(c *gin.Context) {
	hdr := c.GetHeader("Authorization")
	if hdr == "" {
		c.Next()
		return
	}
	scheme, token, ok := strings.Cut(hdr, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		h.renderError(c, apperr.New(apperr.ErrUnauthenticated, "invalid_token", "The Authorization header must be 'Bearer <token>'."))
		return
	}
	u, err := h.auth.Authenticate(c.Request.Context(), token)
	if err != nil {
		h.renderError(c, err)
		return
	}
	c.Set(ctxUser, u)
	c.Next()
}

// currentUser is the authenticated user or nil for anonymous requests.
func currentUser(c *gin.Context) *model.User {
	u, _ := c.Get(ctxUser)
	user, _ := u.(*model.User)
	return user
}

// require lets a request through when its user passes rule (see internal/access).
func (h *Handler) require(rule access.Rule) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := rule.Check(currentUser(c)); err != nil {
			h.renderError(c, err)
			return
		}
		c.Next()
	}
}

// outageLog writes one line when requests start failing because the database is unreachable and one
// when a request succeeds again, instead of a line per failed request.
type outageLog struct {
	log   *slog.Logger
	mu    sync.Mutex
	since time.Time // zero while the database is reachable
}

// down records a failed request; the first one of an outage is logged at ERROR.
func (o *outageLog) down(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.since.IsZero() {
		o.since = time.Now()
		o.log.Error("database unreachable; answering 503 until it is back", "error", err.Error())
	}
}

// middleware notices the end of an outage: the first request that succeeds after it.
func (o *outageLog) middleware(c *gin.Context) {
	c.Next()
	if c.Writer.Status() >= 500 {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.since.IsZero() {
		o.log.Info("database reachable again", "outage", time.Since(o.since).Round(time.Millisecond).String())
		o.since = time.Time{}
	}
}
