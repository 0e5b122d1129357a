package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// DemoCycleTitle is the title of the demo evaluation cycle.
const DemoCycleTitle = "Evaluation 2026–2029"

// Evaluators are further demo accounts (password as the others) whose evaluations fill the demo cycle:
// residents for the public side, council members of two affiliations for the Digitalrat's (politics with
// three members shows its own figures, business with one is "fewer than 3"). The five demo accounts of
// Accounts evaluate nothing, so they can be tried out on a fresh database.
var Evaluators = []Account{
	{Email: "julia.schmidt@example.org", DisplayName: "Julia Schmidt"},
	{Email: "tom.krause@example.org", DisplayName: "Tom Krause"},
	{Email: "mia.wolf@example.org", DisplayName: "Mia Wolf"},
	{Email: "rat.politik1@example.org", DisplayName: "Sabine Meier", Roles: []string{model.RoleCouncil}, Affiliation: "politics"},
	{Email: "rat.politik2@example.org", DisplayName: "Uwe Franke", Roles: []string{model.RoleCouncil}, Affiliation: "politics"},
	{Email: "rat.politik3@example.org", DisplayName: "Leyla Aydin", Roles: []string{model.RoleCouncil}, Affiliation: "politics"},
	{Email: "rat.wirtschaft@example.org", DisplayName: "Frank Seidel", Roles: []string{model.RoleCouncil}, Affiliation: "business"},
}

// demoScores are the overall scores of the evaluators (in the order of Evaluators) per project; the other
// criteria are derived from them, so the demo shows agreement, spread and one divergence.
var demoScores = map[string][]int{
	"online-terminvergabe-buergerbuero": {5, 4, 4, 4, 5, 4, 3},
	"once-only-meldewesen":              {3, 4, 3, 5, 5, 4, 5}, // the council sees more in it: divergence
	"ki-assistenz-buergertelefon":       {2, 3, 2, 3, 2, 3, 3},
	"schul-wlan":                        {5, 5, 4, 4, 4, 5, 4},
}

// SeedEvaluations opens the demo evaluation cycle "Evaluation 2026–2029" (all projects, the default
// criteria) with the evaluations of Evaluators. It does nothing when the cycle exists.
func SeedEvaluations(ctx context.Context, st *store.Store, acc *accounts.Service, password string) error {
	if _, err := st.Evaluations().CycleByTitle(ctx, DemoCycleTitle); err == nil {
		return nil
	} else if !errors.Is(err, apperr.ErrNotFound) {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	c := &model.EvaluationCycle{Title: DemoCycleTitle, OpensAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		ClosesAt: time.Date(2029, 12, 31, 23, 0, 0, 0, time.UTC), AllProjects: true, CreatedAt: now}
	for i, cr := range model.EvaluationCriteria {
		if i > 0 {
			c.Criteria += ","
		}
		c.Criteria += cr
	}
	users := make([]*model.User, len(Evaluators))
	for i, a := range Evaluators {
		u, err := acc.CreateUser(ctx, accounts.CreateUserInput{Email: a.Email, DisplayName: a.DisplayName,
			Password: password, Roles: a.Roles, Affiliation: a.Affiliation, Verified: true})
		if err != nil {
			return fmt.Errorf("demo: create %s: %w", a.Email, err)
		}
		users[i] = u
	}
	return st.Tx(ctx, func(tx *store.Store) error {
		// The evaluating council members agreed to appear in the OParl feed (/oparl/v1/persons); the
		// demo's main council account has not, so it can try the switch on /konto.
		for _, u := range users {
			if u.HasRole(model.RoleCouncil) {
				u.OparlConsent = true
				if err := tx.Users().Update(ctx, u, "oparl_consent"); err != nil {
					return fmt.Errorf("demo: oparl consent of %s: %w", u.Email, err)
				}
			}
		}
		if err := tx.Evaluations().CreateCycle(ctx, c, nil); err != nil {
			return err
		}
		for slug, overall := range demoScores {
			p, err := tx.Projects().BySlug(ctx, slug)
			if err != nil {
				return fmt.Errorf("demo: evaluation of %s: %w", slug, err)
			}
			for i, u := range users {
				grp, aff := model.GroupPublic, ""
				if u.HasRole(model.RoleCouncil) {
					grp, aff = model.GroupCouncil, u.Affiliation
				}
				scores := map[string]int{}
				for j, cr := range model.EvaluationCriteria {
					scores[cr] = min(5, max(1, overall[i]+(i+j)%3-1))
				}
				scores[model.CriterionOverall] = overall[i]
				ev := &model.Evaluation{CycleID: c.ID, ProjectID: p.ID, UserID: u.ID, Grp: grp, Affiliation: aff,
					CreatedAt: now, UpdatedAt: now}
				if err := tx.Evaluations().Upsert(ctx, ev, scores); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
