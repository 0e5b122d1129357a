package sessions

import (
	"context"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// maxNotes is the longest the notes of an agenda item may grow, as validateItem allows.
const maxNotes = 20000

// checkDocument validates the document an item links: it must exist and, when the item links a project
// as well, belong to that project (422 naming document_id).
func (s *Service) checkDocument(ctx context.Context, it *model.AgendaItem) error {
	if it.DocumentID == nil {
		return nil
	}
	d, err := s.st.Documents().ByID(ctx, *it.DocumentID)
	if err != nil {
		if isNotFound(err) {
			return apperr.Invalid("document_id", "not_found", "names no document")
		}
		return err
	}
	if it.ProjectID != nil && d.ProjectID != *it.ProjectID {
		return apperr.Invalid("document_id", "project_mismatch", "must be a document of the project named by project_slug")
	}
	return nil
}

// AddNote appends a moderator's note, stamped with the time (UTC), to the notes of an agenda item: the
// notes stay one Markdown text (what PATCH edits and the minutes show), each note its own paragraph. The
// append is one UPDATE, so notes of two moderators at once are both kept. Notes are for the council
// audience only, so no live event announces them.
func (s *Service) AddNote(ctx context.Context, u *model.User, id, itemID int64, note string) (*ItemView, error) {
	if _, err := s.runnable(ctx, u, id); err != nil {
		return nil, err
	}
	ve := &apperr.ValidationError{}
	note = text(ve, "text", note, true, 5000)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	cur, err := s.st.Sessions().Item(ctx, id, itemID)
	if err != nil {
		return nil, err
	}
	now := s.timestamp()
	entry := "[" + now.Format("2006-01-02 15:04") + " UTC] " + note
	if utf8.RuneCountInString(cur.Notes)+utf8.RuneCountInString(entry)+2 > maxNotes {
		return nil, apperr.Invalid("text", "max", "the notes of the item would exceed 20000 characters")
	}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		return tx.Sessions().AppendNote(ctx, id, itemID, entry, now)
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

// SetDecision sets the decision text of an agenda item if ifMatch (0: header missing) is its version,
// exactly as a PATCH of the decision does: on an item that links a project the decision becomes the
// Digitalrat's statement there (once per text, see recordDecision).
func (s *Service) SetDecision(ctx context.Context, u *model.User, id, itemID int64, ifMatch int, decision string) (*ItemView, error) {
	return s.UpdateItem(ctx, u, id, itemID, ifMatch, ItemPatch{Decision: &decision})
}
