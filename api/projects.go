package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/projects"
)

// lotseBody is the Digital-Lotse contact of a project.
type lotseBody struct {
	Name  string `json:"name" validate:"max=200"`
	Email string `json:"email" validate:"omitempty,email,max=254"`
}

// createProjectRequest is the body of POST /projects. Fields a client may not set (id, version,
// priority_score, timestamps) are not part of it and are ignored when sent.
type createProjectRequest struct {
	Slug          string     `json:"slug" validate:"required,min=3,max=60"`
	Title         string     `json:"title" validate:"required,max=200"`
	Summary       string     `json:"summary" validate:"max=1000"`
	Description   string     `json:"description" validate:"max=100000"`
	PlainSummary  string     `json:"plain_summary" validate:"max=5000"`
	Status        string     `json:"status" validate:"required,oneof=idea planned in_progress pilot done paused cancelled"`
	OwnerUnit     string     `json:"owner_unit" validate:"required,max=200"`
	Principles    []string   `json:"principles" validate:"dive,oneof=citizen_centred efficiency inclusion once_only transparency"`
	ExpectedReach int64      `json:"expected_reach" validate:"gte=0,lte=1000000000"`
	Effort        int        `json:"effort" validate:"required,gte=1,lte=5"`
	BudgetEUR     *int64     `json:"budget_eur" validate:"omitnil,gte=0"`
	StartDate     *string    `json:"start_date" validate:"omitnil,omitempty,datetime=2006-01-02"`
	EndDate       *string    `json:"end_date" validate:"omitnil,omitempty,datetime=2006-01-02"`
	Lotse         *lotseBody `json:"lotse"`
	CommentsOpen  *bool      `json:"comments_open"`  // default true
	PreModeration *bool      `json:"pre_moderation"` // absent: PRE_MODERATION_DEFAULT
}

// toInput converts the request; preModeration is the default for an absent pre_moderation.
func (r *createProjectRequest) toInput(preModeration bool) projects.Input {
	in := projects.Input{
		Slug: r.Slug, Title: r.Title, Summary: r.Summary, Description: r.Description, PlainSummary: r.PlainSummary,
		Status: r.Status, OwnerUnit: r.OwnerUnit, Principles: r.Principles, ExpectedReach: r.ExpectedReach,
		Effort: r.Effort, BudgetEUR: r.BudgetEUR, StartDate: deref(r.StartDate), EndDate: deref(r.EndDate),
		CommentsOpen: r.CommentsOpen == nil || *r.CommentsOpen, PreModeration: preModeration,
	}
	if r.PreModeration != nil {
		in.PreModeration = *r.PreModeration
	}
	if r.Lotse != nil {
		in.LotseName, in.LotseEmail = r.Lotse.Name, r.Lotse.Email
	}
	return in
}

