package api_test

import (
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The OParl 1.1 rules the tests check each object against, per type: its fields and their kinds, "!"
// marking the ones this server always gives (the spec's required ones among them: System oparlVersion
// and body; Body name, organization, person, meeting, paper and legislativeTerm; File accessUrl).
// Kinds: s non-empty string, u URL of this interface that answers 200, d date (YYYY-MM-DD), t date-time
// with time zone, b boolean, n number, a array (of URLs, which must answer, or of embedded objects,
// which are checked in turn), o an embedded object. Fields outside the list are errors unless they
// carry the vendor prefix "digitalrat:".
var oparlFields = map[string]map[string]string{
	"System": {"oparlVersion": "!s", "body": "!u", "otherOparlVersions": "!a", "name": "!s", "website": "s",
		"vendor": "s", "product": "s", "web": "s", "license": "s"},
	"Body": {"name": "!s", "organization": "!u", "person": "!u", "meeting": "!u", "paper": "!u", "legislativeTerm": "!a",
		"system": "!u", "agendaItem": "!u", "file": "!u", "membership": "!u", "locationList": "!u", "legislativeTermList": "!u",
		"website": "s", "oparlSince": "t", "classification": "s", "web": "s"},
	"LegislativeTerm": {"name": "!s", "startDate": "!d", "endDate": "d", "body": "u"},
	"Organization": {"name": "!s", "body": "!u", "membership": "!a", "meeting": "!u", "shortName": "!s",
		"organizationType": "s", "classification": "s", "startDate": "d", "web": "s"},
	"Person":     {"name": "!s", "body": "!u", "status": "!a", "membership": "!a"},
	"Membership": {"organization": "!u", "role": "!s", "votingRight": "!b", "person": "u"},
	"Meeting": {"name": "!s", "meetingState": "!s", "cancelled": "!b", "start": "!t", "end": "t", "organization": "!a",
		"agendaItem": "!a", "location": "o", "resultsProtocol": "o", "web": "s"},
	"AgendaItem": {"number": "!s", "order": "!n", "name": "!s", "public": "!b", "meeting": "u", "resolutionText": "s",
		"start": "t", "end": "t"},
	"Location": {"description": "!s", "meetings": "a"},
	"Paper":    {"name": "!s", "body": "!u", "reference": "!s", "date": "!d", "paperType": "!s", "web": "s"},
	"File": {"accessUrl": "!c", "downloadUrl": "!c", "mimeType": "!s", "name": "!s", "fileName": "!s", "size": "!n",
		"date": "d", "meeting": "a"},
}

// oparlBackRef is the back reference each sub-object type carries only when it is not embedded in its
// parent (e.g. AgendaItem.meeting: "nur dann ausgegeben, wenn das agendaItem-Objekt einzeln abgerufen ist").
var oparlBackRef = map[string]string{"AgendaItem": "meeting", "File": "meeting", "LegislativeTerm": "body",
	"Membership": "person", "Location": "meetings"}

// oparlListType is the type of the objects of each external list.
var oparlListType = map[string]string{"bodies": "Body", "organizations": "Organization", "persons": "Person",
	"meetings": "Meeting", "agenda-items": "AgendaItem", "papers": "Paper", "files": "File",
	"legislative-terms": "LegislativeTerm", "memberships": "Membership", "locations": "Location"}

var oparlDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// oparlWalk is what an OParl validator does: from the System it follows every link — lists page by page
// with a small page size, objects by their id — checks every object against oparlFields, that its id
// is the URL that answers it, that it answers the same object there, and that every link answers.
type oparlWalk struct {
	e       *env
	t       *testing.T
	objects map[string]map[string]any // by id: every object met, listed, fetched or embedded
	bodies  []string                  // every response body read, to search for what must not appear
	done    map[string]bool           // URLs fetched
	queue   []string
}

func (e *env) walkOParl(t *testing.T) *oparlWalk {
	t.Helper()
	w := &oparlWalk{e: e, t: t, objects: map[string]map[string]any{}, done: map[string]bool{}}
	w.queue = []string{oparlBase + "/oparl/v1/system"}
	for len(w.queue) > 0 {
		u := w.queue[0]
		w.queue = w.queue[1:]
		if w.done[u] {
			continue
		}
		w.done[u] = true
		w.visit(u)
	}
	return w
}

// visit fetches a URL: a list is read to its end, an object is checked.
func (w *oparlWalk) visit(u string) {
	w.t.Helper()
	path := strings.TrimPrefix(u, oparlBase+"/oparl/v1/")
	if strings.HasSuffix(strings.SplitN(path, "?", 2)[0], "/content") {
		res := w.e.oparlGet(w.t, u)
		if res.Code != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			w.t.Errorf("%s: %d %s", u, res.Code, res.Header.Get("Content-Type"))
		}
		w.bodies = append(w.bodies, string(res.Body))
		return
	}
	if typ, ok := oparlListType[path]; ok {
		for _, o := range w.e.oparlAll(w.t, u+"?elementsPerPage=1") {
			w.check(o, typ, false)
		}
		return
	}
	res := w.e.oparlGet(w.t, u)
	if res.Code != 200 {
		w.t.Errorf("link %s answers %d", u, res.Code)
		return
	}
	w.bodies = append(w.bodies, string(res.Body))
	var o map[string]any
	res.JSON(w.t, &o)
	if o["id"] != u {
		w.t.Errorf("GET %s answers the object %v", u, o["id"])
	}
	typ := strings.TrimPrefix(o["type"].(string), "https://schema.oparl.org/1.1/")
	w.check(o, typ, false)
}

