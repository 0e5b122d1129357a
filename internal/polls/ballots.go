package polls

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Vote casts u's ballot. It starts by counting the ballot on the open poll's row (0 rows: 409
// poll_not_open), which serialises it with the close; then records that u voted (unique: 409
// already_voted, everything rolls back) and moves the chosen options' counters. Named council polls
// also record who chose what; secret polls nothing more.
func (s *Service) Vote(ctx context.Context, u *model.User, id int64, choices []string) (*View, error) {
	t, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	p := t.poll
	if !access.InPollAudience(u, p.Audience) {
		return nil, errNotEligible
	}
	if p.State != model.PollOpen {
		return nil, errNotOpen
	}
	opts, err := s.st.Polls().Options(ctx, []int64{p.ID})
	if err != nil {
		return nil, err
	}
	chosen, err := validateChoices(choices, opts[p.ID], p.MaxChoices)
	if err != nil {
		return nil, err
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		st := tx.Polls()
		ok, err := st.CountBallot(ctx, p.ID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotOpen
		}
		if p.Audience == model.PollCouncil {
			in, err := st.IsEligible(ctx, p.ID, u.ID)
			if err != nil {
				return err
			}
			if !in {
				return errNotEligible
			}
		}
		if err := st.AddVoter(ctx, p.ID, u.ID); err != nil {
			if store.IsDuplicate(err) {
				return errAlreadyVoted
			}
			return err
		}
		if p.Secrecy == model.PollNamed {
			if err := st.AddNamedBallot(ctx, p.ID, u.ID, chosen); err != nil {
				return err
			}
		}
		n, err := st.CountChoices(ctx, p.ID, chosen)
		if err != nil {
			return err
		}
		if n != int64(len(chosen)) {
			return apperr.Invalid("choices", "unknown", "must be options of this poll")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if p.Results == model.PollResultsLive {
		s.tally.poke(p.ID)
	}
	return s.Get(ctx, u, id)
}

func validateChoices(choices []string, opts []model.PollOption, maxChoices int) ([]int64, error) {
	invalid := func(code, msg string) error { return apperr.Invalid("choices", code, msg) }
	if len(choices) == 0 {
		return nil, invalid("required", "must name at least one option")
	}
	if len(choices) > maxChoices {
		return nil, invalid("max", fmt.Sprintf("must name at most %d options", maxChoices))
	}
	out := make([]int64, 0, len(choices))
	for _, c := range choices {
		id, err := strconv.ParseInt(c, 10, 64)
		if err != nil || !slices.ContainsFunc(opts, func(o model.PollOption) bool { return o.ID == id }) {
			return nil, invalid("unknown", "must be options of this poll")
		}
		if slices.Contains(out, id) {
			return nil, invalid("unique", "must not repeat an option")
		}
		out = append(out, id)
	}
	return out, nil
}
