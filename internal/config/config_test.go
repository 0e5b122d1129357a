package config

import (
	"errors"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		wantVar string // empty: no error
	}{
		{"defaults", nil, ""},
		{"postgres needs a secret", map[string]string{"DATABASE_URL": "postgres://u@h/db"}, "JWT_SECRET"},
		{"postgres with secret", map[string]string{"DATABASE_URL": "postgres://u@h/db", "JWT_SECRET": "0123456789abcdef0123456789abcdef"}, ""},
		{"mysql url", map[string]string{"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"},
		{"short secret", map[string]string{"JWT_SECRET": "short"}, "JWT_SECRET"},
		{"public url without scheme", map[string]string{"PUBLIC_URL": "localhost:8080"}, "PUBLIC_URL"},
		{"demo data not a bool", map[string]string{"DEMO_DATA": "maybe"}, "DEMO_DATA"},
		{"short demo password", map[string]string{"DEMO_PASSWORD": "short"}, "DEMO_PASSWORD"},
		{"smtp wrong scheme", map[string]string{"SMTP_URL": "http://mail"}, "SMTP_URL"},
		{"licence outside the vocabulary", map[string]string{"OPENDATA_LICENSE": "https://example.org/licence"}, "OPENDATA_LICENSE"},
		{"licence of the vocabulary", map[string]string{"OPENDATA_LICENSE": "http://dcat-ap.de/def/licenses/cc-by/4.0"}, ""},
		{"contributor not a URI", map[string]string{"OPENDATA_CONTRIBUTOR_ID": "Beispielstadt"}, "OPENDATA_CONTRIBUTOR_ID"},
		{"regional key not 12 digits", map[string]string{"OPENDATA_REGIONAL_KEY": "14612000"}, "OPENDATA_REGIONAL_KEY"},
		{"regional key", map[string]string{"OPENDATA_REGIONAL_KEY": "146120000000"}, ""},
		{"log level", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"pool size", map[string]string{"DB_MAX_CONNS": "0"}, "DB_MAX_CONNS"},
		{"cors origin with path", map[string]string{"CORS_ORIGINS": "https://a.example/x"}, "CORS_ORIGINS"},
		{"live origins", map[string]string{"LIVE_ORIGINS": "https://a.example, http://localhost:5173"}, ""},
		{"live origin with path", map[string]string{"LIVE_ORIGINS": "https://a.example/x"}, "LIVE_ORIGINS"},
		{"live retention", map[string]string{"LIVE_RETENTION": "24h"}, ""},
		{"oparl license", map[string]string{"OPARL_LICENSE": "https://www.govdata.de/dl-de/by-2-0"}, ""},
		{"oparl license not a url", map[string]string{"OPARL_LICENSE": "dl-de/by-2-0"}, "OPARL_LICENSE"},
		{"live retention not a duration", map[string]string{"LIVE_RETENTION": "7 days"}, "LIVE_RETENTION"},
		{"live queue size", map[string]string{"LIVE_QUEUE_SIZE": "0"}, "LIVE_QUEUE_SIZE"},
		{"live connections per address", map[string]string{"LIVE_MAX_PER_ADDRESS": "0"}, "LIVE_MAX_PER_ADDRESS"},
		{"flag threshold", map[string]string{"FLAG_THRESHOLD": "0"}, "FLAG_THRESHOLD"},
		{"pre-moderation default", map[string]string{"PRE_MODERATION_DEFAULT": "maybe"}, "PRE_MODERATION_DEFAULT"},
		{"rate", map[string]string{"RATE_COMMENTS": " 30 / 1h "}, ""},
		{"rate without period", map[string]string{"RATE_LOGIN_ACCOUNT": "5"}, "RATE_LOGIN_ACCOUNT"},
		{"rate zero", map[string]string{"RATE_LOGIN_ADDRESS": "0/1m"}, "RATE_LOGIN_ADDRESS"},
		{"rate period too short", map[string]string{"RATE_REGISTER": "10/500ms"}, "RATE_REGISTER"},
		{"rate not a duration", map[string]string{"RATE_FLAGS": "10/minute"}, "RATE_FLAGS"},
		{"votes rate", map[string]string{"RATE_VOTES": "1/0s"}, "RATE_VOTES"},
		{"login account total", map[string]string{"RATE_LOGIN_ACCOUNT_TOTAL": "50"}, "RATE_LOGIN_ACCOUNT_TOTAL"},
		{"flag min account age", map[string]string{"FLAG_MIN_ACCOUNT_AGE": "0s"}, ""},
		{"flag min account age negative", map[string]string{"FLAG_MIN_ACCOUNT_AGE": "-1h"}, "FLAG_MIN_ACCOUNT_AGE"},
		{"flag min account age not a duration", map[string]string{"FLAG_MIN_ACCOUNT_AGE": "1 day"}, "FLAG_MIN_ACCOUNT_AGE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load(func(k string) string { return tc.env[k] })
			if tc.wantVar == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ce *Error
			if !errors.As(err, &ce) || ce.Var != tc.wantVar {
				t.Fatalf("got %v (config %+v), want an error naming %s", err, c, tc.wantVar)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPAddr != "127.0.0.1:8080" || c.DataDir != "./data" || !c.Embedded() || c.Secure() || c.Origin() != "http://localhost:8080" {
		t.Fatalf("unexpected defaults: %+v", c)
	}
	if c.FlagMinAccountAge != 24*time.Hour {
		t.Errorf("FLAG_MIN_ACCOUNT_AGE %v, want 24h", c.FlagMinAccountAge)
	}
	// Today's limits: burst, then one request every `every`.
	for _, r := range []struct {
		name  string
		rate  Rate
		burst int
		every time.Duration
	}{
		{"login account", c.RateLoginAccount, 5, time.Minute},
		{"login address", c.RateLoginAddress, 20, 6 * time.Second},
		{"register", c.RateRegister, 10, time.Minute},
		{"comments", c.RateComments, 10, 12 * time.Second},
		{"flags", c.RateFlags, 10, 6 * time.Second},
		{"login account total", c.RateLoginAccountAll, 50, 72 * time.Second},
		{"votes", c.RateVotes, 30, 2 * time.Second},
		{"mail account", c.RateMailAccount, 5, 12 * time.Minute},
	} {
		if r.rate.Limit != r.burst || r.rate.Per/time.Duration(r.rate.Limit) != r.every {
			t.Errorf("%s: %+v, want %d then one every %v", r.name, r.rate, r.burst, r.every)
		}
	}
}

func TestEnsureSecretIsStable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	load := func() []byte {
		c, err := Load(func(k string) string {
			if k == "DATA_DIR" {
				return dir
			}
			return ""
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := c.EnsureSecret(); err != nil {
			t.Fatal(err)
		}
		return c.JWTSecret
	}
	a, b := load(), load()
	if len(a) < 32 || string(a) != string(b) {
		t.Fatalf("secret not generated once and reused: %q vs %q", a, b)
	}
}
