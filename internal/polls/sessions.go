package polls

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// CloseOfSession closes the open polls on the agenda items of a session that is being closed, in the
// close's transaction tx (which holds the session's row lock, so no poll of the session opens meanwhile):
// each writes poll.closed with its final counts, as a moderator's close does. The sessions service calls it
// (sessions.Service.OnClose) after the agenda rows and before any event of the close.
func (s *Service) CloseOfSession(ctx context.Context, tx *store.Store, se *model.Session) error {
	open, err := tx.Polls().OpenOfSession(ctx, se.ID)
	if err != nil {
		return err
	}
	now := s.timestamp()
	// All poll rows first, then the events: the outbox's lock is taken last, as every writer does.
	var closed []*model.Poll
	for i := range open {
		ok, err := tx.Polls().Close(ctx, open[i].ID, now)
		if err != nil {
			return err
		}
		if ok { // else closed by a moderator meanwhile
			closed = append(closed, &open[i])
		}
	}
	for _, p := range closed {
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
