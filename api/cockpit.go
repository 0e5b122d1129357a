package api

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/cockpit"
	"github.com/digitalrat/digitalrat/internal/evaluations"
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/stats"
)

// cockpitKPI is a KPI in the cockpit's ranking: enough to show it and link to it.
type cockpitKPI struct {
	ID               string          `json:"id"`
	Project          projectRef      `json:"project"`
	Name             string          `json:"name"`
	Unit             string          `json:"unit"`
	Direction        string          `json:"direction"`
	Baseline         pointResponse   `json:"baseline"`
	Target           pointResponse   `json:"target"`
	Latest           *latestResponse `json:"latest"`
	Progress         *float64        `json:"progress"`
	ExpectedProgress *float64        `json:"expected_progress"`
	Status           string          `json:"status"`
}

func toCockpitKPI(v *kpis.View) cockpitKPI {
	r := cockpitKPI{ID: formatID(v.ID), Project: projectRef{Slug: v.ProjectSlug, Title: v.ProjectTitle}, Name: v.Name,
		Unit: v.Unit, Direction: v.Direction, Baseline: pointResponse{Value: v.BaselineValue, Date: v.BaselineDate},
		Target: pointResponse{Value: v.TargetValue, Date: v.TargetDate}, Progress: round1(v.Progress),
		ExpectedProgress: round1(v.ExpectedProgress), Status: v.Status}
	if l := v.Latest; l != nil {
		r.Latest = &latestResponse{MeasurementID: formatID(l.MeasurementID), Value: l.Value, MeasuredAt: l.MeasuredAt}
	}
	return r
}

type cockpitProjects struct {
	Total       int             `json:"total"`
	ByStatus    map[string]int  `json:"by_status"`
	ByPrinciple map[string]int  `json:"by_principle"`
	ByOwner     []ownerResponse `json:"by_owner"`
}

type cockpitKPIs struct {
	Total      int            `json:"total"`
	ByStatus   map[string]int `json:"by_status"`
	MostBehind []cockpitKPI   `json:"most_behind"`
}

type cockpitMonth struct {
	Month     string         `json:"month"`
	Total     int            `json:"total"`
	ByChannel map[string]int `json:"by_channel"`
}

type cockpitParticipation struct {
	Total     int            `json:"total"`
	ByChannel map[string]int `json:"by_channel"`
	ByMonth   []cockpitMonth `json:"by_month"`
}

type cockpitResponseTimes struct {
	Overall      stats.ResponseTimes             `json:"overall"`
	ByDepartment []stats.DepartmentResponseTimes `json:"by_department"`
}

type cockpitSupported struct {
	Slug         string `json:"slug"`
	Title        string `json:"title"`
	OwnerUnit    string `json:"owner_unit"`
	SupportCount int64  `json:"support_count"`
}

type cockpitCycle struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	State    string    `json:"state"`
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
}

type cockpitEvaluation struct {
	Cycle   cockpitCycle      `json:"cycle"`
	Results []overallResponse `json:"results"`
}

// cockpitResponse is GET /cockpit.
type cockpitResponse struct {
	GeneratedAt   time.Time            `json:"generated_at"`
	EventID       int64                `json:"event_id"`
	Projects      cockpitProjects      `json:"projects"`
	KPIs          cockpitKPIs          `json:"kpis"`
	Participation cockpitParticipation `json:"participation"`
	ResponseTimes cockpitResponseTimes `json:"response_times"`
	MostSupported []cockpitSupported   `json:"most_supported"`
	Evaluation    *cockpitEvaluation   `json:"evaluation"`
}

func toCockpitResponse(c *cockpit.Cockpit) cockpitResponse {
	r := cockpitResponse{GeneratedAt: c.GeneratedAt.UTC(), EventID: c.EventID,
		Projects: cockpitProjects{Total: c.Projects.Total, ByStatus: c.Projects.ByStatus, ByPrinciple: c.Projects.ByPrinciple,
			ByOwner: make([]ownerResponse, len(c.Projects.ByOwner))},
		KPIs: cockpitKPIs{Total: c.KPIs.Total, ByStatus: c.KPIs.ByStatus, MostBehind: make([]cockpitKPI, len(c.KPIs.MostBehind))},
		Participation: cockpitParticipation{Total: c.Participation.Total, ByChannel: c.Participation.ByChannel,
			ByMonth: make([]cockpitMonth, len(c.Participation.ByMonth))},
		ResponseTimes: cockpitResponseTimes{Overall: c.ResponseTimes.Overall, ByDepartment: c.ResponseTimes.ByDepartment},
		MostSupported: make([]cockpitSupported, len(c.MostSupported)),
	}
	if r.ResponseTimes.ByDepartment == nil {
		r.ResponseTimes.ByDepartment = []stats.DepartmentResponseTimes{}
	}
	for i, o := range c.Projects.ByOwner {
		r.Projects.ByOwner[i] = ownerResponse{OwnerUnit: o.OwnerUnit, Projects: o.Projects}
	}
	for i := range c.KPIs.MostBehind {
		r.KPIs.MostBehind[i] = toCockpitKPI(&c.KPIs.MostBehind[i])
	}
	for i, m := range c.Participation.ByMonth {
		r.Participation.ByMonth[i] = cockpitMonth{Month: m.Month, Total: m.Total, ByChannel: m.ByChannel}
	}
	for i, p := range c.MostSupported {
		r.MostSupported[i] = cockpitSupported{Slug: p.Slug, Title: p.Title, OwnerUnit: p.OwnerUnit, SupportCount: p.SupportCount}
	}
	if e := c.Evaluation; e != nil {
		ev := &cockpitEvaluation{Cycle: cockpitCycle{ID: formatID(e.Cycle.ID), Title: e.Cycle.Title, State: e.Cycle.State,
			OpensAt: e.Cycle.OpensAt.UTC(), ClosesAt: e.Cycle.ClosesAt.UTC()}, Results: make([]overallResponse, len(e.Results))}
		for i, res := range e.Results {
			ev.Results[i] = overallResponse{Project: projectRef{Slug: res.Project.Slug, Title: res.Project.Title},
				Public: toStats(res.Public), Council: toStats(res.Council), Divergence: evaluations.Diverges(res.Public, res.Council)}
		}
		r.Evaluation = ev
	}
	return r
}

// cockpitBody keeps the rendered JSON of the latest snapshot: the cockpit holds nothing per user, so every
// reader of one snapshot gets the same bytes, marshalled once.
type cockpitBody struct {
	mu   sync.Mutex
	snap *cockpit.Cockpit
	body []byte
}

func (b *cockpitBody) of(c *cockpit.Cockpit) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.snap == c {
		return b.body, nil
	}
	body, err := json.Marshal(toCockpitResponse(c))
	if err != nil {
		return nil, err
	}
	b.snap, b.body = c, body
	return body, nil
}

func (h *Handler) getCockpit(c *gin.Context) error {
	snap, err := h.cockpit.Get(c.Request.Context())
	if err != nil {
		return err
	}
	body, err := h.cockpitBody.of(snap)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	return nil
}
