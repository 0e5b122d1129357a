package accounts

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/testdb"
)

// Presenting a rotated refresh token revokes its family and writes one WARN line naming the user,
// the family and the client address (never the token).
func TestRefreshReuseIsLogged(t *testing.T) {
	auth.FastHashesForTests()
	d := testdb.New(t)
	now := func() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC) }
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, nil))
	s := New(store.New(d.Gorm), auth.NewTokens([]byte("test-secret-test-secret-test-secret-0123"), "http://x", 15*time.Minute, now), now,
		Options{PublicURL: "http://x", Log: log})
	ctx := context.Background()
	u, err := s.CreateUser(ctx, CreateUserInput{Email: "r@example.org", DisplayName: "Rita Reuse", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Login(ctx, u.Email, "correct horse battery staple", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Refresh(ctx, first.RefreshToken, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	if logs.Len() != 0 {
		t.Fatalf("a normal rotation logged: %s", logs.String())
	}
	if _, err := s.Refresh(ctx, first.RefreshToken, "203.0.113.7"); err == nil {
		t.Fatal("reuse accepted")
	}
	var line map[string]any
	if err := json.Unmarshal(logs.Bytes(), &line); err != nil {
		t.Fatalf("want one JSON line, got %q", logs.String())
	}
	if line["level"] != "WARN" || line["user_id"] != float64(u.ID) || line["ip"] != "203.0.113.7" || line["family"] == "" {
		t.Fatalf("log line: %v", line)
	}
	if bytes.Contains(logs.Bytes(), []byte(first.RefreshToken)) {
		t.Fatal("the token reached the log")
	}
}
