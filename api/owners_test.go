package api_test

import (
	"net/http"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

func TestProjectOwners(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	_, admin := e.user("Ada Admin", model.RoleAdmin)
	for _, p := range []struct{ slug, owner string }{
		{"eins", "Bürgeramt"}, {"zwei", "Bürgeramt"}, {"drei", "Amt für Schulen"},
	} {
		in := projectInput(p.slug)
		in["owner_unit"] = p.owner
		e.createProject(admin, in)
	}
	res := e.do(req{method: http.MethodGet, path: "/api/v1/project-owners"})
	if res.Code != 200 {
		t.Fatalf("got %d %s", res.Code, res.Body)
	}
	var out struct {
		Items []struct {
			OwnerUnit string `json:"owner_unit"`
			Projects  int    `json:"projects"`
		}
	}
	res.JSON(t, &out)
	if len(out.Items) != 2 || out.Items[0].OwnerUnit != "Amt für Schulen" || out.Items[0].Projects != 1 ||
		out.Items[1].OwnerUnit != "Bürgeramt" || out.Items[1].Projects != 2 {
		t.Fatalf("owners: %+v", out.Items)
	}
}
