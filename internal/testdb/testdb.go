// Package testdb gives each test a freshly migrated database: SQLite by default, PostgreSQL when
// TEST_DATABASE_URL is set (a database is created per test and dropped afterwards). Parallel-safe.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for creating test databases

	"github.com/digitalrat/digitalrat/internal/db"
)

// URL is the PostgreSQL server of the PostgreSQL leg, or empty for the SQLite leg.
func URL() string { return os.Getenv("TEST_DATABASE_URL") }

// New returns a migrated database of the current leg, closed and removed when t ends.
func New(t testing.TB) *db.DB {
	t.Helper()
	if URL() == "" {
		return NewSQLite(t)
	}
	return NewPostgres(t)
}

// NewSQLite returns a migrated SQLite database in a temporary directory.
func NewSQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open("", filepath.Join(t.TempDir(), "test.db"), 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// NewPostgres returns a migrated, freshly created PostgreSQL database; it skips the test when
// TEST_DATABASE_URL is not set, unless REQUIRE_POSTGRES=1, which makes that a failure.
func NewPostgres(t testing.TB) *db.DB {
	t.Helper()
	dsn := PostgresURL(t)
	d, err := db.Open(dsn, "", 5)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// PostgresURL creates an empty database and returns its URL; it is dropped when t ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := URL()
	if base == "" {
		if os.Getenv("REQUIRE_POSTGRES") == "1" {
			t.Fatal("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
		}
		t.Skip("TEST_DATABASE_URL not set: PostgreSQL leg skipped")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "dr_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
