package accounts

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/auth"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Session is the result of a login, a refresh or a password change: a short-lived access token, the
// opaque refresh token for the cookie, and the user.
type Session struct {
	AccessToken  string
	ExpiresIn    time.Duration
	RefreshToken string
	User         *model.User
}

var (
	errInvalidCredentials = apperr.New(apperr.ErrUnauthenticated, "invalid_credentials", "Email or password is wrong.")
	errInvalidRefresh     = apperr.New(apperr.ErrUnauthenticated, "invalid_refresh_token", "The session has ended; log in again.")
)

// Login checks email and password and opens a new session (a new refresh-token family). Unknown email,
// wrong password and disabled account answer the same error after the same work. Attempts are limited
// per client IP, per email and client IP, and per email.
func (s *Service) Login(ctx context.Context, email, password, ip string) (*Session, error) {
	email = NormalizeEmail(email)
	if err := s.opts.Limiter.Take(ctx, s.opts.LoginAddress, ip); err != nil {
		return nil, err
	}
	// The address is part of the account's key, so that failures elsewhere do not spend the budget of
	// the owner's own client; the larger budget of the account across all addresses still bounds
	// guessing from many addresses. An IP address holds no "|".
	if err := s.opts.Limiter.Take(ctx, s.opts.LoginAccount, ip+"|"+email); err != nil {
		return nil, err
	}
	if err := s.opts.Limiter.Take(ctx, s.opts.LoginAccountAll, email); err != nil {
		return nil, err
	}
	if len(password) > 256 {
		// Bounds the hashing work; no valid password is this long.
		auth.DummyCheck("")
		return nil, errInvalidCredentials
	}
	u, err := s.st.Users().ByEmail(ctx, email)
	if errors.Is(err, apperr.ErrNotFound) {
		auth.DummyCheck(password)
		return nil, errInvalidCredentials
	}
	if err != nil {
		return nil, err
	}
	ok, err := auth.CheckPassword(u.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("accounts: login: %w", err)
	}
	if !ok || u.DisabledAt != nil {
		return nil, errInvalidCredentials
	}
	var sess *Session
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		sess, err = s.newSession(ctx, tx, u, newFamilyID())
		return err
	})
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// Refresh rotates a refresh token: the presented token is marked used and a new one of the same family
// is issued. Presenting a token that was already rotated means it was copied, so the whole family is
// revoked, the legitimate holder included, the event is logged at WARN (user, family, client address)
// and the error is returned.
func (s *Service) Refresh(ctx context.Context, token, ip string) (*Session, error) {
	if token == "" || len(token) > 128 {
		return nil, errInvalidRefresh
	}
	now := s.now()
	var sess *Session
	reused, reusedBy := "", int64(0)
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		rts := tx.RefreshTokens()
		rt, err := rts.ByHash(ctx, auth.HashToken(token))
		if errors.Is(err, apperr.ErrNotFound) {
			return errInvalidRefresh
		}
		if err != nil {
			return err
		}
		if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
			return errInvalidRefresh
		}
		if rt.UsedAt != nil {
			reused, reusedBy = rt.FamilyID, rt.UserID
			return errInvalidRefresh
		}
		won, err := rts.MarkUsed(ctx, rt.ID, now)
		if err != nil {
			return err
		}
		if !won {
			reused, reusedBy = rt.FamilyID, rt.UserID
			return errInvalidRefresh
		}
		u, err := tx.Users().ByID(ctx, rt.UserID)
		if err != nil {
			return err
		}
		if u.DisabledAt != nil || rt.CreatedAt.Before(u.TokensValidAfter) {
			return errInvalidRefresh
		}
		sess, err = s.newSession(ctx, tx, u, rt.FamilyID)
		return err
	})
	if reused != "" {
		// A rotated token came back: it was copied (or a client raced itself). Operators want to see it.
		s.opts.Log.LogAttrs(ctx, slog.LevelWarn, "refresh token reused; session family revoked",
			slog.Int64("user_id", reusedBy), slog.String("family", reused), slog.String("ip", ip))
		// Revoked in its own transaction: the rotation above rolled back, the revocation must stay.
		if rerr := s.st.RefreshTokens().RevokeFamily(ctx, reused, now); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	return sess, nil
}

// Logout revokes the family of the presented refresh token. Unknown tokens are ignored: the client is
// logged out either way.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" || len(token) > 128 {
		return nil
	}
	rts := s.st.RefreshTokens()
	rt, err := rts.ByHash(ctx, auth.HashToken(token))
	if errors.Is(err, apperr.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return rts.RevokeFamily(ctx, rt.FamilyID, s.now())
}

// newSession stores a new refresh token of family for u and signs an access token.
func (s *Service) newSession(ctx context.Context, tx *store.Store, u *model.User, family string) (*Session, error) {
	now := s.now()
	token, hash := auth.NewOpaqueToken()
	rt := &model.RefreshToken{UserID: u.ID, FamilyID: family, TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(s.opts.RefreshTTL)}
	if err := tx.RefreshTokens().Create(ctx, rt); err != nil {
		return nil, err
	}
	access, err := s.IssueAccessToken(u)
	if err != nil {
		return nil, err
	}
	return &Session{AccessToken: access, ExpiresIn: s.tokens.TTL(), RefreshToken: token, User: u}, nil
}

// revokeAll ends every session of u: access tokens issued before now are rejected from now on, every
// refresh token is revoked and open live connections are re-checked (reason goes into the live event).
// Call it inside the transaction of the change that requires it.
func (s *Service) revokeAll(ctx context.Context, tx *store.Store, u *model.User, now time.Time, reason string) error {
	u.TokensValidAfter = now
	if err := tx.RefreshTokens().RevokeUser(ctx, u.ID, now); err != nil {
		return err
	}
	return appendRevoked(tx, u.ID, reason)
}

func newFamilyID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
