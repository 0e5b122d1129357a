package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/digitalrat/digitalrat/internal/kpis"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// demoKPI is a KPI of a demo project with a pace: measurements every three months from the baseline
// (two years ago) until last month, at pace × the straight line to the target (one year ahead). A pace
// above 1 is ahead (on track), below 1 behind; reachedAt > 0 reaches the target at that measurement.
type demoKPI struct {
	slug, name, description, unit, direction, principle, source, sourceURL string
	baseline, target                                                       float64
	pace                                                                   float64
	measured                                                               bool
	correct                                                                bool // the third figure was a typo, corrected
}

var demoKPIs = []demoKPI{
	{slug: "online-terminvergabe-buergerbuero", name: "Anteil online gebuchter Termine",
		description: "Anteil der Termine im Bürgeramt, die über die Online-Terminvergabe gebucht werden.", unit: "%",
		direction: model.DirectionIncrease, principle: "citizen_centred", baseline: 12, target: 60, pace: 1.08, measured: true,
		source: "Terminverwaltung des Bürgeramts", sourceURL: "https://www.dresden.de/buergerbuero", correct: true},
	{slug: "online-terminvergabe-buergerbuero", name: "Wartezeit auf einen Termin",
		description: "Durchschnittliche Zahl der Tage bis zum nächsten freien Termin.", unit: "Tage",
		direction: model.DirectionDecrease, principle: "efficiency", baseline: 21, target: 5, pace: 0.7, measured: true,
		source: "Terminverwaltung des Bürgeramts"},
	{slug: "online-wohnsitzanmeldung", name: "Online erledigte Wohnsitzanmeldungen",
		description: "Anteil der Wohnsitzanmeldungen, die vollständig online erledigt werden.", unit: "%",
		direction: model.DirectionIncrease, principle: "once_only", baseline: 0, target: 40, pace: 0.55, measured: true,
		source: "Meldeverfahren, Monatsstatistik"},
	{slug: "open-data-portal", name: "Veröffentlichte Datensätze",
		description: "Zahl der Datensätze im Open-Data-Portal unter offener Lizenz.", unit: "Datensätze",
		direction: model.DirectionIncrease, principle: "transparency", baseline: 40, target: 250, pace: 2, measured: true,
		source: "Open-Data-Portal, Katalog", sourceURL: "https://opendata.dresden.de"},
	{slug: "barrierefreie-webseiten", name: "Barrierefreie Seiten (BITV-Test)",
		description: "Anteil der geprüften Seiten von dresden.de ohne Mängel im BITV-Test.", unit: "%",
		direction: model.DirectionIncrease, principle: "inclusion", baseline: 35, target: 90, pace: 1.02, measured: true,
		source: "BITV-Prüfbericht"},
	{slug: "digitale-kita-platzvergabe", name: "Online gestellte Kita-Anträge",
		description: "Anteil der Anträge auf einen Kita-Platz, die online gestellt werden.", unit: "%",
		direction: model.DirectionIncrease, principle: "citizen_centred", baseline: 0, target: 80},
	{slug: "schul-wlan", name: "Schulen mit WLAN in allen Unterrichtsräumen",
		description: "Anteil der städtischen Schulen, in denen jeder Unterrichtsraum WLAN hat.", unit: "%",
		direction: model.DirectionIncrease, principle: "inclusion", baseline: 15, target: 100, pace: 1.6, measured: true,
		source: "Schulverwaltungsamt, Ausstattungsübersicht"},
	{slug: "e-akte-verwaltung", name: "Ämter mit E-Akte",
		description: "Anteil der Ämter und Eigenbetriebe, die ihre Akten elektronisch führen.", unit: "%",
		direction: model.DirectionIncrease, principle: "efficiency", baseline: 5, target: 100, pace: 0.6, measured: true,
		source: "Amt für Digitalisierung, Einführungsplan"},
	{slug: "glasfaser-ausbau", name: "Haushalte mit Glasfaseranschluss",
		description: "Anteil der Haushalte in den Ausbaugebieten mit einem buchbaren Glasfaseranschluss.", unit: "%",
		direction: model.DirectionIncrease, principle: "inclusion", baseline: 18, target: 75, pace: 1.15, measured: true,
		source: "Breitbandatlas und Meldungen der Netzbetreiber"},
	{slug: "echtzeit-fahrgastinformation", name: "Haltestellen mit Echtzeitanzeige",
		description: "Zahl der Haltestellen mit einer Anzeige der tatsächlichen Abfahrtszeiten.", unit: "Haltestellen",
		direction: model.DirectionIncrease, principle: "citizen_centred", baseline: 120, target: 600, pace: 1.3, measured: true,
		source: "Verkehrsbetriebe, Haltestellenkataster"},
	{slug: "digitaler-bauantrag", name: "Online eingereichte Bauanträge",
		description: "Anteil der Bauanträge, die vollständig digital eingereicht werden.", unit: "%",
		direction: model.DirectionIncrease, principle: "once_only", baseline: 0, target: 70, pace: 0.8, measured: true,
		source: "Bauaufsichtsamt, Antragsstatistik"},
	{slug: "digital-lotsen-programm", name: "Ausgebildete Digital-Lotsen",
		description: "Zahl der Beschäftigten, die als Digital-Lotsin oder Digital-Lotse ausgebildet sind.", unit: "Personen",
		direction: model.DirectionIncrease, principle: "efficiency", baseline: 0, target: 150, pace: 1.1, measured: true,
		source: "Personalamt, Fortbildungsstatistik"},
	{slug: "ki-assistenz-buergertelefon", name: "Wartezeit am Bürgertelefon",
		description: "Durchschnittliche Wartezeit in Minuten, bis ein Anruf angenommen wird.", unit: "Minuten",
		direction: model.DirectionDecrease, principle: "citizen_centred", baseline: 9, target: 3, pace: 0.5, measured: true,
		source: "Telefonanlage, Monatsauswertung"},
	{slug: "digitale-stadtbibliothek", name: "E-Ausleihen je Monat",
		description: "Ausleihen von E-Books, E-Audios und E-Papers im Monat.", unit: "Ausleihen",
		direction: model.DirectionIncrease, principle: "inclusion", baseline: 8000, target: 20000, pace: 2.2, measured: true,
		source: "Stadtbibliothek, Onleihe-Statistik"},
}

