package demo

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/digitalrat/digitalrat/internal/accounts"
	"github.com/digitalrat/digitalrat/internal/answers"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/config"
	"github.com/digitalrat/digitalrat/internal/contributions"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/moderation"
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

// Accounts are the demo accounts: one per role, and a few more residents who take part in the demo
// discussions.
var Accounts = []Account{
	{Email: "admin@example.org", DisplayName: "Katrin Vogel", Roles: []string{model.RoleAdmin}},
	{Email: "moderator@example.org", DisplayName: "Jonas Richter", Roles: []string{model.RoleModerator}},
	{Email: "official@example.org", DisplayName: "Petra Lehmann", Roles: []string{model.RoleOfficial}, Department: "Bürgeramt"},
	{Email: "council@example.org", DisplayName: "Prof. Dr. Martin Schubert", Roles: []string{model.RoleCouncil}, Affiliation: "science"},
	{Email: "resident@example.org", DisplayName: "Lea Hoffmann"},
	{Email: "anna.becker@example.org", DisplayName: "Anna Becker"},
	{Email: "mehmet.yilmaz@example.org", DisplayName: "Mehmet Yılmaz"},
	{Email: "ursula.krause@example.org", DisplayName: "Ursula Krause"},
	{Email: "tom.neumann@example.org", DisplayName: "Tom Neumann"},
}

// The demo's time line, counted back from the seeding: projects were created two months ago, revised
// five weeks ago, and the discussions (at most 30 days old, see maxAgo) came after the revisions.
const (
	projectsAgo  = 60 * 24 * time.Hour
	revisionsAgo = 35 * 24 * time.Hour
)

// clock is the time of the seeding services: Seed sets it before each step, so that the demo has a
// history instead of everything happening in the same second.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// services are the domain services Seed writes through: the real ones, on the seed's clock and without
// rate limits (a limiter would also spend the budgets of the demo accounts that people then try out).
type services struct {
	projects      *projects.Service
	comments      *comments.Service
	moderation    *moderation.Service
	answers       *answers.Service
	contributions *contributions.Service
}

func newServices(st *store.Store, now func() time.Time) *services {
	mod := moderation.New(st, now, moderation.Options{})
	cs := comments.New(st, now, mod, comments.Options{})
	return &services{projects: projects.New(st, now), comments: cs, moderation: mod,
		answers: answers.New(st, now, cs), contributions: contributions.New(st, now, cs)}
}

// Seed fills an empty database with the demo accounts, projects, documents and discussions. It does
// nothing when any user exists, so it never touches a database in use and a restart adds nothing.
// Everything goes through the services, so the history, block ids, question states, notifications and
// moderation log are the ones real use would produce.
func Seed(ctx context.Context, st *store.Store, acc *accounts.Service, password string, log *slog.Logger) error {
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
	byName := map[string]*model.User{}
	for _, a := range Accounts {
		u, err := acc.CreateUser(ctx, accounts.CreateUserInput{Email: a.Email, DisplayName: a.DisplayName,
			Password: password, Roles: a.Roles, Department: a.Department, Affiliation: a.Affiliation, Verified: true})
		if err != nil {
			return fmt.Errorf("demo: create %s: %w", a.Email, err)
		}
		byName[strings.TrimSuffix(a.Email, "@example.org")] = u
	}
	admin, official := byName["admin"], byName["official"]

	clk := &clock{}
	svc := newServices(st, clk.now)
	start := time.Now().UTC()
	written := 0
	for i, p := range content {
		// Projects of the official's department are maintained by the official, the others by the admin.
		author := admin
		if p.OwnerUnit == official.Department {
			author = official
		}
		offset := time.Duration(i) * 2 * time.Hour
		clk.t = start.Add(-projectsAgo + offset)
		docs, err := seedProject(ctx, svc, clk, author, p, start.Add(-revisionsAgo+offset))
		if err != nil {
			return err
		}
		s := seeder{svc: svc, clk: clk, users: byName, project: p, docs: docs, start: start}
		for _, c := range p.Discussion {
			n, err := s.comment(ctx, c, nil)
			if err != nil {
				return err
			}
			written += n
		}
	}
	if err := seedVotes(ctx, st, byName, content); err != nil {
		return err
	}

	if err := SeedEvaluations(ctx, st, acc, password); err != nil {
		return err
	}
	if err := seedSessions(ctx, st, byName, content); err != nil {
		return err
	}
	if err := seedKPIs(ctx, st, admin, start); err != nil {
		return err
	}

	shown := "the value of DEMO_PASSWORD"
	if password == config.DefaultDemoPassword {
		shown = password
	}
	for _, a := range Accounts {
		log.Info("demo account", "email", a.Email, "name", a.DisplayName, "roles", model.JoinRoles(append([]string{model.RoleResident}, a.Roles...)))
	}
	log.Info("demo data created", "projects", len(content), "comments", written, "accounts", len(Accounts), "password", shown)
	return nil
}

