package kpis

import (
	"math"
	"time"

	"github.com/digitalrat/digitalrat/internal/model"
)

// KPI statuses.
const (
	StatusReached = "reached"  // the latest figure meets the target
	StatusOnTrack = "on_track" // at or beyond the straight line from baseline to target
	StatusBehind  = "behind"   // short of that line
	StatusNoData  = "no_data"  // nothing measured yet
)

// Statuses lists the KPI statuses in the order the cockpit counts them.
var Statuses = []string{StatusReached, StatusOnTrack, StatusBehind, StatusNoData}

// Latest is the current figure of a KPI: the newest measurement that no correction replaced.
type Latest struct {
	MeasurementID int64
	Value         float64
	MeasuredAt    string // "YYYY-MM-DD"
}

// Figures are what is computed for a KPI from its latest figure.
type Figures struct {
	Latest *Latest
	// Progress is how far the latest figure got from the baseline towards the target, 0–100 (nil without
	// data).
	Progress *float64
	// ExpectedProgress is where the straight line from baseline to target stands at the latest figure's
	// date, 0–100 (nil without data).
	ExpectedProgress *float64
	Status           string
	gap              float64
}

// Gap is how many percentage points of the way from baseline to target the KPI is short of its line (0
// when not behind); the cockpit ranks the KPIs most behind by it.
func (f Figures) Gap() float64 { return f.gap }

// epsilon absorbs the rounding of figures stored as floating point (0.1 + 0.2 meets a target of 0.3).
const epsilon = 1e-9

// meets reports whether value is at least as good as goal in the KPI's direction.
func meets(direction string, value, goal float64) bool {
	tol := epsilon * math.Max(1, math.Abs(goal))
	if direction == model.DirectionDecrease {
		return value <= goal+tol
	}
	return value >= goal-tol
}

// progressOf is the share of the way from baseline to target that value covers, in percent, clamped to
// 0–100. The direction is in the sign of target − baseline (validation keeps it consistent with the
// KPI's direction); a KPI whose target equals its baseline is 100 % once the value meets it, else 0 %.
func progressOf(k *model.KPI, value float64) float64 {
	span := k.TargetValue - k.BaselineValue
	if math.Abs(span) <= epsilon*math.Max(1, math.Abs(k.TargetValue)) {
		if meets(k.Direction, value, k.TargetValue) {
			return 100
		}
		return 0
	}
	return clamp((value-k.BaselineValue)/span*100, 0, 100)
}

func clamp(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v)) }

// parseDate reads "YYYY-MM-DD" (the zero time when it is not one; validation rejects those).
func parseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// expectedAt is the value of the straight line from (baseline date, baseline value) to (target date,
// target value) at date: the baseline before the baseline date and the target after the target date.
func expectedAt(k *model.KPI, date string) float64 {
	b, t, d := parseDate(k.BaselineDate), parseDate(k.TargetDate), parseDate(date)
	switch {
	case !d.After(b):
		return k.BaselineValue
	case !d.Before(t) || !t.After(b):
		return k.TargetValue
	}
	share := float64(d.Sub(b)) / float64(t.Sub(b))
	return k.BaselineValue + share*(k.TargetValue-k.BaselineValue)
}

// Compute derives progress and status of k from its latest figure (nil: no data). The status compares
// the figure with the straight line from baseline to target at the figure's own date, so a KPI measured
// after its target date without meeting the target is behind.
func Compute(k *model.KPI, latest *Latest) Figures {
	if latest == nil {
		return Figures{Status: StatusNoData}
	}
	l := *latest
	progress := progressOf(k, l.Value)
	expectedValue := expectedAt(k, l.MeasuredAt)
	expected := progressOf(k, expectedValue)
	f := Figures{Latest: &l, Progress: &progress, ExpectedProgress: &expected}
	switch {
	case meets(k.Direction, l.Value, k.TargetValue):
		f.Status = StatusReached
	case meets(k.Direction, l.Value, expectedValue):
		f.Status = StatusOnTrack
	default:
		f.Status = StatusBehind
		// Unclamped, so that a figure below its baseline ranks behind one that is merely slow.
		if span := k.TargetValue - k.BaselineValue; math.Abs(span) > epsilon*math.Max(1, math.Abs(k.TargetValue)) {
			f.gap = (expectedValue - l.Value) / span * 100
		} else {
			f.gap = 100
		}
	}
	return f
}

// LatestOf picks the current figure among the measurements of one KPI: the newest (by measured_at, then
// by id) that no other measurement corrects. Nil when there is none.
func LatestOf(ms []model.KPIMeasurement) *Latest {
	corrected := map[int64]bool{}
	for _, m := range ms {
		if m.Corrects != nil {
			corrected[*m.Corrects] = true
		}
	}
	var best *model.KPIMeasurement
	for i := range ms {
		m := &ms[i]
		if corrected[m.ID] || (m.CorrectedBy != nil) {
			continue
		}
		if best == nil || m.MeasuredAt > best.MeasuredAt || (m.MeasuredAt == best.MeasuredAt && m.ID > best.ID) {
			best = m
		}
	}
	if best == nil {
		return nil
	}
	return &Latest{MeasurementID: best.ID, Value: best.Value, MeasuredAt: best.MeasuredAt}
}