// nullable is a JSON field that distinguishes absent (Set false) from null (Value nil).
type nullable[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON is only called when the key is present, null included.
func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

// updateProjectRequest is the body of PATCH /projects/{slug}: absent fields stay unchanged, null clears
// budget_eur, start_date and end_date. The slug is immutable and not part of it.
type updateProjectRequest struct {
	Title         *string          `json:"title" validate:"omitnil,min=1,max=200"`
	Summary       *string          `json:"summary" validate:"omitnil,max=1000"`
	Description   *string          `json:"description" validate:"omitnil,max=100000"`
	PlainSummary  *string          `json:"plain_summary" validate:"omitnil,max=5000"`
	Status        *string          `json:"status" validate:"omitnil,oneof=idea planned in_progress pilot done paused cancelled"`
	OwnerUnit     *string          `json:"owner_unit" validate:"omitnil,min=1,max=200"`
	Principles    *[]string        `json:"principles" validate:"omitnil,dive,oneof=citizen_centred efficiency inclusion once_only transparency"`
	ExpectedReach *int64           `json:"expected_reach" validate:"omitnil,gte=0,lte=1000000000"`
	Effort        *int             `json:"effort" validate:"omitnil,gte=1,lte=5"`
	BudgetEUR     nullable[int64]  `json:"budget_eur"`
	StartDate     nullable[string] `json:"start_date"`
	EndDate       nullable[string] `json:"end_date"`
	Lotse         *lotseBody       `json:"lotse"`
	CommentsOpen  *bool            `json:"comments_open"`
	PreModeration *bool            `json:"pre_moderation"`
}

// Patch converts the request into the domain patch.
func (r *updateProjectRequest) Patch() projects.Patch {
	pt := projects.Patch{
		Title: r.Title, Summary: r.Summary, Description: r.Description, PlainSummary: r.PlainSummary,
		Status: r.Status, OwnerUnit: r.OwnerUnit, Principles: r.Principles, ExpectedReach: r.ExpectedReach,
		Effort: r.Effort, BudgetEUR: projects.Nullable[int64](r.BudgetEUR),
		StartDate: projects.Nullable[string](r.StartDate), EndDate: projects.Nullable[string](r.EndDate),
		CommentsOpen: r.CommentsOpen, PreModeration: r.PreModeration,
	}
	if r.Lotse != nil {
		pt.LotseName, pt.LotseEmail = &r.Lotse.Name, &r.Lotse.Email
	}
	return pt
}

// projectSummaryResponse is a project in a list: everything but the long texts (description, its HTML
// and the plain-language summary), which only the project itself answers.
type projectSummaryResponse struct {
	ID            string     `json:"id"`
	Slug          string     `json:"slug"`
	Title         string     `json:"title"`
	Summary       string     `json:"summary"`
	Status        string     `json:"status"`
	OwnerUnit     string     `json:"owner_unit"`
	Principles    []string   `json:"principles"`
	ExpectedReach int64      `json:"expected_reach"`
	Effort        int        `json:"effort"`
	BudgetEUR     *int64     `json:"budget_eur"`
	StartDate     *string    `json:"start_date"`
	EndDate       *string    `json:"end_date"`
	Lotse         *lotseBody `json:"lotse"`
	CommentsOpen  bool       `json:"comments_open"`
	PreModeration bool       `json:"pre_moderation"`
	Version       int        `json:"version"`
	PriorityScore int64      `json:"priority_score"`
	CommentCount  int        `json:"comment_count"`
	SupportCount  int64      `json:"support_count"`
	SupportedByMe bool       `json:"supported_by_me"` // false for anonymous readers
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
	// Permissions tell what the current user may do with the project.
	Permissions access.ProjectPermissions `json:"permissions"`
}

// projectResponse is a project as clients see it: the summary with the long texts.
type projectResponse struct {
	projectSummaryResponse
	Description     string `json:"description"`
	DescriptionHTML string `json:"description_html"`
	PlainSummary    string `json:"plain_summary"`
}

func toProjectSummaryResponse(u *model.User, p *model.Project, supported bool) projectSummaryResponse {
	r := projectSummaryResponse{
		ID: formatID(p.ID), Slug: p.Slug, Title: p.Title, Summary: p.Summary, Status: p.Status,
		OwnerUnit: p.OwnerUnit, Principles: p.PrincipleList(), ExpectedReach: p.ExpectedReach, Effort: p.Effort,
		BudgetEUR: p.BudgetEUR, StartDate: optional(p.StartDate), EndDate: optional(p.EndDate),
		CommentsOpen: p.CommentsOpen, PreModeration: p.PreModeration, Version: p.Version,
		PriorityScore: p.PriorityTotal, CommentCount: p.CommentCount, SupportCount: p.SupportCount, SupportedByMe: supported, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(),
		Permissions: access.ForProject(u, p.OwnerUnit, p.CommentsOpen),
	}
	if p.LotseName != "" || p.LotseEmail != "" {
		r.Lotse = &lotseBody{Name: p.LotseName, Email: p.LotseEmail}
	}
	return r
}

func toProjectResponse(u *model.User, p *model.Project, supported bool) projectResponse {
	return projectResponse{projectSummaryResponse: toProjectSummaryResponse(u, p, supported),
		Description: p.Description, DescriptionHTML: markdown.Render(p.Description), PlainSummary: p.PlainSummary}
}

// historyResponse is one changed field in the public history of a project.
type historyResponse struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Field     string    `json:"field"`
	OldValue  string    `json:"old_value"`
	NewValue  string    `json:"new_value"`
	ActorName *string   `json:"actor_name"`
	CreatedAt time.Time `json:"created_at"`
}

func toHistoryResponse(r projects.Change) historyResponse {
	return historyResponse{ID: formatID(r.ID), Version: r.Version, Field: r.Field, OldValue: r.OldValue,
		NewValue: r.NewValue, ActorName: r.ActorName, CreatedAt: r.CreatedAt.UTC()}
}

