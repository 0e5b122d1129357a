package sessions

import (
	"context"
	"slices"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// ItemInput are the fields of a new agenda item.
type ItemInput struct {
	Title               string
	Description         string
	ProjectSlug         string // "": none
	DocumentID          *int64 // nil: none
	Confidential        bool
	SpeakingTimeSeconds *int // nil: the session's
}

// ItemPatch holds the fields a PATCH of an agenda item changes; nil fields stay. ClearProject and
// ClearSpeakingTime are the fields sent as null.
type ItemPatch struct {
	Title               *string
	Description         *string
	ProjectSlug         *string
	ClearProject        bool
	DocumentID          *int64
	ClearDocument       bool
	Confidential        *bool
	SpeakingTimeSeconds *int
	ClearSpeakingTime   bool
	Notes               *string
	Decision            *string
}

func validateItem(it *model.AgendaItem) error {
	ve := &apperr.ValidationError{}
	it.Title = text(ve, "title", it.Title, true, 300)
	it.Description = text(ve, "description", it.Description, false, 20000)
	it.Notes = text(ve, "notes", it.Notes, false, 20000)
	it.Decision = text(ve, "decision", it.Decision, false, 20000)
	if t := it.SpeakingTimeSeconds; t != nil && (*t < 10 || *t > 3600) {
		ve.Add("speaking_time_seconds", "range", "must be between 10 and 3600")
	}
	return ve.OrNil()
}

func (s *Service) projectID(ctx context.Context, slug string) (*int64, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		if isNotFound(err) {
			return nil, apperr.Invalid("project_slug", "not_found", "names no project")
		}
		return nil, err
	}
	return &p.ID, nil
}

// runnable loads a session u may see and run.
func (s *Service) runnable(ctx context.Context, u *model.User, id int64) (*model.Session, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	return se, nil
}

// AddItem appends an item to the agenda of a session that is not closed.
func (s *Service) AddItem(ctx context.Context, u *model.User, id int64, in ItemInput) (*ItemView, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	now := s.timestamp()
	it := &model.AgendaItem{SessionID: id, Title: in.Title, Description: in.Description, Confidential: in.Confidential,
		SpeakingTimeSeconds: in.SpeakingTimeSeconds, State: model.ItemOpen, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := validateItem(it); err != nil {
		return nil, err
	}
	if in.ProjectSlug != "" {
		if it.ProjectID, err = s.projectID(ctx, in.ProjectSlug); err != nil {
			return nil, err
		}
	}
	it.DocumentID = in.DocumentID
	if err := s.checkDocument(ctx, it); err != nil {
		return nil, err
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		// The bump locks the session, so concurrent additions get distinct positions, and changes the
		// version a reorder's If-Match names.
		ok, err := tx.Sessions().Bump(ctx, id, 0, now)
		if err != nil {
			return err
		}
		if !ok {
			return errClosed
		}
		if err := tx.Sessions().CreateItem(ctx, it); err != nil {
			return err
		}
		if err := idempotency.RecordWrite(ctx, tx, "agenda_item:"+formatID(it.ID)); err != nil {
			return err
		}
		return s.appendAgenda(ctx, tx, se.ID)
	})
	if err != nil {
		return nil, err
	}
	return s.itemView(ctx, u, it)
}

func (s *Service) itemView(ctx context.Context, u *model.User, it *model.AgendaItem) (*ItemView, error) {
	views, err := s.itemViews(ctx, s.st, u, []model.AgendaItem{*it})
	if err != nil {
		return nil, err
	}
	return &views[0], nil
}

// itemViews redacts what u may not see: the description, notes and decision of confidential items and
// the notes of every item outside the council audience.
func (s *Service) itemViews(ctx context.Context, st *store.Store, u *model.User, items []model.AgendaItem) ([]ItemView, error) {
	var pids []int64
	for _, it := range items {
		if it.ProjectID != nil {
			pids = append(pids, *it.ProjectID)
		}
	}
	slugs, err := st.Sessions().ProjectSlugs(ctx, pids)
	if err != nil {
		return nil, err
	}
	council := access.CanSeeSessionNotes(u)
	out := make([]ItemView, len(items))
	for i, it := range items {
		v := ItemView{Item: it, NotesVisible: council}
		if it.ProjectID != nil {
			if slug, ok := slugs[*it.ProjectID]; ok {
				v.ProjectSlug = &slug
			}
		}
		if !council {
			v.Item.Notes = ""
			if it.Confidential {
				v.Item.Description, v.Item.Decision = "", ""
			}
		}
		out[i] = v
	}
	return out, nil
}

