package sessions

import (
	"context"
	"slices"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// SpeakerList is the speaker list of an agenda item: the running speech, the waiting requests in the
// order they will be called (points of order first) and the finished speeches with their actual times.
// Version counts its changes.
type SpeakerList struct {
	ItemID              int64
	Version             int
	SpeakingTimeSeconds int
	Current             *Speaker
	Waiting             []Speaker
	Done                []Speaker
}

// Speaker is an entry of a speaker list with the speaker's display name (nil: a deleted account).
type Speaker struct {
	model.Speaker
	DisplayName *string
}

var speechKinds = []string{model.SpeechNormal, model.SpeechPro, model.SpeechContra, model.SpeechPointOfOrder}

func speakerList(se *model.Session, it *model.AgendaItem, version int, rows []store.SpeakerRow) *SpeakerList {
	l := &SpeakerList{ItemID: it.ID, Version: version, SpeakingTimeSeconds: se.SpeakingTimeSeconds}
	if it.SpeakingTimeSeconds != nil {
		l.SpeakingTimeSeconds = *it.SpeakingTimeSeconds
	}
	for _, r := range rows {
		sp := Speaker{Speaker: r.Speaker, DisplayName: r.DisplayName}
		switch r.State {
		case model.SpeakerSpeaking:
			l.Current = &sp
		case model.SpeakerWaiting:
			l.Waiting = append(l.Waiting, sp)
		case model.SpeakerDone:
			l.Done = append(l.Done, sp)
		}
	}
	return l
}

// loadList reads the speaker list of an item with st (the pool or a transaction).
func loadList(ctx context.Context, st *store.Store, se *model.Session, itemID int64) (*SpeakerList, error) {
	l, _, err := loadItemList(ctx, st, se, itemID)
	return l, err
}

// loadItemList is loadList that also returns the item as st sees it.
func loadItemList(ctx context.Context, st *store.Store, se *model.Session, itemID int64) (*SpeakerList, *model.AgendaItem, error) {
	it, err := st.Sessions().Item(ctx, se.ID, itemID)
	if err != nil {
		return nil, nil, err
	}
	rows, err := st.Sessions().Speakers(ctx, itemID)
	if err != nil {
		return nil, nil, err
	}
	return speakerList(se, it, it.SpeakersVersion, rows), it, nil
}

// Speakers returns the speaker list of an agenda item.
func (s *Service) Speakers(ctx context.Context, u *model.User, id, itemID int64) (*SpeakerList, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return loadList(ctx, s.st, se, itemID)
}

// changeList runs fn in a transaction that first takes the lock of the item's speaker list, then writes
// session.speakers with the list as fn left it. fn gets the list and the item as they are under the lock
// (an activation or a close that committed meanwhile shows in the item's state).
func (s *Service) changeList(ctx context.Context, se *model.Session, itemID int64, fn func(tx *store.Store, l *SpeakerList, it *model.AgendaItem) error) (*SpeakerList, error) {
	var out *SpeakerList
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		if _, err := tx.Sessions().LockSpeakers(ctx, itemID); err != nil {
			return err
		}
		l, it, err := loadItemList(ctx, tx, se, itemID)
		if err != nil {
			return err
		}
		if err := fn(tx, l, it); err != nil {
			return err
		}
		if out, err = loadList(ctx, tx, se, itemID); err != nil {
			return err
		}
		return appendSpeakers(ctx, tx, se, out)
	})
	return out, err
}

// speakerItem loads the session and item of a speaker list change: the session must be live and the
// item not done.
func (s *Service) speakerItem(ctx context.Context, u *model.User, id, itemID int64) (*model.Session, *model.AgendaItem, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, nil, err
	}
	it, err := s.st.Sessions().Item(ctx, id, itemID)
	if err != nil {
		return nil, nil, err
	}
	return se, it, nil
}

