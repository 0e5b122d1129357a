package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/digitalrat/digitalrat/api"
	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/answers"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/cockpit"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/contributions"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/evaluations"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/live"
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
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/supports"
	"github.com/digitalrat/digitalrat/webapp"
)

// Services are the domain services of one server.
type Services struct {
	Accounts *accounts.Service
	Projects *projects.Service
	Live     *live.Hub // started by startBackground once the database is ready (tests call Start)

	Comments      *comments.Service
	Moderation    *moderation.Service
	Answers       *answers.Service
	Contributions *contributions.Service
	Notify        *notify.Service
	Stats         *stats.Service
	Idempotency   *idempotency.Service
	Supports      *supports.Service
	Polls         *polls.Service
	Evaluations   *evaluations.Service
	Sessions      *sessions.Service
	OParl         *oparl.Service     // the read-only OParl 1.1 interface of the public sessions
	Search        *search.Service    // the public full-text search
	OpenData      *opendata.Service  // exports, Atom feeds, DCAT-AP.de catalogue
	Limiter       *ratelimit.Limiter // shared by all instances on PostgreSQL; startBackground prunes it
	KPIs          *kpis.Service
	Cockpit       *cockpit.Service
}

// rule names a configured rate. The name keys the budget, so it must stay stable across releases.
func rule(name string, r config.Rate) ratelimit.Rule {
	return ratelimit.Rule{Name: name, Limit: r.Limit, Per: r.Per}
}

// Build wires the services and the HTTP handler. Tests call it with a fixed clock.
func Build(cfg *config.Config, d *db.DB, log *slog.Logger, spec []byte, now func() time.Time) (http.Handler, *Services) {
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	st := store.New(d.Gorm)
	lim := ratelimit.New(d, now)
	s := &Services{
		Accounts: accounts.New(store.New(d.Gorm), auth.NewTokens(cfg.JWTSecret, cfg.Origin(), cfg.AccessTTL, now), now,
			accounts.Options{PublicURL: cfg.PublicURL.String(), RefreshTTL: cfg.RefreshTTL, Log: log, Limiter: lim,
				LoginAccount:    rule("login_account", cfg.RateLoginAccount),
				LoginAccountAll: rule("login_account_total", cfg.RateLoginAccountAll),
				LoginAddress:    rule("login_address", cfg.RateLoginAddress),
				Mail:            rule("register", cfg.RateRegister),
				MailAccount:     rule("mail_account", cfg.RateMailAccount)}),
		Projects: projects.New(store.New(d.Gorm), now),
		Moderation: moderation.New(st, now, moderation.Options{FlagThreshold: cfg.FlagThreshold,
			FlagMinAccountAge: cfg.FlagMinAccountAge, Limiter: lim,
			Flags: rule("flags", cfg.RateFlags)}),
		Notify:      notify.New(st, now),
		Stats:       stats.New(st),
		Idempotency: idempotency.New(st),
		Supports:    supports.New(st, now),
		Polls:       polls.New(st, now),
		Evaluations: evaluations.New(st, now),
		Sessions:    sessions.New(st, now),
		OParl:       oparl.New(st, oparl.Options{PublicURL: cfg.PublicURL.String(), BodyName: cfg.OParlBodyName, License: cfg.OParlLicense}),
		Search:      search.New(st),
		OpenData: opendata.New(st, now, opendata.Options{PublicURL: cfg.PublicURL.String(), Publisher: cfg.OParlBodyName,
			License: cfg.OpenDataLicense, ContributorID: cfg.OpenDataContributor,
			RegionalKey: cfg.OpenDataRegionalKey}),
		Limiter: lim,
	}
	// Closing a session closes its open council polls in the same transaction.
	s.Sessions.OnClose(s.Polls.CloseOfSession)
	// Threads hand pending comments to the moderation queue; answers and contributions write comments.
	s.Comments = comments.New(st, now, s.Moderation, comments.Options{Limiter: lim, Comments: rule("comments", cfg.RateComments),
		Votes: rule("votes", cfg.RateVotes)})
	s.KPIs = kpis.New(st, now)
	s.Cockpit = cockpit.New(st, s.KPIs, s.Evaluations, now)
	s.Answers = answers.New(st, now, s.Comments)
	s.Contributions = contributions.New(st, now, s.Comments)
	// Every feature registers the live topics it owns; the hub knows none of its own.
	topics := live.NewRegistry()
	projects.RegisterTopics(topics)
	comments.RegisterTopics(topics)
	moderation.RegisterTopics(topics)
	notify.RegisterTopics(topics)
	accounts.RegisterTopics(topics)
	supports.RegisterTopics(topics)
	polls.RegisterTopics(topics)
	kpis.RegisterTopics(topics)
	s.Sessions.RegisterTopics(topics)
	s.Live = live.New(d, topics, s.Accounts, log, live.Options{Retention: cfg.LiveRetention, QueueSize: cfg.LiveQueueSize,
		MaxPerAddress: cfg.LiveMaxPerAddress, Now: now})
	h := api.New(api.Deps{Config: cfg, DB: d, Log: log, Spec: spec, Accounts: s.Accounts, Projects: s.Projects,
		Comments: s.Comments, Moderation: s.Moderation, Answers: s.Answers, Contributions: s.Contributions,
		Notify: s.Notify, Stats: s.Stats, Idempotency: s.Idempotency, Supports: s.Supports, Polls: s.Polls, Live: s.Live, Now: now,
		Evaluations: s.Evaluations, Sessions: s.Sessions, OParl: s.OParl, Search: s.Search, OpenData: s.OpenData,
		KPIs: s.KPIs, Cockpit: s.Cockpit,
		Pages: pages.New(cfg.LegalDir), Limiter: lim, Preview: rule("preview", cfg.RatePreview),
		Exports: rule("exports", cfg.RateExports),
		SPA:     webapp.FS()})
	return h, s
}