// UpdateItem changes an agenda item if ifMatch (0: header missing) is its version.
func (s *Service) UpdateItem(ctx context.Context, u *model.User, id, itemID int64, ifMatch int, pt ItemPatch) (*ItemView, error) {
	se, err := s.runnable(ctx, u, id)
	if err != nil {
		return nil, err
	}
	cur, err := s.st.Sessions().Item(ctx, id, itemID)
	if err != nil {
		return nil, err
	}
	if ifMatch == 0 {
		return nil, errIfMatchMissing
	}
	if ifMatch != cur.Version {
		return nil, errStale
	}
	it := *cur
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&it.Title, pt.Title)
	set(&it.Description, pt.Description)
	set(&it.Notes, pt.Notes)
	set(&it.Decision, pt.Decision)
	if pt.Confidential != nil {
		it.Confidential = *pt.Confidential
	}
	if pt.SpeakingTimeSeconds != nil || pt.ClearSpeakingTime {
		it.SpeakingTimeSeconds = pt.SpeakingTimeSeconds
	}
	if err := validateItem(&it); err != nil {
		return nil, err
	}
	switch {
	case pt.ClearProject:
		it.ProjectID = nil
	case pt.ProjectSlug != nil:
		if it.ProjectID, err = s.projectID(ctx, *pt.ProjectSlug); err != nil {
			return nil, err
		}
	}
	switch {
	case pt.ClearDocument:
		it.DocumentID = nil
	case pt.DocumentID != nil:
		it.DocumentID = pt.DocumentID
	}
	if pt.DocumentID != nil || pt.ProjectSlug != nil {
		if err := s.checkDocument(ctx, &it); err != nil {
			return nil, err
		}
	}
	it.Version = cur.Version + 1
	it.UpdatedAt = s.timestamp()
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Sessions().UpdateItem(ctx, &it, cur.Version)
		if err != nil {
			return err
		}
		if !ok {
			return errStale
		}
		if err := s.recordDecision(ctx, tx, u, se, &it); err != nil {
			return err
		}
		if it.Title != cur.Title {
			return s.appendAgenda(ctx, tx, se.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.itemView(ctx, u, &it)
}

// Agenda is the agenda of a session with the session's version (the If-Match of a reorder).
type Agenda struct {
	SessionVersion int
	Items          []ItemView
}

// Agenda returns the agenda of a session.
func (s *Service) Agenda(ctx context.Context, u *model.User, id int64) (*Agenda, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return s.agenda(ctx, u, se)
}

func (s *Service) agenda(ctx context.Context, u *model.User, se *model.Session) (*Agenda, error) {
	items, err := s.st.Sessions().Items(ctx, se.ID)
	if err != nil {
		return nil, err
	}
	views, err := s.itemViews(ctx, s.st, u, items)
	if err != nil {
		return nil, err
	}
	return &Agenda{SessionVersion: se.Version, Items: views}, nil
}

// Reorder puts the agenda in the order of itemIDs (every item of the session, once) if ifMatch is the
// session's version.
func (s *Service) Reorder(ctx context.Context, u *model.User, id int64, ifMatch int, itemIDs []int64) (*Agenda, error) {
	if _, err := s.runnable(ctx, u, id); err != nil {
		return nil, err
	}
	if ifMatch == 0 {
		return nil, errIfMatchMissing
	}
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		ok, err := tx.Sessions().Bump(ctx, id, ifMatch, s.timestamp())
		if err != nil {
			return err
		}
		if !ok {
			cur, err := tx.Sessions().ByID(ctx, id)
			if err != nil {
				return err
			}
			if cur.State == model.SessionClosed {
				return errClosed
			}
			return errStale
		}
		items, err := tx.Sessions().Items(ctx, id)
		if err != nil {
			return err
		}
		have := make([]int64, len(items))
		for i, it := range items {
			have[i] = it.ID
		}
		want := slices.Clone(itemIDs)
		slices.Sort(have)
		slices.Sort(want)
		if !slices.Equal(have, want) {
			return apperr.Invalid("item_ids", "permutation", "must list every item of the agenda exactly once")
		}
		if err := tx.Sessions().SetPositions(ctx, id, itemIDs); err != nil {
			return err
		}
		return s.appendAgenda(ctx, tx, id)
	})
	if err != nil {
		return nil, err
	}
	return s.Agenda(ctx, u, id)
}

// Activate puts an item in discussion while the session is live (409 session_not_live otherwise); the
// item discussed before is done. Activating the item in discussion changes nothing.
func (s *Service) Activate(ctx context.Context, u *model.User, id, itemID int64) (*ItemView, error) {
	if _, err := s.runnable(ctx, u, id); err != nil {
		return nil, err
	}
	if _, err := s.st.Sessions().Item(ctx, id, itemID); err != nil {
		return nil, err
	}
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		// The session's row lock serialises activations: the one item in discussion stays one.
		live, err := tx.Sessions().LockLive(ctx, id)
		if err != nil {
			return err
		}
		if !live {
			return errNotLive
		}
		changed, err := tx.Sessions().Activate(ctx, id, itemID, s.timestamp())
		if err != nil || !changed {
			return err
		}
		if err := s.appendAgenda(ctx, tx, id); err != nil {
			return err
		}
		return s.appendUpdated(ctx, tx, u, id)
	})
	if err != nil {
		return nil, err
	}
	it, err := s.st.Sessions().Item(ctx, id, itemID)
	if err != nil {
		return nil, err
	}
	return s.itemView(ctx, u, it)
}
