package kpis

import (
	"math"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

func ptr[T any](v T) *T { return &v }

func TestCompute(t *testing.T) {
	inc := &model.KPI{Direction: model.DirectionIncrease, BaselineValue: 10, BaselineDate: "2025-01-01",
		TargetValue: 20, TargetDate: "2027-01-01"}
	dec := &model.KPI{Direction: model.DirectionDecrease, BaselineValue: 30, BaselineDate: "2025-01-01",
		TargetValue: 10, TargetDate: "2026-01-01"}
	flat := &model.KPI{Direction: model.DirectionIncrease, BaselineValue: 5, BaselineDate: "2025-01-01",
		TargetValue: 5, TargetDate: "2026-01-01"}
	flatDec := &model.KPI{Direction: model.DirectionDecrease, BaselineValue: 5, BaselineDate: "2025-01-01",
		TargetValue: 5, TargetDate: "2026-01-01"}
	frac := &model.KPI{Direction: model.DirectionIncrease, BaselineValue: 0, BaselineDate: "2025-01-01",
		TargetValue: 0.3, TargetDate: "2026-01-01"}
	tests := []struct {
		name     string
		k        *model.KPI
		latest   *Latest
		status   string
		progress float64
		expected float64
	}{
		{"no data", inc, nil, StatusNoData, -1, -1},
		{"increase halfway on the line", inc, &Latest{Value: 15, MeasuredAt: "2026-01-01"}, StatusOnTrack, 50, 50},
		{"increase ahead of the line", inc, &Latest{Value: 16, MeasuredAt: "2025-07-01"}, StatusOnTrack, 60, 0},
		{"increase behind the line", inc, &Latest{Value: 12, MeasuredAt: "2026-01-01"}, StatusBehind, 20, 50},
		{"increase reached early", inc, &Latest{Value: 20, MeasuredAt: "2025-06-01"}, StatusReached, 100, 0},
		{"increase beyond target is clamped", inc, &Latest{Value: 35, MeasuredAt: "2026-06-01"}, StatusReached, 100, 0},
		{"increase below baseline is clamped", inc, &Latest{Value: 5, MeasuredAt: "2025-01-01"}, StatusBehind, 0, 0},
		{"before the baseline date the line is the baseline", inc, &Latest{Value: 10, MeasuredAt: "2024-06-01"}, StatusOnTrack, 0, 0},
		{"past target date not reached is behind", inc, &Latest{Value: 19.9, MeasuredAt: "2027-03-01"}, StatusBehind, 99, 100},
		{"past target date reached", inc, &Latest{Value: 21, MeasuredAt: "2027-03-01"}, StatusReached, 100, 0},
		{"decrease halfway", dec, &Latest{Value: 20, MeasuredAt: "2025-07-02"}, StatusOnTrack, 50, 50},
		{"decrease behind", dec, &Latest{Value: 25, MeasuredAt: "2025-07-02"}, StatusBehind, 25, 50},
		{"decrease reached", dec, &Latest{Value: 9, MeasuredAt: "2025-07-02"}, StatusReached, 100, 0},
		{"decrease going up is 0 %", dec, &Latest{Value: 40, MeasuredAt: "2025-02-01"}, StatusBehind, 0, 0},
		{"baseline equals target, met", flat, &Latest{Value: 5, MeasuredAt: "2025-06-01"}, StatusReached, 100, 0},
		{"baseline equals target, missed", flat, &Latest{Value: 4, MeasuredAt: "2025-06-01"}, StatusBehind, 0, 100},
		{"baseline equals target, decrease, met", flatDec, &Latest{Value: 4, MeasuredAt: "2025-06-01"}, StatusReached, 100, 0},
		{"floating point rounding meets the target", frac, &Latest{Value: 0.1 + 0.2, MeasuredAt: "2025-06-01"}, StatusReached, 100, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Compute(tt.k, tt.latest)
			if f.Status != tt.status {
				t.Errorf("status %s, want %s", f.Status, tt.status)
			}
			if tt.progress < 0 {
				if f.Progress != nil || f.Latest != nil || f.ExpectedProgress != nil {
					t.Errorf("figures without data: %+v", f)
				}
				return
			}
			if math.Abs(*f.Progress-tt.progress) > 0.01 {
				t.Errorf("progress %v, want %v", *f.Progress, tt.progress)
			}
			if *f.Progress < 0 || *f.Progress > 100 || *f.ExpectedProgress < 0 || *f.ExpectedProgress > 100 {
				t.Errorf("not clamped: %v %v", *f.Progress, *f.ExpectedProgress)
			}
			if tt.expected > 0 && math.Abs(*f.ExpectedProgress-tt.expected) > 0.5 {
				t.Errorf("expected progress %v, want %v", *f.ExpectedProgress, tt.expected)
			}
			if f.Status == StatusBehind && f.Gap() <= 0 {
				t.Errorf("a KPI behind has gap %v", f.Gap())
			}
			if f.Status != StatusBehind && f.Gap() != 0 {
				t.Errorf("a KPI not behind has gap %v", f.Gap())
			}
		})
	}
}

func TestLatestOf(t *testing.T) {
	ms := []model.KPIMeasurement{
		{ID: 1, Value: 10, MeasuredAt: "2025-01-01"},
		{ID: 2, Value: 12, MeasuredAt: "2025-06-01"},
		{ID: 3, Value: 99, MeasuredAt: "2025-09-01"}, // a typo, corrected by 4
		{ID: 4, Value: 13, MeasuredAt: "2025-09-01", Corrects: ptr(int64(3))},
		{ID: 5, Value: 11, MeasuredAt: "2025-03-01"}, // recorded late, but older
	}
	if l := LatestOf(ms); l == nil || l.MeasurementID != 4 || l.Value != 13 {
		t.Fatalf("latest %+v, want the correction 4", l)
	}
	// A correction that moves the date back: the newest uncorrected figure is then 2.
	ms[3].MeasuredAt = "2025-05-01"
	if l := LatestOf(ms); l == nil || l.MeasurementID != 2 {
		t.Fatalf("latest %+v, want 2", l)
	}
	// Two figures of one day: the later recorded wins.
	ms = append(ms, model.KPIMeasurement{ID: 6, Value: 14, MeasuredAt: "2025-06-01"})
	if l := LatestOf(ms); l == nil || l.MeasurementID != 6 {
		t.Fatalf("latest %+v, want 6", l)
	}
	if LatestOf(nil) != nil {
		t.Fatal("latest of nothing")
	}
	// A correction replacing the latest changes the status: 99 would reach the target, 13 does not.
	k := &model.KPI{Direction: model.DirectionIncrease, BaselineValue: 10, BaselineDate: "2025-01-01",
		TargetValue: 20, TargetDate: "2026-01-01"}
	only := []model.KPIMeasurement{{ID: 3, Value: 99, MeasuredAt: "2025-09-01"}}
	if f := Compute(k, LatestOf(only)); f.Status != StatusReached {
		t.Fatalf("before the correction: %s", f.Status)
	}
	only = append(only, model.KPIMeasurement{ID: 4, Value: 13, MeasuredAt: "2025-09-01", Corrects: ptr(int64(3))})
	if f := Compute(k, LatestOf(only)); f.Status != StatusBehind {
		t.Fatalf("after the correction: %s", f.Status)
	}
}
