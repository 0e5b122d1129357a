package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/polls"
	"github.com/digitalrat/digitalrat/internal/sessions"
	"github.com/digitalrat/digitalrat/internal/store"
)

// seedSessions adds three sessions of the Digitalrat through the services: a past public session (closed)
// with its agenda, attendance, a speech, an approved and answered public question and a named council
// poll on an agenda item; a scheduled public session with an agenda of three items (one linked to a demo
// project) and a pending question; and a scheduled non-public session. It is idempotent: a database that
// has sessions already gets none.
func seedSessions(ctx context.Context, st *store.Store, users map[string]*model.User, content []Project) error {
	existing, _, err := st.Sessions().List(ctx, store.SessionsAll, true, store.Page{Limit: 1})
	if err != nil || len(existing) > 0 || len(content) < 2 {
		return err
	}
	clk := &clock{}
	ses, pol := sessions.New(st, clk.now), polls.New(st, clk.now)
	defer pol.Flush()
	mod, council := users["moderator"], users["council"]
	day := 24 * time.Hour
	today := time.Now().UTC().Truncate(day)
	at := func(d time.Duration) *time.Time { t := today.Add(d); return &t }
	wrap := func(what string, err error) error { return fmt.Errorf("demo: %s: %w", what, err) }

	// The past session: it ran two weeks ago from 17:00.
	clk.t = today.Add(-15 * day)
	past, err := ses.Create(ctx, mod, sessions.Input{Title: "5. Sitzung des Digitalrats", StartsAt: at(-14*day + 17*time.Hour),
		Location: "Rathaus, Plenarsaal", Visibility: model.SessionPublic,
		Description: "Öffentliche Sitzung mit Bericht der Verwaltung und Beschluss zur Priorisierung."})
	if err != nil {
		return wrap("past session", err)
	}
	id := past.Session.ID
	report, err := ses.AddItem(ctx, mod, id, sessions.ItemInput{Title: "Bericht der Verwaltung", ProjectSlug: content[0].Slug,
		Description: "Stand des Vorhabens und Rückmeldungen aus der Beteiligung."})
	if err != nil {
		return wrap("past item", err)
	}
	prio, err := ses.AddItem(ctx, mod, id, sessions.ItemInput{Title: "Priorisierung der Vorhaben 2027",
		Description: "Empfehlung des Digitalrats an den Stadtrat."})
	if err != nil {
		return wrap("past item", err)
	}
	step := func(d time.Duration) { clk.t = today.Add(-14*day + 17*time.Hour + d) }
	step(0)
	if _, err := ses.Start(ctx, mod, id); err != nil {
		return wrap("start past session", err)
	}
	if _, err := ses.CheckIn(ctx, council, id, nil); err != nil {
		return wrap("check in", err)
	}
	for _, email := range []string{"rat.politik1@example.org", "rat.politik2@example.org", "rat.wirtschaft@example.org"} {
		m, err := st.Users().ByEmail(ctx, email)
		if err != nil {
			continue // the evaluators are seeded separately; the session does without them
		}
		if _, err := ses.CheckIn(ctx, mod, id, &m.ID); err != nil {
			return wrap("mark present", err)
		}
	}
	step(5 * time.Minute)
	if _, err := ses.Activate(ctx, mod, id, report.Item.ID); err != nil {
		return wrap("activate", err)
	}
	if _, err := ses.Request(ctx, council, id, report.Item.ID, model.SpeechNormal); err != nil {
		return wrap("request speech", err)
	}
	step(8 * time.Minute)
	if _, err := ses.Next(ctx, mod, id, report.Item.ID, nil); err != nil {
		return wrap("next speaker", err)
	}
	step(11 * time.Minute)
	if _, err := ses.End(ctx, mod, id, report.Item.ID); err != nil {
		return wrap("end speech", err)
	}
	q, err := ses.Ask(ctx, users["anna.becker"], id, "Wird es das Bürgerportal auch in Leichter Sprache geben?")
	if err != nil {
		return wrap("question", err)
	}
	step(15 * time.Minute)
	if _, err := ses.ApproveQuestion(ctx, mod, id, q.ID); err != nil {
		return wrap("approve question", err)
	}
	step(20 * time.Minute)
	if _, err := ses.AnswerQuestion(ctx, mod, id, q.ID); err != nil {
		return wrap("answer question", err)
	}
	step(30 * time.Minute)
	if _, err := ses.Activate(ctx, mod, id, prio.Item.ID); err != nil {
		return wrap("activate", err)
	}
	step(40 * time.Minute)
	poll, err := pol.Create(ctx, mod, polls.Input{Subject: polls.Subject{Type: polls.SubjectAgendaItem, ID: prio.Item.ID},
		Question: "Empfiehlt der Digitalrat die Priorisierung wie vorgelegt?", Kind: model.PollYesNoAbstain,
		Audience: model.PollCouncil, Secrecy: model.PollNamed})
	if err != nil {
		return wrap("session poll", err)
	}
	if poll, err = pol.Open(ctx, mod, poll.Poll.ID); err != nil {
		return wrap("open session poll", err)
	}
	step(42 * time.Minute)
	if _, err := pol.Vote(ctx, council, poll.Poll.ID, []string{strconv.FormatInt(poll.Options[0].ID, 10)}); err != nil {
		return wrap("vote", err)
	}
	step(45 * time.Minute)
	if _, err := pol.Close(ctx, mod, poll.Poll.ID); err != nil {
		return wrap("close session poll", err)
	}
	step(90 * time.Minute)
	if _, err := ses.Close(ctx, mod, id); err != nil {
		return wrap("close past session", err)
	}
	// Its minutes, generated from what happened, are published.
	step(24 * time.Hour)
	if _, err := ses.Publish(ctx, mod, id); err != nil {
		return wrap("publish minutes", err)
	}

	// The next public session, in two weeks, with its agenda.
	clk.t = today.Add(-2 * day)
	next, err := ses.Create(ctx, mod, sessions.Input{Title: "6. Sitzung des Digitalrats", StartsAt: at(14*day + 17*time.Hour),
		Location: "Rathaus, Plenarsaal", OnlineURL: "https://stream.example.org/digitalrat", Visibility: model.SessionPublic,
		Description: "Öffentliche Sitzung. Fragen aus der Bürgerschaft können vorab gestellt werden."})
	if err != nil {
		return wrap("next session", err)
	}
	for _, it := range []sessions.ItemInput{
		{Title: "Begrüßung und Feststellung der Beschlussfähigkeit"},
		{Title: "Stellungnahme zum Vorhaben", ProjectSlug: content[1].Slug,
			Description: "Der Digitalrat berät die Beteiligungsergebnisse und beschließt eine Stellungnahme."},
		{Title: "Verschiedenes"},
	} {
		if _, err := ses.AddItem(ctx, mod, next.Session.ID, it); err != nil {
			return wrap("next item", err)
		}
	}
	if _, err := ses.Ask(ctx, users["mehmet.yilmaz"], next.Session.ID, "Wie werden die Kommentare aus der Beteiligung berücksichtigt?"); err != nil {
		return wrap("pending question", err)
	}

	// A non-public session: only council, moderators, officials and admins see it.
	hidden, err := ses.Create(ctx, mod, sessions.Input{Title: "Klausurtagung des Digitalrats", StartsAt: at(21*day + 10*time.Hour),
		Location: "Stadtbibliothek, Seminarraum 2", Visibility: model.SessionNonPublic,
		Description: "Nichtöffentliche Klausur zur Arbeitsplanung."})
	if err != nil {
		return wrap("non-public session", err)
	}
	for _, it := range []sessions.ItemInput{
		{Title: "Arbeitsplanung 2027"},
		{Title: "Personalangelegenheiten", Confidential: true, Description: "Vertraulich."},
	} {
		if _, err := ses.AddItem(ctx, mod, hidden.Session.ID, it); err != nil {
			return wrap("non-public item", err)
		}
	}
	return nil
}
