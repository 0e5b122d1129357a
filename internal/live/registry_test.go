package live

import (
	"context"
	"strings"
	"testing"

	"github.com/digitalrat/digitalrat/internal/model"
)

func TestRegistryTopics(t *testing.T) {
	r := NewRegistry()
	r.AddEvents("project", "comment.created") // before the kind: order does not matter
	r.Register(TopicKind{Kind: "project", May: Everyone, Events: []string{"project.created"}})
	r.Register(TopicKind{Kind: "queue", NoID: true, Events: []string{"queue.changed"},
		May: func(_ context.Context, u *model.User, _ string) bool { return u.HasRole(model.RoleModerator) }})
	r.AddEvents("nowhere", "lost.event")
	mod := &model.User{ID: 1, Roles: model.NewRoleSet(model.RoleModerator)}
	tests := []struct {
		name, topic string
		u           *model.User
		valid, may  bool
	}{
		{"kind with id", "project:radwege", nil, true, true},
		{"empty id", "project:", nil, false, false},
		{"kind without its id", "project", nil, false, false},
		{"unknown kind", "session:1", nil, false, false},
		{"no-id kind", "queue", mod, true, true},
		{"no-id kind, rule says no", "queue", nil, true, false},
		{"no-id kind with an id", "queue:1", mod, false, false},
		{"too long", "project:" + strings.Repeat("x", 200), nil, false, false},
		{"empty", "", nil, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.valid(tt.topic); got != tt.valid {
				t.Errorf("valid(%q) = %v", tt.topic, got)
			}
			if got := r.may(context.Background(), tt.u, tt.topic); got != tt.may {
				t.Errorf("may(%q) = %v", tt.topic, got)
			}
		})
	}
	kinds, unknown := r.Kinds()
	if len(kinds) != 2 || kinds[0].Kind != "project" || strings.Join(kinds[0].Events, ",") != "comment.created,project.created" {
		t.Errorf("kinds: %+v", kinds)
	}
	if strings.Join(unknown, ",") != "nowhere" {
		t.Errorf("unknown: %v", unknown)
	}
}

func TestRegistryRefusesMistakes(t *testing.T) {
	for _, k := range []TopicKind{{Kind: "", May: Everyone}, {Kind: "a:b", May: Everyone}, {Kind: "nomay"}, {Kind: "twice", May: Everyone}} {
		r := NewRegistry()
		r.Register(TopicKind{Kind: "twice", May: Everyone})
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Register(%+v) did not panic", k)
				}
			}()
			r.Register(k)
		}()
	}
}
