package cockpit

import (
	"reflect"
	"testing"

	"github.com/digitalrat/digitalrat/internal/store"
)

// TestClassifyEvent checks which part each kind of event rebuilds; an unknown type rebuilds everything.
func TestClassifyEvent(t *testing.T) {
	cases := []struct {
		topic, typ string
		want       changes
	}{
		{"project:a", "comment.created", changes{slugs: map[string]bool{"a": true}}},
		{"project:a", "comment.hidden", changes{slugs: map[string]bool{"a": true}}},
		{"document:7", "comment.updated", changes{documents: map[int64]bool{7: true}}},
		{"document:x", "comment.removed", changes{comments: true}},
		{"other", "comment.deleted", changes{comments: true}},
		{"project:a", "comment.votes", changes{}},
		{"project:a", "kpi.measurement_created", changes{kpis: true}},
		{"project:a", "project.supports", changes{supports: true}},
		{"project:a", "project.updated", changes{projects: true}},
		{"project:a", "project.created", changes{projects: true}},
		{"project:a", "document.version_created", changes{}},
		{"session:1", "session.updated", changes{}},
		{"project:a", "poll.tally", changes{}},
		{"user:1", "notification.created", changes{}},
		{"moderation", "moderation.queued", changes{}},
		{"project:a", "project.archived", changes{all: true}},
		{"x", "something.new", changes{all: true}},
	}
	for _, tc := range cases {
		var got changes
		classifyEvent(store.EventRef{Topic: tc.topic, Type: tc.typ}, &got)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s on %s: %+v, want %+v", tc.typ, tc.topic, got, tc.want)
		}
	}
}
