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

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/answers"
	"github.com/digitalrat/digitalrat/internal/cockpit"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/contributions"
	"github.com/digitalrat/digitalrat/internal/evaluations"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/moderation"
	"github.com/digitalrat/digitalrat/internal/notify"
	"github.com/digitalrat/digitalrat/internal/oparl"
	"github.com/digitalrat/digitalrat/internal/opendata"
	"github.com/digitalrat/digitalrat/internal/pages"
	"github.com/digitalrat/digitalrat/internal/polls"
	"github.com/digitalrat/digitalrat/internal/projects"
	"github.com/digitalrat/digitalrat/internal/ratelimit"
	"github.com/digitalrat/digitalrat/internal/search"
	"github.com/digitalrat/digitalrat/internal/sessions"
	"github.com/digitalrat/digitalrat/internal/stats"
	"github.com/digitalrat/digitalrat/internal/supports"
)

// Authenticator turns a bearer access token into the current user.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (*model.User, error)
}

// Database is what the HTTP layer knows of the database (internal/db implements it).
type Database interface {
	Ready() bool                    // migrated and reachable
	Ping(ctx context.Context) error // answers now
	Name() string                   // the dialect, for /readyz
	Collector() prometheus.Collector
}

// Deps are the parts the HTTP layer is built from.
type Deps struct {
	Config   *config.Config
	DB       Database // readiness for /readyz and the 503 guard; the pool statistics for /metrics
	Log      *slog.Logger
	Spec     []byte // openapi.yaml, served at /api/openapi.yaml
	Accounts *accounts.Service
	Projects *projects.Service
	Live     *live.Hub // the live-event hub behind /api/v1/live; its metrics join /metrics
	Comments *comments.Service

	Moderation    *moderation.Service
	Answers       *answers.Service
	Contributions *contributions.Service
	Notify        *notify.Service
	Stats         *stats.Service
	Idempotency   *idempotency.Service // Idempotency-Key records of create requests
	Pages         *pages.Service       // the operator's legal pages
	Limiter       *ratelimit.Limiter   // the shared rate limiter, for limits without a service (Markdown previews)
	Preview       ratelimit.Rule       // Markdown previews per user
	Exports       ratelimit.Rule       // open-data exports per client address
	Supports      *supports.Service
	Polls         *polls.Service
	Evaluations   *evaluations.Service // evaluation cycles, results, prioritisation
	Sessions      *sessions.Service    // sessions of the Digitalrat: agenda, attendance, speaker lists
	OParl         *oparl.Service       // the read-only OParl 1.1 interface under /oparl/v1
	Search        *search.Service      // the public full-text search
	OpenData      *opendata.Service    // exports, Atom feeds and the DCAT-AP.de catalogue
	KPIs          *kpis.Service        // KPIs of projects and their measurements
	Cockpit       *cockpit.Service     // the Digitalisierungscockpit's figures, cached

	Now func() time.Time
	SPA fs.FS // the built browser app; nil in binaries built without it
}

// Handler carries the dependencies of all handlers.
type Handler struct {
	cfg      *config.Config
	db       Database
	log      *slog.Logger
	spec     []byte
	auth     Authenticator
	accounts *accounts.Service
	projects *projects.Service
	hub      *live.Hub
	comments *comments.Service

	moderation    *moderation.Service
	answers       *answers.Service
	contributions *contributions.Service
	notify        *notify.Service
	stats         *stats.Service
	idempotency   *idempotency.Service
	pages         *pages.Service
	supports      *supports.Service
	polls         *polls.Service
	evaluations   *evaluations.Service
	sessions      *sessions.Service
	oparl         *oparl.Service
	searcher      *search.Service
	opendata      *opendata.Service
	kpis          *kpis.Service
	cockpit       *cockpit.Service
	cockpitBody   cockpitBody

	now         func() time.Time
	limiter     *ratelimit.Limiter
	previewRule ratelimit.Rule
	exportRule  ratelimit.Rule
	outage      *outageLog
	routes      map[string]access.Rule // the access rule of every route, by "METHOD /path"
	engine      http.Handler           // the router itself, for replaying a created resource by its GET
}

// Server is the complete HTTP handler with its route table.
type Server struct {
	*gin.Engine
	rules map[string]access.Rule
}

