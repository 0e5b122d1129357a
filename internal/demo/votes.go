package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/polls"
	"github.com/digitalrat/digitalrat/internal/store"
	"github.com/digitalrat/digitalrat/internal/supports"
)

// seedVotes adds supports on several projects, an open public poll with a few ballots, an open council
// poll and a closed named council poll with its result, all through the services. It is idempotent: a
// project that has polls already gets none, and supports are idempotent anyway.
func seedVotes(ctx context.Context, st *store.Store, users map[string]*model.User, content []Project) error {
	if len(content) == 0 {
		return nil
	}
	now := func() time.Time { return time.Now().UTC() }
	sup, pol := supports.New(st, now), polls.New(st, now)
	defer pol.Flush()
	u := func(name string) *model.User { return users[name] }
	// Supports: the first project by everyone but the resident (who supports it in the browser tests), the
	// next ones by fewer people.
	for i, p := range content {
		if i > 3 {
			break
		}
		for j, name := range []string{"admin", "moderator", "official", "council"} {
			if j >= 4-i {
				break
			}
			if err := sup.Support(ctx, u(name), p.Slug); err != nil {
				return fmt.Errorf("demo: support %s: %w", p.Slug, err)
			}
		}
	}
	slug := content[0].Slug
	existing, _, err := pol.List(ctx, u("admin"), polls.Subject{Type: "project", Slug: slug}, store.Page{Limit: 1})
	if err != nil || len(existing) > 0 {
		return err
	}
	admin := u("admin")
	create := func(in polls.Input) (*polls.View, error) {
		in.Subject = polls.Subject{Type: "project", Slug: slug}
		v, err := pol.Create(ctx, admin, in)
		if err != nil {
			return nil, fmt.Errorf("demo: poll %q: %w", in.Question, err)
		}
		return pol.Open(ctx, admin, v.Poll.ID)
	}
	vote := func(v *polls.View, name string, option int) error {
		_, err := pol.Vote(ctx, u(name), v.Poll.ID, []string{strconv.FormatInt(v.Options[option].ID, 10)})
		return err
	}
	public, err := create(polls.Input{Question: "Welche Funktion soll zuerst kommen?", Kind: model.PollSingleChoice,
		Options: []string{"Termine online buchen", "Anträge digital einreichen", "Bescheide im Postfach"}, Audience: model.PollPublic})
	if err != nil {
		return err
	}
	for i, name := range []string{"admin", "moderator", "official"} {
		if err := vote(public, name, i%2); err != nil {
			return err
		}
	}
	if _, err := create(polls.Input{Question: "Empfiehlt der Digitalrat, das Vorhaben zu priorisieren?",
		Kind: model.PollYesNoAbstain, Audience: model.PollCouncil, Secrecy: model.PollSecret}); err != nil {
		return err
	}
	named, err := create(polls.Input{Question: "Stimmt der Digitalrat dem Konzept zu?", Kind: model.PollYesNoAbstain,
		Audience: model.PollCouncil, Secrecy: model.PollNamed})
	if err != nil {
		return err
	}
	if err := vote(named, "council", 0); err != nil {
		return err
	}
	_, err = pol.Close(ctx, admin, named.Poll.ID)
	return err
}
