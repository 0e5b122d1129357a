// Package comments holds comments on projects and on document blocks: threads, edits within a window,
// tombstones, votes and the live events they write.
package comments

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/idempotency"
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/ratelimit"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Limits of comments.
const (
	MaxBodyRunes  = 10_000
	EditWindow    = 15 * time.Minute
	MaxReplyDepth = 3    // a list includes replies up to this many levels below each listed comment
	MaxReplyRows  = 1000 // and at most this many replies per page; clients fetch more with ?parent=
)

// Comment kinds and channels.
const (
	KindComment          = "comment"
	KindQuestion         = "question"
	KindOfficialResponse = "official_response" // an official's answer to a comment or question
	ChannelOnline        = "online"
	// UserKinds names the kinds residents write, for validation messages.
	UserKinds = "comment, question"
)

// Live event types of comments.
const (
	EventCreated   = "comment.created"
	EventUpdated   = "comment.updated"
	EventDeleted   = "comment.deleted"
	EventVotes     = "comment.votes"
	EventWithdrawn = "comment.withdrawn" // an edited comment went back to pre-moderation
	EventHidden    = "comment.hidden"
	EventRemoved   = "comment.removed"
)

// ErrNotFound answers for a comment that does not exist or that the user may not see.
var ErrNotFound = apperr.New(apperr.ErrNotFound, "not_found", "No such comment.")

var (
	errCommentsClosed = apperr.New(apperr.ErrForbidden, "comments_closed", "Comments on this project are closed.")
	errEditWindow     = apperr.New(apperr.ErrForbidden, "edit_window_closed", "Comments can only be edited within 15 minutes.")
	errNotAuthor      = apperr.New(apperr.ErrForbidden, "not_author", "Only the author may change this comment.")
	errStatement      = apperr.New(apperr.ErrForbidden, "council_decision", "A statement of the Digitalrat changes only through a new decision.")
	errDeleted        = apperr.New(apperr.ErrConflict, "comment_deleted", "The comment was deleted.")
	errModerated      = apperr.New(apperr.ErrConflict, "comment_moderated", "The comment was hidden or removed by a moderator.")
	errOwnVote        = apperr.New(apperr.ErrForbidden, "own_comment", "You cannot vote on your own comment.")
)

// idOnly is the data of events that must not carry more than the comment id.
type idOnly struct {
	ID string `json:"id"`
}

// Queue is what threads need of the moderation queue (internal/moderation implements it): pending
// comments enter it, and a pending comment its author deleted leaves it. Both run in the caller's
// transaction.
type Queue interface {
	QueuePending(ctx context.Context, tx *store.Store, commentID int64) error
	Withdraw(ctx context.Context, tx *store.Store, commentID int64, at time.Time) error
}

// Service is the comments service: threads, votes and edits.
type Service struct {
	st    *store.Store
	now   func() time.Time
	queue Queue
	opts  Options
	pages *pageCache
}

// Options are the settings of the comments service.
type Options struct {
	Limiter  *ratelimit.Limiter // limits the rules below; nil limits nothing
	Comments ratelimit.Rule     // comments and questions per user (not official responses and contributions)
	Votes    ratelimit.Rule     // vote requests per user: each changed vote writes a live event
}

// New returns the comments service; queue takes the comments that need a moderator.
func New(st *store.Store, now func() time.Time, queue Queue, opts Options) *Service {
	return &Service{st: st, now: now, queue: queue, opts: opts, pages: newPageCache(st)}
}

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// List returns one page of published comments of a project, each with its replies up to MaxReplyDepth
// levels below it (oldest first), as the viewer sees it, without the page cache (see Page).
func (s *Service) List(ctx context.Context, viewer *model.User, slug string, f ListFilter, page paging.Page) ([]*Node, string, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	if err := s.checkFilter(ctx, p.ID, &f); err != nil {
		return nil, "", err
	}
	return s.load(ctx, p.ID, viewerID(viewer), f, page)
}

// BlockCount is the number of comments on one document block.
type BlockCount struct {
	DocumentID int64
	BlockID    string
	Count      int
}

