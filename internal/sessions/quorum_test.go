package sessions

import "testing"

func TestQuorumOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		present, size int
		q             float64
		required      int
		reached       bool
	}{
		{"majority of 10 is 6", 5, 10, 0.5, 6, false},
		{"majority of 10 reached", 6, 10, 0.5, 6, true},
		{"majority of 9 is 5", 5, 9, 0.5, 5, true},
		{"two thirds of 9 is more than 6", 6, 9, 2.0 / 3, 7, false},
		{"all of 4", 4, 4, 1, 4, true},
		{"all of 4 missing one", 3, 4, 1, 4, false},
		{"a small fraction still needs one", 0, 4, 0.01, 1, false},
		{"an empty council never has a quorum", 0, 0, 0.5, 0, false},
		{"one member", 1, 1, 0.5, 1, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := quorumOf(c.present, c.size, c.q)
			if got.Required != c.required || got.Reached != c.reached || got.Present != c.present || got.CouncilSize != c.size {
				t.Fatalf("quorumOf(%d, %d, %v) = %+v, want required %d reached %v", c.present, c.size, c.q, got, c.required, c.reached)
			}
		})
	}
}
