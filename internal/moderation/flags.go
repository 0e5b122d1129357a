package moderation

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/notify"
	"github.com/digitalrat/digitalrat/internal/store"
)

// FlagInput is a flag on a comment.
type FlagInput struct {
	Reason string
	Text   string
}

// Flag records u's flag on a published comment (once per user and comment: 409 already_flagged). The
// comment enters the moderation queue; with FlagThreshold open flags of accounts older than
// FlagMinAccountAge it is hidden until a moderator decides.
func (s *Service) Flag(ctx context.Context, u *model.User, id int64, in FlagInput) error {
	ve := &apperr.ValidationError{}
	in.Text = strings.TrimSpace(in.Text)
	if !slices.Contains(FlagReasons, in.Reason) {
		ve.Add("reason", "oneof", "must be one of: "+strings.Join(FlagReasons, ", "))
	}
	if in.Reason == "other" && in.Text == "" {
		ve.Add("text", "required", "is required for reason other")
	}
	if utf8.RuneCountInString(in.Text) > maxNoteRunes {
		ve.Add("text", "max", "must be at most 1000 characters")
	}
	c, p, err := comments.Visible(ctx, s.st, u, id)
	if err != nil {
		return err
	}
	if err := ve.OrNil(); err != nil {
		return err
	}
	if c.AuthorID != nil && *c.AuthorID == u.ID {
		return errOwnComment
	}
	if err := s.opts.Limiter.Take(ctx, s.opts.Flags, strconv.FormatInt(u.ID, 10)); err != nil {
		return err
	}
	now := s.timestamp()
	return s.st.Tx(ctx, func(tx *store.Store) error {
		cs, ms := tx.Comments(), tx.Moderation()
		locked, err := cs.ByID(ctx, c.ID, true)
		if err != nil {
			return err
		}
		if locked.Status != model.CommentPublished || locked.DeletedAt != nil {
			return errNotFlaggable
		}
		ok, err := ms.AddFlag(ctx, &model.CommentFlag{CommentID: c.ID, UserID: u.ID, Reason: in.Reason, Text: in.Text, CreatedAt: now})
		if err != nil {
			return err
		}
		if !ok {
			return errAlreadyFlagged
		}
		counted, err := ms.CountOpenFlags(ctx, c.ID, now.Add(-s.opts.FlagMinAccountAge))
		if err != nil {
			return err
		}
		if counted >= int64(s.opts.FlagThreshold) {
			reason := reasonFlagged
			if err := cs.SetStatus(ctx, c.ID, model.CommentHidden, &reason, now); err != nil {
				return err
			}
			if err := ms.AddAction(ctx, &model.ModerationAction{CommentID: c.ID, Action: ActionHide, Reason: &reason,
				ActorRole: roleSystem, CreatedAt: now}); err != nil {
				return err
			}
			if _, err := events.Append(tx, comments.Topic(c, p.Slug), comments.EventHidden, hiddenEvent{ID: comments.FormatID(c.ID), Reason: reason}); err != nil {
				return err
			}
			if err := notify.Send(ctx, tx, c.AuthorID, notify.Hidden, c.ID, p.Slug, &reason, now); err != nil {
				return err
			}
			if err := comments.ScrubEvents(ctx, tx, c.ID); err != nil {
				return err
			}
		}
		return s.enqueue(ctx, tx, c.ID, queueFlagged)
	})
}

// hiddenEvent is the public data of comment.hidden and comment.removed: the id and the reason category.
type hiddenEvent struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// enqueue puts a comment into the moderation queue (or updates its reason) and announces the item to
// moderators on the moderation topic.
func (s *Service) enqueue(ctx context.Context, tx *store.Store, id int64, reason string) error {
	if _, err := tx.Moderation().Enqueue(ctx, id, reason, s.timestamp()); err != nil {
		return err
	}
	e, err := tx.Moderation().QueueEntryOf(ctx, id)
	if err != nil {
		return err
	}
	items, err := queueItems(ctx, tx, []model.QueueEntry{*e})
	if err != nil {
		return err
	}
	_, err = events.AppendAbout(tx, comments.QueueSubject(id), topicModeration, eventQueued, events.AudienceModerators, items[0])
	return err
}

// Appeal asks the moderators, once, to review the hiding of u's comment; the comment enters the queue.
func (s *Service) Appeal(ctx context.Context, u *model.User, id int64) error {
	c, _, err := comments.Own(ctx, s.st, u, id)
	if err != nil {
		return err
	}
	now := s.timestamp()
	return s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		c, err := cs.ByID(ctx, c.ID, true)
		if err != nil {
			return err
		}
		if c.AppealedAt != nil {
			return errAlreadyAppealed
		}
		if c.Status != model.CommentHidden {
			return errNotAppealable
		}
		if err := cs.SetAppealed(ctx, c.ID, now); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, c.ID, queueAppeal)
	})
}
