package demo

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/projects"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Account is one demo account.
type Account struct {
	Email       string
	DisplayName string
	Roles       []string
	Department  string
	Affiliation string
}

// Accounts are the demo accounts, one per role.
var Accounts = []Account{
	{Email: "admin@example.org", DisplayName: "Katrin Vogel", Roles: []string{model.RoleAdmin}},
	{Email: "moderator@example.org", DisplayName: "Jonas Richter", Roles: []string{model.RoleModerator}},
	{Email: "official@example.org", DisplayName: "Petra Lehmann", Roles: []string{model.RoleOfficial}, Department: "Bürgeramt"},
	{Email: "council@example.org", DisplayName: "Prof. Dr. Martin Schubert", Roles: []string{model.RoleCouncil}, Affiliation: "science"},
	{Email: "resident@example.org", DisplayName: "Lea Hoffmann"},
}

// Seed fills an empty database with the demo accounts, projects and documents. It does nothing when any
// user exists, so it never touches a database in use. Everything goes through the services, so the
// history, block ids and events are the ones real use would produce.
func Seed(ctx context.Context, st *store.Store, acc *accounts.Service, prj *projects.Service, password string, log *slog.Logger) error {
	users, err := st.Users().Count(ctx)
	if err != nil {
		return fmt.Errorf("demo: count users: %w", err)
	}
	if users > 0 {
		log.Info("demo data skipped: the database already has users")
		return nil
	}
	content, err := Load()
	if err != nil {
		return err
	}
	byEmail := map[string]*model.User{}
	for _, a := range Accounts {
		u, err := acc.CreateUser(ctx, accounts.CreateUserInput{Email: a.Email, DisplayName: a.DisplayName,
			Password: password, Roles: a.Roles, Department: a.Department, Affiliation: a.Affiliation, Verified: true})
		if err != nil {
			return fmt.Errorf("demo: create %s: %w", a.Email, err)
		}
		byEmail[a.Email] = u
	}
	admin, official := byEmail["admin@example.org"], byEmail["official@example.org"]

	for _, p := range content {
		// Projects of the official's department are maintained by the official, the others by the admin.
		author := admin
		if p.OwnerUnit == official.Department {
			author = official
		}
		if err := seedProject(ctx, prj, author, p); err != nil {
			return err
		}
	}

	if err := SeedEvaluations(ctx, st, acc, password); err != nil {
		return err
	}

	shown := "the value of DEMO_PASSWORD"
	if password == config.DefaultDemoPassword {
		shown = password
	}
	for _, a := range Accounts {
		log.Info("demo account", "email", a.Email, "name", a.DisplayName, "roles", model.JoinRoles(append([]string{model.RoleResident}, a.Roles...)))
	}
	log.Info("demo data created", "projects", len(content), "accounts", len(Accounts), "password", shown)
	return nil
}

// seedProject creates one project and its documents, each document with all its versions. Further demo
// data of a project (comments, KPIs, polls) is to be seeded by further steps here, after the documents.
func seedProject(ctx context.Context, prj *projects.Service, author *model.User, p Project) error {
	_, err := prj.Create(ctx, author, projects.Input{
		Slug: p.Slug, Title: p.Title, Summary: p.Summary, Description: p.Description, PlainSummary: p.PlainSummary,
		Status: p.Status, OwnerUnit: p.OwnerUnit, Principles: p.Principles, ExpectedReach: p.ExpectedReach,
		Effort: p.Effort, BudgetEUR: p.BudgetEUR, StartDate: p.StartDate, EndDate: p.EndDate,
		LotseName: p.Lotse.Name, LotseEmail: p.Lotse.Email, CommentsOpen: true, PreModeration: p.PreModeration,
	})
	if err != nil {
		return fmt.Errorf("demo: project %s: %w", p.Slug, err)
	}
	for _, d := range p.Documents {
		first := d.Versions[0]
		doc, err := prj.CreateDocument(ctx, author, p.Slug, projects.DocumentInput{Kind: d.Kind, Title: d.Title,
			Markdown: first.Markdown, ChangeNote: first.Note})
		if err != nil {
			return fmt.Errorf("demo: document %s/%s: %w", p.Slug, d.Title, err)
		}
		version := doc.Document.Version
		for i, v := range d.Versions[1:] {
			next, err := prj.AddVersion(ctx, author, doc.Document.ID, version, projects.VersionInput{
				Markdown: v.Markdown, ChangeNote: v.Note})
			if err != nil {
				return fmt.Errorf("demo: version %d of %s/%s: %w", i+2, p.Slug, d.Title, err)
			}
			version = next.Document.Version
		}
	}
	return nil
}