// check checks one object of type typ (embedded in another or not) and queues its links.
func (w *oparlWalk) check(o map[string]any, typ string, embedded bool) {
	w.t.Helper()
	id, _ := o["id"].(string)
	if u, err := url.Parse(id); err != nil || !u.IsAbs() || !strings.HasPrefix(id, oparlBase+"/oparl/v1/") {
		w.t.Errorf("%s: id %q is not an absolute URL of this interface", typ, id)
		return
	}
	if o["type"] != "https://schema.oparl.org/1.1/"+typ {
		w.t.Errorf("%s: type %v, want %s", id, o["type"], typ)
	}
	for _, f := range []string{"created", "modified"} {
		if s, _ := o[f].(string); !isDateTime(s) {
			w.t.Errorf("%s: %s %q is not a date-time with time zone", id, f, o[f])
		}
	}
	deleted, ok := o["deleted"].(bool)
	if !ok {
		w.t.Errorf("%s: deleted %#v", id, o["deleted"])
	}
	if prev, ok := w.objects[id]; ok && prev["modified"] != o["modified"] {
		w.t.Errorf("%s: modified %v here, %v elsewhere", id, o["modified"], prev["modified"])
	}
	w.objects[id] = o
	if !embedded && !w.done[id] {
		w.queue = append(w.queue, id)
	}
	if deleted {
		// OParl 1.1: a deleted object keeps id, type and created, modified is the time of deletion,
		// "sämtliche anderen Attribute" are dropped.
		for k := range o {
			switch k {
			case "id", "type", "created", "modified", "deleted":
			default:
				w.t.Errorf("%s: deleted object shows %s", id, k)
			}
		}
		return
	}
	fields := oparlFields[typ]
	for f, kind := range fields {
		if strings.HasPrefix(kind, "!") {
			if _, ok := o[f]; !ok {
				w.t.Errorf("%s: %s missing", id, f)
			}
		}
	}
	if ref, ok := oparlBackRef[typ]; ok {
		if _, has := o[ref]; has == embedded {
			w.t.Errorf("%s: back reference %s present=%v while embedded=%v", id, ref, has, embedded)
		}
	}
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, f := range keys {
		v := o[f]
		switch f {
		case "id", "type", "created", "modified", "deleted":
			continue
		}
		kind, known := fields[f]
		if !known {
			if !strings.HasPrefix(f, "digitalrat:") {
				w.t.Errorf("%s: field %s is not an OParl 1.1 field of %s", id, f, typ)
			} else if s, ok := v.(string); ok && strings.HasPrefix(s, oparlBase+"/oparl/v1/") {
				w.queue = append(w.queue, s)
			}
			continue
		}
		w.field(id, f, strings.TrimPrefix(kind, "!"), v)
	}
}

func (w *oparlWalk) field(id, f, kind string, v any) {
	w.t.Helper()
	bad := func() { w.t.Errorf("%s: %s = %#v is not of kind %s", id, f, v, kind) }
	switch kind {
	case "s":
		if s, ok := v.(string); !ok || s == "" {
			bad()
		}
	case "u", "c":
		s, ok := v.(string)
		if !ok || !strings.HasPrefix(s, oparlBase+"/oparl/v1/") {
			bad()
			return
		}
		w.queue = append(w.queue, s)
	case "d":
		if s, ok := v.(string); !ok || !oparlDate.MatchString(s) {
			bad()
		}
	case "t":
		if s, ok := v.(string); !ok || !isDateTime(s) {
			bad()
		}
	case "b":
		if _, ok := v.(bool); !ok {
			bad()
		}
	case "n":
		if _, ok := v.(float64); !ok {
			bad()
		}
	case "o":
		m, ok := v.(map[string]any)
		if !ok {
			bad()
			return
		}
		typ, _ := m["type"].(string)
		w.check(m, strings.TrimPrefix(typ, "https://schema.oparl.org/1.1/"), true)
	case "a":
		arr, ok := v.([]any)
		if !ok {
			bad()
			return
		}
		for _, it := range arr {
			switch x := it.(type) {
			case string:
				if strings.HasPrefix(x, oparlBase+"/oparl/v1/") {
					w.queue = append(w.queue, x)
				}
			case map[string]any:
				typ, _ := x["type"].(string)
				w.check(x, strings.TrimPrefix(typ, "https://schema.oparl.org/1.1/"), true)
			}
		}
	}
}

// ofType returns the ids of the objects met of a type.
func (w *oparlWalk) ofType(typ string) []string {
	var out []string
	for id, o := range w.objects {
		if o["type"] == "https://schema.oparl.org/1.1/"+typ {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}
