package sessions

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Attendance are the members present in a session with the quorum.
type Attendance struct {
	Quorum  Quorum
	Members []store.Present
}

func (s *Service) attendance(ctx context.Context, st *store.Store, se *model.Session) (*Attendance, error) {
	members, err := st.Sessions().Attendance(ctx, se.ID)
	if err != nil {
		return nil, err
	}
	size, err := st.Sessions().CouncilSize(ctx)
	if err != nil {
		return nil, err
	}
	return &Attendance{Quorum: quorumOf(len(members), size, se.Quorum), Members: members}, nil
}

// CheckIn records a council member as present in a session that is not closed: u themself (userID nil or
// u's id; council members), or another member marked by a moderator. Checking in twice changes nothing.
func (s *Service) CheckIn(ctx context.Context, u *model.User, id int64, userID *int64) (*Attendance, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	a := &model.Attendance{SessionID: id, UserID: u.ID, CheckedInAt: s.timestamp()}
	if userID == nil || *userID == u.ID {
		if !access.CanTakePart(u) {
			return nil, errNotCouncil
		}
	} else {
		if !access.CanRunSession(u) {
			return nil, errForbidden
		}
		member, err := s.st.Users().ByID(ctx, *userID)
		if err != nil && !isNotFound(err) {
			return nil, err
		}
		if err != nil || !access.CanTakePart(member) || member.DisabledAt != nil {
			return nil, apperr.Invalid("user_id", "not_council", "must name a verified member of the Digitalrat")
		}
		a.UserID, a.MarkedBy = member.ID, &u.ID
	}
	if se.State == model.SessionClosed {
		return nil, errClosed
	}
	var out *Attendance
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		added, err := tx.Sessions().AddAttendance(ctx, a)
		if err != nil {
			return err
		}
		if out, err = s.attendance(ctx, tx, se); err != nil || !added {
			return err
		}
		return appendAttendance(ctx, tx, se, out.Quorum)
	})
	return out, err
}

// State is everything a late joiner needs at once: the session, the agenda, the item in discussion with
// its speaker list and the attendance, and the last event id to follow the topic from.
type State struct {
	LastEventID int64
	Session     View
	Agenda      []ItemView
	ActiveItem  *ItemView
	Speakers    *SpeakerList
	Attendance  Attendance
	Questions   []Question // the approved ones
}

// State returns the whole current state of a session. The outbox's settled horizon is read first (every
// event up to it is committed or never will be), so a client that subscribes with it as `since` misses
// nothing that changed while the state was read.
func (s *Service) State(ctx context.Context, u *model.User, id int64) (*State, error) {
	if _, err := s.load(ctx, u, id); err != nil {
		return nil, err
	}
	last, _, err := s.st.Events().Settled(ctx)
	if err != nil {
		return nil, err
	}
	v, err := s.Get(ctx, u, id)
	if err != nil {
		return nil, err
	}
	se := &v.Session
	ag, err := s.agenda(ctx, u, se)
	if err != nil {
		return nil, err
	}
	att, err := s.attendance(ctx, s.st, se)
	if err != nil {
		return nil, err
	}
	st := &State{LastEventID: last, Session: *v, Agenda: ag.Items, Attendance: *att}
	if st.Questions, err = s.questions(ctx, s.st, nil, id, false); err != nil {
		return nil, err
	}
	for i := range ag.Items {
		if ag.Items[i].Item.State == model.ItemInDiscussion {
			st.ActiveItem = &ag.Items[i]
			if st.Speakers, err = loadList(ctx, s.st, se, ag.Items[i].Item.ID); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}
