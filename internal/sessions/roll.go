package sessions

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Roll is the roll call of a session for who runs it: every council member, present or not, with the
// quorum.
type Roll struct {
	Quorum  Quorum
	Members []store.Member
}

// Roll returns the roll call of a session (moderators and admins: they mark attendance from it).
func (s *Service) Roll(ctx context.Context, u *model.User, id int64) (*Roll, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	members, err := s.st.Sessions().Members(ctx, id)
	if err != nil {
		return nil, err
	}
	att, err := s.attendance(ctx, s.st, se)
	if err != nil {
		return nil, err
	}
	return &Roll{Quorum: att.Quorum, Members: members}, nil
}

// MarkAbsent records a member as not present in a session that is not closed (moderators and admins);
// marking an absent member absent changes nothing.
func (s *Service) MarkAbsent(ctx context.Context, u *model.User, id, userID int64) (*Roll, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if se.State == model.SessionClosed {
		return nil, errClosed
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		removed, err := tx.Sessions().RemoveAttendance(ctx, id, userID)
		if err != nil || !removed {
			return err
		}
		a, err := s.attendance(ctx, tx, se)
		if err != nil {
			return err
		}
		return appendAttendance(ctx, tx, se, a.Quorum)
	})
	if err != nil {
		return nil, err
	}
	return s.Roll(ctx, u, id)
}