// seedProject creates one project and its documents, each document with all its versions, the first
// versions from clk's time on, the revisions from revised on. It returns the newest version of each
// document by its dir.
func seedProject(ctx context.Context, svc *services, clk *clock, author *model.User, p Project, revised time.Time) (map[string]*projects.DocumentView, error) {
	prj := svc.projects
	_, err := prj.Create(ctx, author, projects.Input{
		Slug: p.Slug, Title: p.Title, Summary: p.Summary, Description: p.Description, PlainSummary: p.PlainSummary,
		Status: p.Status, OwnerUnit: p.OwnerUnit, Principles: p.Principles, ExpectedReach: p.ExpectedReach,
		Effort: p.Effort, BudgetEUR: p.BudgetEUR, StartDate: p.StartDate, EndDate: p.EndDate,
		LotseName: p.Lotse.Name, LotseEmail: p.Lotse.Email, CommentsOpen: true, PreModeration: p.PreModeration,
	})
	if err != nil {
		return nil, fmt.Errorf("demo: project %s: %w", p.Slug, err)
	}
	docs := map[string]*projects.DocumentView{}
	for _, d := range p.Documents {
		clk.t = clk.t.Add(10 * time.Minute)
		first := d.Versions[0]
		doc, err := prj.CreateDocument(ctx, author, p.Slug, projects.DocumentInput{Kind: d.Kind, Title: d.Title,
			Markdown: first.Markdown, ChangeNote: first.Note})
		if err != nil {
			return nil, fmt.Errorf("demo: document %s/%s: %w", p.Slug, d.Title, err)
		}
		for i, v := range d.Versions[1:] {
			at := clk.t
			clk.t = revised.Add(time.Duration(i) * time.Hour)
			next, err := prj.AddVersion(ctx, author, doc.Document.ID, doc.Document.Version, projects.VersionInput{
				Markdown: v.Markdown, ChangeNote: v.Note})
			clk.t = at
			if err != nil {
				return nil, fmt.Errorf("demo: version %d of %s/%s: %w", i+2, p.Slug, d.Title, err)
			}
			doc = next
		}
		docs[d.Dir] = doc
	}
	return docs, nil
}

// seeder writes the discussion of one project.
type seeder struct {
	svc     *services
	clk     *clock
	users   map[string]*model.User
	project Project
	docs    map[string]*projects.DocumentView
	start   time.Time
}

// comment writes c (a reply when parent is set), its votes, its hiding and its replies, each at its
// time; it returns how many comments it wrote.
func (s *seeder) comment(ctx context.Context, c Comment, parent *int64) (int, error) {
	ago, _ := parseAgo(c.Ago) // checked by the loader
	at := s.start.Add(-ago)
	s.clk.t = at
	where := fmt.Sprintf("demo: %s/discussion.yaml: comment of %s %s ago", s.project.Slug, c.By, c.Ago)
	author := s.users[c.By]
	in := comments.CreateInput{ParentID: parent, Body: c.Body, Kind: c.Kind}
	if c.Stance != "" {
		in.Stance = &c.Stance
	}
	if c.Document != "" {
		doc := s.docs[c.Document]
		i := slices.IndexFunc(doc.Blocks, func(b projects.BlockView) bool { return strings.Contains(b.HTML, c.Paragraph) })
		if i < 0 {
			return 0, fmt.Errorf("%s: no paragraph of %s contains %q", where, c.Document, c.Paragraph)
		}
		in.DocumentID, in.Version, in.BlockID = &doc.Document.ID, &doc.Version.Number, &doc.Blocks[i].BlockID
	}
	var n *comments.Node
	var err error
	switch {
	case c.Official:
		n, err = s.svc.answers.Respond(ctx, author, *parent, c.Body)
	case c.Channel != "":
		received, _ := parseAgo(c.Received)
		n, err = s.svc.contributions.Create(ctx, author, s.project.Slug, contributions.Input{CreateInput: in,
			Channel: c.Channel, SubmitterName: c.Submitter, ReceivedAt: at.Add(-received).Format(time.DateOnly)})
	default:
		n, err = s.svc.comments.Create(ctx, author, s.project.Slug, in)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", where, err)
	}
	id, _ := strconv.ParseInt(n.ID, 10, 64)
	s.clk.t = at.Add(20 * time.Minute)
	for _, votes := range []struct {
		value  int
		voters []string
	}{{1, c.Up}, {-1, c.Down}} {
		for _, v := range votes.voters {
			if _, err := s.svc.comments.Vote(ctx, s.users[v], id, votes.value); err != nil {
				return 0, fmt.Errorf("%s: vote of %s: %w", where, v, err)
			}
		}
	}
	if c.Hidden != "" {
		s.clk.t = at.Add(40 * time.Minute)
		if _, err := s.svc.moderation.Moderate(ctx, s.users["moderator"], id, moderation.ModerateInput{
			Action: moderation.ActionHide, Reason: c.Hidden}); err != nil {
			return 0, fmt.Errorf("%s: hide: %w", where, err)
		}
	}
	count := 1
	for _, r := range c.Replies {
		k, err := s.comment(ctx, r, &id)
		if err != nil {
			return 0, err
		}
		count += k
	}
	return count, nil
}