// Counts returns the number of comments on the project itself and on each commented document block.
func (s *Service) Counts(ctx context.Context, slug string) (int, []BlockCount, error) {
	p, err := s.st.Projects().BySlug(ctx, slug)
	if err != nil {
		return 0, nil, err
	}
	project, rows, err := s.st.Comments().Counts(ctx, p.ID)
	if err != nil {
		return 0, nil, err
	}
	blocks := make([]BlockCount, len(rows))
	for i, r := range rows {
		blocks[i] = BlockCount{DocumentID: r.DocumentID, BlockID: r.BlockID, Count: r.Count}
	}
	return project, blocks, nil
}

// CreateInput is a new comment. A reply names its parent and takes the parent's document and block; a
// comment on a document block names the document, the version it was written on and the block.
type CreateInput struct {
	DocumentID *int64
	Version    *int
	BlockID    *string
	ParentID   *int64
	Body       string
	Stance     *string
	Kind       string // "" is comment
}

// Official are the parts of a comment an official writes for the city (official responses, analogue
// contributions); they never come from a resident's request.
type Official struct {
	Channel    string // "" is online
	Submitter  string
	ReceivedAt *string
	Department *string
	// AfterCreate runs in the transaction of the new comment, after its own event.
	AfterCreate func(ctx context.Context, tx *store.Store, c *model.Comment) error
}