// Request puts u on the speaker list of an item (council members, while the session is live). A point of
// order goes to the top of the waiting requests; a second open request of the same member is 409
// already_requested.
func (s *Service) Request(ctx context.Context, u *model.User, id, itemID int64, kind string) (*SpeakerList, error) {
	se, it, err := s.speakerItem(ctx, u, id, itemID)
	if err != nil {
		return nil, err
	}
	if !access.CanTakePart(u) {
		return nil, errNotCouncil
	}
	if kind == "" {
		kind = model.SpeechNormal
	}
	if !slices.Contains(speechKinds, kind) {
		return nil, apperr.Invalid("kind", "oneof", "must be one of: speech, pro, contra, point_of_order")
	}
	if se.State != model.SessionLive {
		return nil, errNotLive
	}
	if it.State == model.ItemDone {
		return nil, errItemDone
	}
	return s.changeList(ctx, se, itemID, func(tx *store.Store, _ *SpeakerList, it *model.AgendaItem) error {
		if it.State == model.ItemDone {
			return errItemDone
		}
		err := tx.Sessions().AddSpeaker(ctx, &model.Speaker{SessionID: id, ItemID: itemID, UserID: &u.ID, Kind: kind,
			State: model.SpeakerWaiting, RequestedAt: s.timestamp()})
		if store.IsDuplicate(err) {
			return errRequested
		}
		return err
	})
}

// Withdraw withdraws u's waiting request to speak on an item (409 no_open_request without one).
func (s *Service) Withdraw(ctx context.Context, u *model.User, id, itemID int64) (*SpeakerList, error) {
	se, _, err := s.speakerItem(ctx, u, id, itemID)
	if err != nil {
		return nil, err
	}
	return s.changeList(ctx, se, itemID, func(tx *store.Store, _ *SpeakerList, _ *model.AgendaItem) error {
		ok, err := tx.Sessions().Withdraw(ctx, itemID, u.ID)
		if err == nil && !ok {
			return errNoRequest
		}
		return err
	})
}

// moderated loads the session and item a moderator works the speaker list of: the session live, the
// item in discussion.
func (s *Service) moderated(ctx context.Context, u *model.User, id, itemID int64) (*model.Session, error) {
	se, it, err := s.speakerItem(ctx, u, id, itemID)
	if err != nil {
		return nil, err
	}
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	if se.State != model.SessionLive {
		return nil, errNotLive
	}
	if it.State != model.ItemInDiscussion {
		return nil, errNotActive
	}
	return se, nil
}

// Next ends the running speech and starts the next waiting one. current is the running speech the
// moderator saw (nil: none); when another speech runs by now — another moderator was faster — it is 409
// speaker_changed and nothing changes, so two moderators pressing "next" at once call one speaker.
func (s *Service) Next(ctx context.Context, u *model.User, id, itemID int64, current *int64) (*SpeakerList, error) {
	se, err := s.moderated(ctx, u, id, itemID)
	if err != nil {
		return nil, err
	}
	return s.changeList(ctx, se, itemID, func(tx *store.Store, l *SpeakerList, it *model.AgendaItem) error {
		if it.State != model.ItemInDiscussion {
			return errNotActive
		}
		var running *int64
		if l.Current != nil {
			running = &l.Current.ID
		}
		if (running == nil) != (current == nil) || (running != nil && *running != *current) {
			return errChanged
		}
		if running == nil && len(l.Waiting) == 0 {
			return errNoneWaits
		}
		now := s.timestamp()
		if running != nil {
			if _, err := tx.Sessions().SetSpeakerState(ctx, *running, model.SpeakerSpeaking, model.SpeakerDone, now); err != nil {
				return err
			}
		}
		if len(l.Waiting) == 0 {
			return nil
		}
		ok, err := tx.Sessions().SetSpeakerState(ctx, l.Waiting[0].ID, model.SpeakerWaiting, model.SpeakerSpeaking, now)
		if err == nil && !ok {
			return errChanged
		}
		return err
	})
}

// End ends the running speech (409 no_running_speech without one).
func (s *Service) End(ctx context.Context, u *model.User, id, itemID int64) (*SpeakerList, error) {
	se, err := s.moderated(ctx, u, id, itemID)
	if err != nil {
		return nil, err
	}
	return s.changeList(ctx, se, itemID, func(tx *store.Store, l *SpeakerList, it *model.AgendaItem) error {
		if it.State != model.ItemInDiscussion {
			return errNotActive
		}
		if l.Current == nil {
			return errNoSpeech
		}
		_, err := tx.Sessions().SetSpeakerState(ctx, l.Current.ID, model.SpeakerSpeaking, model.SpeakerDone, s.timestamp())
		return err
	})
}
