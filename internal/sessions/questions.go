package sessions

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// EventQuestion is the event of an approved question (and of its being marked answered) on session:<id>.
const EventQuestion = "session.question"

// MaxQuestionLength is the longest question, as long as a comment.
const MaxQuestionLength = 10000

var (
	errNotPublic = apperr.New(apperr.ErrConflict, "session_not_public",
		"Public questions are for public sessions only.")
	errDecided = apperr.New(apperr.ErrConflict, "question_decided",
		"The question was approved or rejected already.")
	errNotApproved = apperr.New(apperr.ErrConflict, "question_not_approved",
		"Only an approved question that is not answered yet can be marked answered.")
)

// Question is a public question with its asker's display name (nil: a deleted account). Mine: the
// reader asked it.
type Question struct {
	model.Question
	DisplayName *string
	Mine        bool
}

// Ask adds a pending question of u (a verified resident) to a public session that is not closed.
func (s *Service) Ask(ctx context.Context, u *model.User, id int64, body string) (*Question, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !access.IsVerified(u) {
		return nil, errForbidden
	}
	if se.Visibility != model.SessionPublic {
		return nil, errNotPublic
	}
	ve := &apperr.ValidationError{}
	body = text(ve, "body", body, true, MaxQuestionLength)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	if se.State == model.SessionClosed {
		return nil, errClosed
	}
	q := &model.Question{SessionID: id, UserID: &u.ID, Body: body, State: model.QuestionPending, CreatedAt: s.timestamp()}
	name := u.DisplayName
	out := &Question{Question: *q, DisplayName: &name, Mine: true}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		if err := tx.Sessions().AddQuestion(ctx, q); err != nil {
			return err
		}
		out.Question = *q
		if err := idempotency.RecordWrite(ctx, tx, "session_question:"+formatID(q.ID)); err != nil {
			return err
		}
		return appendPending(tx, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Questions lists the questions of a session: the approved ones for everyone who may see it, the
// pending ones for moderators and admins, and the asker's own pending ones for the asker.
func (s *Service) Questions(ctx context.Context, u *model.User, id int64) ([]Question, error) {
	if _, err := s.load(ctx, u, id); err != nil {
		return nil, err
	}
	return s.questions(ctx, s.st, u, id, access.CanRunSession(u))
}

func (s *Service) questions(ctx context.Context, st *store.Store, u *model.User, id int64, withPending bool) ([]Question, error) {
	var me int64
	if u != nil {
		me = u.ID
	}
	rows, err := st.Sessions().Questions(ctx, id, withPending, me)
	if err != nil {
		return nil, err
	}
	out := make([]Question, len(rows))
	for i, r := range rows {
		out[i] = Question{Question: r.Question, DisplayName: r.DisplayName, Mine: me != 0 && r.UserID != nil && *r.UserID == me}
	}
	return out, nil
}

// ApproveQuestion approves a pending question; it appears live on session:<id>.
func (s *Service) ApproveQuestion(ctx context.Context, u *model.User, id, qid int64) (*Question, error) {
	return s.decide(ctx, u, id, qid, model.QuestionApproved)
}

// RejectQuestion rejects a pending question; nobody but moderators and the asker ever saw it.
func (s *Service) RejectQuestion(ctx context.Context, u *model.User, id, qid int64) (*Question, error) {
	return s.decide(ctx, u, id, qid, model.QuestionRejected)
}

func (s *Service) decide(ctx context.Context, u *model.User, id, qid int64, state string) (*Question, error) {
	return s.changeQuestion(ctx, u, id, qid, state == model.QuestionApproved, func(tx *store.Store, now time.Time) error {
		ok, err := tx.Sessions().DecideQuestion(ctx, id, qid, state, u.ID, now)
		if err == nil && !ok {
			err = errDecided
		}
		if err != nil {
			return err
		}
		// The moderators' queue loses the question (the public learns of approved ones by session.question).
		q, err := tx.Sessions().Question(ctx, id, qid)
		if err != nil {
			return err
		}
		return appendPending(tx, &Question{Question: *q})
	})
}

// AnswerQuestion marks an approved question answered.
func (s *Service) AnswerQuestion(ctx context.Context, u *model.User, id, qid int64) (*Question, error) {
	return s.changeQuestion(ctx, u, id, qid, true, func(tx *store.Store, now time.Time) error {
		ok, err := tx.Sessions().AnswerQuestion(ctx, id, qid, now)
		if err == nil && !ok {
			err = errNotApproved
		}
		return err
	})
}

// questionData is the data of session.question: an approved question as everyone sees it.
type questionData struct {
	SessionID   string     `json:"session_id"`
	ID          string     `json:"id"`
	Body        string     `json:"body"`
	DisplayName *string    `json:"display_name"`
	CreatedAt   time.Time  `json:"created_at"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

func (s *Service) changeQuestion(ctx context.Context, u *model.User, id, qid int64, announce bool,
	change func(tx *store.Store, now time.Time) error) (*Question, error) {
	se, err := s.load(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !access.CanRunSession(u) {
		return nil, errForbidden
	}
	if _, err := s.st.Sessions().Question(ctx, id, qid); err != nil {
		return nil, err
	}
	var out *Question
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		if err := change(tx, s.timestamp()); err != nil {
			return err
		}
		list, err := s.questions(ctx, tx, u, id, true)
		if err != nil {
			return err
		}
		q, err := tx.Sessions().Question(ctx, id, qid)
		if err != nil {
			return err
		}
		out = &Question{Question: *q}
		for _, r := range list {
			if r.ID == qid {
				out = &r
			}
		}
		if !announce {
			return nil
		}
		d := questionData{SessionID: formatID(id), ID: formatID(qid), Body: out.Body, DisplayName: out.DisplayName,
			CreatedAt: out.CreatedAt.UTC(), AnsweredAt: utc(out.AnsweredAt)}
		return appendEvent(ctx, tx, se, EventQuestion, d)
	})
	return out, err
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := t.UTC()
	return &v
}