// Create writes a comment of u on the project slug. In a pre-moderated project comments of residents are
// pending until a moderator approves them: only moderators and the author see them until then.
func (s *Service) Create(ctx context.Context, u *model.User, slug string, in CreateInput) (*Node, error) {
	p, err := s.st.Projects().ForComment(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !p.CommentsOpen {
		return nil, errCommentsClosed
	}
	if in.Kind == "" {
		in.Kind = KindComment
	}
	ve := &apperr.ValidationError{}
	if in.Kind != KindComment && in.Kind != KindQuestion {
		ve.Add("kind", "oneof", "must be one of: "+UserKinds)
	}
	return s.create(ctx, u, p, in, nil, ve)
}

// CreateOfficial writes a comment of the official u on p: never pre-moderated, not rate limited, and
// allowed when comments are closed (the caller checks its own rights). ve may already hold field errors
// of the caller.
func (s *Service) CreateOfficial(ctx context.Context, u *model.User, p *model.Project, in CreateInput, o Official,
	ve *apperr.ValidationError) (*Node, error) {
	return s.create(ctx, u, p, in, &o, ve)
}

// create validates and writes a comment (o: written by an official for the city); ve may already hold
// field errors of the caller.
func (s *Service) create(ctx context.Context, u *model.User, p *model.Project, in CreateInput, o *Official, ve *apperr.ValidationError) (*Node, error) {
	official := o != nil
	if o == nil {
		o = &Official{}
	}
	body := validateBody(ve, in.Body)
	if in.Stance != nil && !slices.Contains(model.CommentStances, *in.Stance) {
		ve.Add("stance", "oneof", "must be one of: "+strings.Join(model.CommentStances, ", ")+" or null")
	}
	channel := o.Channel
	if channel == "" {
		channel = ChannelOnline
	}
	status := model.CommentPublished
	if p.PreModeration && !official && !access.SkipsPremoderation(u) {
		status = model.CommentPending
	}
	now := s.timestamp()
	c := &model.Comment{ProjectID: p.ID, AuthorID: &u.ID, Body: body, BodyHTML: markdown.Render(body),
		Stance: in.Stance, Kind: in.Kind, Channel: channel, SubmitterName: o.Submitter, ReceivedAt: o.ReceivedAt,
		Department: o.Department, Status: status, CreatedAt: now, UpdatedAt: now}
	if in.Kind == KindQuestion {
		open := model.QuestionOpen
		c.QuestionStatus = &open
	}
	cs := s.st.Comments()
	switch {
	case in.ParentID != nil:
		parent, err := cs.ByID(ctx, *in.ParentID, false)
		if err != nil && !IsNotFound(err) {
			return nil, err
		}
		switch {
		case parent == nil || parent.ProjectID != p.ID || parent.Status != model.CommentPublished:
			ve.Add("parent_id", "invalid", "is not a comment of this project")
		case parent.DeletedAt != nil:
			ve.Add("parent_id", "deleted", "was deleted")
		default:
			if in.DocumentID != nil && (parent.DocumentID == nil || *in.DocumentID != *parent.DocumentID) {
				ve.Add("document_id", "parent", "must be the parent's document or absent")
			}
			if in.BlockID != nil && (parent.BlockID == nil || *in.BlockID != *parent.BlockID) {
				ve.Add("block_id", "parent", "must be the parent's block or absent")
			}
			if in.Version != nil && (parent.DocumentVersion == nil || *in.Version != *parent.DocumentVersion) {
				ve.Add("version", "parent", "must be the parent's version or absent")
			}
			c.ParentID, c.Depth = &parent.ID, parent.Depth+1
			c.DocumentID, c.DocumentVersion, c.BlockID = parent.DocumentID, parent.DocumentVersion, parent.BlockID
		}
	case in.DocumentID != nil:
		if err := s.checkBlock(ctx, ve, p.ID, in); err != nil {
			return nil, err
		}
		c.DocumentID, c.DocumentVersion, c.BlockID = in.DocumentID, in.Version, in.BlockID
	default:
		if in.Version != nil {
			ve.Add("document_id", "required_with", "is required with version")
		}
		if in.BlockID != nil {
			ve.Add("document_id", "required_with", "is required with block_id")
		}
	}
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	if !official {
		if err := s.opts.Limiter.Take(ctx, s.opts.Comments, strconv.FormatInt(u.ID, 10)); err != nil {
			return nil, err
		}
	}
	var node *Node
	err := s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		var err error
		if node, err = createWithEvent(ctx, tx, c, p, u); err != nil {
			return err
		}
		// The request's Idempotency-Key commits with the comment or not at all.
		if err := idempotency.RecordWrite(ctx, tx, "comment:"+FormatID(c.ID)); err != nil {
			return err
		}
		if c.ParentID != nil && status != model.CommentPending {
			if err := cs.AddReplies(ctx, *c.ParentID, 1); err != nil {
				return err
			}
		}
		if o.AfterCreate != nil {
			if err := o.AfterCreate(ctx, tx, c); err != nil {
				return err
			}
		}
		if status == model.CommentPending {
			return s.queue.QueuePending(ctx, tx, c.ID)
		}
		return NotifyReply(ctx, tx, c, p.Slug)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// Get returns one comment as the viewer may see it: a pending comment only to its author, moderators and
// admins (404 for everybody else).
func (s *Service) Get(ctx context.Context, viewer *model.User, id int64) (*Node, error) {
	var viewerID int64
	if viewer != nil {
		viewerID = viewer.ID
	}
	row, err := s.st.Comments().Row(ctx, id, viewerID)
	if IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if row.Status == model.CommentPending && !access.CanSeePending(viewer, row.AuthorID) {
		return nil, ErrNotFound
	}
	return NodeOf(row), nil
}

// checkBlock validates document_id, version and block_id of a comment on a document block.
func (s *Service) checkBlock(ctx context.Context, ve *apperr.ValidationError, projectID int64, in CreateInput) error {
	d, err := s.st.Documents().ByID(ctx, *in.DocumentID)
	if err != nil && !IsNotFound(err) {
		return err
	}
	if d == nil || d.ProjectID != projectID {
		ve.Add("document_id", "invalid", "is not a document of this project")
		return nil
	}
	if in.Version == nil {
		ve.Add("version", "required", "is required with document_id")
	} else if *in.Version < 1 || *in.Version > d.Version {
		ve.Add("version", "invalid", "is not a version of this document")
	}
	if in.BlockID == nil || *in.BlockID == "" {
		ve.Add("block_id", "required", "is required with document_id")
		return nil
	}
	if in.Version == nil || *in.Version < 1 || *in.Version > d.Version {
		return nil
	}
	ok, err := s.st.Comments().BlockInVersion(ctx, d.ID, *in.Version, *in.BlockID)
	if err != nil {
		return err
	}
	if !ok {
		ve.Add("block_id", "invalid", "is not a block of this version")
	}
	return nil
}

// validateBody returns the trimmed body, adding a field error when it is empty or too long.
func validateBody(ve *apperr.ValidationError, body string) string {
	body = strings.TrimSpace(body)
	switch n := utf8.RuneCountInString(body); {
	case n == 0:
		ve.Add("body", "required", "is required")
	case n > MaxBodyRunes:
		ve.Add("body", "max", "must be at most 10000 characters")
	}
	return body
}

// Update replaces the text of u's comment within EditWindow of its creation; the earlier text is kept as
// a revision and the comment shows as edited.
func (s *Service) Update(ctx context.Context, u *model.User, id int64, body string) (*Node, error) {
	c, p, err := Own(ctx, s.st, u, id)
	if err != nil {
		return nil, err
	}
	if c.DeletedAt != nil {
		return nil, errDeleted
	}
	if c.Status == model.CommentHidden || c.Status == model.CommentRemoved {
		return nil, errModerated
	}
	if !p.CommentsOpen {
		return nil, errCommentsClosed
	}
	if s.now().Sub(c.CreatedAt) > EditWindow {
		return nil, errEditWindow
	}
	ve := &apperr.ValidationError{}
	body = validateBody(ve, body)
	if err := ve.OrNil(); err != nil {
		return nil, err
	}
	now := s.timestamp()
	var node *Node
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		if body != c.Body {
			if err := cs.AddRevision(ctx, &model.CommentRevision{CommentID: c.ID, Body: c.Body, EditorID: &u.ID, CreatedAt: now}); err != nil {
				return err
			}
			ok, err := cs.UpdateBody(ctx, c.ID, body, markdown.Render(body), now)
			if err != nil {
				return err
			}
			if !ok {
				return errDeleted
			}
		}
		// An edit in a pre-moderated project goes back to the moderators before the public sees it again.
		repending := body != c.Body && c.Status == model.CommentPublished && p.PreModeration && !access.SkipsPremoderation(u)
		if repending {
			if err := cs.SetStatus(ctx, c.ID, model.CommentPending, nil, now); err != nil {
				return err
			}
			if c.ParentID != nil {
				if err := cs.AddReplies(ctx, *c.ParentID, -1); err != nil {
					return err
				}
			}
			if _, err := events.Append(tx, Topic(c, p.Slug), EventWithdrawn, idOnly{ID: FormatID(c.ID)}); err != nil {
				return err
			}
		}
		row, err := cs.Row(ctx, c.ID, u.ID)
		if err != nil {
			return err
		}
		node = NodeOf(row)
		if body == c.Body {
			return nil
		}
		if err := AppendEvent(tx, c, p.Slug, EventUpdated, node.View); err != nil {
			return err
		}
		// The earlier events of the comment carry the earlier text.
		if err := ScrubEvents(ctx, tx, c.ID); err != nil {
			return err
		}
		if repending || c.Status == model.CommentPending {
			// Into the queue, or (already waiting) moderators see the new text in place.
			return s.queue.QueuePending(ctx, tx, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// Delete turns u's comment into a tombstone ("deleted by the author"): its text goes, its replies stay.
// The text is kept as a revision for moderators. Deleting a deleted comment changes nothing.
func (s *Service) Delete(ctx context.Context, u *model.User, id int64) error {
	c, p, err := Own(ctx, s.st, u, id)
	if err != nil || c.DeletedAt != nil {
		return err
	}
	now := s.timestamp()
	return s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		ok, err := cs.Tombstone(ctx, c.ID, now)
		if err != nil || !ok {
			return err
		}
		if err := cs.AddRevision(ctx, &model.CommentRevision{CommentID: c.ID, Body: c.Body, EditorID: &u.ID, CreatedAt: now}); err != nil {
			return err
		}
		row, err := cs.Row(ctx, c.ID, 0)
		if err != nil {
			return err
		}
		if err := AppendEvent(tx, c, p.Slug, EventDeleted, NodeOf(row).View); err != nil {
			return err
		}
		if err := ScrubEvents(ctx, tx, c.ID); err != nil {
			return err
		}
		// A pending comment its author deleted needs no moderator any more.
		return s.queue.Withdraw(ctx, tx, c.ID, now)
	})
}

// Vote sets u's vote on a comment: 1, -1, or 0 to remove it; not on one's own comment (403 own_comment),
// and at most Options.Votes per user. The vote row and the counters change in one transaction that holds
// the comment's row lock, so concurrent votes add up exactly.
func (s *Service) Vote(ctx context.Context, u *model.User, id int64, value int) (*VoteResult, error) {
	if value != 1 && value != -1 && value != 0 {
		return nil, apperr.Invalid("value", "oneof", "must be one of: 1, -1, 0")
	}
	c, err := s.st.Comments().ByID(ctx, id, false)
	if IsNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if c.Status != model.CommentPublished {
		return nil, ErrNotFound
	}
	p, err := s.st.Projects().ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, err
	}
	if !p.CommentsOpen {
		return nil, errCommentsClosed
	}
	if c.DeletedAt != nil {
		return nil, errDeleted // before the author check: a tombstone has no author to the user
	}
	if access.IsAuthor(u, c.AuthorID) {
		return nil, errOwnVote
	}
	if err := s.opts.Limiter.Take(ctx, s.opts.Votes, strconv.FormatInt(u.ID, 10)); err != nil {
		return nil, err
	}
	now := s.timestamp()
	res := &VoteResult{ID: FormatID(id), MyVote: value}
	err = s.st.Tx(ctx, func(tx *store.Store) error {
		cs := tx.Comments()
		locked, err := cs.ByID(ctx, id, true)
		if err != nil {
			return err
		}
		if locked.DeletedAt != nil {
			return errDeleted
		}
		old, err := cs.VoteOf(ctx, id, u.ID)
		if err != nil {
			return err
		}
		if old == value {
			res.Up, res.Down = locked.UpCount, locked.DownCount
			return nil
		}
		if err := cs.SetVote(ctx, id, u.ID, old, value, now); err != nil {
			return err
		}
		if res.Up, res.Down, err = cs.VoteCounts(ctx, id); err != nil {
			return err
		}
		_, err = events.Append(tx, Topic(c, p.Slug), EventVotes, res)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// createWithEvent inserts the new comment c of u on p with its comment.created event and returns it as
// lists show it. When the row needs nothing from the database (see createdRow), comment and event are
// one statement (store.Comments.CreateWithEvent): the event's payload is the view rendered before the
// insert, its id filled in by the store; otherwise the comment is inserted, read back and announced.
func createWithEvent(ctx context.Context, tx *store.Store, c *model.Comment, p *model.Project, u *model.User) (*Node, error) {
	cs := tx.Comments()
	if c.BlockID != nil || c.ReceivedAt != nil {
		if err := cs.Create(ctx, c); err != nil {
			return nil, err
		}
		row, err := createdRow(ctx, cs, c, p, u)
		if err != nil {
			return nil, err
		}
		node := NodeOf(row)
		return node, AppendEvent(tx, c, p.Slug, EventCreated, node.View)
	}
	row, _ := createdRow(ctx, cs, c, p, u) // reads nothing for such a comment
	node := NodeOf(row)
	ev, err := encodeEvent(c, p.Slug, EventCreated, node.View)
	if err != nil {
		return nil, err
	}
	// The view's JSON begins with its id (0 before the insert); the store writes the rest after the new id.
	const head = `{"id":"0"`
	if !strings.HasPrefix(ev.Payload, head) {
		return nil, fmt.Errorf("comments: event payload does not begin with the id: %.40s", ev.Payload)
	}
	ev.Payload = ev.Payload[len(head):]
	ev.Subject = strings.TrimSuffix(Subject(0), "0")
	if err := cs.CreateWithEvent(ctx, c, ev); err != nil {
		return nil, err
	}
	events.Appended()
	node.ID = FormatID(c.ID)
	return node, nil
}

// createdRow is the new comment c of u on p as lists show it. Everything a list row shows is in hand (the
// comment as inserted, its project, its author, no votes, no replies, no one who took it), except, for a
// comment on a block, whether the block is missing from the document's newest version, and, for an
// analogue contribution, its date of receipt as the database normalises it: only then is the row read
// back.
func createdRow(ctx context.Context, cs *store.Comments, c *model.Comment, p *model.Project, u *model.User) (*store.CommentRow, error) {
	if c.BlockID != nil || c.ReceivedAt != nil {
		return cs.Row(ctx, c.ID, u.ID)
	}
	name := u.DisplayName
	return &store.CommentRow{Comment: *c, ProjectSlug: p.Slug, ProjectOwner: p.OwnerUnit, AuthorName: &name,
		AuthorRoles: u.Roles, AuthorAffil: u.Affiliation, AuthorDept: u.Department}, nil
}