func (h *Handler) listProjects(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	f := projects.ListFilter{Status: c.Query("status"), Principle: c.Query("principle"), Owner: c.Query("owner"),
		Query: strings.TrimSpace(c.Query("q")), Sort: c.Query("sort")}
	lp, err := h.projects.ListCached(c.Request.Context(), f, page, h.renderAnonymousProjects)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u == nil && lp.Body != nil {
		writeCachedPage(c, lp.Body, lp.Gzip, lp.ETag)
		return nil
	}
	ids := make([]int64, len(lp.Projects))
	for i := range lp.Projects {
		ids[i] = lp.Projects[i].ID
	}
	supported, err := h.supports.SupportedBy(c.Request.Context(), u, ids) // one query for the page
	if err != nil {
		return err
	}
	items := make([]projectSummaryResponse, len(lp.Projects)) // no descriptions: the list shows title and summary
	for i := range lp.Projects {
		items[i] = toProjectSummaryResponse(u, &lp.Projects[i], supported[lp.Projects[i].ID])
	}
	return writeJSON(c, http.StatusOK, newList(items, lp.Next))
}

type ownerResponse struct {
	OwnerUnit string `json:"owner_unit"`
	Projects  int    `json:"projects"`
}

// listOwners answers every owner unit with its number of projects.
func (h *Handler) listOwners(c *gin.Context) error {
	owners, err := h.projects.Owners(c.Request.Context())
	if err != nil {
		return err
	}
	items := make([]ownerResponse, len(owners))
	for i, o := range owners {
		items[i] = ownerResponse{OwnerUnit: o.OwnerUnit, Projects: o.Projects}
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
	return nil
}

func (h *Handler) getProject(c *gin.Context) error {
	r, err := h.projectBody(c)
	if err != nil {
		return err
	}
	r.write(c)
	return nil
}

// projectBody is a project as the reader of c gets it: an anonymous reader the page kept by the cache of
// project pages, a signed-in one the project with their support, versioned by the project's version.
func (h *Handler) projectBody(c *gin.Context) (*renderedPage, error) {
	pp, err := h.projects.GetCached(c.Request.Context(), c.Param("slug"), h.renderAnonymousProject)
	if err != nil {
		return nil, err
	}
	u := currentUser(c)
	if u == nil && pp.Body != nil {
		return &renderedPage{Body: pp.Body, Gzip: pp.Gzip, ETag: pp.ETag, cached: true}, nil
	}
	supported, err := h.supports.SupportedBy(c.Request.Context(), u, []int64{pp.Project.ID})
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(toProjectResponse(u, pp.Project, supported[pp.Project.ID]))
	return &renderedPage{Body: body, ETag: versionETag(pp.Project.Version)}, err
}

func (h *Handler) createProject(c *gin.Context) error {
	var in createProjectRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := h.projects.Create(c.Request.Context(), currentUser(c), in.toInput(h.cfg.PreModerationDefault))
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/projects/"+p.Slug)
	return h.renderProject(c, http.StatusCreated, p)
}

func (h *Handler) updateProject(c *gin.Context) error {
	var in updateProjectRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	p, err := h.projects.Update(c.Request.Context(), currentUser(c), c.Param("slug"), ifMatch(c), in.Patch())
	if err != nil {
		return err
	}
	return h.renderProject(c, http.StatusOK, p)
}

func (h *Handler) projectHistory(c *gin.Context) error {
	page, err := listPage(c)
	if err != nil {
		return err
	}
	rows, next, err := h.projects.History(c.Request.Context(), c.Param("slug"), page)
	if err != nil {
		return err
	}
	items := make([]historyResponse, len(rows))
	for i, r := range rows {
		items[i] = toHistoryResponse(r)
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) renderProject(c *gin.Context, status int, p *model.Project) error {
	supported, err := h.supports.SupportedBy(c.Request.Context(), currentUser(c), []int64{p.ID})
	if err != nil {
		return err
	}
	setETag(c, p.Version)
	c.JSON(status, toProjectResponse(currentUser(c), p, supported[p.ID]))
	return nil
}

// setETag sends the version of a versioned resource, quoted.
func setETag(c *gin.Context, version int) {
	c.Header("ETag", versionETag(version))
}

// versionETag is the ETag of a versioned resource: its version, quoted.
func versionETag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the version of If-Match ("3", 3 or W/"3", or the ETag of an anonymous project page,
// "3.<state>", whose first part is the version): 0 when the header is missing and -1 when it holds no
// version (which matches nothing, so the service answers 412).
func ifMatch(c *gin.Context) int {
	v := strings.TrimSpace(c.GetHeader("If-Match"))
	if v == "" {
		return 0
	}
	v = strings.Trim(strings.TrimPrefix(v, "W/"), `"`)
	v, _, _ = strings.Cut(v, ".")
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return -1
	}
	return n
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref[T any](v *T) T {
	var zero T
	if v == nil {
		return zero
	}
	return *v
}
