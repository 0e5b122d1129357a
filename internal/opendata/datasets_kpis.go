package opendata

import (
	"context"
	"math"

	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/store"
)

// orNil turns an optional text ("" when absent) into null.
func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func kpisDataset() Dataset {
	return Dataset{Name: "kpis", Title: "Kennzahlen der Digitalisierungsvorhaben",
		Description: "Die Kennzahlen der Vorhaben mit Ausgangswert, Zielwert und Zieldatum, dem aktuellen Wert " +
			"(der neueste nicht korrigierte Messwert), dem Fortschritt zum Ziel in Prozent und dem Stand: " +
			"erreicht, im Plan, hinter Plan oder ohne Daten.",
		Columns: []string{"id", "project_slug", "name", "description", "unit", "direction", "baseline_value",
			"baseline_date", "target_value", "target_date", "principle", "latest_value", "latest_measured_at",
			"progress", "status", "created_at", "updated_at"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportKPIs, func(k *store.OpenKPI) int64 { return k.ID },
				func(batch []store.OpenKPI) error {
					ids := make([]int64, len(batch))
					for i := range batch {
						ids[i] = batch[i].ID
					}
					cur, err := st.KPIs().Current(ctx, ids)
					if err != nil {
						return err
					}
					for i := range batch {
						k := &batch[i]
						var latest *kpis.Latest
						if c, ok := cur[k.ID]; ok {
							latest = &kpis.Latest{MeasurementID: c.ID, Value: c.Value, MeasuredAt: c.MeasuredAt}
						}
						f := kpis.Compute(&k.KPI, latest)
						var value, progress *float64
						var at *string
						if f.Latest != nil {
							value, at = &f.Latest.Value, &f.Latest.MeasuredAt
						}
						if f.Progress != nil {
							p := math.Round(*f.Progress*10) / 10
							progress = &p
						}
						if err := emit(Row{id(k.ID), k.ProjectSlug, k.Name, k.Description, k.Unit, k.Direction,
							k.BaselineValue, k.BaselineDate, k.TargetValue, k.TargetDate, orNil(k.Principle), value, at,
							progress, f.Status, k.CreatedAt, k.UpdatedAt}); err != nil {
							return err
						}
					}
					return nil
				})
		}}
}

func measurementsDataset() Dataset {
	return Dataset{Name: "measurements", Title: "Messwerte der Kennzahlen",
		Description: "Alle veröffentlichten Messwerte der Kennzahlen mit Datum, Quelle und Anmerkung. Ein " +
			"veröffentlichter Wert wird nie geändert oder gelöscht: eine Korrektur ist ein neuer Messwert, der " +
			"in corrects den korrigierten nennt; der korrigierte nennt sie in corrected_by.",
		Columns: []string{"id", "kpi_id", "kpi_name", "project_slug", "value", "measured_at", "source",
			"source_url", "note", "corrects", "corrected_by", "created_at"},
		rows: func(ctx context.Context, st *store.Store, emit func(Row) error) error {
			return keyset(ctx, st.OpenData().ExportMeasurements, func(m *store.OpenMeasurement) int64 { return m.ID },
				func(batch []store.OpenMeasurement) error {
					for i := range batch {
						m := &batch[i]
						if err := emit(Row{id(m.ID), id(m.KPIID), m.KPIName, m.ProjectSlug, m.Value, m.MeasuredAt,
							m.Source, orNil(m.SourceURL), m.Note, idPtr(m.Corrects), idPtr(m.CorrectedBy),
							m.CreatedAt}); err != nil {
							return err
						}
					}
					return nil
				})
		}}
}
