package comments

import (
	"context"
	"strconv"

	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
)

// RegisterTopics registers the live topics of this package and the comment events it publishes on the
// topics of projects and documents (a comment goes to its document's topic when it is on a block).
func RegisterTopics(r *live.Registry) {
	commentEvents := []string{eventCreated, eventUpdated, eventDeleted, eventVotes, eventWithdrawn, eventHidden, eventRemoved}
	r.AddEvents("project", commentEvents...)
	r.AddEvents("document", commentEvents...)
	// moderation: the queue, for moderators and admins.
	r.Register(live.TopicKind{Kind: topicModeration, NoID: true, Events: []string{eventQueued, eventResolved},
		May: func(_ context.Context, u *model.User, _ string) bool {
			return u.HasRole(model.RoleModerator) || u.HasRole(model.RoleAdmin)
		}})
	// user:<id>: the personal notifications of one user, for that user only.
	r.Register(live.TopicKind{Kind: "user", Events: []string{eventNotification},
		May: func(_ context.Context, u *model.User, id string) bool {
			return u != nil && strconv.FormatInt(u.ID, 10) == id
		}})
}
