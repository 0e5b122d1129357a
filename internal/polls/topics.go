package polls

import "github.com/digitalrat/digitalrat/internal/live"

// RegisterTopics registers the poll events on the public project:<slug> topics (council polls are visible
// to everyone too; only voting is for the council) and, for polls on agenda items, on session:<id> (with
// the audience of the session's visibility).
func RegisterTopics(r *live.Registry) {
	r.AddEvents("project", EventOpened, EventTally, EventClosed)
	r.AddEvents("session", EventOpened, EventTally, EventClosed)
}
