// Package moderation holds flags, the moderation queue, moderators' actions, the public moderation log and
// appeals.
package moderation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/notify"
	"github.com/digitalrat/digitalrat/internal/ratelimit"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Flag reasons, hide reasons, moderation actions and queue reasons.
var (
	FlagReasons = []string{"spam", "offensive", "off_topic", "personal_data", "other"}
	HideReasons = []string{"spam", "offensive", "off_topic", "personal_data", "illegal", "other"}
	Actions     = []string{ActionApprove, ActionHide, ActionRestore, ActionRemove}
)

// Moderation actions.
const (
	ActionApprove = "approve"
	ActionHide    = "hide"
	ActionRestore = "restore"
	ActionRemove  = "remove"
	actionDeleted = "deleted" // the author deleted a pending comment; only in moderation.resolved

	queuePending = "pending"
	queueFlagged = "flagged"
	queueAppeal  = "appeal"

	reasonFlagged = "flagged" // the automatic hide after FlagThreshold open flags
	roleSystem    = "system"  // the acting role of automatic hides in the log

	topicModeration = "moderation"
	eventQueued     = "moderation.queued"
	eventResolved   = "moderation.resolved"

	maxNoteRunes = 1000
	// MaxBulk is the most comments one bulk approval takes.
	MaxBulk = 100
)

var (
	errAlreadyFlagged   = apperr.New(apperr.ErrConflict, "already_flagged", "You have flagged this comment already.")
	errNotFlaggable     = apperr.New(apperr.ErrConflict, "not_flaggable", "Only published comments can be flagged.")
	errOwnComment       = apperr.New(apperr.ErrForbidden, "own_comment", "You cannot flag your own comment; edit or delete it instead.")
	errAlreadyModerated = apperr.New(apperr.ErrConflict, "already_moderated", "Another moderator has handled this comment already.")
	errAlreadyAppealed  = apperr.New(apperr.ErrConflict, "already_appealed", "A review was requested already.")
	errNotAppealable    = apperr.New(apperr.ErrConflict, "not_appealable", "Only hidden comments can be appealed.")
)

// Service is the moderation service.
type Service struct {
	st   *store.Store
	now  func() time.Time
	opts Options
}

// Options are the settings of the moderation service.
type Options struct {
	FlagThreshold int // open flags that hide a comment until a moderator decides; default 3
	// FlagMinAccountAge is the age an account needs for its flags to count towards FlagThreshold, so that a
	// burst of fresh accounts cannot hide a comment; their flags still queue it for a moderator. 0: all count.
	FlagMinAccountAge time.Duration

	Limiter *ratelimit.Limiter // limits Flags; nil limits nothing
	Flags   ratelimit.Rule     // flags per user
}

// New returns the moderation service.
func New(st *store.Store, now func() time.Time, opts Options) *Service {
	if opts.FlagThreshold < 1 {
		opts.FlagThreshold = 3
	}
	return &Service{st: st, now: now, opts: opts}
}

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// QueuePending puts a pending comment into the queue (or, already waiting, announces its new text to
// moderators), in the caller's transaction.
func (s *Service) QueuePending(ctx context.Context, tx *store.Store, commentID int64) error {
	return s.enqueue(ctx, tx, commentID, queuePending)
}

// Withdraw takes a comment its author deleted out of the queue and tells the moderators, in the caller's
// transaction; a comment that was not waiting changes nothing.
func (s *Service) Withdraw(ctx context.Context, tx *store.Store, commentID int64, at time.Time) error {
	if ok, err := tx.Moderation().Dequeue(ctx, commentID); err != nil || !ok {
		return err
	}
	return s.resolvedBy(tx, commentID, actionDeleted, nil, at)
}

// ModerateInput is a moderator's decision on a comment.
type ModerateInput struct {
	Action string
	Reason string // hide: one of HideReasons (required); remove: optional, default illegal
	Note   string // for moderators only; never in the public log
}

// Resolved is the data of moderation.resolved: which comment left the queue, how and through whom.
type Resolved struct {
	CommentID string    `json:"comment_id"`
	Action    string    `json:"action"`
	Moderator *string   `json:"moderator"` // display name; null when the author deleted the comment
	At        time.Time `json:"at"`
}

