package comments

import "github.com/digitalrat/digitalrat/internal/live"

// RegisterTopics registers the comment events this package publishes on the topics of projects and
// documents (a comment goes to its document's topic when it is on a block).
func RegisterTopics(r *live.Registry) {
	commentEvents := []string{EventCreated, EventUpdated, EventDeleted, EventVotes, EventWithdrawn, EventHidden, EventRemoved}
	r.AddEvents("project", commentEvents...)
	r.AddEvents("document", commentEvents...)
}
