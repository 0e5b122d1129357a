// Package accounts holds registration, login, tokens, email verification, password reset and user admin.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/ratelimit"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Lifetimes of mailed tokens.
const (
	VerifyTTL = 48 * time.Hour
	ResetTTL  = time.Hour
)

// Options configure the accounts service.
type Options struct {
	PublicURL  string        // base of the links in mails, without a trailing slash
	RefreshTTL time.Duration // lifetime of refresh tokens
	Log        *slog.Logger  // security events (refresh-token reuse); slog.Default() when nil

	// Limiter limits the requests below; nil limits nothing (tools and tests).
	Limiter *ratelimit.Limiter
	// LoginAccount limits guessing one account's password from one client address, keyed by address and
	// email: keyed by email alone, an attacker's failures would lock the owner out too.
	LoginAccount    ratelimit.Rule
	LoginAccountAll ratelimit.Rule // guessing one account's password from many addresses, keyed by email
	LoginAddress    ratelimit.Rule // spraying many accounts from one address
	Mail            ratelimit.Rule // registrations and reset requests per address, which send mail
	// MailAccount bounds the reset links and repeated-registration notices one address receives, keyed by
	// email, so that requests from many addresses cannot flood a mailbox. Beyond it the requests are
	// answered alike but send nothing: a 429 would tell who has an account.
	MailAccount ratelimit.Rule
}

// Service is the accounts service.
type Service struct {
	st     *store.Store
	tokens *auth.Tokens
	now    func() time.Time
	opts   Options
}

