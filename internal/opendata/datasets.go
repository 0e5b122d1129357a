package opendata

import (
	"context"
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/evaluations"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// id renders an id as the opaque string clients see everywhere (DESIGN §5).
func id(v int64) string { return strconv.FormatInt(v, 10) }

func idPtr(v *int64) *string {
	if v == nil {
		return nil
	}
	s := id(*v)
	return &s
}

// DeletedAccount is how an erased account appears, as everywhere else in the app.
const DeletedAccount = "Gelöschtes Konto"

func projectsDataset() Dataset {
	return Dataset{Name: "projects", Title: "Digitalisierungsvorhaben",
		Description: "Alle Digitalisierungsvorhaben der Stadt mit Status, verantwortlicher Einheit, Grundsätzen der " +
			"Digitalstrategie, erwarteter Reichweite, Aufwand, Budget, Zeitraum und Zahl der Unterstützungen.",
		Columns: []string{"slug", "title", "summary", "status", "owner_unit", "principles", "expected_reach", "effort",
			"budget_eur", "start_date", "end_date", "lotse_name", "support_count", "created_at", "updated_at"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportProjects, func(p *model.Project) int64 { return p.ID },
				func(batch []model.Project) error {
					for _, p := range batch {
						// The Lotse's e-mail address stays on the project page: the open data carries no addresses.
						if err := emit(Row{p.Slug, p.Title, p.Summary, p.Status, p.OwnerUnit, p.PrincipleList(), p.ExpectedReach,
							p.Effort, p.BudgetEUR, p.StartDate, p.EndDate, p.LotseName, p.SupportCount, p.CreatedAt, p.UpdatedAt}); err != nil {
							return err
						}
					}
					return nil
				})
		}}
}

func commentsDataset() Dataset {
	return Dataset{Name: "comments", Title: "Beiträge und amtliche Antworten",
		Description: "Veröffentlichte Kommentare, Fragen, amtliche Antworten der Verwaltung und Beschlüsse des " +
			"Digitalrats zu den Vorhaben. Personen erscheinen nur mit ihrem Anzeigenamen; ausgeblendete, " +
			"wartende, entfernte und von ihren Verfasserinnen und Verfassern gelöschte Beiträge sind nicht enthalten.",
		Columns: []string{"id", "project_slug", "document_id", "document_version", "block_id", "parent_id", "kind",
			"channel", "stance", "author", "submitter_name", "department", "body", "up", "down", "reply_count",
			"created_at", "edited_at"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportComments, func(c *store.OpenComment) int64 { return c.ID },
				func(batch []store.OpenComment) error {
					for i := range batch {
						c := &batch[i]
						author := DeletedAccount
						if c.AuthorName != nil {
							author = *c.AuthorName
						}
						var submitter *string
						if c.Channel != "online" { // analogue contributions: the submitter's name or "anonym"
							submitter = &c.SubmitterName
						}
						if err := emit(Row{id(c.ID), c.ProjectSlug, idPtr(c.DocumentID), c.DocumentVersion, c.BlockID, idPtr(c.ParentID),
							c.Kind, c.Channel, c.Stance, author, submitter, c.Department, c.Body, c.UpCount, c.DownCount,
							c.ReplyCount, c.CreatedAt, c.EditedAt}); err != nil {
							return err
						}
					}
					return nil
				})
		}}
}

func pollsDataset() Dataset {
	return Dataset{Name: "polls", Title: "Ergebnisse der Abstimmungen",
		Description: "Ergebnisse der Abstimmungen zu Vorhaben und zu Tagesordnungspunkten öffentlicher Sitzungen, " +
			"eine Zeile je Antwortmöglichkeit. Nur Abstimmungen, deren Ergebnis öffentlich ist; geheime Stimmen " +
			"erscheinen nur als Summe, namentliche Abstimmungen des Digitalrats mit den Namen der Mitglieder.",
		Columns: []string{"poll_id", "project_slug", "session_id", "agenda_item", "question", "kind", "audience",
			"secrecy", "state", "opened_at", "closed_at", "total_ballots", "eligible", "option_position", "option",
			"votes", "voters"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportPolls, func(p *store.OpenPoll) int64 { return p.ID },
				func(batch []store.OpenPoll) error {
					ids := make([]int64, len(batch))
					for i := range batch {
						ids[i] = batch[i].ID
					}
					opts, err := st.Polls().Options(ctx, ids)
					if err != nil {
						return err
					}
					for i := range batch {
						p := &batch[i]
						voters, err := namedVoters(ctx, st, &p.Poll)
						if err != nil {
							return err
						}
						for _, o := range opts[p.ID] {
							var names any // null: a secret poll, whose ballots name nobody
							if voters != nil {
								list := voters[o.ID]
								if list == nil {
									list = []string{}
								}
								names = list
							}
							if err := emit(Row{id(p.ID), p.ProjectSlug, idPtr(p.SessionID), p.ItemTitle, p.Question, p.Kind, p.Audience,
								p.Secrecy, p.State, p.OpenedAt, p.ClosedAt, p.BallotCount, p.EligibleCount, o.Position,
								o.Label, o.VoteCount, names}); err != nil {
								return err
							}
						}
					}
					return nil
				})
		}}
}

