package kpis

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Event types this package publishes on the public project:<slug> topics and on the public topic kpis.
const (
	EventCreated            = "kpi.created"
	EventUpdated            = "kpi.updated"
	EventMeasurementCreated = "kpi.measurement_created"
)

// TopicKPIs is the public topic with the KPI events of every project: the cockpit follows it instead of
// subscribing to each project.
const TopicKPIs = "kpis"

// Fields of the project history this package writes (besides "kpi.<field>" for each changed field).
const (
	HistoryKPICreated          = "kpi.created"
	HistoryMeasurementCorrects = "kpi.measurement_corrected"
)

// RegisterTopics adds the KPI events to the project:<slug> topics, public like the KPIs themselves, and
// registers the topic kpis, which carries the same events for all projects.
func RegisterTopics(r *live.Registry) {
	types := []string{EventCreated, EventUpdated, EventMeasurementCreated}
	r.AddEvents("project", types...)
	r.Register(live.TopicKind{Kind: TopicKPIs, NoID: true, Events: types,
		May: func(_ context.Context, u *model.User, _ string) bool { return access.CanFollowAllKPIs(u) }})
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

// appendBoth writes an event to the project's topic and to kpis, in the change's transaction.
func appendBoth(tx *store.Store, slug, typ string, data any) error {
	for _, topic := range []string{"project:" + slug, TopicKPIs} {
		if _, err := events.Append(tx, topic, typ, data); err != nil {
			return err
		}
	}
	return nil
}

func appendKPIEvent(tx *store.Store, slug, typ string, k *model.KPI) error {
	return appendBoth(tx, slug, typ, kpiData{Slug: slug, KPIID: FormatID(k.ID), Version: k.Version})
}

func appendMeasurementEvent(tx *store.Store, slug string, m *model.KPIMeasurement) error {
	d := measurementData{Slug: slug, KPIID: FormatID(m.KPIID), MeasurementID: FormatID(m.ID)}
	if m.Corrects != nil {
		c := FormatID(*m.Corrects)
		d.Corrects = &c
	}
	return appendBoth(tx, slug, EventMeasurementCreated, d)
}
