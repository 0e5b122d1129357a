package search

import (
	"testing"

	"github.com/digitalrat/digitalrat/internal/store"
)

func TestHighlight(t *testing.T) {
	const s, e = store.MarkStart, store.MarkStop
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Radweg", "Radweg"},
		{"marked", "der " + s + "Radweg" + e + " wird", "der <mark>Radweg</mark> wird"},
		{"markup is text", s + "<script>" + e + "alert(1)</script> & \"x\"", "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; &amp; &#34;x&#34;"},
		{"unclosed mark is closed", s + "Radweg", "<mark>Radweg</mark>"},
		{"stray stop is dropped", "Rad" + e + "weg", "Radweg"},
		{"nested start is dropped", s + "a" + s + "b" + e + e, "<mark>ab</mark>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Highlight(tc.in); got != tc.want {
				t.Errorf("Highlight(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseTypes(t *testing.T) {
	got, err := ParseTypes([]string{"comment,project", " session ", "comment", ""})
	if err != nil || len(got) != 3 || got[0] != "comment" || got[1] != "project" || got[2] != "session" {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := ParseTypes([]string{"project,users"}); err == nil {
		t.Fatal("unknown type accepted")
	}
}
