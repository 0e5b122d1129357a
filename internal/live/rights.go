package live

import (
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
)

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
