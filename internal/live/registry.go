package live

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/digitalrat/digitalrat/internal/model"
)

// maxTopicLen bounds a topic name, so a client cannot make the hub keep long strings.
const maxTopicLen = 200

// TopicKind is one kind of live topic, registered by the feature that owns it: the hub knows no topic of
// its own, so a new feature adds its topics without editing this package.
type TopicKind struct {
	// Kind names the topics: "project" stands for project:<id>.
	Kind string
	// NoID marks a topic without an id: the topic is the kind alone (e.g. "moderation").
	NoID bool
	// May decides on subscribe (and after every auth) whether u (nil: anonymous) may follow the topic with
	// this id ("" for NoID kinds). It may query the database: it is never called under a hub lock. Which
	// event of the topic reaches whom is narrowed further per event by its audience (events.Audience).
	May func(ctx context.Context, u *model.User, id string) bool
	// Events are the event types the owner publishes on the topic. Other features that publish on it add
	// theirs with Registry.AddEvents. Every type must be declared in openapi.yaml (LiveEvent); a test checks.
	Events []string
}

// Everyone is the access rule of a public topic kind.
func Everyone(context.Context, *model.User, string) bool { return true }

// Registry holds the topic kinds of the live hub. Features register their kinds while the app is wired,
// before the hub serves connections.
type Registry struct {
	mu     sync.RWMutex
	kinds  map[string]TopicKind
	events map[string][]string // kind → event types added by other features (AddEvents)
}

// NewRegistry returns an empty registry: a hub on it refuses every topic.
func NewRegistry() *Registry {
	return &Registry{kinds: map[string]TopicKind{}, events: map[string][]string{}}
}

// Register adds a topic kind. A kind registered twice, an empty kind, one with a colon or without a rule
// is a wiring mistake and panics at start.
func (r *Registry) Register(k TopicKind) {
	if k.Kind == "" || strings.Contains(k.Kind, ":") || k.May == nil {
		panic(fmt.Sprintf("live: invalid topic kind %q", k.Kind))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.kinds[k.Kind]; ok {
		panic(fmt.Sprintf("live: topic kind %q registered twice", k.Kind))
	}
	k.Events = slices.Clone(k.Events)
	r.kinds[k.Kind] = k
}

// AddEvents declares event types that a feature publishes on topics of a kind another feature owns (e.g.
// comments on project:<slug>). Registration order does not matter.
func (r *Registry) AddEvents(kind string, types ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events[kind] = append(r.events[kind], types...)
}

// Kinds returns the registered kinds sorted by name, each with all event types declared for it (its own
// and those added by AddEvents), and the kinds that got events but were never registered.
func (r *Registry) Kinds() (kinds []TopicKind, unknown []string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for name, k := range r.kinds {
		k.Events = slices.Concat(k.Events, r.events[name])
		slices.Sort(k.Events)
		k.Events = slices.Compact(k.Events)
		kinds = append(kinds, k)
	}
	for name := range r.events {
		if _, ok := r.kinds[name]; !ok {
			unknown = append(unknown, name)
		}
	}
	slices.SortFunc(kinds, func(a, b TopicKind) int { return strings.Compare(a.Kind, b.Kind) })
	slices.Sort(unknown)
	return kinds, unknown
}

// lookup returns the kind and id of a topic; false when the topic has no registered kind or the wrong
// shape (a NoID kind with an id, or a kind:<id> topic with an empty id).
func (r *Registry) lookup(topic string) (TopicKind, string, bool) {
	if len(topic) > maxTopicLen {
		return TopicKind{}, "", false
	}
	name, id, hasID := strings.Cut(topic, ":")
	r.mu.RLock()
	k, ok := r.kinds[name]
	r.mu.RUnlock()
	if !ok || hasID == k.NoID || (hasID && id == "") {
		return TopicKind{}, "", false
	}
	return k, id, true
}

// valid reports whether topic belongs to a registered kind.
func (r *Registry) valid(topic string) bool {
	_, _, ok := r.lookup(topic)
	return ok
}

// may reports whether u may subscribe to topic; false for topics of no registered kind.
func (r *Registry) may(ctx context.Context, u *model.User, topic string) bool {
	k, id, ok := r.lookup(topic)
	return ok && k.May(ctx, u, id)
}
