package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/model"
)

// userResponse is a user as the user themself and admins see it.
type userResponse struct {
	ID            string    `json:"id"`
	DisplayName   string    `json:"display_name"`
	Roles         []string  `json:"roles"`
	Email         string    `json:"email"`
	EmailVerified bool      `json:"email_verified"`
	Affiliation   *string   `json:"affiliation"`
	Department    *string   `json:"department"`
	Disabled      bool      `json:"disabled"`
	OparlConsent  bool      `json:"oparl_consent"`
	CreatedAt     time.Time `json:"created_at"`
	// Permissions tell the user themself what they may do beyond single resources (GET /me, login).
	Permissions *access.UserPermissions `json:"permissions,omitempty"`
}

// toSelfResponse is the user as they see themself, with their permissions.
func toSelfResponse(u *model.User) userResponse {
	r := toUserResponse(u)
	p := access.ForUser(u)
	r.Permissions = &p
	return r
}

// toUserResponse is the only conversion into the full user shape.
func toUserResponse(u *model.User) userResponse {
	return userResponse{
		ID: formatID(u.ID), DisplayName: u.DisplayName, Roles: u.RoleList(), Email: u.Email,
		EmailVerified: u.EmailVerifiedAt != nil, Affiliation: optional(u.Affiliation), Department: optional(u.Department),
		Disabled: u.DisabledAt != nil, OparlConsent: u.OparlConsent, CreatedAt: u.CreatedAt.UTC(),
	}
}

// publicUserResponse is a user as everybody sees it (authors of comments, speakers).
type publicUserResponse struct {
	ID          string   `json:"id"`
	DisplayName string   `json:"display_name"`
	Roles       []string `json:"roles"`
}

// toPublicUserResponse is the only conversion into the public user shape.
func toPublicUserResponse(u *model.User) publicUserResponse {
	return publicUserResponse{ID: formatID(u.ID), DisplayName: u.DisplayName, Roles: u.RoleList()}
}

var _ = toPublicUserResponse // for the content endpoints (authors, speakers), which come with projects

// getMe answers the current user.
func (h *Handler) getMe(c *gin.Context) error {
	c.JSON(http.StatusOK, toSelfResponse(currentUser(c)))
	return nil
}

type updateMeRequest struct {
	DisplayName     *string `json:"display_name" validate:"omitnil,max=100"`
	CurrentPassword *string `json:"current_password" validate:"omitnil,max=256"`
	NewPassword     *string `json:"new_password"`
	OparlConsent    *bool   `json:"oparl_consent"`
}

// updateMe changes the display name and/or the password. With a password change it answers a login
// response and a new refresh cookie (every other session has ended); otherwise the user.
func (h *Handler) updateMe(c *gin.Context) error {
	var in updateMeRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, s, err := h.accounts.UpdateMe(c.Request.Context(), currentUser(c), accounts.UpdateMeInput{
		DisplayName: in.DisplayName, CurrentPassword: in.CurrentPassword, NewPassword: in.NewPassword,
		OparlConsent: in.OparlConsent})
	if err != nil {
		return err
	}
	if s != nil {
		h.renderSession(c, s)
		return nil
	}
	c.JSON(http.StatusOK, toSelfResponse(u))
	return nil
}

// listUsers lists users for admins, ?q= searching email and display name.
func (h *Handler) listUsers(c *gin.Context) error {
	p, err := listPage(c)
	if err != nil {
		return err
	}
	users, next, err := h.accounts.ListUsers(c.Request.Context(), c.Query("q"), p)
	if err != nil {
		return err
	}
	items := make([]userResponse, len(users))
	for i := range users {
		items[i] = toUserResponse(&users[i])
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

// getUser answers one user for admins.
func (h *Handler) getUser(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	u, err := h.accounts.User(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toUserResponse(u))
	return nil
}

type updateUserRequest struct {
	Roles       *[]string `json:"roles" validate:"omitnil,max=5,dive,oneof=resident council moderator official admin"`
	Affiliation *string   `json:"affiliation" validate:"omitnil,omitempty,oneof=politics science business civil_society"`
	Department  *string   `json:"department" validate:"omitnil,max=200"`
	Disabled    *bool     `json:"disabled"`
}

// updateUser changes roles, affiliation, department or the disabled flag of a user.
func (h *Handler) updateUser(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in updateUserRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	u, err := h.accounts.UpdateUser(c.Request.Context(), currentUser(c), id, accounts.UpdateUserInput{
		Roles: in.Roles, Affiliation: in.Affiliation, Department: in.Department, Disabled: in.Disabled})
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toUserResponse(u))
	return nil
}

type testMailResponse struct {
	ID        string     `json:"id"`
	To        string     `json:"to"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	CreatedAt time.Time  `json:"created_at"`
	SentAt    *time.Time `json:"sent_at"`
}

// testMails lists the outbox mails to ?to= (registered only with TEST_MAIL_API=true).
func (h *Handler) testMails(c *gin.Context) error {
	ms, err := h.accounts.MailsTo(c.Request.Context(), c.Query("to"))
	if err != nil {
		return err
	}
	items := make([]testMailResponse, len(ms))
	for i, m := range ms {
		items[i] = testMailResponse{ID: formatID(m.ID), To: m.ToAddr, Subject: m.Subject, Body: m.Body,
			CreatedAt: m.CreatedAt.UTC(), SentAt: m.SentAt}
	}
	c.JSON(http.StatusOK, newList(items, ""))
	return nil
}
