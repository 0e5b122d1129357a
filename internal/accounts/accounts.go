// Package accounts holds registration, login, tokens, email verification, password reset and user admin.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Service is the accounts service.
type Service struct {
	db     *gorm.DB
	users  *store.Users
	tokens *auth.Tokens
	now    func() time.Time
}

// New returns the accounts service.
func New(db *gorm.DB, tokens *auth.Tokens, now func() time.Time) *Service {
	return &Service{db: db, users: store.NewUsers(db), tokens: tokens, now: now}
}

var errInvalidToken = apperr.New(apperr.ErrUnauthenticated, "invalid_token", "The access token is invalid or expired.")

// Authenticate verifies an access token and returns its user. Tokens of disabled users and tokens issued
// before the user's tokens_valid_after (password change, role change, disabling) are rejected.
func (s *Service) Authenticate(ctx context.Context, token string) (*model.User, error) {
	id, iat, err := s.tokens.Verify(token)
	if err != nil {
		return nil, errInvalidToken
	}
	u, err := s.users.ByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, errInvalidToken
	}
	if err != nil {
		return nil, err
	}
	if u.DisabledAt != nil || iat.Before(u.TokensValidAfter) {
		return nil, errInvalidToken
	}
	return u, nil
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
	ve := &apperr.ValidationError{}
	in.Email = NormalizeEmail(in.Email)
	if !validEmail(in.Email) {
		ve.Add("email", "email", "must be an email address")
	}
	if strings.TrimSpace(in.DisplayName) == "" {
		ve.Add("display_name", "required", "is required")
	}
	checkPassword(ve, "password", in.Password, in.Email, in.DisplayName)
	roles := append([]string{model.RoleResident}, in.Roles...)
	for _, r := range in.Roles {
		if model.JoinRoles([]string{r}) == "" {
			ve.Add("roles", "oneof", "unknown role "+r)
		}
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	u := &model.User{
		Email: in.Email, DisplayName: strings.TrimSpace(in.DisplayName), PasswordHash: hash,
		Roles: model.JoinRoles(roles), Affiliation: in.Affiliation, Department: in.Department,
		TokensValidAfter: now.Add(-time.Second), CreatedAt: now, UpdatedAt: now,
	}
	if in.Verified {
		u.EmailVerifiedAt = &now
	}
	if err := s.users.Create(ctx, u); err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, apperr.Invalid("email", "taken", "is already registered")
		}
		return nil, fmt.Errorf("accounts: create user: %w", err)
	}
	return u, nil
}

// IssueAccessToken signs an access token for u.
func (s *Service) IssueAccessToken(u *model.User) (string, error) {
	return s.tokens.Issue(u.ID, u.RoleList())
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
