package moderation

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
)

// RegisterTopics registers the live topic of the moderation queue, for moderators and admins.
func RegisterTopics(r *live.Registry) {
	r.Register(live.TopicKind{Kind: topicModeration, NoID: true, Events: []string{eventQueued, eventResolved},
		May: func(_ context.Context, u *model.User, _ string) bool { return access.CanModerate(u) }})
}
