package access

import "github.com/digitalrat/digitalrat/internal/model"

// Badge is a public role of an author, shown next to the name: a Digitalrat member with their
// affiliation, an official with their department, a moderator. Residents and admins get none.
type Badge struct {
	Role        string  `json:"role"`        // council, official or moderator
	Affiliation *string `json:"affiliation"` // council: politics, science, business, civil_society
	Department  *string `json:"department"`  // official: the department
}

// Badges lists the public roles of a user in a fixed order: council, official, moderator.
func Badges(roles model.RoleSet, affiliation, department string) []Badge {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := []Badge{}
	if roles.Has(model.RoleCouncil) {
		out = append(out, Badge{Role: string(model.RoleCouncil), Affiliation: opt(affiliation)})
	}
	if roles.Has(model.RoleOfficial) {
		out = append(out, Badge{Role: string(model.RoleOfficial), Department: opt(department)})
	}
	if roles.Has(model.RoleModerator) {
		out = append(out, Badge{Role: string(model.RoleModerator)})
	}
	return out
}
