package polls

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// OptionCount is an option with its number of ballots.
type OptionCount struct {
	ID    int64
	Label string
	Count int64
}

// Vote is who chose what in a named council poll (DisplayName nil: a deleted account).
type Vote struct {
	DisplayName *string
	Choices     []int64
}

// Results are the counts of a poll.
type Results struct {
	PollID       int64
	State        string
	Options      []OptionCount
	TotalBallots int64
	Eligible     *int
	Quorum       *int
	// SessionQuorumRequired: agenda item polls, the members present the session's quorum required at the
	// opening; QuorumReached then also needs Eligible (the members present then) to reach it.
	SessionQuorumRequired *int
	QuorumReached         bool
	Votes                 []Vote // named council polls only; nil for secret polls (nothing is stored)
}

// Results returns the counts of a poll. With results after_close nobody — admins included — gets them
// before the close: 409 results_after_close (and no poll.tally events are written).
func (s *Service) Results(ctx context.Context, u *model.User, id int64) (*Results, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	p := t.poll
	if p.Results == model.PollResultsClosed && p.State != model.PollClosed {
		return nil, errResultsHidden
	}
	opts, err := s.st.Polls().Options(ctx, []int64{p.ID})
	if err != nil {
		return nil, err
	}
	r := &Results{PollID: p.ID, State: p.State, TotalBallots: p.BallotCount, Eligible: p.EligibleCount, Quorum: p.Quorum,
		SessionQuorumRequired: p.SessionQuorumRequired,
		QuorumReached: (p.Quorum == nil || p.BallotCount >= int64(*p.Quorum)) &&
			(p.SessionQuorumRequired == nil || (p.EligibleCount != nil && *p.EligibleCount >= *p.SessionQuorumRequired))}
	for _, o := range opts[p.ID] {
		r.Options = append(r.Options, OptionCount{ID: o.ID, Label: o.Label, Count: o.VoteCount})
	}
	if p.Secrecy == model.PollNamed && p.Audience == model.PollCouncil {
		rows, err := s.st.Polls().NamedVotes(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		r.Votes = []Vote{}
		for i, row := range rows {
			if i > 0 && sameVoter(rows[i-1], row) {
				last := &r.Votes[len(r.Votes)-1]
				last.Choices = append(last.Choices, row.OptionID)
				continue
			}
			r.Votes = append(r.Votes, Vote{DisplayName: row.DisplayName, Choices: []int64{row.OptionID}})
		}
	}
	return r, nil
}

func sameVoter(a, b store.NamedVote) bool {
	return a.UserID != nil && b.UserID != nil && *a.UserID == *b.UserID
}

// countsData is the data of poll.tally and poll.closed.
type countsData struct {
	PollID       string        `json:"poll_id"`
	State        string        `json:"state"`
	TotalBallots int64         `json:"total_ballots"`
	Options      []optionCount `json:"options"`
}

type optionCount struct {
	ID    string `json:"id"`
	Count int64  `json:"count"`
}

func (s *Service) counts(ctx context.Context, tx *store.Store, id int64, state string) (*countsData, error) {
	p, err := tx.Polls().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	opts, err := tx.Polls().Options(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	d := &countsData{PollID: formatID(id), State: state, TotalBallots: p.BallotCount, Options: []optionCount{}}
	for _, o := range opts[id] {
		d.Options = append(d.Options, optionCount{ID: formatID(o.ID), Count: o.VoteCount})
	}
	return d, nil
}

// writeTally appends poll.tally with the current counts, if the poll is still open with live results. It
// holds the poll's row lock, so no tally follows the close's poll.closed.
func (s *Service) writeTally(id int64) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.st.Tx(ctx, func(tx *store.Store) error {
		open, err := tx.Polls().LockOpen(ctx, id)
		if err != nil || !open {
			return err
		}
		p, err := tx.Polls().ByID(ctx, id)
		if err != nil {
			return err
		}
		if p.Results != model.PollResultsLive {
			return nil
		}
		t, err := subject(ctx, tx, p.SubjectType, p.SubjectID)
		if err != nil {
			return err
		}
		d, err := s.counts(ctx, tx, id, model.PollOpen)
		if err != nil {
			return err
		}
		return t.appendEvent(tx, EventTally, d)
	})
}
