package kpis

import (
	"context"
	"net/url"
	"strings"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// MeasurementInput are the fields of a new measurement. Corrects (0: none) names the measurement of the
// same KPI that this one corrects.
type MeasurementInput struct {
	Value      float64
	MeasuredAt string // "YYYY-MM-DD", not after today
	Source     string
	SourceURL  string // "" or an https URL
	Note       string
	Corrects   int64
}

// errCorrectsOtherKPI names a correction of a measurement of another KPI (or of none).
var errCorrectsOtherKPI = apperr.Invalid("corrects", "same_kpi", "must be the id of a measurement of this KPI")

// AddMeasurement records a measurement (or a correction) of the KPI id, with a live event; a correction
// is also written to the project's public history. Nothing published is changed: the corrected
// measurement stays listed, marked as corrected.
func (s *Service) AddMeasurement(ctx context.Context, u *model.User, id int64, in MeasurementInput) (*model.KPIMeasurement, error) {
	k, err := s.st.KPIs().ByID(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Projects().ByID(ctx, k.ProjectID)
	if err != nil {
		return nil, err
	}
	if !access.CanManageKPIs(u, p.OwnerUnit) {
		return nil, errForbiddenDepartment
	}
	now := s.timestamp()
	m := &model.KPIMeasurement{KPIID: k.ID, Value: in.Value, MeasuredAt: in.MeasuredAt,
		Source: strings.TrimSpace(in.Source), SourceURL: strings.TrimSpace(in.SourceURL), Note: strings.TrimSpace(in.Note),
		CreatedBy: &u.ID, CreatedAt: now}
	ve := &apperr.ValidationError{}
	finite(ve, "value", m.Value)
	if t, ok := date(ve, "measured_at", m.MeasuredAt); ok && t.After(now) {
		// Dates are days: a figure of today counts in every time zone, one of tomorrow in none.
		ve.Add("measured_at", "future", "must not be in the future")
	}
	text(ve, "source", m.Source, true, 500)
	text(ve, "note", m.Note, false, 2000)
	if m.SourceURL != "" {
		validateURL(ve, "source_url", m.SourceURL)
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	var corrected *model.KPIMeasurement
	if in.Corrects != 0 {
		corrected, err = s.st.KPIs().MeasurementByID(ctx, in.Corrects)
		if err != nil || corrected.KPIID != k.ID {
			return nil, errCorrectsOtherKPI
		}
		if corrected.CorrectedBy != nil {
			return nil, ErrAlreadyCorrected
		}
		m.Corrects = &corrected.ID
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.KPIs().CreateMeasurement(ctx, m); err != nil {
			if store.IsDuplicate(err) {
				return ErrAlreadyCorrected // a concurrent correction of the same measurement won
			}
			return err
		}
		if err := idempotency.RecordWrite(ctx, tx, "measurement:"+FormatID(m.ID)); err != nil {
			return err
		}
		if corrected != nil {
			point := func(v float64, d string) string { return k.Name + ": " + FormatValue(v) + " (" + d + ")" }
			change := model.ProjectChange{ProjectID: p.ID, UserID: &u.ID, Version: p.Version, Field: HistoryMeasurementCorrects,
				OldValue: point(corrected.Value, corrected.MeasuredAt), NewValue: point(m.Value, m.MeasuredAt), CreatedAt: now}
			if err := tx.Projects().AddChanges(ctx, []model.ProjectChange{change}); err != nil {
				return err
			}
		}
		return appendMeasurementEvent(tx, p.Slug, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func validateURL(ve *apperr.ValidationError, field, raw string) {
	if len(raw) > 2000 {
		ve.Add(field, "max", "must be at most 2000 characters")
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		ve.Add(field, "https", "must be an https URL")
	}
}

// Measurement loads one measurement with the KPI it belongs to.
func (s *Service) Measurement(ctx context.Context, id int64) (*model.KPIMeasurement, error) {
	return s.st.KPIs().MeasurementByID(ctx, id)
}

// Measurements returns one page of the measurements of the KPI id, newest first, corrected ones included
// (marked with the correction's id).
func (s *Service) Measurements(ctx context.Context, id int64, page paging.Page) ([]model.KPIMeasurement, string, error) {
	if _, err := s.st.KPIs().ByID(ctx, id); err != nil {
		return nil, "", err
	}
	return s.st.KPIs().Measurements(ctx, id, page)
}
