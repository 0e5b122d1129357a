package oparl

import (
	"context"
	"strconv"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

var meetingState = map[string]string{model.SessionScheduled: "terminiert", model.SessionLive: "läuft",
	model.SessionClosed: "durchgeführt"}

// meeting builds a Meeting with its agenda items, its Location and its latest published public
// minutes, all embedded; it was modified when the session, an item or the minutes last changed.
func (s *Service) meeting(m *model.Session, items []model.AgendaItem, minutes []model.MinutesVersion) Object {
	modified := m.UpdatedAt
	for _, it := range items {
		if it.UpdatedAt.After(modified) {
			modified = it.UpdatedAt
		}
	}
	for _, v := range minutes {
		if v.PublishedAt.After(modified) {
			modified = v.PublishedAt
		}
	}
	o := s.object(TypeMeeting, s.objectURL("meetings", m.ID), m.CreatedAt, modified)
	o["name"] = m.Title
	o["meetingState"] = meetingState[m.State]
	o["cancelled"] = false
	o["start"] = stamp(m.StartsAt)
	if m.ClosedAt != nil {
		o["end"] = stamp(*m.ClosedAt)
	}
	if m.Location != "" {
		o["location"] = s.location(m, true)
	}
	o["organization"] = []string{s.objectURL("organizations", orgID)}
	ai := make([]Object, 0, len(items))
	for i := range items {
		ai = append(ai, s.agendaItem(&items[i], true))
	}
	o["agendaItem"] = ai
	if len(minutes) > 0 {
		o["resultsProtocol"] = s.file(&minutes[len(minutes)-1], true)
	}
	o["web"] = s.base + "/sitzungen/" + strconv.FormatInt(m.ID, 10)
	return o
}

func (s *Service) meetings(ctx context.Context, ms []model.Session) ([]Object, error) {
	ids := make([]int64, len(ms))
	for i := range ms {
		ids[i] = ms[i].ID
	}
	items, err := s.st.OParl().ItemsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	minutes, err := s.st.OParl().MinutesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	byItems := map[int64][]model.AgendaItem{}
	for _, it := range items {
		byItems[it.SessionID] = append(byItems[it.SessionID], it)
	}
	byMinutes := map[int64][]model.MinutesVersion{}
	for _, v := range minutes {
		byMinutes[v.SessionID] = append(byMinutes[v.SessionID], v)
	}
	out := make([]Object, len(ms))
	for i := range ms {
		out[i] = s.meeting(&ms[i], byItems[ms[i].ID], byMinutes[ms[i].ID])
	}
	return out, nil
}

// Meeting is a public session; a session that was public and no longer is answers as a deleted Meeting.
func (s *Service) Meeting(ctx context.Context, id int64) (Object, error) {
	m, err := s.st.OParl().Meeting(ctx, id)
	if err != nil {
		return s.orGone(ctx, err, TypeMeeting, "meetings", model.OParlDeletedMeeting, id)
	}
	out, err := s.meetings(ctx, []model.Session{*m})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// Meetings lists the public sessions (and, for modified filters, those no longer public).
func (s *Service) Meetings(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/meetings", q, TypeMeeting, model.OParlDeletedMeeting, func(f store.OParlFilter) ([]Object, int64, error) {
		ms, total, err := s.st.OParl().Meetings(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data, err := s.meetings(ctx, ms)
		return data, total, err
	})
}

// agendaItem builds an AgendaItem; a confidential item shows its title only. Embedded in its Meeting
// it leaves out the back reference meeting ("nur dann ausgegeben, wenn das agendaItem-Objekt einzeln
// abgerufen ist"). An item is a sub-object: it goes with its session's publicity, and its Meeting
// records the change.
func (s *Service) agendaItem(it *model.AgendaItem, embedded bool) Object {
	o := s.object(TypeAgendaItem, s.objectURL("agenda-items", it.ID), it.CreatedAt, it.UpdatedAt)
	if !embedded {
		o["meeting"] = s.objectURL("meetings", it.SessionID)
	}
	o["number"] = strconv.Itoa(it.Position)
	o["order"] = it.Position
	o["name"] = it.Title
	o["public"] = !it.Confidential
	if !it.Confidential {
		if it.Description != "" {
			o["digitalrat:description"] = it.Description
		}
		if it.Decision != "" {
			o["resolutionText"] = it.Decision
		}
		if it.ProjectID != nil {
			o["digitalrat:paper"] = s.objectURL("papers", *it.ProjectID)
		}
	}
	if it.StartedAt != nil {
		o["start"] = stamp(*it.StartedAt)
	}
	if it.EndedAt != nil {
		o["end"] = stamp(*it.EndedAt)
	}
	return o
}

// AgendaItem is an agenda item of a public session.
func (s *Service) AgendaItem(ctx context.Context, id int64) (Object, error) {
	it, err := s.st.OParl().AgendaItem(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.agendaItem(it, false), nil
}

// AgendaItems lists the agenda items of public sessions.
func (s *Service) AgendaItems(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/agenda-items", q, TypeAgendaItem, "", func(f store.OParlFilter) ([]Object, int64, error) {
		items, total, err := s.st.OParl().AgendaItems(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(items))
		for i := range items {
			data[i] = s.agendaItem(&items[i], false)
		}
		return data, total, nil
	})
}

// location is the place of a public session, with the session's id (the place is a free text of the
// session, so each session has its own Location). Embedded in the Meeting it leaves out the back
// reference meetings ("nur dann ausgegeben, wenn das Location-Objekt nicht als eingebettetes Objekt
// aufgerufen wird"). It disappears with the session's place or publicity.
func (s *Service) location(m *model.Session, embedded bool) Object {
	o := s.object(TypeLocation, s.objectURL("locations", m.ID), m.CreatedAt, m.UpdatedAt)
	o["description"] = m.Location
	if !embedded {
		o["meetings"] = []string{s.objectURL("meetings", m.ID)}
	}
	return o
}

// Location is the place of a public session.
func (s *Service) Location(ctx context.Context, id int64) (Object, error) {
	m, err := s.st.OParl().Location(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.location(m, false), nil
}

// Locations lists the places of the public sessions that have one.
func (s *Service) Locations(ctx context.Context, q Query) (*List, error) {
	return s.page(ctx, "/locations", q, TypeLocation, "", func(f store.OParlFilter) ([]Object, int64, error) {
		ms, total, err := s.st.OParl().Locations(ctx, f)
		if err != nil {
			return nil, 0, err
		}
		data := make([]Object, len(ms))
		for i := range ms {
			data[i] = s.location(&ms[i], false)
		}
		return data, total, nil
	})
}
