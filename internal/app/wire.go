package app

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/digitalrat/digitalrat/api"
	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/projects"
	"github.com/digitalrat/digitalrat/webapp"
)

// Services are the domain services of one server.
type Services struct {
	Accounts *accounts.Service
	Projects *projects.Service
	Live     *live.Hub // started by startBackground once the database is ready (tests call Start)
	Comments *comments.Service
}

// Build wires the services and the HTTP handler. Tests call it with a fixed clock.
func Build(cfg *config.Config, d *db.DB, log *slog.Logger, spec []byte, now func() time.Time) (http.Handler, *Services) {
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	s := &Services{
		Accounts: accounts.New(d.Gorm, auth.NewTokens(cfg.JWTSecret, cfg.Origin(), cfg.AccessTTL, now), now,
			accounts.Options{PublicURL: cfg.PublicURL.String(), RefreshTTL: cfg.RefreshTTL, Log: log}),
		Projects: projects.New(d.Gorm, now),
		Comments: comments.New(d.Gorm, now, comments.Options{FlagThreshold: cfg.FlagThreshold}),
	}
	s.Live = live.New(d, s.Accounts, log, live.Options{Retention: cfg.LiveRetention, QueueSize: cfg.LiveQueueSize, Now: now})
	h := api.New(api.Deps{Config: cfg, DB: d, Log: log, Spec: spec, Accounts: s.Accounts, Projects: s.Projects,
		Comments: s.Comments, Live: s.Live, Now: now,
		SPA: webapp.FS()})
	return h, s
}
