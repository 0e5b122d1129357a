package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

// TestProjectManageKPIsPermission: the project tells who may manage its KPIs, as the KPI endpoints decide.
func TestProjectManageKPIsPermission(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tokens := map[string]string{"anonymous": ""}
	_, tokens["admin"] = e.user("Ada Admin", model.RoleAdmin)
	_, tokens["official"] = e.user("Olga Official", model.RoleOfficial) // Bürgeramt owns the project
	tokens["official other"] = e.otherUser("other.official@example.org", true, "Umweltamt", model.RoleOfficial)
	_, tokens["moderator"] = e.user("Mona Moderator", model.RoleModerator)
	_, tokens["resident"] = e.user("Rita Resident")
	slug := e.createProject(tokens["admin"], projectInput("kpi-rechte")).Slug
	for actor, want := range map[string]bool{"anonymous": false, "resident": false, "moderator": false,
		"official other": false, "official": true, "admin": true} {
		t.Run(actor, func(t *testing.T) {
			var p struct {
				Permissions map[string]bool `json:"permissions"`
			}
			e.do(req{method: http.MethodGet, path: "/api/v1/projects/" + slug, token: tokens[actor]}).JSON(t, &p)
			if got, ok := p.Permissions["manage_kpis"]; !ok || got != want {
				t.Fatalf("manage_kpis = %v (present %v), want %v", got, ok, want)
			}
			// and the server agrees
			res := e.do(req{method: http.MethodPost, path: "/api/v1/projects/" + slug + "/kpis", token: tokens[actor],
				body: kpiInput("Rechte " + actor)})
			if (res.Code == http.StatusCreated) != want {
				t.Fatalf("create kpi: %d %s", res.Code, res.Body)
			}
		})
	}
}
