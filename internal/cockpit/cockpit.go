// Package cockpit computes the Digitalisierungscockpit: the figures of projects, KPIs, participation,
// response times, supports and evaluations in one snapshot, cached until the next event.
package cockpit

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/digitalrat/digitalrat/internal/evaluations"
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/stats"
	"github.com/digitalrat/digitalrat/internal/store"
)

// MostBehindCount and MostSupportedCount bound the two rankings of the cockpit.
const (
	MostBehindCount    = 5
	MostSupportedCount = 5
)

// MaxAge bounds how long a snapshot is served even when nothing announced a change: a few figures follow
// the clock rather than a write (an evaluation cycle opening or closing).
const MaxAge = time.Minute

// FullAge bounds how long the figures are kept up to date from events alone: after it, the next read
// builds everything from all rows again (a safety net for a change that announced nothing).
const FullAge = 10 * time.Minute

// Cockpit is one snapshot of the cockpit's figures.
type Cockpit struct {
	GeneratedAt   time.Time
	EventID       int64 // the newest outbox event the snapshot reflects
	Projects      Projects
	KPIs          KPIs
	Participation Participation
	ResponseTimes ResponseTimes
	MostSupported []model.Project
	Evaluation    *Evaluation // nil before the first cycle opened
}

// Projects counts the projects by status, principle and owner unit.
type Projects struct {
	Total       int
	ByStatus    map[string]int
	ByPrinciple map[string]int
	ByOwner     []store.OwnerCount
}

// KPIs counts the KPIs by status and names those most behind their line.
type KPIs struct {
	Total      int
	ByStatus   map[string]int
	MostBehind []kpis.View
}

// Month is the participation of one month ("YYYY-MM") by channel.
type Month struct {
	Month     string
	Total     int
	ByChannel map[string]int
}

// Participation counts the published comments by channel, overall and per month.
type Participation struct {
	Total     int
	ByChannel map[string]int
	ByMonth   []Month
}

// ResponseTimes are the official response times, overall and per department.
type ResponseTimes struct {
	Overall      stats.ResponseTimes
	ByDepartment []stats.DepartmentResponseTimes
}

// Evaluation are the overall results of the latest cycle that has opened.
type Evaluation struct {
	Cycle   evaluations.Cycle
	Results []evaluations.OverallResult // projects with at least one evaluation
}

// Service builds and caches the cockpit.
type Service struct {
	st    *store.Store
	kpis  *kpis.Service
	evals *evaluations.Service
	now   func() time.Time

	mu     sync.Mutex // one build at a time: concurrent readers of a stale snapshot wait for the same build
	snap   *Cockpit
	parts  Cockpit         // the figures the next snapshot is composed of, updated part by part
	counts *commentFigures // the comment figures per project, which participation and response times sum up
	from   store.Fingerprint
	built  time.Time // on the service's clock: when the parts that follow the clock were built, for MaxAge
	full   time.Time // on the service's clock: when everything was last built from all rows, for FullAge
	read   time.Time // wall time at which the snapshot's fingerprint was read
}

// New returns the cockpit service.
func New(st *store.Store, k *kpis.Service, e *evaluations.Service, now func() time.Time) *Service {
	return &Service{st: st, kpis: k, evals: e, now: now}
}

