package api

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/apperr"
)

const (
	refreshCookie     = "dr_refresh"
	refreshCookiePath = "/api/v1/auth"
	csrfHeader        = "X-Requested-With"
	csrfHeaderValue   = "digitalrat"
	// securePrefix makes browsers accept the cookie only when set Secure from an https page, so a
	// man-in-the-middle on plain http or a sibling subdomain cannot plant a refresh cookie of their own.
	securePrefix = "__Secure-"
)

var errCSRF = apperr.New(apperr.ErrForbidden, "csrf_header_missing", "The header X-Requested-With: digitalrat is required.")

// checkCSRF guards the endpoints that act on the refresh cookie or create one (login, logout, refresh,
// registration). A cross-site form cannot set a custom header, and a cross-site fetch that sets one needs a
// CORS preflight; a browser's own Origin or Sec-Fetch-Site header proving a same-origin request is also
// accepted. SameSite=Strict does not help with login CSRF, which creates the cookie.
func (h *Handler) checkCSRF(c *gin.Context) error {
	if c.GetHeader(csrfHeader) == csrfHeaderValue || c.GetHeader("Sec-Fetch-Site") == "same-origin" {
		return nil
	}
	if o := c.GetHeader("Origin"); o != "" && strings.EqualFold(o, h.cfg.Origin()) {
		return nil
	}
	return errCSRF
}

// refreshCookieName is the refresh cookie's name: with the __Secure- prefix when the site is served over
// https, where only that name is accepted.
func (h *Handler) refreshCookieName() string {
	if h.cfg.Secure() {
		return securePrefix + refreshCookie
	}
	return refreshCookie
}

type registerRequest struct {
	Email       string `json:"email" validate:"required,max=254"`
	DisplayName string `json:"display_name" validate:"required,max=100"`
	Password    string `json:"password" validate:"required"`
}

// register creates an unverified account and mails the verification link (201 with the user).
func (h *Handler) register(c *gin.Context) error {
	if err := h.checkCSRF(c); err != nil {
		return err
	}
	var in registerRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := h.accounts.Register(c.Request.Context(),
		accounts.RegisterInput{Email: in.Email, DisplayName: in.DisplayName, Password: in.Password}, c.ClientIP())
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toUserResponse(u))
	return nil
}

type loginRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required"`
}

// loginResponse answers login, refresh and a password change.
type loginResponse struct {
	AccessToken string       `json:"access_token"`
	TokenType   string       `json:"token_type"`
	ExpiresIn   int          `json:"expires_in"`
	User        userResponse `json:"user"`
}

// login checks the credentials, sets the refresh cookie and answers the access token.
func (h *Handler) login(c *gin.Context) error {
	if err := h.checkCSRF(c); err != nil {
		return err
	}
	var in loginRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	s, err := h.accounts.Login(c.Request.Context(), in.Email, in.Password, c.ClientIP())
	if err != nil {
		return err
	}
	h.renderSession(c, s)
	return nil
}

// refresh rotates the refresh cookie. The custom header cannot be sent cross-site without a CORS
// preflight, which adds a CSRF defence on top of SameSite=Strict.
func (h *Handler) refresh(c *gin.Context) error {
	if err := h.checkCSRF(c); err != nil {
		return err
	}
	token, _ := c.Cookie(h.refreshCookieName())
	s, err := h.accounts.Refresh(c.Request.Context(), token, c.ClientIP())
	if err != nil {
		if errors.Is(err, apperr.ErrUnauthenticated) {
			h.clearRefreshCookie(c) // the token is dead; a database outage, though, must not log anyone out
		}
		return err
	}
	h.renderSession(c, s)
	return nil
}

// logout revokes the presented refresh token's family and clears the cookie; it always answers 204.
func (h *Handler) logout(c *gin.Context) error {
	if err := h.checkCSRF(c); err != nil {
		return err
	}
	token, _ := c.Cookie(h.refreshCookieName())
	if err := h.accounts.Logout(c.Request.Context(), token); err != nil {
		return err
	}
	h.clearRefreshCookie(c)
	c.Status(http.StatusNoContent)
	return nil
}

type tokenRequest struct {
	Token string `json:"token" validate:"required,max=128"`
}

// verifyEmail consumes a verification token from the mailed link.
func (h *Handler) verifyEmail(c *gin.Context) error {
	var in tokenRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := h.accounts.VerifyEmail(c.Request.Context(), in.Token); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// resendVerification mails a new verification link to the current user (202 also when already verified).
func (h *Handler) resendVerification(c *gin.Context) error {
	if err := h.accounts.ResendVerification(c.Request.Context(), currentUser(c), c.ClientIP()); err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}

type resetRequest struct {
	Email string `json:"email" validate:"required,max=254"`
}

// requestPasswordReset mails a reset link; it answers 202 whether or not the email is registered.
func (h *Handler) requestPasswordReset(c *gin.Context) error {
	var in resetRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := h.accounts.RequestPasswordReset(c.Request.Context(), in.Email, c.ClientIP()); err != nil {
		return err
	}
	c.Status(http.StatusAccepted)
	return nil
}

type resetConfirmRequest struct {
	Token    string `json:"token" validate:"required,max=128"`
	Password string `json:"password" validate:"required"`
}

// resetPassword sets a new password with a mailed token; every session of the user ends.
func (h *Handler) resetPassword(c *gin.Context) error {
	var in resetConfirmRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	if err := h.accounts.ResetPassword(c.Request.Context(), in.Token, in.Password); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

// renderSession sets the refresh cookie and answers the login response.
func (h *Handler) renderSession(c *gin.Context, s *accounts.Session) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: h.refreshCookieName(), Value: s.RefreshToken, Path: refreshCookiePath,
		MaxAge: int(h.accounts.RefreshTTL() / time.Second), HttpOnly: true, Secure: h.cfg.Secure(),
		SameSite: http.SameSiteStrictMode,
	})
	c.JSON(http.StatusOK, toLoginResponse(s))
}

func (h *Handler) clearRefreshCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: h.refreshCookieName(), Value: "", Path: refreshCookiePath, MaxAge: -1, HttpOnly: true, Secure: h.cfg.Secure(),
		SameSite: http.SameSiteStrictMode,
	})
}

func toLoginResponse(s *accounts.Session) loginResponse {
	return loginResponse{AccessToken: s.AccessToken, TokenType: "Bearer", ExpiresIn: int(s.ExpiresIn / time.Second),
		User: toSelfResponse(s.User)}
}
