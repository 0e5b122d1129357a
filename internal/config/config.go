// Package config reads the server configuration from the environment.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultDemoPassword is the password of the demo accounts when DEMO_PASSWORD is not set.
const DefaultDemoPassword = "digitalrat-demo-2026"

// Config is the complete server configuration.
type Config struct {
	DatabaseURL          string        // empty: embedded SQLite in DataDir
	DataDir              string        // directory of the SQLite file and the generated JWT secret
	HTTPAddr             string        // listen address
	PublicURL            *url.URL      // origin for links and origin checks
	OParlBodyName        string        // name of the OParl Body (the city)
	OParlLicense         string        // URL of the licence of the OParl data (empty: none stated)
	OpenDataLicense      string        // licence of the open data, a URI of the dcat-ap.de licence vocabulary
	OpenDataContributor  string        // dcatde:contributorID of the catalogue's datasets; "": the public URL
	OpenDataRegionalKey  string        // the city's 12-digit Amtlicher Regionalschlüssel for dcatde:politicalGeocoding*; "": none
	JWTSecret            []byte        // HMAC key of access tokens
	DemoData             bool          // seed an empty database with demo data
	DemoPassword         string        // password of the demo accounts
	LegalDir             string        // Markdown files of the legal pages (impressum.md, …); "": placeholders
	SMTPURL              *url.URL      // optional mail server; nil logs mails instead
	MailFrom             string        // sender address of mails
	TrustedIPs           []string      // proxies whose X-Forwarded-For is believed; empty trusts none
	LogLevel             slog.Level    // minimum level of log lines
	DBMaxConns           int           // PostgreSQL pool size
	CORSOrigins          []string      // origins allowed cross-origin; empty disables CORS
	TestMailAPI          bool          // exposes the mail outbox over HTTP for browser tests; never in production
	AccessTTL            time.Duration // lifetime of access tokens
	RefreshTTL           time.Duration // lifetime of refresh tokens
	ShutdownGrace        time.Duration // time in-flight requests get on shutdown
	LiveOrigins          []string      // origins besides PUBLIC_URL's allowed to open the live websocket
	LiveRetention        time.Duration // how long live events stay in the outbox for reconnecting clients
	LiveQueueSize        int           // messages queued per live client before it is dropped as too slow
	LiveMaxPerAddress    int           // open live connections per client address and instance
	FlagThreshold        int           // open flags that hide a comment until a moderator reviews it
	FlagMinAccountAge    time.Duration // flags of younger accounts queue a comment but do not count towards FlagThreshold
	PreModerationDefault bool          // pre-moderation of projects created without pre_moderation
	RateLoginAccount     Rate          // login attempts per account (email address) and client address
	RateLoginAccountAll  Rate          // login attempts per account from all client addresses together
	RateLoginAddress     Rate          // login attempts per client address
	RateRegister         Rate          // registrations, verification and reset mails per client address
	RateMailAccount      Rate          // reset links and repeated-registration notices per email address
	RateComments         Rate          // comments and questions per user
	RateFlags            Rate          // flags per user
	RateVotes            Rate          // vote changes per user
	RatePreview          Rate          // Markdown previews per user
	RateExports          Rate          // open-data exports per client address
}

// Rate is a rate limit: Limit requests at once, and a used-up budget refilled completely within Per
// (one request every Per/Limit).
type Rate struct {
	Limit int
	Per   time.Duration
}

// parseRate parses "10/1m": a limit of 1 to 1000000 and a Go duration of at least one second.
func parseRate(s string) (Rate, error) {
	n, d, ok := strings.Cut(s, "/")
	if !ok {
		return Rate{}, errors.New("no slash")
	}
	limit, err := strconv.Atoi(strings.TrimSpace(n))
	if err != nil || limit < 1 || limit > 1_000_000 {
		return Rate{}, errors.New("invalid limit")
	}
	per, err := time.ParseDuration(strings.TrimSpace(d))
	if err != nil || per < time.Second {
		return Rate{}, errors.New("invalid period")
	}
	return Rate{Limit: limit, Per: per}, nil
}

// Embedded reports whether the server runs on the embedded SQLite database.
func (c *Config) Embedded() bool { return c.DatabaseURL == "" }

// SQLitePath is the file of the embedded database.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "digitalrat.db") }

// Secure reports whether the public URL is https, which switches on Secure cookies and HSTS.
func (c *Config) Secure() bool { return c.PublicURL.Scheme == "https" }

// Origin is the scheme://host[:port] of the public URL.
func (c *Config) Origin() string { return c.PublicURL.Scheme + "://" + c.PublicURL.Host }

// regionalKey is the form of an Amtlicher Regionalschlüssel: twelve digits.
var regionalKey = regexp.MustCompile(`^[0-9]{12}$`)

// Error names the environment variable whose value is invalid.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("config: %s: %s", e.Var, e.Reason) }

