package sessions

import (
	"context"
	"fmt"
	"strings"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// The minutes draft's sections beyond attendance, speakers, notes and decisions: the approved public
// questions (in the header) and the results of the closed council polls (in their agenda item's section,
// so that a confidential item's votes stay out of the public minutes with the rest of the item).

// questionsForMinutes lists the approved questions with their askers and whether they were answered.
func questionsForMinutes(ctx context.Context, st *store.Store, sessionID int64) ([]MinutesExtra, error) {
	rows, err := st.Sessions().Questions(ctx, sessionID, false, 0)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, q := range rows {
		if q.State != model.QuestionApproved {
			continue
		}
		name := "(gelöschtes Konto)"
		if q.DisplayName != nil {
			name = *q.DisplayName
		}
		status := "nicht beantwortet"
		if q.AnsweredAt != nil {
			status = "beantwortet"
		}
		fmt.Fprintf(&b, "- %s: %s (%s)\n", name, oneLine(q.Body), status)
	}
	if b.Len() == 0 {
		return nil, nil
	}
	return []MinutesExtra{{Heading: "Fragen aus der Öffentlichkeit", Body: b.String()}}, nil
}

// pollsForMinutes gives each closed council poll of the session its result in its item's section.
func pollsForMinutes(ctx context.Context, st *store.Store, sessionID int64) ([]MinutesExtra, error) {
	polls, err := st.Polls().ClosedOfSession(ctx, sessionID)
	if err != nil || len(polls) == 0 {
		return nil, err
	}
	ids := make([]int64, len(polls))
	for i, p := range polls {
		ids[i] = p.ID
	}
	options, err := st.Polls().Options(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]MinutesExtra, 0, len(polls))
	for _, p := range polls {
		var b strings.Builder
		counts := make([]string, 0, len(options[p.ID]))
		for _, o := range options[p.ID] {
			counts = append(counts, fmt.Sprintf("%s %d", o.Label, o.VoteCount))
		}
		fmt.Fprintf(&b, "%s  \n%s; %d Stimmen", oneLine(p.Question), strings.Join(counts, ", "), p.BallotCount)
		if p.EligibleCount != nil {
			fmt.Fprintf(&b, " von %d Stimmberechtigten", *p.EligibleCount)
		}
		reached := p.EligibleCount != nil && p.SessionQuorumRequired != nil && *p.EligibleCount >= *p.SessionQuorumRequired &&
			(p.Quorum == nil || p.BallotCount >= int64(*p.Quorum))
		fmt.Fprintf(&b, " (%s).\n", map[bool]string{true: "beschlussfähig", false: "nicht beschlussfähig"}[reached])
		item := p.SubjectID
		out = append(out, MinutesExtra{ItemID: &item, Heading: "Abstimmung", Body: b.String()})
	}
	return out, nil
}

// oneLine keeps a user's text on one Markdown line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
