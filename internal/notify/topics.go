package notify

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/model"
)

// RegisterTopics registers user:<id>, the personal notifications of one user, for that user only.
func RegisterTopics(r *live.Registry) {
	r.Register(live.TopicKind{Kind: "user", Events: []string{eventNotification},
		May: func(_ context.Context, u *model.User, id string) bool { return access.CanFollowUser(u, id) }})
}