// Rules returns the name of the access rule of every route, keyed by "METHOD /path" as gin lists it.
func (s *Server) Rules() map[string]string {
	out := make(map[string]string, len(s.rules))
	for k, r := range s.rules {
		out[k] = r.Name
	}
	return out
}

// New builds the complete HTTP handler.
func New(d Deps) *Server {
	gin.SetMode(gin.ReleaseMode)
	h := &Handler{cfg: d.Config, db: d.DB, log: d.Log, spec: d.Spec, auth: d.Accounts, accounts: d.Accounts,
		projects: d.Projects, hub: d.Live, comments: d.Comments, moderation: d.Moderation, answers: d.Answers,
		contributions: d.Contributions, notify: d.Notify, stats: d.Stats, idempotency: d.Idempotency, pages: d.Pages, supports: d.Supports, polls: d.Polls, now: d.Now,
		routes: map[string]access.Rule{}, limiter: d.Limiter, previewRule: d.Preview, exportRule: d.Exports, outage: &outageLog{log: d.Log},
		evaluations: d.Evaluations, sessions: d.Sessions, oparl: d.OParl, searcher: d.Search, opendata: d.OpenData,
		kpis: d.KPIs, cockpit: d.Cockpit}
	if h.now == nil {
		h.now = func() time.Time { return time.Now().UTC() }
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if c := d.DB.Collector(); c != nil {
		reg.MustRegister(c)
	}
	m := newMetrics(reg)
	if d.Live != nil {
		reg.MustRegister(d.Live.Collectors()...)
	}

	r := gin.New()
	h.engine = r
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	r.RemoveExtraSlash = true
	// X-Forwarded-For is believed only from configured proxies; otherwise a client could pick the IP
	// that login throttling counts against.
	if err := r.SetTrustedProxies(d.Config.TrustedIPs); err != nil {
		d.Log.Error("TRUSTED_PROXIES rejected", "error", err.Error())
	}
	// compress sits inside the access log and the metrics (they count the bytes sent, after compression)
	// and wraps the recovery (a recovered panic's 500 problem passes it uncompressed).
	r.Use(requestID, securityHeaders(d.Config.Secure()), accessLog(d.Log), m.middleware)
	r.Use(compress()...)
	r.Use(gin.CustomRecoveryWithWriter(nil, func(c *gin.Context, _ any) {
		writeProblem(c, http.StatusInternalServerError, "internal_error", "An internal error occurred.", nil)
	}))
	if len(d.Config.CORSOrigins) > 0 {
		r.Use(cors(d.Config.CORSOrigins))
	}
	spa := spaHandler{fsys: d.SPA, manifest: readFirstPageManifest(d.SPA)}
	if h.projects != nil {
		spa.projectHeader, spa.documentHeader = h.projectHeader, h.documentHeader
	}
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

	root := &routes{h: h, group: &r.RouterGroup, rules: h.routes}
	root.add("GET", "/healthz", access.Anyone, func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	root.add("GET", "/readyz", access.Anyone, h.readyz)
	root.add("GET", "/metrics", access.Anyone, gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	root.add("GET", "/api/openapi.yaml", access.Anyone, func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", h.spec) })

	v1 := &routes{h: h, group: r.Group("/api/v1", noStore, checkRequestText, h.requireReady, h.outage.middleware, h.authenticate), rules: h.routes}

	// accounts and users
	v1.add("POST", "/auth/register", access.Anyone, h.handle(h.register))
	v1.add("POST", "/auth/login", access.Anyone, h.handle(h.login))
	v1.add("POST", "/auth/refresh", access.Anyone, h.handle(h.refresh))
	v1.add("POST", "/auth/logout", access.Anyone, h.handle(h.logout))
	v1.add("POST", "/auth/verify-email", access.Anyone, h.handle(h.verifyEmail))
	v1.add("POST", "/auth/verify-email/resend", access.LoggedIn, h.handle(h.resendVerification))
	v1.add("POST", "/auth/password-reset", access.Anyone, h.handle(h.requestPasswordReset))
	v1.add("POST", "/auth/password-reset/confirm", access.Anyone, h.handle(h.resetPassword))
	v1.add("GET", "/me", access.LoggedIn, h.handle(h.getMe))
	v1.add("PATCH", "/me", access.LoggedIn, h.handle(h.updateMe))
	v1.add("DELETE", "/me", access.LoggedIn, h.handle(h.deleteMe))
	v1.add("GET", "/me/export", access.LoggedIn, h.handle(h.exportMe))
	v1.add("GET", "/users", access.Admins, h.handle(h.listUsers))
	v1.add("GET", "/users/:id", access.Admins, h.handle(h.getUser))
	v1.add("PATCH", "/users/:id", access.Admins, h.handle(h.updateUser))
	if d.Config.TestMailAPI {
		v1.add("GET", "/test/mails", access.Anyone, h.handle(h.testMails)) // browser tests only; never enabled by default
	}

	// projects and documents
	v1.add("GET", "/projects", access.Anyone, h.handle(h.listProjects))
	v1.add("GET", "/search", access.Anyone, h.handle(h.search))
	v1.add("GET", "/project-owners", access.Anyone, h.handle(h.listOwners))
	v1.add("POST", "/projects", access.Officials, h.idempotent, h.handle(h.createProject))
	v1.add("GET", "/projects/:slug", access.Anyone, h.handle(h.getProject))
	v1.add("PATCH", "/projects/:slug", access.Officials, h.handle(h.updateProject))
	v1.add("GET", "/projects/:slug/history", access.Anyone, h.handle(h.projectHistory))
	v1.add("GET", "/projects/:slug/overview", access.Anyone, h.handle(h.projectOverview))
	v1.add("GET", "/projects/:slug/documents", access.Anyone, h.handle(h.listDocuments))
	v1.add("POST", "/projects/:slug/documents", access.Officials, h.idempotent, h.handle(h.createDocument))
	v1.add("GET", "/documents/:id", access.Anyone, h.handle(h.getDocument))
	v1.add("GET", "/documents/:id/versions", access.Anyone, h.handle(h.listVersions))
	v1.add("POST", "/documents/:id/versions", access.Officials, h.handle(h.createVersion))
	v1.add("POST", "/markdown/preview", access.LoggedIn, h.handle(h.previewMarkdown))

	// live events (websocket; authentication happens inside the protocol, see internal/live)
	v1.add("GET", "/live", access.Anyone, h.live)
	// comments (writing: verified accounts; changing: the author, checked by the service)
	v1.add("GET", "/projects/:slug/comments", access.Anyone, h.handle(h.listComments))
	v1.add("POST", "/projects/:slug/comments", access.Verified, h.idempotent, h.handle(h.createComment))
	v1.add("GET", "/projects/:slug/comment-counts", access.Anyone, h.handle(h.commentCounts))
	v1.add("PATCH", "/comments/:id", access.Verified, h.handle(h.updateComment))
	v1.add("DELETE", "/comments/:id", access.Verified, h.handle(h.deleteComment))
	v1.add("PUT", "/comments/:id/vote", access.Verified, h.handle(h.voteComment))
	v1.add("GET", "/comments/:id", access.Anyone, h.handle(h.getComment)) // pending: only the author, moderators and admins
	v1.add("POST", "/comments/:id/flags", access.Verified, h.handle(h.flagComment))
	v1.add("POST", "/comments/:id/appeal", access.Verified, h.handle(h.appealComment)) // the author, checked by the service

	// moderation (moderators and admins) and its public log
	v1.add("GET", "/moderation/queue", access.Moderators, h.handle(h.moderationQueue))
	v1.add("POST", "/comments/:id/moderation", access.Moderators, h.handle(h.moderateComment))
	v1.add("POST", "/moderation/bulk-approve", access.Moderators, h.handle(h.bulkApprove))
	v1.add("GET", "/moderation/log", access.Anyone, h.handle(h.moderationLog))

	// notifications (one's own)
	v1.add("GET", "/notifications", access.LoggedIn, h.handle(h.listNotifications))
	v1.add("GET", "/notifications/unread-count", access.LoggedIn, h.handle(h.unreadNotifications))
	v1.add("POST", "/notifications/read", access.LoggedIn, h.handle(h.readNotifications))

	// official responses, questions, analogue contributions (officials; department checked by the service)
	v1.add("POST", "/comments/:id/responses", access.Officials, h.handle(h.respondComment))
	v1.add("POST", "/comments/:id/take", access.Officials, h.handle(h.takeQuestion))
	v1.add("GET", "/questions/open", access.Officials, h.handle(h.openQuestions))
	v1.add("POST", "/projects/:slug/contributions", access.Officials, h.idempotent, h.handle(h.createContribution))
	v1.add("GET", "/response-times", access.Anyone, h.handle(h.responseTimes))
	v1.add("GET", "/participation", access.Anyone, h.handle(h.participation))

	// the operator's legal pages (LEGAL_DIR)
	v1.add("GET", "/pages/:name", access.Anyone, h.handle(h.getPage))
	// public accountability: response times per project and per department (aggregates only)
	v1.add("GET", "/response-times/projects", access.Anyone, h.handle(h.responseTimesByProject))
	v1.add("GET", "/response-times/departments", access.Anyone, h.handle(h.responseTimesByDepartment))
	// supports of projects (verified accounts, every role)
	v1.add("PUT", "/projects/:slug/support", access.Verified, h.handle(h.putSupport))
	v1.add("DELETE", "/projects/:slug/support", access.Verified, h.handle(h.deleteSupport))

	// polls (managing: officials of the owning department, moderators, admins; voting: the poll's audience)
	v1.add("GET", "/polls", access.Anyone, h.handle(h.listPolls))
	v1.add("POST", "/polls", access.PollManagers, h.handle(h.createPoll))
	v1.add("GET", "/polls/:id", access.Anyone, h.handle(h.getPoll)) // drafts: only who manages them
	v1.add("PATCH", "/polls/:id", access.PollManagers, h.handle(h.updatePoll))
	v1.add("POST", "/polls/:id/open", access.PollManagers, h.handle(h.openPoll))
	v1.add("POST", "/polls/:id/close", access.PollManagers, h.handle(h.closePoll))
	v1.add("POST", "/polls/:id/ballots", access.Verified, h.handle(h.castBallot))
	v1.add("GET", "/polls/:id/results", access.Anyone, h.handle(h.pollResults))
	// evaluation cycles (admins create; verified users evaluate, as public or council by role) and prioritisation
	v1.add("POST", "/evaluation-cycles", access.Admins, h.handle(h.createCycle))
	v1.add("GET", "/evaluation-cycles", access.Anyone, h.handle(h.listCycles))
	v1.add("GET", "/evaluation-cycles/:id", access.Anyone, h.handle(h.getCycle))
	v1.add("PUT", "/evaluation-cycles/:id/projects/:slug/evaluation", access.Verified, h.handle(h.putEvaluation))
	v1.add("GET", "/evaluation-cycles/:id/projects/:slug/evaluation", access.Verified, h.handle(h.getEvaluation))
	v1.add("GET", "/evaluation-cycles/:id/projects/:slug/results", access.Anyone, h.handle(h.projectResults))
	v1.add("GET", "/evaluation-cycles/:id/results", access.Anyone, h.handle(h.cycleResults))
	v1.add("GET", "/prioritisation", access.Anyone, h.handle(h.prioritisation))

	// sessions of the Digitalrat (running them: moderators and admins; taking part: council members, checked
	// by the service; a non-public session is 404 to everyone outside the council audience)
	v1.add("GET", "/sessions", access.Anyone, h.handle(h.listSessions))
	v1.add("POST", "/sessions", access.Moderators, h.idempotent, h.handle(h.createSession))
	v1.add("GET", "/sessions/:id", access.Anyone, h.handle(h.getSession))
	v1.add("PATCH", "/sessions/:id", access.Moderators, h.handle(h.updateSession))
	v1.add("POST", "/sessions/:id/start", access.Moderators, h.handle(h.startSession))
	v1.add("POST", "/sessions/:id/close", access.Moderators, h.handle(h.closeSession))
	v1.add("GET", "/sessions/:id/state", access.Anyone, h.handle(h.sessionState))
	v1.add("GET", "/sessions/:id/agenda", access.Anyone, h.handle(h.getAgenda))
	v1.add("PUT", "/sessions/:id/agenda", access.Moderators, h.handle(h.reorderAgenda))
	v1.add("POST", "/sessions/:id/agenda-items", access.Moderators, h.idempotent, h.handle(h.createAgendaItem))
	v1.add("PATCH", "/sessions/:id/agenda-items/:item", access.Moderators, h.handle(h.updateAgendaItem))
	v1.add("POST", "/sessions/:id/agenda-items/:item/activate", access.Moderators, h.handle(h.activateAgendaItem))
	v1.add("POST", "/sessions/:id/agenda-items/:item/notes", access.Moderators, h.handle(h.addItemNote))
	v1.add("PUT", "/sessions/:id/agenda-items/:item/decision", access.Moderators, h.handle(h.setItemDecision))
	v1.add("POST", "/sessions/:id/attendance", access.Verified, h.handle(h.checkIn))
	v1.add("GET", "/sessions/:id/attendance", access.Moderators, h.handle(h.getRoll))
	v1.add("DELETE", "/sessions/:id/attendance/:user", access.Moderators, h.handle(h.markAbsent))
	v1.add("GET", "/sessions/:id/agenda-items/:item/speakers", access.Anyone, h.handle(h.listSpeakers))
	v1.add("POST", "/sessions/:id/agenda-items/:item/speakers", access.Verified, h.handle(h.requestSpeech))
	v1.add("DELETE", "/sessions/:id/agenda-items/:item/speakers/me", access.Verified, h.handle(h.withdrawSpeech))
	v1.add("POST", "/sessions/:id/agenda-items/:item/speakers/next", access.Moderators, h.handle(h.nextSpeaker))
	v1.add("POST", "/sessions/:id/agenda-items/:item/speakers/end", access.Moderators, h.handle(h.endSpeech))
	v1.add("GET", "/sessions/:id/minutes", access.Anyone, h.handle(h.getMinutes))
	v1.add("PUT", "/sessions/:id/minutes/draft", access.Moderators, h.handle(h.saveMinutesDraft))
	v1.add("POST", "/sessions/:id/minutes/publish", access.Moderators, h.handle(h.publishMinutes))
	v1.add("GET", "/sessions/:id/minutes/versions", access.Anyone, h.handle(h.listMinutesVersions))
	v1.add("GET", "/sessions/:id/minutes/versions/:n", access.Anyone, h.handle(h.getMinutesVersion))
	v1.add("GET", "/sessions/:id/questions", access.Anyone, h.handle(h.listQuestions))
	v1.add("POST", "/sessions/:id/questions", access.Verified, h.idempotent, h.handle(h.askQuestion))
	v1.add("POST", "/sessions/:id/questions/:qid/approve", access.Moderators, h.handle(h.approveQuestion))
	v1.add("POST", "/sessions/:id/questions/:qid/reject", access.Moderators, h.handle(h.rejectQuestion))
	v1.add("POST", "/sessions/:id/questions/:qid/answered", access.Moderators, h.handle(h.answerQuestion))

	// KPIs and measurements (writing: officials of the owning department and admins, checked by the
	// service) and the cockpit
	v1.add("GET", "/projects/:slug/kpis", access.Anyone, h.handle(h.listKPIs))
	v1.add("POST", "/projects/:slug/kpis", access.Officials, h.idempotent, h.handle(h.createKPI))
	v1.add("GET", "/kpis/:id", access.Anyone, h.handle(h.getKPI))
	v1.add("PATCH", "/kpis/:id", access.Officials, h.handle(h.updateKPI))
	v1.add("GET", "/kpis/:id/measurements", access.Anyone, h.handle(h.listMeasurements))
	v1.add("POST", "/kpis/:id/measurements", access.Officials, h.idempotent, h.handle(h.createMeasurement))
	v1.add("GET", "/measurements/:id", access.Anyone, h.handle(h.getMeasurement))
	v1.add("GET", "/cockpit", access.Anyone, h.handle(h.getCockpit))

	// open data: every dataset as CSV and JSON, for everyone (internal/opendata lists the datasets)
	for _, d := range opendata.All() {
		v1.add("GET", "/export/"+d.Name+".csv", access.Anyone, h.exportDataset(d.Name, opendata.FormatCSV))
		v1.add("GET", "/export/"+d.Name+".json", access.Anyone, h.exportDataset(d.Name, opendata.FormatJSON))
	}
	v1.add("GET", "/dcat/catalog", access.Anyone, h.catalogue("")) // DCAT-AP.de, Turtle or JSON-LD by Accept
	v1.add("GET", "/dcat/catalog.ttl", access.Anyone, h.catalogue("ttl"))
	v1.add("GET", "/dcat/catalog.jsonld", access.Anyone, h.catalogue("jsonld"))

	// Atom feeds of the projects, outside /api/v1 where feed readers expect them
	fd := &routes{h: h, group: r.Group("/feeds", checkRequestText, h.requireReady, h.outage.middleware), rules: h.routes}
	fd.add("GET", "/projects.atom", access.Anyone, h.handle(h.projectsFeed))
	fd.add("GET", "/projects/:file", access.Anyone, h.handle(h.projectFeed)) // :file is <slug>.atom

	// OParl 1.1 (https://oparl.org): the public part of the sessions, read-only and for everyone
	op := &routes{h: h, group: r.Group(oparl.Prefix, checkRequestText, h.requireReady, h.outage.middleware), rules: h.routes}
	op.add("GET", "/system", access.Anyone, h.handle(h.oparlSystem))
	op.add("GET", "/bodies", access.Anyone, h.handle(h.oparlList(h.oparl.Bodies)))
	op.add("GET", "/bodies/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Body)))
	op.add("GET", "/organizations", access.Anyone, h.handle(h.oparlList(h.oparl.Organizations)))
	op.add("GET", "/organizations/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Organization)))
	op.add("GET", "/persons", access.Anyone, h.handle(h.oparlList(h.oparl.Persons)))
	op.add("GET", "/persons/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Person)))
	op.add("GET", "/meetings", access.Anyone, h.handle(h.oparlList(h.oparl.Meetings)))
	op.add("GET", "/meetings/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Meeting)))
	op.add("GET", "/agenda-items", access.Anyone, h.handle(h.oparlList(h.oparl.AgendaItems)))
	op.add("GET", "/agenda-items/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.AgendaItem)))
	op.add("GET", "/papers", access.Anyone, h.handle(h.oparlList(h.oparl.Papers)))
	op.add("GET", "/papers/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Paper)))
	op.add("GET", "/files", access.Anyone, h.handle(h.oparlList(h.oparl.Files)))
	op.add("GET", "/files/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.File)))
	op.add("GET", "/files/:id/content", access.Anyone, h.handle(h.oparlFileContent))
	op.add("GET", "/legislative-terms", access.Anyone, h.handle(h.oparlList(h.oparl.LegislativeTerms)))
	op.add("GET", "/legislative-terms/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.LegislativeTerm)))
	op.add("GET", "/memberships", access.Anyone, h.handle(h.oparlList(h.oparl.Memberships)))
	op.add("GET", "/memberships/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Membership)))
	op.add("GET", "/locations", access.Anyone, h.handle(h.oparlList(h.oparl.Locations)))
	op.add("GET", "/locations/:id", access.Anyone, h.handle(h.oparlObject(h.oparl.Location)))

	return &Server{Engine: r, rules: h.routes}
}

// routes declares routes so that each line reads "method, path, who may, what", and every route has
// exactly one access rule (see internal/access; a test walks the router to prove it).
type routes struct {
	h     *Handler
	group *gin.RouterGroup
	rules map[string]access.Rule // "METHOD /full/path" → its rule
}

// add registers a route behind its access rule; handlers are optional middleware and then the handler.
func (rt *routes) add(method, path string, rule access.Rule, handlers ...gin.HandlerFunc) {
	key := method + " " + joinPath(rt.group.BasePath(), path)
	if _, dup := rt.rules[key]; dup {
		panic("api: route declared twice: " + key)
	}
	rt.rules[key] = rule
	chain := handlers
	if rule.Name != access.Anyone.Name {
		chain = append([]gin.HandlerFunc{rt.h.require(rule)}, handlers...)
	}
	rt.group.Handle(method, path, chain...)
}

func joinPath(base, path string) string {
	if base == "/" {
		return path
	}
	return base + path
}

func (h *Handler) readyz(c *gin.Context) {
	c.Header("Retry-After", "5")
	if !h.db.Ready() {
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable yet.", nil)
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()
	err := h.db.Ping(ctx)
	if err != nil {
		writeProblem(c, http.StatusServiceUnavailable, "database_unavailable", "The database is not reachable.", nil)
		return
	}
	c.Writer.Header().Del("Retry-After")
	c.JSON(http.StatusOK, gin.H{"status": "ready", "database": h.db.Name()})
}

// isAPIPath reports whether a path belongs to the API rather than the SPA.
func isAPIPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || p == "/api" || strings.HasPrefix(p, "/oparl/") || p == "/oparl" ||
		strings.HasPrefix(p, "/feeds/") || p == "/feeds"
}
