package evaluations

import (
	"context"
	"math"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// MinAffiliationCount is the number of evaluations an affiliation of the council needs before its own
// figures are shown; smaller groups are reported as "fewer than 3", so that no member's scores can be
// singled out.
const MinAffiliationCount = 3

// Stats are the figures of one group on one criterion. Mean and Median are nil for an empty group.
type Stats struct {
	Count        int64
	Sum          int64
	Mean         *float64
	Median       *float64
	Distribution [5]int64 // how many gave 1, 2, 3, 4, 5
}

// StatsOf derives count, mean and median from a distribution of scores 1–5. The median of an even count
// is the mean of the two middle values.
func StatsOf(dist [5]int64) Stats {
	st := Stats{Distribution: dist}
	for i, n := range dist {
		st.Count += n
		st.Sum += int64(i+1) * n
	}
	if st.Count == 0 {
		return st
	}
	mean := float64(st.Sum) / float64(st.Count)
	st.Mean = &mean
	at := func(k int64) int { // the score at 0-based position k in sorted order
		for i, n := range dist {
			if k < n {
				return i + 1
			}
			k -= n
		}
		return 5
	}
	median := float64(at((st.Count-1)/2)+at(st.Count/2)) / 2
	st.Median = &median
	return st
}

// Diverges reports whether the means of two groups both exist and differ by 1.0 or more; compared exactly
// in integers (|Σa·nb − Σb·na| ≥ na·nb), so that a difference of exactly 1.0 is never lost to rounding.
func Diverges(a, b Stats) bool {
	if a.Count == 0 || b.Count == 0 {
		return false
	}
	d := a.Sum*b.Count - b.Sum*a.Count
	if d < 0 {
		d = -d
	}
	return d >= a.Count*b.Count
}

// AffiliationStats are the figures of one affiliation of the council, or only FewerThan3.
type AffiliationStats struct {
	Affiliation string
	FewerThan3  bool
	Stats       Stats // zero when FewerThan3
}

// CriterionResult are the results of one criterion: the public and the council side by side.
type CriterionResult struct {
	Criterion    string
	Public       Stats
	Council      Stats
	Affiliations []AffiliationStats // the council by affiliation, in the order of model.Affiliations
	Divergence   bool
	// Previous are the means of the project in the previous cycle (nil without one).
	Previous *PreviousMeans
}

// PreviousMeans are the public and council means of a criterion in the previous cycle.
type PreviousMeans struct {
	Public  *float64
	Council *float64
}

// ProjectResults are the results of one project in a cycle.
type ProjectResults struct {
	Cycle         Cycle
	Project       *model.Project
	Criteria      []CriterionResult
	PreviousCycle *model.EvaluationCycle // the latest cycle that closed before this one opened
}

// dists are the distributions of one project, by criterion, group and affiliation ("" for the whole group).
type dists map[string]map[string]map[string]*[5]int64

func collect(rows []store.ScoreCount) map[int64]dists {
	out := map[int64]dists{}
	for _, r := range rows {
		if r.Score < 1 || r.Score > 5 {
			continue
		}
		d := out[r.ProjectID]
		if d == nil {
			d = dists{}
			out[r.ProjectID] = d
		}
		if d[r.Criterion] == nil {
			d[r.Criterion] = map[string]map[string]*[5]int64{}
		}
		g := d[r.Criterion][r.Grp]
		if g == nil {
			g = map[string]*[5]int64{"": {}}
			d[r.Criterion][r.Grp] = g
		}
		g[""][r.Score-1] += r.N
		if r.Affiliation != "" {
			if g[r.Affiliation] == nil {
				g[r.Affiliation] = &[5]int64{}
			}
			g[r.Affiliation][r.Score-1] += r.N
		}
	}
	return out
}

func (d dists) stats(criterion, grp, affiliation string) Stats {
	if dist := d[criterion][grp][affiliation]; dist != nil {
		return StatsOf(*dist)
	}
	return StatsOf([5]int64{})
}

// criterionResult computes the results of one criterion from the distributions of a project.
func criterionResult(d dists, criterion string) CriterionResult {
	r := CriterionResult{Criterion: criterion, Public: d.stats(criterion, model.GroupPublic, ""),
		Council: d.stats(criterion, model.GroupCouncil, "")}
	r.Divergence = Diverges(r.Public, r.Council)
	for _, a := range model.Affiliations {
		st := d.stats(criterion, model.GroupCouncil, a)
		if st.Count < MinAffiliationCount {
			r.Affiliations = append(r.Affiliations, AffiliationStats{Affiliation: a, FewerThan3: true})
			continue
		}
		r.Affiliations = append(r.Affiliations, AffiliationStats{Affiliation: a, Stats: st})
	}
	return r
}

// ProjectResults computes the results of a project in a cycle. Anyone may read them: they are
// aggregates only.
func (s *Service) ProjectResults(ctx context.Context, cycleID int64, slug string) (*ProjectResults, error) {
	c, p, err := s.cycleProject(ctx, s.st, cycleID, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.st.Evaluations().ScoreCounts(ctx, c.ID, p.ID, "")
	if err != nil {
		return nil, err
	}
	d := collect(rows)[p.ID]
	prev, err := s.st.Evaluations().PreviousCycle(ctx, c.OpensAt)
	if err != nil {
		return nil, err
	}
	var prevD dists
	if prev != nil {
		prevRows, err := s.st.Evaluations().ScoreCounts(ctx, prev.ID, p.ID, "")
		if err != nil {
			return nil, err
		}
		prevD = collect(prevRows)[p.ID]
	}
	view := s.view(c, nil)
	out := &ProjectResults{Cycle: view, Project: p, PreviousCycle: prev}
	for _, criterion := range view.CriteriaList {
		r := criterionResult(d, criterion)
		if prev != nil {
			r.Previous = &PreviousMeans{Public: prevD.stats(criterion, model.GroupPublic, "").Mean,
				Council: prevD.stats(criterion, model.GroupCouncil, "").Mean}
		}
		out.Criteria = append(out.Criteria, r)
	}
	return out, nil
}

// OverallResult is the overall result of one project in a cycle.
type OverallResult struct {
	Project    model.Project
	Public     Stats
	Council    Stats
	Divergence bool
}

// CycleResults lists the overall results (criterion "overall") of every project of a cycle, by title.
func (s *Service) CycleResults(ctx context.Context, cycleID int64) (*Cycle, []OverallResult, error) {
	c, err := s.st.Evaluations().CycleByID(ctx, cycleID)
	if err != nil {
		return nil, nil, err
	}
	projects, err := s.st.Evaluations().CycleProjects(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	rows, err := s.st.Evaluations().ScoreCounts(ctx, c.ID, 0, model.CriterionOverall)
	if err != nil {
		return nil, nil, err
	}
	byProject := collect(rows)
	out := make([]OverallResult, len(projects))
	for i := range projects {
		d := byProject[projects[i].ID]
		r := OverallResult{Project: projects[i], Public: d.stats(model.CriterionOverall, model.GroupPublic, ""),
			Council: d.stats(model.CriterionOverall, model.GroupCouncil, "")}
		r.Divergence = Diverges(r.Public, r.Council)
		out[i] = r
	}
	view := s.view(c, nil)
	return &view, out, nil
}

// Round2 rounds a mean for display (two decimals); nil stays nil.
func Round2(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*100) / 100
	return &r
}
