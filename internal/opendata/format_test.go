package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"
)

func TestNeutralise(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"equals", "=1+1", "'=1+1"},
		{"plus", "+49 351", "'+49 351"},
		{"minus", "-3", "'-3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"tab", "\t=1", "'\t=1"},
		{"carriage return", "\r=1", "'\r=1"},
		{"plain", "Bürgeramt", "Bürgeramt"},
		{"inside", "a=b", "a=b"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Neutralise(tt.in); got != tt.want {
				t.Errorf("Neutralise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestEncoders writes the same rows as CSV and JSON and reads them back.
func TestEncoders(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("CET", 3600))
	n := 7
	var none *string
	rows := []Row{
		{"=cmd", &n, -5, at, []string{"eins", "-zwei"}, none, nil},
		{"Zeile\n\"zwei\"", (*int)(nil), int64(3), (*time.Time)(nil), []string{}, &[]string{"x"}[0], 1.5},
	}
	cols := []string{"text", "n", "i", "at", "list", "opt", "any"}

	var b bytes.Buffer
	enc := newCSVEncoder(&b)
	if err := enc.begin(cols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := enc.row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.end(); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{cols,
		{"'=cmd", "7", "-5", "2026-03-01T11:00:00Z", "eins\n'-zwei", "", ""},
		{"Zeile\n\"zwei\"", "", "3", "", "", "x", "1.5"}}
	for i := range want {
		for j := range want[i] {
			if recs[i][j] != want[i][j] {
				t.Errorf("CSV [%d][%d] = %q, want %q", i, j, recs[i][j], want[i][j])
			}
		}
	}

	b.Reset()
	je := newJSONEncoder(&b)
	_ = je.begin(cols)
	for _, r := range rows {
		if err := je.row(r); err != nil {
			t.Fatal(err)
		}
	}
	_ = je.end()
	var got []map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got[0]["text"] != "=cmd" || got[0]["n"] != 7.0 || got[0]["at"] != "2026-03-01T11:00:00Z" || got[0]["opt"] != nil ||
		len(got[1]["list"].([]any)) != 0 || got[1]["n"] != nil {
		t.Errorf("JSON %v", got)
	}
}
