package api

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/model"
)

// pointBody is a value at a date: a KPI's baseline or target.
type pointBody struct {
	Value *float64 `json:"value" validate:"required"`
	Date  string   `json:"date" validate:"required"`
}

func (p *pointBody) point() *kpis.Point {
	if p == nil || p.Value == nil {
		return nil
	}
	return &kpis.Point{Value: *p.Value, Date: p.Date}
}

// createKPIRequest is the body of POST /projects/{slug}/kpis; dates and values are checked by the service.
type createKPIRequest struct {
	Name        string     `json:"name" validate:"required,max=200"`
	Description string     `json:"description" validate:"max=5000"`
	Unit        string     `json:"unit" validate:"max=50"`
	Direction   string     `json:"direction" validate:"required,oneof=increase decrease"`
	Baseline    *pointBody `json:"baseline" validate:"required"`
	Target      *pointBody `json:"target" validate:"required"`
	Principle   *string    `json:"principle" validate:"omitnil,omitempty,oneof=citizen_centred efficiency inclusion once_only transparency"`
}

// updateKPIRequest is the body of PATCH /kpis/{id}: absent fields stay unchanged, a null principle clears it.
type updateKPIRequest struct {
	Name        *string          `json:"name" validate:"omitnil,min=1,max=200"`
	Description *string          `json:"description" validate:"omitnil,max=5000"`
	Unit        *string          `json:"unit" validate:"omitnil,max=50"`
	Direction   *string          `json:"direction" validate:"omitnil,oneof=increase decrease"`
	Baseline    *pointBody       `json:"baseline" validate:"omitnil"`
	Target      *pointBody       `json:"target" validate:"omitnil"`
	Principle   nullable[string] `json:"principle"`
}

func (r *updateKPIRequest) patch() kpis.Patch {
	pt := kpis.Patch{Name: r.Name, Description: r.Description, Unit: r.Unit, Direction: r.Direction,
		Baseline: r.Baseline.point(), Target: r.Target.point()}
	if r.Principle.Set {
		empty := ""
		pt.Principle = &empty
		if r.Principle.Value != nil {
			pt.Principle = r.Principle.Value
		}
	}
	return pt
}

// createMeasurementRequest is the body of POST /kpis/{id}/measurements.
type createMeasurementRequest struct {
	Value      *float64 `json:"value" validate:"required"`
	MeasuredAt string   `json:"measured_at" validate:"required"`
	Source     string   `json:"source" validate:"required,max=500"`
	SourceURL  *string  `json:"source_url" validate:"omitnil,max=2000"`
	Note       string   `json:"note" validate:"max=2000"`
	Corrects   *string  `json:"corrects"`
}

// pointResponse is a baseline or target.
type pointResponse struct {
	Value float64 `json:"value"`
	Date  string  `json:"date"`
}

// latestResponse is the current figure of a KPI.
type latestResponse struct {
	MeasurementID string  `json:"measurement_id"`
	Value         float64 `json:"value"`
	MeasuredAt    string  `json:"measured_at"`
}

// kpiResponse is a KPI as clients see it, with what is computed from its measurements.
type kpiResponse struct {
	ID               string                `json:"id"`
	Project          string                `json:"project"`
	ProjectTitle     string                `json:"project_title"`
	OwnerUnit        string                `json:"owner_unit"`
	Name             string                `json:"name"`
	Description      string                `json:"description"`
	Unit             string                `json:"unit"`
	Direction        string                `json:"direction"`
	Baseline         pointResponse         `json:"baseline"`
	Target           pointResponse         `json:"target"`
	Principle        *string               `json:"principle"`
	Version          int                   `json:"version"`
	Latest           *latestResponse       `json:"latest"`
	Progress         *float64              `json:"progress"`
	ExpectedProgress *float64              `json:"expected_progress"`
	Status           string                `json:"status"`
	CreatedAt        time.Time             `json:"created_at"`
	UpdatedAt        time.Time             `json:"updated_at"`
	Permissions      access.KPIPermissions `json:"permissions"`
}

// round1 rounds a percentage for display (one decimal); nil stays nil.
func round1(v *float64) *float64 {
	if v == nil {
		return nil
	}
	r := math.Round(*v*10) / 10
	return &r
}

