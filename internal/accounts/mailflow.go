package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// RegisterInput are the fields of a self-registration.
type RegisterInput struct {
	Email       string
	DisplayName string
	Password    string
}

var errInvalidEmailToken = apperr.Invalid("token", "invalid_token", "is invalid, expired or already used")

// Register creates an unverified resident and mails the verification link. An email that is already
// registered gets the same answer as a new one (a user of the same shape, with an id used up like a new
// account's), and its owner a mail saying that someone tried: the answer must not tell who has an
// account. Display names may not copy a staff member's. Registrations are limited per client IP.
func (s *Service) Register(ctx context.Context, in RegisterInput, ip string) (*model.User, error) {
	if err := s.opts.Limiter.Take(ctx, s.opts.Mail, ip); err != nil {
		return nil, err
	}
	var u *model.User
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		ve := &apperr.ValidationError{}
		cin, _ := checkNewUser(ve, CreateUserInput{Email: in.Email, DisplayName: in.DisplayName, Password: in.Password})
		if len(ve.Fields) == 0 {
			if err := checkReservedName(ctx, tx, ve, cin.DisplayName, 0); err != nil {
				return err
			}
		}
		if err := ve.OrNil(); err != nil {
			return err
		}
		existing, err := tx.Users().ByEmail(ctx, cin.Email)
		if errors.Is(err, apperr.ErrNotFound) {
			u, err = s.createUser(ctx, tx, cin)
			if err != nil {
				return err
			}
			return s.sendToken(ctx, tx, u, model.PurposeVerify)
		}
		if err != nil {
			return err
		}
		u, err = s.registeredAgain(ctx, tx, existing, cin)
		return err
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// registeredAgain answers a registration of an address that already has an account: it does the work a
// new registration does (hashing, using up an id, queueing a mail), mails the owner instead of sending
// a link, and returns the user a new registration would have returned.
func (s *Service) registeredAgain(ctx context.Context, tx *store.Store, owner *model.User, in CreateUserInput) (*model.User, error) {
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return nil, err
	}
	now := s.now()
	id, err := tx.Users().ReserveID(ctx, &model.User{Email: "reserved-" + newFamilyID() + ".invalid",
		PasswordHash: hash, Roles: model.NewRoleSet(model.RoleResident), TokensValidAfter: now, CreatedAt: now, UpdatedAt: now})
	if err != nil {
		return nil, err
	}
	send, err := s.mailBudget(ctx, owner.Email)
	if err != nil {
		return nil, err
	}
	if owner.DisabledAt == nil && send {
		subject, body := registeredAgainText(s.opts.PublicURL)
		if err := tx.Mails().Create(ctx, &model.Mail{ToAddr: owner.Email, Subject: subject, Body: body, CreatedAt: now}); err != nil {
			return nil, fmt.Errorf("accounts: queue registered-again mail: %w", err)
		}
	}
	return &model.User{ID: id, Email: in.Email, DisplayName: in.DisplayName, Roles: model.NewRoleSet(model.RoleResident),
		CreatedAt: now, UpdatedAt: now}, nil
}

// registeredAgainText is the mail to the owner of an address someone tried to register again. It carries
// no text the person registering chose.
func registeredAgainText(base string) (subject, body string) {
	subject = "Digitalrat: Registrierung mit Ihrer Adresse / Registration with your address"
	body = "Hallo,\n\n" +
		"jemand hat versucht, mit Ihrer E-Mail-Adresse ein neues Konto anzulegen. Sie haben bereits ein Konto.\n" +
		"Wenn Sie das waren, melden Sie sich an: " + base + "/anmelden\n" +
		"oder setzen Sie Ihr Passwort zurück: " + base + "/passwort-vergessen\n" +
		"Wenn nicht, ignorieren Sie diese Nachricht; an Ihrem Konto hat sich nichts geändert.\n\n" +
		"Someone tried to register a new account with your email address. You already have an account.\n" +
		"If it was you, log in: " + base + "/anmelden\n" +
		"or reset your password: " + base + "/passwort-vergessen\n" +
		"If not, ignore this message; nothing has changed on your account.\n"
	return subject, body
}