// New returns the accounts service.
func New(st *store.Store, tokens *auth.Tokens, now func() time.Time, opts Options) *Service {
	opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	if opts.RefreshTTL <= 0 {
		opts.RefreshTTL = 30 * 24 * time.Hour
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Service{st: st, tokens: tokens, now: now, opts: opts}
}

// RefreshTTL is the lifetime of refresh tokens.
func (s *Service) RefreshTTL() time.Duration { return s.opts.RefreshTTL }

var errInvalidToken = apperr.New(apperr.ErrUnauthenticated, "invalid_token", "The access token is invalid or expired.")

// Authenticate verifies an access token and returns its user. Tokens of disabled users and tokens issued
// before the user's tokens_valid_after (password change, role change, disabling) are rejected.
func (s *Service) Authenticate(ctx context.Context, token string) (*model.User, error) {
	u, _, err := s.AuthenticateToken(ctx, token)
	return u, err
}

// AuthenticateToken is Authenticate that also returns when the token expires: the live websocket keeps a
// token's rights only until then.
func (s *Service) AuthenticateToken(ctx context.Context, token string) (*model.User, time.Time, error) {
	id, iat, exp, err := s.tokens.VerifyExpiry(token)
	if err != nil {
		return nil, time.Time{}, errInvalidToken
	}
	u, err := s.st.Users().ByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, time.Time{}, errInvalidToken
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	if u.DisabledAt != nil || iat.Before(u.TokensValidAfter) {
		return nil, time.Time{}, errInvalidToken
	}
	return u, exp, nil
}

// CreateUserInput are the fields of a user created by an admin, the CLI or the demo seed.
type CreateUserInput struct {
	Email       string
	DisplayName string
	Password    string
	Roles       []string
	Affiliation string
	Department  string
	Verified    bool
}

// CreateUser creates a user directly (CLI `user create`, demo data, tests), bypassing registration.
func (s *Service) CreateUser(ctx context.Context, in CreateUserInput) (*model.User, error) {
	return s.createUser(ctx, s.st, in)
}

// createUser validates and inserts a user using tx (a pool or a transaction).
func (s *Service) createUser(ctx context.Context, tx *store.Store, in CreateUserInput) (*model.User, error) {
	ve := &apperr.ValidationError{}
	in, roles := checkNewUser(ve, in)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &model.User{
		Email: in.Email, DisplayName: in.DisplayName, PasswordHash: hash,
		Roles: model.NewRoleSet(roles...), Affiliation: in.Affiliation, Department: in.Department,
		TokensValidAfter: now.Add(-time.Second), CreatedAt: now, UpdatedAt: now,
	}
	if in.Verified {
		u.EmailVerifiedAt = &now
	}
	if err := tx.Users().Create(ctx, u); err != nil {
		if store.IsDuplicate(err) {
			return nil, apperr.Invalid("email", "taken", "is already registered")
		}
		return nil, fmt.Errorf("accounts: create user: %w", err)
	}
	return u, nil
}

// checkNewUser validates the fields of a new user into ve and returns them normalised with the full
// role list.
func checkNewUser(ve *apperr.ValidationError, in CreateUserInput) (CreateUserInput, []string) {
	in.Email = NormalizeEmail(in.Email)
	if !validEmail(in.Email) {
		ve.Add("email", "email", "must be an email address")
	}
	in.DisplayName = cleanDisplayName(ve, in.DisplayName)
	checkPassword(ve, "password", in.Password, in.Email, in.DisplayName)
	roles := append([]string{model.RoleResident}, in.Roles...)
	checkRoleNames(ve, in.Roles)
	checkRoleFields(ve, roles, in.Affiliation, in.Department)
	in.Affiliation, in.Department = roleFields(roles, in.Affiliation, in.Department)
	return in, roles
}

// IssueAccessToken signs an access token for u.
func (s *Service) IssueAccessToken(u *model.User) (string, error) {
	return s.tokens.Issue(u.ID, u.RoleList())
}

// checkRoleNames reports every listed role that does not exist.
func checkRoleNames(ve *apperr.ValidationError, listed []string) {
	for i, r := range listed {
		if !slices.Contains(model.AllRoles, r) {
			ve.Add(fmt.Sprintf("roles[%d]", i), "oneof", "must be one of: "+strings.Join(model.AllRoles, " "))
		}
	}
}

// checkRoleFields validates the affiliation and department a role set requires: council members need
// one of model.Affiliations, officials a department.
func checkRoleFields(ve *apperr.ValidationError, roles []string, affiliation, department string) {
	if affiliation != "" && !slices.Contains(model.Affiliations, affiliation) {
		ve.Add("affiliation", "oneof", "must be one of: "+strings.Join(model.Affiliations, " "))
	} else if affiliation == "" && slices.Contains(roles, model.RoleCouncil) {
		ve.Add("affiliation", "required", "is required for council members")
	}
	if strings.TrimSpace(department) == "" && slices.Contains(roles, model.RoleOfficial) {
		ve.Add("department", "required", "is required for officials")
	}
	if len(department) > 200 {
		ve.Add("department", "max", "must be at most 200 characters")
	}
}

// roleFields keeps the affiliation only for council members and the department only for officials.
func roleFields(roles []string, affiliation, department string) (string, string) {
	if !slices.Contains(roles, model.RoleCouncil) {
		affiliation = ""
	}
	if !slices.Contains(roles, model.RoleOfficial) {
		department = ""
	}
	return affiliation, strings.TrimSpace(department)
}

// NormalizeEmail lower-cases and trims an email address.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func validEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	return len(e) <= 254 && at > 0 && at < len(e)-3 && strings.Contains(e[at:], ".") && !strings.ContainsAny(e, " \t\r\n<>,;\"")
}

// checkPassword enforces the password rules: at least 12 characters, at most 256, and not containing the
// email (or its local part) or the display name.
func checkPassword(ve *apperr.ValidationError, field, pw, email, name string) {
	if len([]rune(pw)) < 12 {
		ve.Add(field, "min", "must be at least 12 characters")
		return
	}
	if len(pw) > 256 {
		ve.Add(field, "max", "must be at most 256 characters")
		return
	}
	lpw := strings.ToLower(pw)
	local, _, _ := strings.Cut(email, "@")
	for _, s := range []string{email, local, strings.ToLower(strings.TrimSpace(name))} {
		if len(s) >= 3 && strings.Contains(lpw, s) {
			ve.Add(field, "contains_personal_data", "must not contain your email address or display name")
			return
		}
	}
}
