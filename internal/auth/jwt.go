package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Audience of access tokens.
const Audience = "digitalrat-api"

// ClockLeeway is how far another instance's clock may run ahead: a token whose iat or nbf lies up to this
// far in the future is accepted. Expiry gets no leeway: a token is never used past its exp.
const ClockLeeway = 30 * time.Second

// maxTokenLen bounds the work spent on a presented token: longer strings are rejected before parsing.
const maxTokenLen = 4096

func init() {
	// Issue times carry microseconds, so a token issued right after a password change (in the same second)
	// is newer than the user's tokens_valid_after, while every token issued before it is older.
	jwt.TimePrecision = time.Microsecond
}

// Claims are the claims of an access token.
type Claims struct {
	Roles []string `json:"roles"`
	jwt.RegisteredClaims
}

// Tokens issues and verifies HS256 access tokens.
type Tokens struct {
	secret []byte
	issuer string
	ttl    time.Duration
	now    func() time.Time
}

// NewTokens returns a token issuer; issuer is the public URL of the deployment.
func NewTokens(secret []byte, issuer string, ttl time.Duration, now func() time.Time) *Tokens {
	return &Tokens{secret: secret, issuer: issuer, ttl: ttl, now: now}
}

// TTL is the lifetime of access tokens.
func (t *Tokens) TTL() time.Duration { return t.ttl }

// Issue signs an access token for the user id with the given roles.
func (t *Tokens) Issue(userID int64, roles []string) (string, error) {
	now := t.now()
	jti := make([]byte, 16)
	_, _ = rand.Read(jti)
	claims := Claims{
		Roles: roles,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.issuer,
			Subject:   strconv.FormatInt(userID, 10),
			Audience:  jwt.ClaimStrings{Audience},
			ExpiresAt: jwt.NewNumericDate(now.Add(t.ttl)),
			NotBefore: jwt.NewNumericDate(now),
			IssuedAt:  jwt.NewNumericDate(now),
			ID:        hex.EncodeToString(jti),
		},
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	if err != nil {
		return "", fmt.Errorf("auth: sign: %w", err)
	}
	return s, nil
}

// ErrInvalidToken is returned for every token that is not acceptable; the reason is not disclosed.
var ErrInvalidToken = errors.New("auth: invalid token")

// Verify checks signature, algorithm, expiry, issuer and audience and returns the user id and issue time.
// Issue and not-before times may lie up to ClockLeeway in the future (instances' clocks differ).
func (t *Tokens) Verify(token string) (userID int64, issuedAt time.Time, err error) {
	userID, issuedAt, _, err = t.VerifyExpiry(token)
	return userID, issuedAt, err
}

// VerifyExpiry is Verify that also returns the token's expiry, for holders of long-lived connections (the
// live websocket), which must stop using the token's rights when it passes.
func (t *Tokens) VerifyExpiry(token string) (userID int64, issuedAt, expiresAt time.Time, err error) {
	if len(token) > maxTokenLen {
		return 0, time.Time{}, time.Time{}, ErrInvalidToken
	}
	var claims Claims
	_, err = jwt.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithIssuer(t.issuer),
		jwt.WithAudience(Audience),
		jwt.WithTimeFunc(t.now),
		jwt.WithLeeway(ClockLeeway), // the parser applies one leeway to all three; exp is checked strictly below
	)
	if err != nil || claims.IssuedAt == nil || claims.ExpiresAt == nil || !t.now().Before(claims.ExpiresAt.Time) {
		return 0, time.Time{}, time.Time{}, ErrInvalidToken
	}
	id, err := strconv.ParseInt(claims.Subject, 10, 64)
	if err != nil {
		return 0, time.Time{}, time.Time{}, ErrInvalidToken
	}
	return id, claims.IssuedAt.Time, claims.ExpiresAt.Time, nil
}
