package projects

import "github.com/digitalrat/digitalrat/internal/live"

// Event types this package publishes.
const (
	eventProjectCreated         = "project.created"
	eventProjectUpdated         = "project.updated"
	eventDocumentCreated        = "document.created"
	eventDocumentVersionCreated = "document.version_created"
)

// RegisterTopics registers the live topics of projects and documents: project:<slug> and document:<id>,
// public like the projects and documents themselves.
func RegisterTopics(r *live.Registry) {
	r.Register(live.TopicKind{Kind: "project", May: live.Everyone,
		Events: []string{eventProjectCreated, eventProjectUpdated, eventDocumentCreated, eventDocumentVersionCreated}})
	r.Register(live.TopicKind{Kind: "document", May: live.Everyone,
		Events: []string{eventDocumentVersionCreated}})
}
