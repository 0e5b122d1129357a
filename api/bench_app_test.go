package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/app"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
)

// benchApp builds the whole application on d for a benchmark, with a fixed JWT secret, its own data
// directory, no logging and the given extra environment variables.
func benchApp(b testing.TB, d *db.DB, vars map[string]string) (http.Handler, *app.Services) {
	b.Helper()
	spec, _ := loadSpec(b)
	dir := b.TempDir()
	cfg, err := config.Load(func(k string) string {
		switch k {
		case "JWT_SECRET":
			return testSecret
		case "DATA_DIR":
			return dir
		}
		return vars[k]
	})
	if err != nil {
		b.Fatal(err)
	}
	return app.Build(cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)), spec, nil)
}
