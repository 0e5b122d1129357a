package live

import (
	"strconv"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/model"
)

// mayEvent reports whether u is in the audience of an event (see events.Audience). Who may see the topic
// at all is checked on subscribe.
func mayEvent(u *model.User, audience string) bool { return access.InAudience(u, audience) }

func formatID(id int64) string { return strconv.FormatInt(id, 10) }
