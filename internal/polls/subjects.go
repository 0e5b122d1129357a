package polls

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Subject types.
const (
	SubjectProject    = "project"
	SubjectAgendaItem = "agenda_item"
)

// target is a poll with its subject: a project, or an agenda item with its session.
type target struct {
	poll    *model.Poll
	project *model.Project
	item    *model.AgendaItem
	session *model.Session
}

// subject resolves the subject of a poll (or of a poll to be created) with st.
func subject(ctx context.Context, st *store.Store, typ string, id int64) (*target, error) {
	t := &target{}
	var err error
	switch typ {
	case SubjectProject:
		t.project, err = st.Projects().ByID(ctx, id)
	case SubjectAgendaItem:
		if t.item, err = st.Sessions().ItemByID(ctx, id); err == nil {
			t.session, err = st.Sessions().ByID(ctx, t.item.SessionID)
		}
	default:
		err = fmt.Errorf("polls: subject type %q: %w", typ, apperr.ErrNotFound)
	}
	return t, err
}

// visible reports whether u may see the subject at all (a non-public session's polls: 404 to others).
func (t *target) visible(u *model.User) bool {
	return t.session == nil || access.CanSeeSession(u, t.session.Visibility)
}

// canManage reports whether u may create, edit, open and close the poll: on a project its department's
// officials, moderators and admins; on an agenda item who runs sessions (moderators and admins).
func (t *target) canManage(u *model.User) bool {
	if t.session != nil {
		return access.CanRunSession(u)
	}
	return access.CanManagePoll(u, t.project.OwnerUnit)
}

func (t *target) subject() Subject {
	if t.session != nil {
		return Subject{Type: SubjectAgendaItem, ID: t.item.ID, SessionID: t.session.ID}
	}
	return Subject{Type: SubjectProject, Slug: t.project.Slug}
}

// appendEvent writes a poll event on the subject's topic: project:<slug>, or session:<id> with the
// audience of the session's visibility.
func (t *target) appendEvent(tx *store.Store, typ string, data any) error {
	if t.session != nil {
		_, err := events.AppendFor(tx, "session:"+formatID(t.session.ID), typ, access.SessionAudience(t.session.Visibility), data)
		return err
	}
	_, err := events.Append(tx, topic(t.project), typ, data)
	return err
}

// ParseSubject reads "project:<slug>" or "agenda_item:<id>".
func ParseSubject(v string) (Subject, error) {
	typ, ref, ok := strings.Cut(v, ":")
	switch {
	case ok && typ == SubjectProject && ref != "":
		return Subject{Type: typ, Slug: ref}, nil
	case ok && typ == SubjectAgendaItem:
		if id, err := strconv.ParseInt(ref, 10, 64); err == nil && id > 0 {
			return Subject{Type: typ, ID: id}, nil
		}
	}
	return Subject{}, apperr.Invalid("subject", "format", "must be project:<slug> or agenda_item:<id>")
}

// resolve finds the subject a client named; 404 when there is none or u may not see it.
func (s *Service) resolve(ctx context.Context, u *model.User, subj Subject) (*target, error) {
	var t *target
	switch subj.Type {
	case SubjectProject:
		pr, err := s.st.Projects().BySlug(ctx, subj.Slug)
		if err != nil {
			return nil, err
		}
		t = &target{project: pr}
	default:
		var err error
		if t, err = subject(ctx, s.st, SubjectAgendaItem, subj.ID); err != nil {
			return nil, err
		}
	}
	if !t.visible(u) {
		return nil, fmt.Errorf("polls: subject not visible: %w", apperr.ErrNotFound)
	}
	return t, nil
}

// snapshotPresent records the council members present in the session as the voters of an agenda item
// poll, with the members the session's quorum requires now.
func (s *Service) snapshotPresent(ctx context.Context, tx *store.Store, pollID int64, se *model.Session) error {
	size, err := tx.Sessions().CouncilSize(ctx)
	if err != nil {
		return err
	}
	_, err = tx.Polls().SnapshotPresent(ctx, pollID, se.ID, access.QuorumRequired(size, se.Quorum))
	return err
}

// OpenOfSession returns the open polls on the agenda items of a session u may see.
func (s *Service) OpenOfSession(ctx context.Context, u *model.User, sessionID int64) ([]View, error) {
	list, err := s.st.Polls().OpenOfSession(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	out := make([]View, 0, len(list))
	for i := range list {
		t, err := subject(ctx, s.st, list[i].SubjectType, list[i].SubjectID)
		if err != nil {
			return nil, err
		}
		if !t.visible(u) {
			return nil, fmt.Errorf("polls: session not visible: %w", apperr.ErrNotFound)
		}
		v, err := s.view(ctx, u, &list[i], t)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}