// VerifyEmail consumes a verification token and marks the address verified.
func (s *Service) VerifyEmail(ctx context.Context, token string) error {
	return s.st.Tx(ctx, func(tx *store.Store) error {
		u, err := s.useToken(ctx, tx, model.PurposeVerify, token)
		if err != nil {
			return err
		}
		if u.EmailVerifiedAt == nil {
			now := s.now()
			u.EmailVerifiedAt, u.UpdatedAt = &now, now
			return tx.Users().Update(ctx, u, "email_verified_at")
		}
		return nil
	})
}

// ResendVerification mails a new verification link to an unverified user; earlier links stop working.
func (s *Service) ResendVerification(ctx context.Context, u *model.User, ip string) error {
	if err := s.opts.Limiter.Take(ctx, s.opts.Mail, ip); err != nil {
		return err
	}
	if u.EmailVerifiedAt != nil {
		return nil
	}
	return s.st.Tx(ctx, func(tx *store.Store) error {
		return s.sendToken(ctx, tx, u, model.PurposeVerify)
	})
}

// RequestPasswordReset mails a reset link when email belongs to an active account. It returns nil for
// unknown emails too, so that the answer does not reveal who is registered. Limited per client IP, and
// per email address without telling (Options.MailAccount).
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	if err := s.opts.Limiter.Take(ctx, s.opts.Mail, ip); err != nil {
		return err
	}
	if send, err := s.mailBudget(ctx, NormalizeEmail(email)); err != nil || !send {
		return err
	}
	return s.st.Tx(ctx, func(tx *store.Store) error {
		u, err := tx.Users().ByEmail(ctx, NormalizeEmail(email))
		if errors.Is(err, apperr.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if u.DisabledAt != nil {
			return nil
		}
		return s.sendToken(ctx, tx, u, model.PurposeReset)
	})
}

// ResetPassword consumes a reset token and sets a new password. It ends every session of the user and,
// since the mail reached the user, marks the address verified.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	return s.st.Tx(ctx, func(tx *store.Store) error {
		u, err := s.useToken(ctx, tx, model.PurposeReset, token)
		if err != nil {
			return err
		}
		ve := &apperr.ValidationError{}
		checkPassword(ve, "password", password, u.Email, u.DisplayName)
		if err := ve.OrNil(); err != nil {
			return err
		}
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		now := s.now()
		u.PasswordHash, u.UpdatedAt = hash, now
		if u.EmailVerifiedAt == nil {
			u.EmailVerifiedAt = &now
		}
		if err := s.revokeAll(ctx, tx, u, now, revokedPassword); err != nil {
			return err
		}
		return tx.Users().Update(ctx, u, "password_hash", "email_verified_at", "tokens_valid_after")
	})
}

