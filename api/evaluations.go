package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/evaluations"
)

// createCycleRequest is the body of POST /evaluation-cycles. projects absent or null: all projects.
type createCycleRequest struct {
	Title    string    `json:"title" validate:"required,max=200"`
	OpensAt  time.Time `json:"opens_at" validate:"required"`
	ClosesAt time.Time `json:"closes_at" validate:"required"`
	Criteria []string  `json:"criteria" validate:"max=6"`
	Projects *[]string `json:"projects" validate:"omitnil,max=500"`
}

// cycleResponse is an evaluation cycle.
type cycleResponse struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	OpensAt     time.Time `json:"opens_at"`
	ClosesAt    time.Time `json:"closes_at"`
	Criteria    []string  `json:"criteria"`
	AllProjects bool      `json:"all_projects"`
	Projects    []string  `json:"projects"`
	State       string    `json:"state"`
	CreatedAt   time.Time `json:"created_at"`
	// Permissions tell whether the current user may evaluate in the cycle now.
	Permissions cyclePermissions `json:"permissions"`
}

type cyclePermissions struct {
	Evaluate bool `json:"evaluate"`
}

func toCycleResponse(c *gin.Context, cy *evaluations.Cycle) cycleResponse {
	return cycleResponse{ID: formatID(cy.ID), Title: cy.Title, OpensAt: cy.OpensAt.UTC(), ClosesAt: cy.ClosesAt.UTC(),
		Criteria: cy.CriteriaList, AllProjects: cy.AllProjects, Projects: cy.Projects, State: cy.State,
		CreatedAt:   cy.CreatedAt.UTC(),
		Permissions: cyclePermissions{Evaluate: cy.State == evaluations.StateOpen && access.CanEvaluate(currentUser(c))}}
}

func (h *Handler) createCycle(c *gin.Context) error {
	var in createCycleRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ci := evaluations.CycleInput{Title: in.Title, OpensAt: in.OpensAt, ClosesAt: in.ClosesAt, Criteria: in.Criteria}
	if in.Projects != nil {
		ci.Projects = append([]string{}, *in.Projects...)
	}
	cy, err := h.evaluations.CreateCycle(c.Request.Context(), currentUser(c), ci)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, toCycleResponse(c, cy))
	return nil
}

func (h *Handler) listCycles(c *gin.Context) error {
	list, err := h.evaluations.Cycles(c.Request.Context())
	if err != nil {
		return err
	}
	items := make([]cycleResponse, len(list))
	for i := range list {
		items[i] = toCycleResponse(c, &list[i])
	}
	c.JSON(http.StatusOK, newList(items, ""))
	return nil
}

func (h *Handler) getCycle(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	cy, err := h.evaluations.Cycle(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toCycleResponse(c, cy))
	return nil
}

// putEvaluationRequest is the body of PUT …/evaluation.
type putEvaluationRequest struct {
	Scores  map[string]int `json:"scores"`
	Comment string         `json:"comment" validate:"max=2000"`
}

