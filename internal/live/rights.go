package live

import (
	"context"
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
)

// SessionAccess decides whether u (nil: anonymous) may follow the live topic of session id. The default
// allows everyone; non-public sessions will plug their rule in here.
type SessionAccess func(ctx context.Context, u *model.User, id string) bool

// validTopic reports whether topic has a known kind and a non-empty id.
func validTopic(topic string) bool {
	if topic == "moderation" {
		return true
	}
	kind, id, ok := strings.Cut(topic, ":")
	if !ok || id == "" || len(topic) > 200 {
		return false
	}
	switch kind {
	case "project", "document", "session", "user":
		return true
	}
	return false
}

// mayTopic reports whether u may subscribe to a valid topic.
func (h *Hub) mayTopic(ctx context.Context, u *model.User, topic string) bool {
	if topic == "moderation" {
		return u.HasRole(model.RoleModerator) || u.HasRole(model.RoleAdmin)
	}
	kind, id, _ := strings.Cut(topic, ":")
	switch kind {
	case "project", "document":
		return true
	case "user":
		return u != nil && strconv.FormatInt(u.ID, 10) == id
	case "session":
		return h.opts.SessionAccess == nil || h.opts.SessionAccess(ctx, u, id)
	}
	return false
}

// mayEvent reports whether u is in the audience of an event (see events.Audience). Who may see the topic
// at all is checked on subscribe.
func mayEvent(u *model.User, audience string) bool {
	if audience == "" {
		return true
	}
	if u == nil {
		return false
	}
	if u.HasRole(model.RoleAdmin) {
		return true
	}
	for part := range strings.SplitSeq(audience, ",") {
		switch {
		case part == events.AudienceModerators:
			if u.HasRole(model.RoleModerator) {
				return true
			}
		case part == events.AudienceCouncil:
			if u.HasRole(model.RoleCouncil) || u.HasRole(model.RoleModerator) || u.HasRole(model.RoleOfficial) {
				return true
			}
		case strings.HasPrefix(part, "user:"):
			if part == events.AudienceUser(u.ID) {
				return true
			}
		}
	}
	return false
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