// useToken marks a mailed token used and returns its user; a token that is unknown, expired, used or
// belongs to a disabled user is a validation error on the field token.
func (s *Service) useToken(ctx context.Context, tx *store.Store, purpose, token string) (*model.User, error) {
	if token == "" || len(token) > 128 {
		return nil, errInvalidEmailToken
	}
	ets := tx.EmailTokens()
	et, err := ets.ByHash(ctx, purpose, auth.HashToken(token))
	if errors.Is(err, apperr.ErrNotFound) {
		return nil, errInvalidEmailToken
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if et.UsedAt != nil || !now.Before(et.ExpiresAt) {
		return nil, errInvalidEmailToken
	}
	won, err := ets.MarkUsed(ctx, et.ID, now)
	if err != nil {
		return nil, err
	}
	if !won {
		return nil, errInvalidEmailToken
	}
	u, err := tx.Users().ByID(ctx, et.UserID)
	if err != nil {
		return nil, err
	}
	if u.DisabledAt != nil {
		return nil, errInvalidEmailToken
	}
	return u, nil
}

// mailBudget spends one mail to email under Options.MailAccount and reports whether it may be sent.
func (s *Service) mailBudget(ctx context.Context, email string) (bool, error) {
	if s.opts.MailAccount.Name == "" {
		return true, nil // not configured (tools and tests)
	}
	err := s.opts.Limiter.Take(ctx, s.opts.MailAccount, email)
	var rl *apperr.RateLimited
	if errors.As(err, &rl) {
		return false, nil
	}
	return err == nil, err
}

// sendToken invalidates earlier tokens of purpose, stores a new one and queues its mail in tx.
func (s *Service) sendToken(ctx context.Context, tx *store.Store, u *model.User, purpose string) error {
	now := s.now()
	ets := tx.EmailTokens()
	if err := ets.InvalidateUser(ctx, u.ID, purpose, now); err != nil {
		return err
	}
	token, hash := auth.NewOpaqueToken()
	ttl, path := VerifyTTL, "/verify-email"
	if purpose == model.PurposeReset {
		ttl, path = ResetTTL, "/reset-password"
	}
	if err := ets.Create(ctx, &model.EmailToken{UserID: u.ID, Purpose: purpose, TokenHash: hash, CreatedAt: now,
		ExpiresAt: now.Add(ttl)}); err != nil {
		return err
	}
	link := s.opts.PublicURL + path + "?token=" + url.QueryEscape(token)
	// An unverified address may belong to someone else than the person who chose the display name: a
	// mail to it must not carry text that person chose (a phishing line in the greeting).
	name := ""
	if u.EmailVerifiedAt != nil {
		name = u.DisplayName
	}
	subject, body := mailText(purpose, name, link, ttl)
	if err := tx.Mails().Create(ctx, &model.Mail{ToAddr: u.Email, Subject: subject, Body: body, CreatedAt: now}); err != nil {
		return fmt.Errorf("accounts: queue %s mail: %w", purpose, err)
	}
	return nil
}

// mailText is the subject and plain-text body of a mailed link, German first, then English.
func mailText(purpose, name, link string, ttl time.Duration) (subject, body string) {
	var b strings.Builder
	// Display names are user input; strip line breaks so they cannot shape the mail.
	name = strings.NewReplacer("\r", " ", "\n", " ").Replace(name)
	if name == "" {
		b.WriteString("Hallo,\n\n")
	} else {
		fmt.Fprintf(&b, "Hallo %s,\n\n", name)
	}
	if purpose == model.PurposeReset {
		subject = "Digitalrat: Passwort zurücksetzen / Reset your password"
		fmt.Fprintf(&b, "mit diesem Link setzen Sie Ihr Passwort zurück (gültig %d Minuten):\n%s\n\n", int(ttl.Minutes()), link)
		fmt.Fprintf(&b, "Use this link to reset your password (valid for %d minutes):\n%s\n\n", int(ttl.Minutes()), link)
		b.WriteString("Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.\n" +
			"If you did not ask for this, ignore this message.\n")
		return subject, b.String()
	}
	subject = "Digitalrat: E-Mail-Adresse bestätigen / Confirm your email address"
	fmt.Fprintf(&b, "bitte bestätigen Sie Ihre E-Mail-Adresse (Link gültig %d Stunden):\n%s\n\n", int(ttl.Hours()), link)
	fmt.Fprintf(&b, "Please confirm your email address (link valid for %d hours):\n%s\n", int(ttl.Hours()), link)
	return subject, b.String()
}

// MailsTo lists the newest outbox mails to an address (test-only mail API).
func (s *Service) MailsTo(ctx context.Context, addr string) ([]model.Mail, error) {
	return s.st.Mails().To(ctx, NormalizeEmail(addr), 50)
}
