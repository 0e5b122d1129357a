package evaluations

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Formula is the priority score as text; README ("Prioritisation") explains it.
const Formula = store.PriorityFormula

// PriorityItem is one project of the prioritisation.
type PriorityItem struct {
	store.PriorityRow
	Ease           int      // 6 − effort
	PublicOverall  *float64 // the public's mean of "overall" in the cycle
	CouncilOverall *float64 // the council's
}

// Prioritisation lists every project with reach, ease, supports, the overall means of the cycle and the
// priority score, highest score first. cycleID 0 takes the latest cycle that has opened (open or closed);
// the cycle is nil when there is none.
func (s *Service) Prioritisation(ctx context.Context, cycleID int64) (*model.EvaluationCycle, []PriorityItem, error) {
	ev := s.st.Evaluations()
	var c *model.EvaluationCycle
	if cycleID == 0 {
		id, err := ev.CurrentCycleID(ctx, s.now())
		if err != nil {
			return nil, nil, err
		}
		cycleID = id
	}
	var byProject map[int64]dists
	if cycleID != 0 {
		var err error
		if c, err = ev.CycleByID(ctx, cycleID); err != nil {
			return nil, nil, err
		}
		rows, err := ev.ScoreCounts(ctx, cycleID, 0, model.CriterionOverall)
		if err != nil {
			return nil, nil, err
		}
		byProject = collect(rows)
	}
	rows, err := s.st.Projects().Priorities(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]PriorityItem, len(rows))
	for i, r := range rows {
		d := byProject[r.ID]
		out[i] = PriorityItem{PriorityRow: r, Ease: 6 - r.Effort,
			PublicOverall:  d.stats(model.CriterionOverall, model.GroupPublic, "").Mean,
			CouncilOverall: d.stats(model.CriterionOverall, model.GroupCouncil, "").Mean}
	}
	return c, out, nil
}
