package evaluations

import "testing"

func TestStatsOf(t *testing.T) {
	t.Parallel()
	f := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	for _, tc := range []struct {
		name         string
		dist         [5]int64
		count        int64
		mean, median float64
	}{
		{"empty", [5]int64{}, 0, -1, -1},
		{"one", [5]int64{0, 0, 0, 1, 0}, 1, 4, 4},
		{"even count", [5]int64{1, 1, 0, 1, 1}, 4, 3, 3},
		{"even count between two values", [5]int64{0, 1, 1, 0, 0}, 2, 2.5, 2.5},
		{"odd count", [5]int64{0, 1, 1, 2, 1}, 5, 3.6, 4},
		{"skewed", [5]int64{3, 0, 0, 0, 1}, 4, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := StatsOf(tc.dist)
			if st.Count != tc.count || f(st.Mean) != tc.mean || f(st.Median) != tc.median {
				t.Errorf("got count %d mean %v median %v", st.Count, f(st.Mean), f(st.Median))
			}
		})
	}
}

func TestDiverges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		a, b [5]int64
		want bool
	}{
		{"exactly 1.0", [5]int64{0, 4, 0, 0, 0}, [5]int64{0, 0, 5, 0, 0}, true},
		{"exactly 1.0 from thirds", [5]int64{1, 1, 1, 0, 0}, [5]int64{0, 1, 1, 1, 0}, true}, // 2.0 vs 3.0
		{"exactly 1.0 in thirds", [5]int64{0, 1, 2, 0, 0}, [5]int64{0, 0, 1, 2, 0}, true},   // 8/3 vs 11/3
		{"0.99", [5]int64{0, 0, 1, 0, 0}, [5]int64{0, 0, 1, 99, 0}, false},                  // 3 vs 3.99
		{"1.01", [5]int64{0, 0, 1, 0, 0}, [5]int64{0, 0, 0, 99, 1}, true},                   // 3 vs 4.01
		{"empty side", [5]int64{}, [5]int64{0, 0, 0, 0, 3}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Diverges(StatsOf(tc.a), StatsOf(tc.b)); got != tc.want {
				t.Errorf("got %v", got)
			}
		})
	}
}