// Get returns the cockpit. The snapshot is shared by all readers (it holds no per-user data). When the
// outbox has newer events than the snapshot reflects (every announced change writes one, in the change's
// transaction), Get reads their topics and types and rebuilds only the parts they may change — a comment
// event recounts the comments of its project alone (see changes); evaluations, which announce nothing
// live, are noticed by the fingerprint. The parts that follow the clock are rebuilt after MaxAge,
// everything after FullAge. The fingerprint is read before a build, so a change that commits during the
// build makes the next read build again: a snapshot is never staler than the next event.
func (s *Service) Get(ctx context.Context) (*Cockpit, error) {
	asked := time.Now()
	fp, err := s.st.Cockpit().Fingerprint(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	fresh := within(now, s.built, MaxAge)
	// A snapshot whose fingerprint was read after this request began (by a build this request waited for)
	// shows at least everything this request's fingerprint saw.
	if s.snap != nil && fresh && (s.from == fp || !s.read.Before(asked)) {
		return s.snap, nil
	}
	ch := &changes{}
	switch {
	case s.snap == nil || !within(now, s.full, FullAge) || fp.EventID < s.from.EventID:
		ch.all = true
	default:
		ch.clock = !fresh
		ch.evaluation = fp.Cycles != s.from.Cycles || fp.Evaluations != s.from.Evaluations ||
			fp.EvaluationChanged != s.from.EvaluationChanged
		if fp.EventID != s.from.EventID {
			if err := s.classify(ctx, s.from.EventID, fp.EventID, ch); err != nil {
				return nil, err
			}
		}
	}
	if err := s.apply(ctx, ch); err != nil {
		return nil, err
	}
	c := s.parts
	c.GeneratedAt, c.EventID = now.UTC(), fp.EventID
	s.snap, s.from, s.read = &c, fp, asked
	if ch.all || ch.clock {
		s.built = now
	}
	if ch.all {
		s.full = now
	}
	return s.snap, nil
}

// within tells whether now is at most d after at (and not before it: the clock may be set back).
func within(now, at time.Time, d time.Duration) bool { return now.Sub(at) < d && !now.Before(at) }

func zeroes(keys []string) map[string]int {
	m := make(map[string]int, len(keys))
	for _, k := range keys {
		m[k] = 0
	}
	return m
}

func (s *Service) projects(ctx context.Context, c *Cockpit) error {
	c.Projects = Projects{}
	c.Projects.ByStatus = zeroes(model.ProjectStatuses)
	c.Projects.ByPrinciple = zeroes(model.Principles)
	rows, err := s.st.Cockpit().ProjectsByStatus(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		c.Projects.ByStatus[r.Key] += r.N
		c.Projects.Total += r.N
	}
	rows, err = s.st.Cockpit().ProjectsByPrinciple(ctx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		c.Projects.ByPrinciple[r.Key] += r.N
	}
	c.Projects.ByOwner, err = s.st.Projects().Owners(ctx)
	return err
}

func (s *Service) kpiFigures(ctx context.Context, c *Cockpit) error {
	all, err := s.kpis.All(ctx)
	if err != nil {
		return err
	}
	c.KPIs.Total = len(all)
	c.KPIs.ByStatus = zeroes(kpis.Statuses)
	var behind []kpis.View
	for _, v := range all {
		c.KPIs.ByStatus[v.Status]++
		if v.Status == kpis.StatusBehind {
			behind = append(behind, v)
		}
	}
	sort.SliceStable(behind, func(i, j int) bool { return behind[i].Gap() > behind[j].Gap() })
	if len(behind) > MostBehindCount {
		behind = behind[:MostBehindCount]
	}
	c.KPIs.MostBehind = behind
	return nil
}

func (s *Service) supports(ctx context.Context, c *Cockpit) error {
	var err error
	c.MostSupported, err = s.st.Cockpit().MostSupported(ctx, MostSupportedCount)
	return err
}

func (s *Service) evaluation(ctx context.Context, c *Cockpit) error {
	c.Evaluation = nil
	cycles, err := s.evals.Cycles(ctx) // the latest to open first
	if err != nil {
		return err
	}
	for _, cy := range cycles {
		if cy.State == evaluations.StateUpcoming {
			continue
		}
		view, results, err := s.evals.CycleResults(ctx, cy.ID)
		if err != nil {
			return err
		}
		e := &Evaluation{Cycle: *view, Results: []evaluations.OverallResult{}}
		for _, r := range results {
			if r.Public.Count+r.Council.Count > 0 {
				e.Results = append(e.Results, r)
			}
		}
		c.Evaluation = e
		return nil
	}
	return nil
}
