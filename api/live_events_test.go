package api_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/store"
)

// The event types found in the outboxes of all tests of this run, and the registry of one of them.
var (
	seenMu     sync.Mutex
	seenTypes  = map[string]bool{}
	seenTopics *live.Registry
)

// liveEventSchema is the LiveEvent schema of openapi.yaml and the event types it declares.
func liveEventSchema(t testing.TB) (*openapi3.Schema, []string) {
	t.Helper()
	loadSpec(t)
	ref := specDoc.Components.Schemas["LiveEvent"]
	if ref == nil || ref.Value == nil || ref.Value.Discriminator == nil {
		t.Fatal("openapi.yaml: components/schemas/LiveEvent with a discriminator is missing")
	}
	var types []string
	for typ := range ref.Value.Discriminator.Mapping {
		types = append(types, typ)
	}
	slices.Sort(types)
	return ref.Value, types
}

// envelope is the schema that LiveEvent maps the event type typ to.
func envelope(t testing.TB, liveEvent *openapi3.Schema, typ string) *openapi3.Schema {
	t.Helper()
	ref := liveEvent.Discriminator.Mapping[typ]
	s := specDoc.Components.Schemas[strings.TrimPrefix(ref.Ref, "#/components/schemas/")]
	if s == nil || s.Value == nil {
		t.Fatalf("LiveEvent maps %s to %q, which is not a schema of openapi.yaml", typ, ref.Ref)
	}
	return s.Value
}

// registeredTypes are the event types the features registered, per topic kind.
func registeredTypes(t testing.TB, r *live.Registry) map[string][]string {
	t.Helper()
	kinds, unknown := r.Kinds()
	if len(unknown) > 0 {
		t.Errorf("events declared on topic kinds nobody registered: %v", unknown)
	}
	out := map[string][]string{}
	for _, k := range kinds {
		out[k.Kind] = k.Events
	}
	return out
}

// checkOutbox validates every event the test left in the outbox, as the hub sends it, against the
// LiveEvent schema of openapi.yaml, and checks that its type is registered for the kind of its topic. It
// runs when a test ends; tests that took the database away are not checked.
func checkOutbox(t *testing.T, e *env) {
	rows, err := store.NewEvents(e.db.Gorm).After(context.Background(), 0, math.MaxInt64, 100000)
	if err != nil {
		t.Logf("outbox not checked: %v", err)
		return
	}
	schema, declared := liveEventSchema(t)
	registered := registeredTypes(t, e.svc.Live.Topics())
	seenMu.Lock()
	defer seenMu.Unlock()
	seenTopics = e.svc.Live.Topics()
	for i := range rows {
		ev := &rows[i]
		msg := live.Message(ev)
		if !slices.Contains(declared, ev.Type) {
			t.Errorf("event type %s is not declared in openapi.yaml (components/schemas/LiveEvent): %.300s", ev.Type, msg)
			continue
		}
		var v any
		if err := json.Unmarshal(msg, &v); err != nil {
			t.Fatal(err)
		}
		// The envelope of the type first, for a readable error; then the union, as clients see it.
		if err := envelope(t, schema, ev.Type).VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
			t.Errorf("event %s does not match openapi.yaml: %v\n%.500s", ev.Type, err, msg)
		} else if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil {
			t.Errorf("event %s does not match LiveEvent: %.300v", ev.Type, err)
		}
		kind, _, _ := strings.Cut(ev.Topic, ":")
		if !slices.Contains(registered[kind], ev.Type) {
			t.Errorf("event %s on %s: the type is not registered for topic kind %q", ev.Type, ev.Topic, kind)
		}
		seenTypes[ev.Type] = true
	}
}

// checkEventTypesSeen fails a complete run of the package in which some registered event type never
// appeared, so that the schema check above covers every type.
func checkEventTypesSeen() int {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return 0 // a partial run
		}
	}
	seenMu.Lock()
	defer seenMu.Unlock()
	if seenTopics == nil {
		return 0
	}
	kinds, _ := seenTopics.Kinds()
	var missing []string
	for _, k := range kinds {
		for _, typ := range k.Events {
			if !seenTypes[typ] && !slices.Contains(missing, typ) {
				missing = append(missing, typ)
			}
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: no test wrote the live event types %v, so their schema in openapi.yaml is untested\n", missing)
		return 1
	}
	return 0
}

// TestLiveEventSchemaMatchesRegistry: openapi.yaml declares exactly the event types that the features
// register, each with an envelope whose type is that type.
func TestLiveEventSchemaMatchesRegistry(t *testing.T) {
	e := newEnv(t)
	_, declared := liveEventSchema(t)
	var registered []string
	for _, types := range registeredTypes(t, e.svc.Live.Topics()) {
		registered = append(registered, types...)
	}
	slices.Sort(registered)
	registered = slices.Compact(registered)
	if !slices.Equal(declared, registered) {
		t.Errorf("LiveEvent declares %v,\nthe features register %v", declared, registered)
	}
	schema, _ := liveEventSchema(t)
	for typ, ref := range schema.Discriminator.Mapping {
		if p := envelope(t, schema, typ).Properties["type"]; p == nil || p.Value.Const != typ {
			t.Errorf("LiveEvent maps %s to %s, whose type is not that constant", typ, ref.Ref)
		}
		if !slices.ContainsFunc(schema.OneOf, func(s *openapi3.SchemaRef) bool { return s.Ref == ref.Ref }) {
			t.Errorf("LiveEvent maps %s to %s, which is not one of its oneOf", typ, ref.Ref)
		}
	}
	// An undeclared type and a wrong payload are refused.
	for _, bad := range []string{
		`{"op":"event","id":1,"topic":"project:x","type":"project.renamed","data":{"slug":"x","version":2}}`,
		`{"op":"event","id":1,"topic":"project:x","type":"project.created","data":{"slug":"x"}}`,
		`{"op":"event","id":1,"topic":"project:x","type":"comment.votes","data":{"id":"1","up":"many","down":0}}`,
	} {
		var v any
		_ = json.Unmarshal([]byte(bad), &v)
		if err := schema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
