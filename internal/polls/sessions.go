package polls

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// CloseOfSession closes the open polls on the agenda items of a session that is being closed, in the
// close's transaction tx (which holds the session's row lock, so no poll of the session opens meanwhile):
// each writes poll.closed with its final counts, as a moderator's close does. The sessions service calls it
// (sessions.Service.OnClose).
func (s *Service) CloseOfSession(ctx context.Context, tx *store.Store, se *model.Session) error {
	open, err := tx.Polls().OpenOfSession(ctx, se.ID)
	if err != nil {
		return err
	}
	now := s.timestamp()
	for i := range open {
		p := &open[i]
		ok, err := tx.Polls().Close(ctx, p.ID, now)
		if err != nil {
			return err
		}
		if !ok {
			continue // closed by a moderator meanwhile
		}
		counts, err := s.counts(ctx, tx, p.ID, model.PollClosed)
		if err != nil {
			return err
		}
		t := &target{poll: p, session: se}
		if err := t.appendEvent(tx, EventClosed, counts); err != nil {
			return err
		}
	}
	return nil
}