// Moderate applies a moderator's action to a comment. approve and restore need the comment in the queue;
// hide and remove also act on published comments outside it. An action that no longer fits (another
// moderator was faster) answers 409 already_moderated.
func (s *Service) Moderate(ctx context.Context, u *model.User, id int64, in ModerateInput) (*comments.Node, error) {
	ve := &apperr.ValidationError{}
	in.Note = strings.TrimSpace(in.Note)
	if !slices.Contains(Actions, in.Action) {
		ve.Add("action", "oneof", "must be one of: "+strings.Join(Actions, ", "))
	}
	switch in.Action {
	case ActionHide:
		if !slices.Contains(HideReasons, in.Reason) {
			ve.Add("reason", "oneof", "must be one of: "+strings.Join(HideReasons, ", "))
		}
	case ActionRemove:
		if in.Reason == "" {
			in.Reason = "illegal"
		} else if !slices.Contains(HideReasons, in.Reason) {
			ve.Add("reason", "oneof", "must be one of: "+strings.Join(HideReasons, ", "))
		}
	default:
		if in.Reason != "" {
			ve.Add("reason", "excluded", "is only for hide and remove")
		}
	}
	if utf8.RuneCountInString(in.Note) > maxNoteRunes {
		ve.Add("note", "max", "must be at most 1000 characters")
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	c, err := s.st.Comments().ByID(ctx, id, false)
	if comments.IsNotFound(err) {
		return nil, comments.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p, err := s.st.Projects().ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, err
	}
	now := s.timestamp()
	var node *comments.Node
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cs, ms := tx.Comments(), tx.Moderation()
		// The row lock orders two moderators acting on one comment; the second then sees the first's result.
		c, err := cs.ByID(ctx, id, true)
		if err != nil {
			return err
		}
		queued, err := ms.Dequeue(ctx, id)
		if err != nil {
			return err
		}
		was := c.Status
		var reason *string
		switch in.Action {
		case ActionApprove:
			if !queued || was == model.CommentRemoved {
				return errAlreadyModerated
			}
			if err := cs.SetStatus(ctx, id, model.CommentPublished, nil, now); err != nil {
				return err
			}
		case ActionRestore:
			if !queued || was != model.CommentHidden {
				return errAlreadyModerated
			}
			if err := cs.SetStatus(ctx, id, model.CommentPublished, nil, now); err != nil {
				return err
			}
		case ActionHide:
			if was == model.CommentRemoved || (!queued && was != model.CommentPublished) {
				return errAlreadyModerated
			}
			reason = &in.Reason
			if err := cs.SetStatus(ctx, id, model.CommentHidden, reason, now); err != nil {
				return err
			}
		case ActionRemove:
			if was == model.CommentRemoved {
				return errAlreadyModerated
			}
			reason = &in.Reason
			if err := cs.SetStatus(ctx, id, model.CommentRemoved, reason, now); err != nil {
				return err
			}
			if err := cs.Erase(ctx, id); err != nil {
				return err
			}
		}
		// A pending reply becomes part of its parent's thread once the public sees it (or its placeholder).
		if was == model.CommentPending && c.ParentID != nil {
			if err := cs.AddReplies(ctx, *c.ParentID, 1); err != nil {
				return err
			}
		}
		if err := ms.ResolveFlags(ctx, id, now); err != nil {
			return err
		}
		if err := ms.AddAction(ctx, &model.ModerationAction{CommentID: id, Action: in.Action, Reason: reason, Note: in.Note,
			ActorID: &u.ID, ActorRole: access.ActingRole(u), CreatedAt: now}); err != nil {
			return err
		}
		row, err := cs.Row(ctx, id, 0)
		if err != nil {
			return err
		}
		node = comments.NodeOf(row)
		if err := s.announce(ctx, tx, c, p.Slug, in.Action, was, node.View, now); err != nil {
			return err
		}
		// Earlier events of the comment must not show more than the public (and moderators) see now.
		if err := comments.ScrubEvents(ctx, tx, id); err != nil {
			return err
		}
		return s.resolvedBy(tx, id, in.Action, u, now)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// announce writes the public event and the author's notification of a moderation action.
func (s *Service) announce(ctx context.Context, tx *store.Store, c *model.Comment, slug, action, was string, v comments.View, now time.Time) error {
	t := comments.Topic(c, slug)
	var err error
	switch {
	case action == ActionHide:
		_, err = events.Append(tx, t, comments.EventHidden, hiddenEvent{ID: v.ID, Reason: *v.HiddenReason})
		if err == nil {
			err = notify.Send(ctx, tx, c.AuthorID, notify.Hidden, c.ID, slug, v.HiddenReason, now)
		}
	case action == ActionRemove:
		_, err = events.Append(tx, t, comments.EventRemoved, hiddenEvent{ID: v.ID, Reason: *v.HiddenReason})
		if err == nil {
			err = notify.Send(ctx, tx, c.AuthorID, notify.Removed, c.ID, slug, v.HiddenReason, now)
		}
	case was == model.CommentPending: // approved: the public sees it for the first time
		_, err = events.AppendAbout(tx, comments.Subject(c.ID), t, comments.EventCreated, "", v.Event())
		if err == nil {
			err = notify.Send(ctx, tx, c.AuthorID, notify.Approved, c.ID, slug, nil, now)
		}
		if err == nil {
			err = comments.NotifyReply(ctx, tx, c, slug)
		}
	case was == model.CommentHidden: // approved or restored
		_, err = events.AppendAbout(tx, comments.Subject(c.ID), t, comments.EventUpdated, "", v.Event())
		if err == nil {
			err = notify.Send(ctx, tx, c.AuthorID, notify.Approved, c.ID, slug, nil, now)
		}
	}
	return err
}

// resolvedBy announces to moderators that a comment left the queue, through whom (nil: its author
// deleted it). The event is about the moderator, so that erasing their account can take the name out
// (ForgetModerator).
func (s *Service) resolvedBy(tx *store.Store, id int64, action string, moderator *model.User, at time.Time) error {
	data := Resolved{CommentID: comments.FormatID(id), Action: action, At: at}
	subject := ""
	if moderator != nil {
		name := moderator.DisplayName
		data.Moderator, subject = &name, moderatorSubject(moderator.ID)
	}
	_, err := events.AppendAbout(tx, subject, topicModeration, eventResolved, events.AudienceModerators, data)
	return err
}

func moderatorSubject(userID int64) string { return "moderator:" + comments.FormatID(userID) }

// ForgetModerator takes the name of the moderator userID out of the outbox (moderation.resolved events
// then show null, as for a comment its author deleted). Erasing the account calls it in its transaction.
func ForgetModerator(ctx context.Context, tx *store.Store, userID int64) error {
	evs := tx.Events()
	list, err := evs.About(ctx, moderatorSubject(userID))
	if err != nil {
		return err
	}
	for _, ev := range list {
		var r Resolved
		if err := json.Unmarshal([]byte(ev.Payload), &r); err != nil {
			return fmt.Errorf("moderation: forget moderator in event %d: %w", ev.ID, err)
		}
		r.Moderator = nil
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("moderation: forget moderator: %w", err)
		}
		if err := evs.SetPayload(ctx, ev.ID, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// BulkResult says which comments a bulk approval approved and which were handled already.
type BulkResult struct {
	Approved []string `json:"approved"`
	Skipped  []string `json:"skipped"`
}

// BulkApprove approves each of the comments that is still in the queue, each in its own transaction.
func (s *Service) BulkApprove(ctx context.Context, u *model.User, ids []int64) (*BulkResult, error) {
	if len(ids) == 0 || len(ids) > MaxBulk {
		return nil, apperr.Invalid("ids", "len", "must hold 1 to 100 comment ids")
	}
	res := &BulkResult{Approved: []string{}, Skipped: []string{}}
	for _, id := range ids {
		_, err := s.Moderate(ctx, u, id, ModerateInput{Action: ActionApprove})
		switch {
		case err == nil:
			res.Approved = append(res.Approved, comments.FormatID(id))
		case comments.IsNotFound(err) || errorsIsConflict(err):
			res.Skipped = append(res.Skipped, comments.FormatID(id))
		default:
			return nil, err
		}
	}
	return res, nil
}

func errorsIsConflict(err error) bool { return errors.Is(err, apperr.ErrConflict) }