// evaluationResponse is one's own evaluation.
type evaluationResponse struct {
	CycleID     string         `json:"cycle_id"`
	Project     string         `json:"project"`
	Scores      map[string]int `json:"scores"`
	Comment     string         `json:"comment"`
	Group       string         `json:"group"`
	Affiliation *string        `json:"affiliation"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

func toEvaluationResponse(ev *evaluations.Evaluation) evaluationResponse {
	return evaluationResponse{CycleID: formatID(ev.CycleID), Project: ev.Slug, Scores: ev.Scores, Comment: ev.Comment,
		Group: ev.Grp, Affiliation: optional(ev.Affiliation), UpdatedAt: ev.UpdatedAt.UTC()}
}

func (h *Handler) putEvaluation(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in putEvaluationRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	ev, err := h.evaluations.Put(c.Request.Context(), currentUser(c), id, c.Param("slug"), in.Scores, in.Comment)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toEvaluationResponse(ev))
	return nil
}

func (h *Handler) getEvaluation(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	ev, err := h.evaluations.Mine(c.Request.Context(), currentUser(c), id, c.Param("slug"))
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toEvaluationResponse(ev))
	return nil
}

// statsResponse are the figures of one group: mean and median are null for an empty group; an
// affiliation with fewer than 3 evaluations shows only fewer_than_3 (its figures are null).
type statsResponse struct {
	Affiliation  string   `json:"affiliation,omitempty"`
	Count        *int64   `json:"count"`
	Mean         *float64 `json:"mean"`
	Median       *float64 `json:"median"`
	Distribution []int64  `json:"distribution"`
	FewerThan3   bool     `json:"fewer_than_3"`
}

func toStats(s evaluations.Stats) statsResponse {
	n := s.Count
	return statsResponse{Count: &n, Mean: evaluations.Round2(s.Mean), Median: s.Median, Distribution: s.Distribution[:]}
}

type previousResponse struct {
	PublicMean  *float64 `json:"public_mean"`
	CouncilMean *float64 `json:"council_mean"`
}

type criterionResponse struct {
	Criterion           string            `json:"criterion"`
	Public              statsResponse     `json:"public"`
	Council             statsResponse     `json:"council"`
	CouncilAffiliations []statsResponse   `json:"council_affiliations"`
	Divergence          bool              `json:"divergence"`
	Previous            *previousResponse `json:"previous"`
}

type cycleRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

type projectRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

type projectResultsResponse struct {
	Cycle         cycleResponse       `json:"cycle"`
	Project       projectRef          `json:"project"`
	Criteria      []criterionResponse `json:"criteria"`
	PreviousCycle *cycleRef           `json:"previous_cycle"`
}

func (h *Handler) projectResults(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	r, err := h.evaluations.ProjectResults(c.Request.Context(), id, c.Param("slug"))
	if err != nil {
		return err
	}
	out := projectResultsResponse{Cycle: toCycleResponse(c, &r.Cycle), Project: projectRef{Slug: r.Project.Slug, Title: r.Project.Title},
		Criteria: []criterionResponse{}}
	if r.PreviousCycle != nil {
		out.PreviousCycle = &cycleRef{ID: formatID(r.PreviousCycle.ID), Title: r.PreviousCycle.Title}
	}
	for _, cr := range r.Criteria {
		item := criterionResponse{Criterion: cr.Criterion, Public: toStats(cr.Public), Council: toStats(cr.Council),
			Divergence: cr.Divergence, CouncilAffiliations: []statsResponse{}}
		for _, a := range cr.Affiliations {
			if a.FewerThan3 {
				item.CouncilAffiliations = append(item.CouncilAffiliations, statsResponse{Affiliation: a.Affiliation, FewerThan3: true})
				continue
			}
			st := toStats(a.Stats)
			st.Affiliation = a.Affiliation
			item.CouncilAffiliations = append(item.CouncilAffiliations, st)
		}
		if cr.Previous != nil {
			item.Previous = &previousResponse{PublicMean: evaluations.Round2(cr.Previous.Public), CouncilMean: evaluations.Round2(cr.Previous.Council)}
		}
		out.Criteria = append(out.Criteria, item)
	}
	c.JSON(http.StatusOK, out)
	return nil
}

type overallResponse struct {
	Project    projectRef    `json:"project"`
	Public     statsResponse `json:"public"`
	Council    statsResponse `json:"council"`
	Divergence bool          `json:"divergence"`
}

type cycleResultsResponse struct {
	Cycle cycleResponse     `json:"cycle"`
	Items []overallResponse `json:"items"`
}

func (h *Handler) cycleResults(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	cy, list, err := h.evaluations.CycleResults(c.Request.Context(), id)
	if err != nil {
		return err
	}
	out := cycleResultsResponse{Cycle: toCycleResponse(c, cy), Items: make([]overallResponse, len(list))}
	for i, r := range list {
		out.Items[i] = overallResponse{Project: projectRef{Slug: r.Project.Slug, Title: r.Project.Title},
			Public: toStats(r.Public), Council: toStats(r.Council), Divergence: r.Divergence}
	}
	c.JSON(http.StatusOK, out)
	return nil
}

type priorityResponse struct {
	Slug           string   `json:"slug"`
	Title          string   `json:"title"`
	Status         string   `json:"status"`
	Reach          int64    `json:"reach"`
	Effort         int      `json:"effort"`
	Ease           int      `json:"ease"`
	Supports       int64    `json:"supports"`
	PublicOverall  *float64 `json:"public_overall"`
	CouncilOverall *float64 `json:"council_overall"`
	PriorityScore  int64    `json:"priority_score"`
}

type prioritisationResponse struct {
	Items   []priorityResponse `json:"items"`
	Cycle   *cycleRef          `json:"cycle"`
	Formula string             `json:"formula"`
}

func (h *Handler) prioritisation(c *gin.Context) error {
	var cycleID int64
	if s := c.Query("cycle"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return apperr.Invalid("cycle", "invalid", "must be the id of an evaluation cycle")
		}
		cycleID = id
	}
	cy, list, err := h.evaluations.Prioritisation(c.Request.Context(), cycleID)
	if err != nil {
		return err
	}
	out := prioritisationResponse{Items: make([]priorityResponse, len(list)), Formula: evaluations.Formula}
	if cy != nil {
		out.Cycle = &cycleRef{ID: formatID(cy.ID), Title: cy.Title}
	}
	for i, r := range list {
		out.Items[i] = priorityResponse{Slug: r.Slug, Title: r.Title, Status: r.Status, Reach: r.ExpectedReach,
			Effort: r.Effort, Ease: r.Ease, Supports: r.SupportTotal, PublicOverall: evaluations.Round2(r.PublicOverall),
			CouncilOverall: evaluations.Round2(r.CouncilOverall), PriorityScore: r.PriorityTotal}
	}
	c.JSON(http.StatusOK, out)
	return nil
}
