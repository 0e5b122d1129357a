package accounts

import (
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/live"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Why a user's sessions were revoked, in the data of live.EventSessionRevoked.
const (
	revokedPassword = "password_changed"
	revokedRoles    = "roles_changed"
	revokedDisabled = "disabled"
	revokedDeleted  = "deleted"
)

// RegisterTopics declares the session event on user:<id> (the topic kind notify owns). Every instance's
// hub reads it from the outbox and re-checks that user's open live connections at once.
func RegisterTopics(r *live.Registry) {
	r.AddEvents("user", live.EventSessionRevoked)
}

// appendRevoked writes live.EventSessionRevoked for the user into the outbox in tx, the transaction of the
// change that ends the user's sessions, so no instance keeps serving the old rights after it commits.
func appendRevoked(tx *store.Store, userID int64, reason string) error {
	_, err := events.AppendFor(tx, events.AudienceUser(userID), live.EventSessionRevoked, events.AudienceUser(userID),
		map[string]string{"reason": reason})
	return err
}