func toKPIResponse(u *model.User, v *kpis.View) kpiResponse {
	r := kpiResponse{ID: formatID(v.ID), Project: v.ProjectSlug, ProjectTitle: v.ProjectTitle, OwnerUnit: v.OwnerUnit,
		Name: v.Name, Description: v.Description, Unit: v.Unit, Direction: v.Direction,
		Baseline:  pointResponse{Value: v.BaselineValue, Date: v.BaselineDate},
		Target:    pointResponse{Value: v.TargetValue, Date: v.TargetDate},
		Principle: optional(v.Principle), Version: v.Version, Progress: round1(v.Progress),
		ExpectedProgress: round1(v.ExpectedProgress), Status: v.Status,
		CreatedAt: v.CreatedAt.UTC(), UpdatedAt: v.UpdatedAt.UTC(), Permissions: access.ForKPI(u, v.OwnerUnit)}
	if l := v.Latest; l != nil {
		r.Latest = &latestResponse{MeasurementID: formatID(l.MeasurementID), Value: l.Value, MeasuredAt: l.MeasuredAt}
	}
	return r
}

// measurementResponse is a measurement; a corrected one names its correction.
type measurementResponse struct {
	ID          string    `json:"id"`
	KPIID       string    `json:"kpi_id"`
	Value       float64   `json:"value"`
	MeasuredAt  string    `json:"measured_at"`
	Source      string    `json:"source"`
	SourceURL   *string   `json:"source_url"`
	Note        string    `json:"note"`
	Corrects    *string   `json:"corrects"`
	CorrectedBy *string   `json:"corrected_by"`
	CreatedAt   time.Time `json:"created_at"`
}

func toMeasurementResponse(m *model.KPIMeasurement) measurementResponse {
	return measurementResponse{ID: formatID(m.ID), KPIID: formatID(m.KPIID), Value: m.Value, MeasuredAt: m.MeasuredAt,
		Source: m.Source, SourceURL: optional(m.SourceURL), Note: m.Note, Corrects: optionalID(m.Corrects),
		CorrectedBy: optionalID(m.CorrectedBy), CreatedAt: m.CreatedAt.UTC()}
}

func (h *Handler) listKPIs(c *gin.Context) error {
	vs, err := h.kpis.List(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	items := make([]kpiResponse, len(vs))
	for i := range vs {
		items[i] = toKPIResponse(currentUser(c), &vs[i])
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
	return nil
}

func (h *Handler) renderKPI(c *gin.Context, status int, v *kpis.View) error {
	setETag(c, v.Version)
	c.JSON(status, toKPIResponse(currentUser(c), v))
	return nil
}

func (h *Handler) getKPI(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	v, err := h.kpis.Get(c.Request.Context(), id)
	if err != nil {
		return err
	}
	return h.renderKPI(c, http.StatusOK, v)
}

func (h *Handler) createKPI(c *gin.Context) error {
	var in createKPIRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.kpis.Create(c.Request.Context(), currentUser(c), c.Param("slug"), kpis.Input{Name: in.Name,
		Description: in.Description, Unit: in.Unit, Direction: in.Direction, Baseline: in.Baseline.point(),
		Target: in.Target.point(), Principle: deref(in.Principle)})
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/kpis/"+formatID(v.ID))
	return h.renderKPI(c, http.StatusCreated, v)
}

func (h *Handler) updateKPI(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in updateKPIRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	v, err := h.kpis.Update(c.Request.Context(), currentUser(c), id, ifMatch(c), in.patch())
	if err != nil {
		return err
	}
	return h.renderKPI(c, http.StatusOK, v)
}

func (h *Handler) createMeasurement(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	var in createMeasurementRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	mi := kpis.MeasurementInput{Value: *in.Value, MeasuredAt: in.MeasuredAt, Source: in.Source,
		SourceURL: deref(in.SourceURL), Note: in.Note}
	if in.Corrects != nil {
		n, err := strconv.ParseInt(*in.Corrects, 10, 64)
		if err != nil || n <= 0 {
			return apperr.Invalid("corrects", "same_kpi", "must be the id of a measurement of this KPI")
		}
		mi.Corrects = n
	}
	m, err := h.kpis.AddMeasurement(c.Request.Context(), currentUser(c), id, mi)
	if err != nil {
		return err
	}
	c.Header("Location", "/api/v1/measurements/"+formatID(m.ID))
	c.JSON(http.StatusCreated, toMeasurementResponse(m))
	return nil
}

func (h *Handler) listMeasurements(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	page, err := listPage(c)
	if err != nil {
		return err
	}
	ms, next, err := h.kpis.Measurements(c.Request.Context(), id, page)
	if err != nil {
		return err
	}
	items := make([]measurementResponse, len(ms))
	for i := range ms {
		items[i] = toMeasurementResponse(&ms[i])
	}
	c.JSON(http.StatusOK, newList(items, next))
	return nil
}

func (h *Handler) getMeasurement(c *gin.Context) error {
	id, err := parseID(c.Param("id"))
	if err != nil {
		return err
	}
	m, err := h.kpis.Measurement(c.Request.Context(), id)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, toMeasurementResponse(m))
	return nil
}