// seedKPIs writes the demo KPIs and their measurements through the KPI service, as the admin, at now.
func seedKPIs(ctx context.Context, st *store.Store, admin *model.User, now time.Time) error {
	svc := kpis.New(st, func() time.Time { return now })
	baseDay := time.Date(now.Year()-2, now.Month(), 1, 0, 0, 0, 0, time.UTC)
	targetDay := baseDay.AddDate(3, 0, 0)
	span := targetDay.Sub(baseDay)
	for _, d := range demoKPIs {
		v, err := svc.Create(ctx, admin, d.slug, kpis.Input{Name: d.name, Description: d.description, Unit: d.unit,
			Direction: d.direction, Principle: d.principle,
			Baseline: &kpis.Point{Value: d.baseline, Date: baseDay.Format(time.DateOnly)},
			Target:   &kpis.Point{Value: d.target, Date: targetDay.Format(time.DateOnly)}})
		if err != nil {
			return fmt.Errorf("demo: kpi %s: %w", d.name, err)
		}
		if !d.measured {
			continue
		}
		for q := 1; ; q++ {
			day := baseDay.AddDate(0, 3*q, 0)
			if day.After(now.AddDate(0, -1, 0)) {
				break
			}
			share := math.Min(1.05, d.pace*float64(day.Sub(baseDay))/float64(span))
			value := math.Round((d.baseline+share*(d.target-d.baseline))*10) / 10
			in := kpis.MeasurementInput{Value: value, MeasuredAt: day.Format(time.DateOnly), Source: d.source, SourceURL: d.sourceURL}
			m, err := svc.AddMeasurement(ctx, admin, v.ID, in)
			if err != nil {
				return fmt.Errorf("demo: measurement of %s: %w", d.name, err)
			}
			if d.correct && q == 3 {
				typo := in
				typo.Value, typo.Note, typo.Corrects = value, "Korrektur: Sonderaktion zuvor doppelt gezählt", m.ID
				typo.Value = math.Round(value*0.9*10) / 10
				if _, err := svc.AddMeasurement(ctx, admin, v.ID, typo); err != nil {
					return fmt.Errorf("demo: correction of %s: %w", d.name, err)
				}
			}
		}
	}
	return nil
}

// KPIHistoryRows is the number of rows the demo KPIs add to the projects' history: one per KPI and one
// per correction.
func KPIHistoryRows() int {
	n := len(demoKPIs)
	for _, d := range demoKPIs {
		if d.correct {
			n++
		}
	}
	return n
}