// Load reads the configuration from getenv. It does not touch the file system; see EnsureSecret.
func Load(getenv func(string) string) (*Config, error) {
	get := func(k, def string) string {
		if v := strings.TrimSpace(getenv(k)); v != "" {
			return v
		}
		return def
	}
	c := &Config{
		DatabaseURL:   get("DATABASE_URL", ""),
		DataDir:       get("DATA_DIR", "./data"),
		HTTPAddr:      get("HTTP_ADDR", "127.0.0.1:8080"),
		DemoPassword:  get("DEMO_PASSWORD", DefaultDemoPassword),
		LegalDir:      get("LEGAL_DIR", ""),
		OParlBodyName: get("OPARL_BODY_NAME", "Stadt"),
		OParlLicense:  get("OPARL_LICENSE", ""),
		// Datenlizenz Deutschland – Namensnennung 2.0 unless the operator chooses another licence.
		OpenDataLicense:     get("OPENDATA_LICENSE", "http://dcat-ap.de/def/licenses/dl-by-de/2.0"),
		OpenDataContributor: get("OPENDATA_CONTRIBUTOR_ID", ""),
		OpenDataRegionalKey: get("OPENDATA_REGIONAL_KEY", ""),
		AccessTTL:           15 * time.Minute,
		RefreshTTL:          30 * 24 * time.Hour,
		ShutdownGrace:       20 * time.Second,
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return nil, &Error{"DATABASE_URL", "must be empty (embedded SQLite) or a postgres:// URL"}
		}
	}
	pu, err := url.Parse(get("PUBLIC_URL", "http://localhost:8080"))
	if err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return nil, &Error{"PUBLIC_URL", "must be an http:// or https:// URL with a host"}
	}
	c.PublicURL = pu
	if !strings.HasPrefix(c.OpenDataLicense, "http://dcat-ap.de/def/licenses/") || strings.ContainsAny(c.OpenDataLicense, " <>\"") {
		return nil, &Error{"OPENDATA_LICENSE", "must be a licence URI of http://dcat-ap.de/def/licenses/"}
	}
	if v := c.OpenDataContributor; v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(v, " <>\"") {
			return nil, &Error{"OPENDATA_CONTRIBUTOR_ID", "must be an http:// or https:// URI"}
		}
	}
	if v := c.OpenDataRegionalKey; v != "" && !regionalKey.MatchString(v) {
		return nil, &Error{"OPENDATA_REGIONAL_KEY", "must be the 12-digit Amtlicher Regionalschlüssel (e.g. 146120000000)"}
	}
	if len(c.OParlBodyName) > 200 || !utf8.ValidString(c.OParlBodyName) {
		return nil, &Error{"OPARL_BODY_NAME", "must be a name of at most 200 bytes"}
	}
	if c.OParlLicense != "" {
		if u, err := url.Parse(c.OParlLicense); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, &Error{"OPARL_LICENSE", "must be empty or the http(s) URL of a licence"}
		}
	}
	if c.DemoData, err = parseBool(get("DEMO_DATA", "false")); err != nil {
		return nil, &Error{"DEMO_DATA", "must be true or false"}
	}
	if c.TestMailAPI, err = parseBool(get("TEST_MAIL_API", "false")); err != nil {
		return nil, &Error{"TEST_MAIL_API", "must be true or false"}
	}
	if len(c.DemoPassword) < 12 {
		return nil, &Error{"DEMO_PASSWORD", "must be at least 12 characters"}
	}
	if s := get("SMTP_URL", ""); s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return nil, &Error{"SMTP_URL", "must be smtp://user:pass@host:port or smtps://…"}
		}
		c.SMTPURL = u
	}
	c.MailFrom = get("MAIL_FROM", "digitalrat@"+pu.Hostname())
	if a, err := mail.ParseAddress(c.MailFrom); err != nil || a.Name != "" || strings.ContainsAny(c.MailFrom, "<>\r\n") {
		return nil, &Error{"MAIL_FROM", "must be a plain email address like digitalrat@example.org"}
	}
	for _, p := range strings.Split(get("TRUSTED_PROXIES", ""), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return nil, &Error{"TRUSTED_PROXIES", "must be a comma-separated list of IP addresses or CIDR ranges"}
		}
		c.TrustedIPs = append(c.TrustedIPs, p)
	}
	if err := c.LogLevel.UnmarshalText([]byte(get("LOG_LEVEL", "info"))); err != nil {
		return nil, &Error{"LOG_LEVEL", "must be debug, info, warn or error"}
	}
	if c.DBMaxConns, err = strconv.Atoi(get("DB_MAX_CONNS", "10")); err != nil || c.DBMaxConns < 1 || c.DBMaxConns > 1000 {
		return nil, &Error{"DB_MAX_CONNS", "must be a number between 1 and 1000"}
	}
	for _, o := range strings.Split(get("CORS_ORIGINS", ""), ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || u.Host == "" || u.Path != "" {
			return nil, &Error{"CORS_ORIGINS", "must be a comma-separated list of origins like https://example.org"}
		}
		c.CORSOrigins = append(c.CORSOrigins, o)
	}
	for _, o := range strings.Split(get("LIVE_ORIGINS", ""), ",") {
		if o = strings.TrimSpace(o); o == "" {
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Path != "" {
			return nil, &Error{"LIVE_ORIGINS", "must be a comma-separated list of origins like https://example.org"}
		}
		c.LiveOrigins = append(c.LiveOrigins, u.Scheme+"://"+u.Host)
	}
	if c.LiveRetention, err = time.ParseDuration(get("LIVE_RETENTION", "168h")); err != nil || c.LiveRetention < time.Minute {
		return nil, &Error{"LIVE_RETENTION", "must be a duration of at least 1m, like 168h"}
	}
	if c.LiveQueueSize, err = strconv.Atoi(get("LIVE_QUEUE_SIZE", "256")); err != nil || c.LiveQueueSize < 1 || c.LiveQueueSize > 100000 {
		return nil, &Error{"LIVE_QUEUE_SIZE", "must be a number between 1 and 100000"}
	}
	if c.LiveMaxPerAddress, err = strconv.Atoi(get("LIVE_MAX_PER_ADDRESS", "50")); err != nil || c.LiveMaxPerAddress < 1 || c.LiveMaxPerAddress > 100000 {
		return nil, &Error{"LIVE_MAX_PER_ADDRESS", "must be a number between 1 and 100000"}
	}
	if c.FlagThreshold, err = strconv.Atoi(get("FLAG_THRESHOLD", "3")); err != nil || c.FlagThreshold < 1 || c.FlagThreshold > 1000 {
		return nil, &Error{"FLAG_THRESHOLD", "must be a number between 1 and 1000"}
	}
	if c.FlagMinAccountAge, err = time.ParseDuration(get("FLAG_MIN_ACCOUNT_AGE", "24h")); err != nil || c.FlagMinAccountAge < 0 {
		return nil, &Error{"FLAG_MIN_ACCOUNT_AGE", "must be a duration of at least 0s, like 24h"}
	}
	if c.PreModerationDefault, err = parseBool(get("PRE_MODERATION_DEFAULT", "false")); err != nil {
		return nil, &Error{"PRE_MODERATION_DEFAULT", "must be true or false"}
	}
	// The defaults are the limits the server always had: 5 logins per account and 20 per address, then
	// one a minute and one every 6 s; 10 mails per address, then one a minute; 10 comments, then one every
	// 12 s. Flags: 10, then one every 6 s. Since a wrong password from one address no longer blocks the
	// account's owner elsewhere, RATE_LOGIN_ACCOUNT counts per account and address, and
	// RATE_LOGIN_ACCOUNT_TOTAL bounds the guesses at one account from many addresses together. Votes: 30,
	// then one every 2 s (each changed vote is a live event).
	for _, r := range []struct {
		name, def string
		dst       *Rate
	}{
		{"RATE_LOGIN_ACCOUNT", "5/5m", &c.RateLoginAccount},
		{"RATE_LOGIN_ACCOUNT_TOTAL", "50/1h", &c.RateLoginAccountAll},
		{"RATE_LOGIN_ADDRESS", "20/2m", &c.RateLoginAddress},
		{"RATE_REGISTER", "10/10m", &c.RateRegister},
		{"RATE_MAIL_ACCOUNT", "5/1h", &c.RateMailAccount},
		{"RATE_COMMENTS", "10/2m", &c.RateComments},
		{"RATE_FLAGS", "10/1m", &c.RateFlags},
		{"RATE_VOTES", "30/1m", &c.RateVotes},
		{"RATE_PREVIEW", "30/1m", &c.RatePreview},
		{"RATE_EXPORTS", "60/1m", &c.RateExports},
	} {
		if *r.dst, err = parseRate(get(r.name, r.def)); err != nil {
			return nil, &Error{r.name, "must be a number of requests (1–1000000) per duration (at least 1s), like 10/1m"}
		}
	}
	if s := getenv("JWT_SECRET"); s != "" {
		if len(s) < 32 {
			return nil, &Error{"JWT_SECRET", "must be at least 32 characters"}
		}
		c.JWTSecret = []byte(s)
	} else if !c.Embedded() {
		return nil, &Error{"JWT_SECRET", "is required with PostgreSQL (at least 32 characters, the same on every instance)"}
	}
	return c, nil
}

// EnsureSecret creates DataDir and, in embedded mode without JWT_SECRET, loads or generates the secret
// stored with mode 0600 in DataDir.
func (c *Config) EnsureSecret() error {
	if c.JWTSecret != nil {
		return nil
	}
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return &Error{"DATA_DIR", err.Error()}
	}
	p := filepath.Join(c.DataDir, "jwt-secret")
	b, err := os.ReadFile(p)
	if err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		c.JWTSecret = []byte(strings.TrimSpace(string(b)))
		return nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &Error{"DATA_DIR", "cannot read jwt-secret: " + err.Error()}
	}
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	s := hex.EncodeToString(raw)
	if err := os.WriteFile(p, []byte(s+"\n"), 0o600); err != nil {
		return &Error{"DATA_DIR", "cannot write jwt-secret: " + err.Error()}
	}
	c.JWTSecret = []byte(s)
	return nil
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return false, errors.New("invalid bool")
}
