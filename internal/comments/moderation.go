package comments

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
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

// FlagInput is a flag on a comment.
type FlagInput struct {
	Reason string
	Text   string
}

// Flag records u's flag on a published comment (once per user and comment: 409 already_flagged). The
// comment enters the moderation queue; with FlagThreshold open flags it is hidden until a moderator decides.
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
	c, p, err := s.visible(ctx, u, id)
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
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs, ms := store.NewComments(tx), store.NewModeration(tx)
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
		open, err := ms.OpenFlags(ctx, c.ID)
		if err != nil {
			return err
		}
		if len(open) >= s.opts.FlagThreshold {
			reason := reasonFlagged
			if err := cs.SetStatus(ctx, c.ID, model.CommentHidden, &reason, now); err != nil {
				return err
			}
			if err := ms.AddAction(ctx, &model.ModerationAction{CommentID: c.ID, Action: ActionHide, Reason: &reason,
				ActorRole: roleSystem, CreatedAt: now}); err != nil {
				return err
			}
			if _, err := events.Append(tx, topic(c, p.Slug), eventHidden, hiddenEvent{ID: formatID(c.ID), Reason: reason}); err != nil {
				return err
			}
			if err := s.notify(ctx, tx, c.AuthorID, NotifyHidden, c.ID, p.Slug, &reason, now); err != nil {
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

// visible loads a comment u may see (pending comments only for their author and moderators) with its project.
func (s *Service) visible(ctx context.Context, u *model.User, id int64) (*model.Comment, *model.Project, error) {
	c, err := store.NewComments(s.db).ByID(ctx, id, false)
	if isNotFound(err) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if c.Status == model.CommentPending && !isModerator(u) && (c.AuthorID == nil || u == nil || *c.AuthorID != u.ID) {
		return nil, nil, errNotFound
	}
	p, err := store.NewProjects(s.db).ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// enqueue puts a comment into the moderation queue (or updates its reason) and announces the item to
// moderators on the moderation topic.
func (s *Service) enqueue(ctx context.Context, tx *gorm.DB, id int64, reason string) error {
	if _, err := store.NewModeration(tx).Enqueue(ctx, id, reason, s.timestamp()); err != nil {
		return err
	}
	e, err := store.NewModeration(tx).QueueEntryOf(ctx, id)
	if err != nil {
		return err
	}
	item, err := s.queueItem(ctx, tx, e)
	if err != nil {
		return err
	}
	_, err = events.AppendFor(tx, topicModeration, eventQueued, events.AudienceModerators, item)
	return err
}

// QueueFlag is an open flag as moderators see it.
type QueueFlag struct {
	Reason string `json:"reason"`
	Text   string `json:"text"`
}

// ProjectRef names a project.
type ProjectRef struct {
	Slug  string `json:"slug"`
	Title string `json:"title"`
}

// DocumentRef names a document.
type DocumentRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// QueueItem is a comment waiting for a moderator, with its full text and its context.
type QueueItem struct {
	Comment       View         `json:"comment"`
	Reason        string       `json:"reason"` // pending, flagged or appeal
	QueuedAt      time.Time    `json:"queued_at"`
	Flags         []QueueFlag  `json:"flags"`
	Project       ProjectRef   `json:"project"`
	Document      *DocumentRef `json:"document"`
	ParentExcerpt *string      `json:"parent_excerpt"`
}

const excerptRunes = 200

// queueItem builds the queue item of an entry.
func (s *Service) queueItem(ctx context.Context, db *gorm.DB, e *model.QueueEntry) (*QueueItem, error) {
	row, err := store.NewComments(db).Row(ctx, e.CommentID, 0)
	if err != nil {
		return nil, err
	}
	p, err := store.NewProjects(db).ByID(ctx, row.ProjectID)
	if err != nil {
		return nil, err
	}
	item := &QueueItem{Comment: fullNodeOf(row).View, Reason: e.Reason, QueuedAt: e.CreatedAt.UTC(), Flags: []QueueFlag{},
		Project: ProjectRef{Slug: p.Slug, Title: p.Title}}
	var flags []model.CommentFlag
	if err := db.WithContext(ctx).Where("comment_id = ? AND resolved_at IS NULL", e.CommentID).Order("id").Find(&flags).Error; err != nil {
		return nil, err
	}
	for _, f := range flags {
		item.Flags = append(item.Flags, QueueFlag{Reason: f.Reason, Text: f.Text})
	}
	if row.DocumentID != nil {
		d, err := store.NewDocuments(db).ByID(ctx, *row.DocumentID)
		if err != nil {
			return nil, err
		}
		item.Document = &DocumentRef{ID: formatID(d.ID), Title: d.Title}
	}
	if row.ParentID != nil {
		parent, err := store.NewComments(db).ByID(ctx, *row.ParentID, false)
		if err != nil {
			return nil, err
		}
		ex := excerpt(parent.Body)
		item.ParentExcerpt = &ex
	}
	return item, nil
}

func excerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	return string([]rune(s)[:excerptRunes]) + "…"
}

// Queue returns one page of the moderation queue, oldest first.
func (s *Service) Queue(ctx context.Context, page store.Page) ([]*QueueItem, string, error) {
	entries, next, err := store.NewModeration(s.db).Queue(ctx, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]*QueueItem, 0, len(entries))
	for i := range entries {
		item, err := s.queueItem(ctx, s.db, &entries[i])
		if err != nil {
			return nil, "", err
		}
		out = append(out, item)
	}
	return out, next, nil
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
func (s *Service) Moderate(ctx context.Context, u *model.User, id int64, in ModerateInput) (*Node, error) {
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
	c, err := store.NewComments(s.db).ByID(ctx, id, false)
	if isNotFound(err) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	p, err := store.NewProjects(s.db).ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, err
	}
	now := s.timestamp()
	var node *Node
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs, ms := store.NewComments(tx), store.NewModeration(tx)
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
			ActorID: &u.ID, ActorRole: actingRole(u), CreatedAt: now}); err != nil {
			return err
		}
		row, err := cs.Row(ctx, id, 0)
		if err != nil {
			return err
		}
		node = nodeOf(row)
		if err := s.announce(ctx, tx, c, p.Slug, in.Action, was, node.View, now); err != nil {
			return err
		}
		name := u.DisplayName
		return s.resolvedBy(tx, id, in.Action, &name, now)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// announce writes the public event and the author's notification of a moderation action.
