package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/model"
)

func TestRequireVerified(t *testing.T) {
	t.Parallel()
	h := &Handler{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	now := time.Now()
	tests := []struct {
		name     string
		user     *model.User
		want     int
		wantCode string
	}{
		{"anonymous", nil, 401, "unauthenticated"},
		{"unverified", &model.User{ID: 1, Roles: model.NewRoleSet(model.RoleResident)}, 403, "email_unverified"},
		{"verified", &model.User{ID: 1, Roles: model.NewRoleSet(model.RoleResident), EmailVerifiedAt: &now}, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			c, r := gin.CreateTestContext(rec)
			r.GET("/x", func(c *gin.Context) {
				if tc.user != nil {
					c.Set(ctxUser, tc.user)
				}
				c.Next()
			}, h.require(access.Verified), func(c *gin.Context) { c.Status(http.StatusOK) })
			c.Request = httptest.NewRequest(http.MethodGet, "/x", nil)
			r.HandleContext(c)
			if rec.Code != tc.want {
				t.Fatalf("got %d, want %d", rec.Code, tc.want)
			}
			if tc.wantCode != "" && !strings.Contains(rec.Body.String(), `"code":"`+tc.wantCode+`"`) {
				t.Fatalf("body %s lacks code %s", rec.Body, tc.wantCode)
			}
		})
	}
}
