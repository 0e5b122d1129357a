// Package db opens the database (embedded SQLite or PostgreSQL) and applies the migrations.
package db

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/digitalrat/digitalrat/migrations"
)

// Dialect names the database in use.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the opened database with its readiness state.
type DB struct {
	Gorm    *gorm.DB
	Dialect Dialect
	URL     string // the PostgreSQL URL, for connections outside the pool (LISTEN); empty for SQLite
	ready   atomic.Bool
}

// Ready reports whether the migrations have been applied and the database answered.
func (d *DB) Ready() bool { return d.ready.Load() }

// Ping checks that the database answers now.
func (d *DB) Ping(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Name is the dialect's name ("sqlite", "postgres").
func (d *DB) Name() string { return string(d.Dialect) }

// Collector reports the connection pool's statistics to Prometheus; nil when there is no pool.
func (d *DB) Collector() prometheus.Collector {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return nil
	}
	return collectors.NewDBStatsCollector(sqlDB, string(d.Dialect))
}

func init() {
	// The HTTP layer knows only apperr kinds; errors of the database layer that reach it unwrapped are
	// classified here, where the driver's and GORM's errors are known.
	apperr.RegisterClassifier(func(err error) error {
		switch {
		case IsUnavailable(err):
			return apperr.ErrDatabaseUnavailable
		case errors.Is(err, gorm.ErrRecordNotFound):
			return apperr.ErrNotFound
		case errors.Is(err, gorm.ErrDuplicatedKey):
			return apperr.ErrConflict
		}
		return nil
	})
}

// SQLiteDSN builds the DSN of an embedded database file.
//
// The pure-Go driver applies pragmas given as _pragma=name(value); the _busy_timeout form of other
// drivers is silently ignored, so it must not be used. Transactions start IMMEDIATE so that a writer
// takes the write lock at BEGIN instead of failing later with SQLITE_BUSY on lock upgrade.
func SQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate"
}

// Open opens the database without requiring it to be reachable yet. Call Migrate (or WaitAndMigrate)
// before serving requests.
func Open(databaseURL, sqlitePath string, maxConns int) (*DB, error) {
	cfg := &gorm.Config{
		TranslateError:         true,
		DisableAutomaticPing:   true,
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) },
	}
	if databaseURL == "" {
		g, err := gorm.Open(sqlite.Open(SQLiteDSN(sqlitePath)), cfg)
		if err != nil {
			return nil, fmt.Errorf("db: open sqlite: %w", err)
		}
		sqlDB, err := g.DB()
		if err != nil {
			return nil, fmt.Errorf("db: sqlite handle: %w", err)
		}
		// SQLite allows one writer at a time. With several pooled connections, two transactions that both
		// want to write would wait on each other's file lock (and time out with SQLITE_BUSY) instead of
		// queueing in Go. A single connection makes database/sql queue them fairly in-process; reads are
		// fast enough on an embedded file that they share it. Several instances need PostgreSQL anyway.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetMaxIdleConns(1)
		sqlDB.SetConnMaxLifetime(0)
		return &DB{Gorm: g, Dialect: SQLite}, nil
	}
	g, err := gorm.Open(postgres.Open(databaseURL), cfg)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("db: postgres handle: %w", err)
	}
	sqlDB.SetMaxOpenConns(maxConns)
	sqlDB.SetMaxIdleConns(maxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Gorm: g, Dialect: Postgres, URL: databaseURL}, nil
}

// Migrate applies every pending migration of the dialect and marks the database ready.
func (d *DB) Migrate(ctx context.Context) error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return fmt.Errorf("db: handle: %w", err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	if err := migrate(ctx, sqlDB, d.Dialect); err != nil {
		return err
	}
	d.ready.Store(true)
	return nil
}

// maxStartupBackoff caps the wait between tries of WaitAndMigrate, so that an instance started before its
// database becomes ready at most about a second after the database does.
const maxStartupBackoff = time.Second

// WaitAndMigrate retries Migrate (every 250 ms at first, then at most every maxStartupBackoff) until it
// succeeds or ctx ends. Meanwhile Ready is false and /readyz answers 503. The wait is logged once when
// it starts and once when it ends, not at every try.
func (d *DB) WaitAndMigrate(ctx context.Context, log *slog.Logger) error {
	backoff := 250 * time.Millisecond
	var since time.Time
	tries := 0
	for {
		err := d.Migrate(ctx)
		if err == nil {
			if tries > 0 {
				log.Info("database ready", "waited", time.Since(since).Round(time.Millisecond).String(), "tries", tries+1)
			}
			return nil
		}
		if tries == 0 {
			since = time.Now()
			log.Warn("database not ready, retrying until it is", "error", err.Error())
		}
		tries++
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxStartupBackoff)
	}
}

// Close closes the connection pool.
func (d *DB) Close() error {
	sqlDB, err := d.Gorm.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

func migrate(ctx context.Context, sqlDB *sql.DB, dialect Dialect) error {
	sub, err := fs.Sub(migrations.FS, string(dialect))
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if dialect == Postgres {
		gd = goose.DialectPostgres
		// Several instances may start at once: an advisory lock lets one of them migrate.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("db: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, sqlDB, sub, opts...)
	if err != nil {
		return fmt.Errorf("db: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("db: migrate: %w", err)
	}
	return nil
}

// IsUnavailable reports whether err means the database cannot be reached (as opposed to a query error).
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var connErr *pgconn.ConnectError
	if errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		// Class 08: connection exception; 57P01-57P03: admin shutdown, crash shutdown, cannot connect now.
		return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P")
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "unexpected EOF") || strings.Contains(msg, "conn closed") ||
		strings.Contains(msg, "driver: bad connection")
}
