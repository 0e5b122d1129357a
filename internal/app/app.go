// Package app parses the command line, wires the server together and runs it.
package app

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"github.com/digitalrat/digitalrat/internal/store"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/db"
	"github.com/digitalrat/digitalrat/internal/demo"
	"github.com/digitalrat/digitalrat/internal/mail"
)

// Version is set at build time with -ldflags "-X …/internal/app.Version=…".
var Version = "dev"

const usage = `digitalrat — public participation in a city's digital strategy

Usage:
  digitalrat [serve]        serve the SPA, the API and the live endpoint (default)
  digitalrat migrate        apply database migrations and exit
  digitalrat user create --email E --name N --role R [--role R2] [--department D] [--affiliation A] [--password-stdin]
                            create a verified user (bootstraps the first admin)
  digitalrat version        print the version

Configuration is read from the environment; see README.md.
`

// Run runs the command in args and returns the process exit code.
func Run(ctx context.Context, args []string, getenv func(string) string, spec []byte) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "version", "--version", "-v":
		fmt.Println("digitalrat", Version)
		return 0
	case "help", "--help", "-h":
		fmt.Print(usage)
		return 0
	case "serve", "migrate", "user":
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}

	cfg, err := config.Load(getenv)
	if err == nil {
		err = cfg.EnsureSecret()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	if cfg.Embedded() {
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			fmt.Fprintln(os.Stderr, "config: DATA_DIR:", err)
			return 2
		}
	}
	d, err := db.Open(cfg.DatabaseURL, cfg.SQLitePath(), cfg.DBMaxConns)
	if err != nil {
		log.Error("cannot open database", "error", err.Error())
		return 1
	}
	defer d.Close()

	switch cmd {
	case "migrate":
		if err := d.Migrate(ctx); err != nil {
			log.Error("migration failed", "error", err.Error())
			return 1
		}
		log.Info("migrations applied", "database", string(d.Dialect))
		return 0
	case "user":
		return userCommand(ctx, cfg, d, log, spec, args, os.Stdin, os.Stdout)
	}
	if err := serve(ctx, cfg, d, log, spec); err != nil {
		log.Error("server stopped with error", "error", err.Error())
		return 1
	}
	return 0
}

// serve runs the HTTP server until SIGINT/SIGTERM, then drains in-flight requests.
func serve(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger, spec []byte) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	handler, svc := Build(cfg, d, log, spec, nil)
	srv := &http.Server{
		Addr:              cfg.HTTPAddr,
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		// Large enough that an oversized bearer token still reaches the handler and gets a proper 401
		// problem (the token is rejected by length before any parsing) instead of a bare 431.
		MaxHeaderBytes: 2 << 20,
	}
	// Shutdown does not close hijacked (websocket) connections: the hub tells its clients 1001 itself.
	srv.RegisterOnShutdown(svc.Live.Close)
	defer svc.Live.Close()

	// The server listens at once; until the database is reachable and migrated /readyz answers 503.
	go func() {
		if err := d.WaitAndMigrate(ctx, log); err != nil {
			return
		}
		log.Info("database ready", "database", string(d.Dialect))
		if err := startBackground(ctx, cfg, d, log, svc); err != nil {
			log.Error("background start failed", "error", err.Error())
		}
	}()

	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", cfg.HTTPAddr, "public_url", cfg.PublicURL.String(), "database", string(d.Dialect), "version", Version)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
		close(errc)
	}()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", cfg.ShutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	// Ballots answered before the drain may still have a coalesced poll.tally pending: write it to the
	// outbox now, so clients (here after a reconnect, or on other instances) see the final counts.
	svc.Polls.Flush()
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// startBackground runs what needs a ready database: demo data, the mail sender, the live hub and the
// cleanups of old live events, idempotency keys and refilled rate limits.
func startBackground(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger, svc *Services) error {
	if cfg.DemoData {
		if err := demo.Seed(ctx, store.New(d.Gorm), svc.Accounts, cfg.DemoPassword, log); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	var transport mail.Transport = mail.LogTransport{Log: log}
	if cfg.SMTPURL != nil {
		transport = mail.SMTP{URL: cfg.SMTPURL, From: cfg.MailFrom}
	}
	go mail.NewSender(store.New(d.Gorm), transport, log, func() time.Time { return time.Now().UTC() }).Run(ctx, 5*time.Second)
	go func() {
		for backoff := time.Second; ; backoff = min(backoff*2, 30*time.Second) {
			err := svc.Live.Start()
			if err == nil {
				return
			}
			log.Warn("live hub not started, retrying", "error", err.Error(), "retry_in", backoff.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
		}
	}()
	go svc.Live.RunCleanup(ctx, time.Hour)
	go svc.Idempotency.PruneEvery(ctx, log, time.Hour)
	go svc.Limiter.RunCleanup(ctx, log, time.Hour)
	return nil
}

// roleFlags collects repeated --role flags.
type roleFlags []string

func (r *roleFlags) String() string     { return strings.Join(*r, ",") }
func (r *roleFlags) Set(v string) error { *r = append(*r, v); return nil }

// userCommand implements `digitalrat user create`.
func userCommand(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger, spec []byte, args []string, stdin io.Reader, stdout io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	var roles roleFlags
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "display name (required)")
	fs.Var(&roles, "role", "role besides resident: council, moderator, official, admin (repeatable)")
	department := fs.String("department", "", "department (required for official)")
	affiliation := fs.String("affiliation", "", "affiliation: politics, science, business, civil_society (required for council)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin instead of generating one")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	password, generated := "", false
	if *pwStdin {
		line, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			fmt.Fprintln(os.Stderr, "cannot read password:", err)
			return 1
		}
		password = strings.TrimRight(line, "\r\n")
	} else {
		b := make([]byte, 18)
		_, _ = rand.Read(b)
		password, generated = base64.RawURLEncoding.EncodeToString(b), true
	}

	if err := d.Migrate(ctx); err != nil {
		log.Error("migration failed", "error", err.Error())
		return 1
	}
	_, svc := Build(cfg, d, log, spec, nil)
	u, err := svc.Accounts.CreateUser(ctx, accounts.CreateUserInput{Email: *email, DisplayName: *name, Password: password,
		Roles: roles, Department: *department, Affiliation: *affiliation, Verified: true})
	var ve *apperr.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			field := f.Field
			if field == "display_name" {
				field = "name"
			}
			fmt.Fprintf(os.Stderr, "--%s: %s\n", strings.Split(field, "[")[0], f.Message)
		}
		return 2
	}
	if err != nil {
		log.Error("cannot create user", "error", err.Error())
		return 1
	}
	fmt.Fprintf(stdout, "created user %d <%s> with roles %s\n", u.ID, u.Email, u.Roles)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", password)
	}
	return 0
}