// namedVoters are the display names by option of a named council poll (the Digitalrat's votes are
// public record); nil for every other poll, whose ballots are secret and not even stored.
func namedVoters(ctx context.Context, st *store.Store, p *model.Poll) (map[int64][]string, error) {
	if p.Secrecy != model.PollNamed || p.Audience != model.PollCouncil {
		return nil, nil
	}
	rows, err := st.Polls().NamedVotes(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	out := map[int64][]string{}
	for _, r := range rows {
		name := DeletedAccount
		if r.DisplayName != nil {
			name = *r.DisplayName
		}
		out[r.OptionID] = append(out[r.OptionID], name)
	}
	return out, nil
}

func evaluationsDataset() Dataset {
	return Dataset{Name: "evaluations", Title: "Ergebnisse der Bewertungsrunden",
		Description: "Bewertungen der Vorhaben (1 bis 5) je Bewertungsrunde, Kriterium und Gruppe – Öffentlichkeit " +
			"und Digitalrat getrennt – als Anzahl, Mittelwert, Median und Verteilung. Keine Einzelbewertungen.",
		Columns: []string{"cycle_id", "cycle_title", "opens_at", "closes_at", "project_slug", "criterion", "group",
			"count", "mean", "median", "score_1", "score_2", "score_3", "score_4", "score_5"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			cycles, err := st.Evaluations().Cycles(ctx)
			if err != nil {
				return err
			}
			for i := range cycles {
				if err := evaluationRows(ctx, st, &cycles[i], emit); err != nil {
					return err
				}
			}
			return nil
		}}
}

// evaluationRows emits the aggregates of one cycle: the database returns at most five rows per project,
// criterion, group and affiliation, so a cycle is small whatever the number of evaluations.
func evaluationRows(ctx context.Context, st *store.Store, c *model.EvaluationCycle, emit func(Row) error) error {
	projects, err := st.Evaluations().CycleProjects(ctx, c)
	if err != nil {
		return err
	}
	counts, err := st.Evaluations().ScoreCounts(ctx, c.ID, 0, "")
	if err != nil {
		return err
	}
	type key struct {
		project   int64
		criterion string
		group     string
	}
	dist := map[key]*[5]int64{}
	for _, r := range counts {
		if r.Score < 1 || r.Score > 5 {
			continue
		}
		k := key{r.ProjectID, r.Criterion, r.Grp}
		if dist[k] == nil {
			dist[k] = &[5]int64{}
		}
		dist[k][r.Score-1] += r.N
	}
	for _, p := range projects {
		for _, criterion := range strings.Split(c.Criteria, ",") {
			for _, g := range []string{model.GroupPublic, model.GroupCouncil} {
				var d [5]int64
				if x := dist[key{p.ID, criterion, g}]; x != nil {
					d = *x
				}
				s := evaluations.StatsOf(d)
				if err := emit(Row{id(c.ID), c.Title, c.OpensAt, c.ClosesAt, p.Slug, criterion, g, s.Count,
					evaluations.Round2(s.Mean), s.Median, d[0], d[1], d[2], d[3], d[4]}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func sessionsDataset() Dataset {
	return Dataset{Name: "sessions", Title: "Öffentliche Sitzungen des Digitalrats",
		Description: "Öffentliche Sitzungen des Digitalrats mit Zeit, Ort, Stand und den Titeln der " +
			"Tagesordnungspunkte. Nichtöffentliche Sitzungen sind nicht enthalten.",
		Columns: []string{"id", "title", "description", "starts_at", "location", "online_url", "state", "started_at",
			"closed_at", "agenda_items"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportSessions, func(s *model.Session) int64 { return s.ID },
				func(batch []model.Session) error {
					ids := make([]int64, len(batch))
					for i := range batch {
						ids[i] = batch[i].ID
					}
					titles, err := st.OpenData().AgendaTitles(ctx, ids)
					if err != nil {
						return err
					}
					for _, s := range batch {
						items := titles[s.ID]
						if items == nil {
							items = []string{}
						}
						if err := emit(Row{id(s.ID), s.Title, s.Description, s.StartsAt, s.Location, s.OnlineURL, s.State,
							s.StartedAt, s.ClosedAt, items}); err != nil {
							return err
						}
					}
					return nil
				})
		}}
}
