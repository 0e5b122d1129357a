// Package answers holds what officials answer: official responses to comments, questions taken into
// work, and the list of open questions of a department.
package answers

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

var (
	errNotQuestion    = apperr.New(apperr.ErrConflict, "not_a_question", "Only questions can be taken.")
	errQuestionTaken  = apperr.New(apperr.ErrConflict, "question_taken", "The question is taken or answered already.")
	errForbiddenDept  = apperr.New(apperr.ErrForbidden, "forbidden_department", "Only officials of the owning department may do this.")
	errNotRespondable = apperr.New(apperr.ErrConflict, "not_respondable", "Only published comments can be answered.")
)

// Service is the answers service.
type Service struct {
	st       *store.Store
	now      func() time.Time
	comments *comments.Service
}

// New returns the answers service; responses are written as comments through cs.
func New(st *store.Store, now func() time.Time, cs *comments.Service) *Service {
	return &Service{st: st, now: now, comments: cs}
}

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Respond writes an official response of u (an official or admin) to a published comment: a reply of kind
// official_response that carries u's department. A question counts as answered from its first response on.
func (s *Service) Respond(ctx context.Context, u *model.User, parentID int64, body string) (*comments.Node, error) {
	parent, p, err := comments.Visible(ctx, s.st, u, parentID)
	if err != nil {
		return nil, err
	}
	if parent.Status != model.CommentPublished || parent.DeletedAt != nil {
		return nil, errNotRespondable
	}
	var dept *string
	if u.Department != "" {
		d := u.Department
		dept = &d
	}
	in := comments.CreateInput{ParentID: &parentID, Body: body, Kind: comments.KindOfficialResponse}
	o := comments.Official{Department: dept}
	// In the response's transaction: the first response answers a question.
	o.AfterCreate = func(ctx context.Context, tx *store.Store, c *model.Comment) error {
		cs := tx.Comments()
		q, err := cs.ByID(ctx, parentID, true)
		if err != nil || q.Kind != comments.KindQuestion || q.FirstResponseAt != nil {
			return err
		}
		if err := cs.SetAnswered(ctx, parentID, c.CreatedAt); err != nil {
			return err
		}
		return s.announceUpdate(ctx, tx, q, p.Slug)
	}
	return s.comments.CreateOfficial(ctx, u, p, in, o, &apperr.ValidationError{})
}

// announceUpdate writes comment.updated with the current public view of c.
func (s *Service) announceUpdate(ctx context.Context, tx *store.Store, c *model.Comment, slug string) error {
	row, err := tx.Comments().Row(ctx, c.ID, 0)
	if err != nil {
		return err
	}
	return comments.AppendEvent(tx, c, slug, comments.EventUpdated, comments.NodeOf(row).View)
}

// Take marks an open question as in progress by u, an official of the owning department or an admin.
func (s *Service) Take(ctx context.Context, u *model.User, id int64) (*comments.Node, error) {
	c, p, err := comments.Visible(ctx, s.st, u, id)
	if err != nil {
		return nil, err
	}
	if !access.CanManageProject(u, p.OwnerUnit) {
		return nil, errForbiddenDept
	}
	if c.Kind != comments.KindQuestion || c.Status != model.CommentPublished {
		return nil, errNotQuestion
	}
	now := s.timestamp()
	var node *comments.Node
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		q, err := cs.ByID(ctx, id, true)
		if err != nil {
			return err
		}
		if q.QuestionStatus == nil || *q.QuestionStatus != model.QuestionOpen {
			return errQuestionTaken
		}
		if err := cs.SetTaken(ctx, id, u.ID, now); err != nil {
			return err
		}
		row, err := cs.Row(ctx, id, u.ID)
		if err != nil {
			return err
		}
		node = comments.NodeOf(row)
		return comments.AppendEvent(tx, q, p.Slug, comments.EventUpdated, node.View)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// OpenQuestions returns one page of the open and in-progress questions, oldest first: for officials those
// of their department's projects, for admins all.
func (s *Service) OpenQuestions(ctx context.Context, u *model.User, page paging.Page) ([]*comments.Node, string, error) {
	var owner *string
	if !access.IsAdmin(u) {
		owner = &u.Department
	}
	rows, next, err := s.st.Comments().OpenQuestions(ctx, owner, u.ID, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]*comments.Node, len(rows))
	for i := range rows {
		out[i] = comments.NodeOf(&rows[i])
	}
	return out, next, nil
}
