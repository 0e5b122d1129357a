package api_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/db"
)

// secondInstance is a second application instance on e's PostgreSQL database, with its own handle,
// caches and live hub, as a second process would have; the test is skipped on SQLite (one instance).
func (e *env) secondInstance(t *testing.T) *env {
	t.Helper()
	if e.db.Dialect != db.Postgres {
		t.Skip("SQLite runs one instance")
	}
	dB, err := db.Open(e.db.URL, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = dB.Close() })
	if err := dB.Migrate(context.Background()); err != nil { // nothing to apply: marks the handle ready
		t.Fatal(err)
	}
	spec, _ := loadSpec(t)
	b := *e
	b.db = dB
	b.h, b.svc = app.Build(e.cfg, dB, slog.New(slog.NewTextHandler(io.Discard, nil)), spec, e.clock.Now)
	return &b
}