func (s *Service) announce(ctx context.Context, tx *gorm.DB, c *model.Comment, slug, action, was string, v View, now time.Time) error {
	t := topic(c, slug)
	var err error
	switch {
	case action == ActionHide:
		_, err = events.Append(tx, t, eventHidden, hiddenEvent{ID: v.ID, Reason: *v.HiddenReason})
		if err == nil {
			err = s.notify(ctx, tx, c.AuthorID, NotifyHidden, c.ID, slug, v.HiddenReason, now)
		}
	case action == ActionRemove:
		_, err = events.Append(tx, t, eventRemoved, hiddenEvent{ID: v.ID, Reason: *v.HiddenReason})
		if err == nil {
			err = s.notify(ctx, tx, c.AuthorID, NotifyRemoved, c.ID, slug, v.HiddenReason, now)
		}
	case was == model.CommentPending: // approved: the public sees it for the first time
		_, err = events.Append(tx, t, eventCreated, v)
		if err == nil {
			err = s.notify(ctx, tx, c.AuthorID, NotifyApproved, c.ID, slug, nil, now)
		}
		if err == nil {
			err = s.notifyReply(ctx, tx, c, slug)
		}
	case was == model.CommentHidden: // approved or restored
		_, err = events.Append(tx, t, eventUpdated, v)
		if err == nil {
			err = s.notify(ctx, tx, c.AuthorID, NotifyApproved, c.ID, slug, nil, now)
		}
	}
	return err
}

// actingRole is the role the public log names for u.
func actingRole(u *model.User) string {
	if u.HasRole(model.RoleModerator) {
		return model.RoleModerator
	}
	return model.RoleAdmin
}

// resolvedBy announces to moderators that a comment left the queue, through whom (nil: its author
// deleted it).
func (s *Service) resolvedBy(tx *gorm.DB, id int64, action string, moderator *string, at time.Time) error {
	_, err := events.AppendFor(tx, topicModeration, eventResolved, events.AudienceModerators,
		Resolved{CommentID: formatID(id), Action: action, Moderator: moderator, At: at})
	return err
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
			res.Approved = append(res.Approved, formatID(id))
		case isNotFound(err) || errorsIsConflict(err):
			res.Skipped = append(res.Skipped, formatID(id))
		default:
			return nil, err
		}
	}
	return res, nil
}

// LogEntry is one public entry of the moderation log: never the text, never the moderator's name.
type LogEntry struct {
	ID        string    `json:"id"`
	CommentID string    `json:"comment_id"`
	Action    string    `json:"action"`
	Reason    *string   `json:"reason"`
	ActorRole string    `json:"actor_role"`
	CreatedAt time.Time `json:"created_at"`
}

// Log returns one page of the public moderation log, newest first.
func (s *Service) Log(ctx context.Context, page store.Page) ([]LogEntry, string, error) {
	rows, next, err := store.NewModeration(s.db).Log(ctx, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]LogEntry, len(rows))
	for i, a := range rows {
		out[i] = LogEntry{ID: formatID(a.ID), CommentID: formatID(a.CommentID), Action: a.Action, Reason: a.Reason,
			ActorRole: a.ActorRole, CreatedAt: a.CreatedAt.UTC()}
	}
	return out, next, nil
}

// Appeal asks the moderators, once, to review the hiding of u's comment; the comment enters the queue.
func (s *Service) Appeal(ctx context.Context, u *model.User, id int64) error {
	c, _, err := s.own(ctx, u, id)
	if err != nil {
		return err
	}
	now := s.timestamp()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs := store.NewComments(tx)
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
		if err := cs.Set(ctx, c.ID, map[string]any{"appealed_at": now}); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, c.ID, queueAppeal)
	})
}

func errorsIsConflict(err error) bool { return errors.Is(err, apperr.ErrConflict) }
