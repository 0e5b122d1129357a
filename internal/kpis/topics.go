package kpis

import (
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Event types this package publishes on the public project:<slug> topics.
const (
	EventCreated            = "kpi.created"
	EventUpdated            = "kpi.updated"
	EventMeasurementCreated = "kpi.measurement_created"
)

// Fields of the project history this package writes (besides "kpi.<field>" for each changed field).
const (
	HistoryKPICreated          = "kpi.created"
	HistoryMeasurementCorrects = "kpi.measurement_corrected"
)

// RegisterTopics adds the KPI events to the project:<slug> topics, public like the KPIs themselves.
func RegisterTopics(r *live.Registry) {
	r.AddEvents("project", EventCreated, EventUpdated, EventMeasurementCreated)
}

// kpiData is the payload of kpi.created and kpi.updated: refetch the KPI.
type kpiData struct {
	Slug    string `json:"slug"`
	KPIID   string `json:"kpi_id"`
	Version int    `json:"version"`
}

// measurementData is the payload of kpi.measurement_created.
type measurementData struct {
	Slug          string  `json:"slug"`
	KPIID         string  `json:"kpi_id"`
	MeasurementID string  `json:"measurement_id"`
	Corrects      *string `json:"corrects"`
}

func appendKPIEvent(tx *store.Store, slug, typ string, k *model.KPI) error {
	_, err := events.Append(tx, "project:"+slug, typ, kpiData{Slug: slug, KPIID: FormatID(k.ID), Version: k.Version})
	return err
}

func appendMeasurementEvent(tx *store.Store, slug string, m *model.KPIMeasurement) error {
	d := measurementData{Slug: slug, KPIID: FormatID(m.KPIID), MeasurementID: FormatID(m.ID)}
	if m.Corrects != nil {
		c := FormatID(*m.Corrects)
		d.Corrects = &c
	}
	_, err := events.Append(tx, "project:"+slug, EventMeasurementCreated, d)
	return err
}
