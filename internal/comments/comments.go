// Package comments holds comments on projects and on document blocks: threads, edits within a window,
// tombstones, votes and the live events they write.
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
	"github.com/digitalrat/digitalrat/internal/markdown"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/ratelimit"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Limits of comments.
const (
	MaxBodyRunes   = 10_000
	EditWindow     = 15 * time.Minute
	MaxReplyDepth  = 3    // a list includes replies up to this many levels below each listed comment
	MaxReplyRows   = 1000 // and at most this many replies per page; clients fetch more with ?parent=
	kindComment    = "comment"
	kindQuestion   = "question"
	eventCreated   = "comment.created"
	eventUpdated   = "comment.updated"
	eventDeleted   = "comment.deleted"
	eventVotes     = "comment.votes"
	eventWithdrawn = "comment.withdrawn" // an edited comment went back to pre-moderation
	eventHidden    = "comment.hidden"
	eventRemoved   = "comment.removed"
	channelOnline  = "online"
	userKindsNotes = "comment, question"
)

var (
	errCommentsClosed = apperr.New(apperr.ErrForbidden, "comments_closed", "Comments on this project are closed.")
	errEditWindow     = apperr.New(apperr.ErrForbidden, "edit_window_closed", "Comments can only be edited within 15 minutes.")
	errNotAuthor      = apperr.New(apperr.ErrForbidden, "not_author", "Only the author may change this comment.")
	errDeleted        = apperr.New(apperr.ErrConflict, "comment_deleted", "The comment was deleted.")
	errNotFound       = apperr.New(apperr.ErrNotFound, "not_found", "No such comment.")
	errModerated      = apperr.New(apperr.ErrConflict, "comment_moderated", "The comment was hidden or removed by a moderator.")
)

// idOnly is the data of events that must not carry more than the comment id.
type idOnly struct {
	ID string `json:"id"`
}

// Service is the comments service.
type Service struct {
	db   *gorm.DB
	now  func() time.Time
	opts Options
}

// Options are the settings of the comments service.
type Options struct {
	FlagThreshold int // open flags that hide a comment until a moderator decides; default 3

	Limiter  *ratelimit.Limiter // limits the rules below; nil limits nothing
	Comments ratelimit.Rule     // comments and questions per user (not official responses and contributions)
	Flags    ratelimit.Rule     // flags per user
}

// New returns the comments service.
func New(db *gorm.DB, now func() time.Time, opts Options) *Service {
	if opts.FlagThreshold < 1 {
		opts.FlagThreshold = 3
	}
	return &Service{db: db, now: now, opts: opts}
}

func (s *Service) timestamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Author is the author of a comment as everybody sees it.
type Author struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
}

// View is a comment as lists and live events show it. It is the one public representation: the API
// answers it (plus the viewer's vote and replies) and events carry it as their data.
type View struct {
	ID               string     `json:"id"`
	ProjectSlug      string     `json:"project_slug"`
	DocumentID       *string    `json:"document_id"`
	Version          *int       `json:"version"`
	BlockID          *string    `json:"block_id"`
	ParentID         *string    `json:"parent_id"`
	Depth            int        `json:"depth"`
	Author           *Author    `json:"author"`
	Body             string     `json:"body"`
	BodyHTML         string     `json:"body_html"`
	Stance           *string    `json:"stance"`
	Kind             string     `json:"kind"`
	Status           string     `json:"status"`
	Edited           bool       `json:"edited"`
	EditedAt         *time.Time `json:"edited_at"`
	Deleted          bool       `json:"deleted"`
	Up               int        `json:"up"`
	Down             int        `json:"down"`
	ReplyCount       int        `json:"reply_count"`
	OnEarlierVersion bool       `json:"on_earlier_version"`
	HiddenReason     *string    `json:"hidden_reason"`   // while hidden or removed: the reason category
	Department       *string    `json:"department"`      // official responses: the official's department
	QuestionStatus   *string    `json:"question_status"` // questions: open, in_progress, answered
	TakenBy          *Author    `json:"taken_by"`        // questions in progress: the official who took it
	Channel          string     `json:"channel"`
	SubmitterName    *string    `json:"submitter_name"` // analogue contributions: the submitter, or "anonym"
	ReceivedAt       *string    `json:"received_at"`    // analogue contributions: the date received
	CreatedAt        time.Time  `json:"created_at"`
}

// Node is a comment with the viewer's vote and the replies loaded with it.
type Node struct {
	View
	MyVote  int
	Replies []*Node
}

// VoteResult are the counters of a comment after a vote.
type VoteResult struct {
	ID     string `json:"id"`
	Up     int    `json:"up"`
	Down   int    `json:"down"`
	MyVote int    `json:"-"`
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func idPtr(id *int64) *string {
	if id == nil {
		return nil
	}
	s := formatID(*id)
	return &s
}

// nodeOf converts a row as everybody sees it: a deleted comment shows neither text, author nor stance; a
// hidden one is a placeholder without text; a removed one a tombstone without text and author.
func nodeOf(r *store.CommentRow) *Node {
	n := fullNodeOf(r)
	switch r.Status {
	case model.CommentHidden:
		n.Body, n.BodyHTML, n.Stance = "", "", nil
	case model.CommentRemoved:
		n.Body, n.BodyHTML, n.Stance, n.Author = "", "", nil, nil
	}
	return n
}

// fullNodeOf converts a row as moderators see it: with the text of hidden comments.
func fullNodeOf(r *store.CommentRow) *Node {
	v := View{
		ID: formatID(r.ID), ProjectSlug: r.ProjectSlug, DocumentID: idPtr(r.DocumentID), Version: r.DocumentVersion,
		BlockID: r.BlockID, ParentID: idPtr(r.ParentID), Depth: r.Depth, Body: r.Body, BodyHTML: r.BodyHTML,
		Stance: r.Stance, Kind: r.Kind, Status: r.Status, Edited: r.EditedAt != nil, Deleted: r.DeletedAt != nil,
		Up: r.UpCount, Down: r.DownCount, ReplyCount: r.ReplyCount, OnEarlierVersion: r.OnEarlierVersion,
		HiddenReason: r.HiddenReason, Department: r.Department, QuestionStatus: r.QuestionStatus, Channel: r.Channel,
		ReceivedAt: r.ReceivedAt, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.Channel != channelOnline {
		name := r.SubmitterName
		v.SubmitterName = &name
	}
	if r.TakenBy != nil && r.TakenByName != nil && r.QuestionStatus != nil && *r.QuestionStatus == model.QuestionInProgress {
		v.TakenBy = &Author{ID: formatID(*r.TakenBy), DisplayName: *r.TakenByName}
	}
	if r.EditedAt != nil {
		t := r.EditedAt.UTC()
		v.EditedAt = &t
	}
	if r.AuthorID != nil && r.AuthorName != nil && r.DeletedAt == nil {
		v.Author = &Author{ID: formatID(*r.AuthorID), DisplayName: *r.AuthorName}
	}
	if r.DeletedAt != nil {
		v.Body, v.BodyHTML, v.Stance = "", "", nil
	}
	return &Node{View: v, MyVote: r.MyVote}
}

// topic is the live topic of a comment: its document's for block comments, else its project's.
func topic(c *model.Comment, slug string) string {
	if c.DocumentID != nil {
		return "document:" + formatID(*c.DocumentID)
	}
	return "project:" + slug
}

// ListFilter selects the comments of a list. Zero fields do not filter.
type ListFilter struct {
	DocumentID int64
	NoDocument bool // only comments on the project itself
	BlockID    string
	Kind       string
	ParentID   int64 // the replies of this comment instead of top-level comments
	Sort       string
}

// List returns one page of published comments of a project, each with its replies up to MaxReplyDepth
// levels below it (oldest first), in two queries.
func (s *Service) List(ctx context.Context, viewer *model.User, slug string, f ListFilter, page store.Page) ([]*Node, string, error) {
	p, err := store.NewProjects(s.db).BySlug(ctx, slug)
	if err != nil {
		return nil, "", err
	}
	ve := &apperr.ValidationError{}
	if f.Sort == "" {
		f.Sort = store.CommentSorts[0]
	} else if !slices.Contains(store.CommentSorts, f.Sort) {
		ve.Add("sort", "oneof", "must be one of: "+strings.Join(store.CommentSorts, ", "))
	}
	if f.Kind != "" && !slices.Contains(model.CommentKinds, f.Kind) {
		ve.Add("kind", "oneof", "must be one of: "+strings.Join(model.CommentKinds, ", "))
	}
	if f.BlockID != "" && f.DocumentID == 0 {
		ve.Add("block", "required_with", "needs document")
	}
	if f.DocumentID != 0 {
		d, err := store.NewDocuments(s.db).ByID(ctx, f.DocumentID)
		if err != nil && !isNotFound(err) {
			return nil, "", err
		}
		if d == nil || d.ProjectID != p.ID {
			ve.Add("document", "invalid", "is not a document of this project")
		}
	}
	if f.ParentID != 0 {
		c, err := store.NewComments(s.db).ByID(ctx, f.ParentID, false)
		if err != nil && !isNotFound(err) {
			return nil, "", err
		}
		if c == nil || c.ProjectID != p.ID {
			ve.Add("parent", "invalid", "is not a comment of this project")
		}
	}
	if err := ve.OrNil(); err != nil {
		return nil, "", err
	}
	var viewerID int64
	if viewer != nil {
		viewerID = viewer.ID
	}
	cs := store.NewComments(s.db)
	rows, next, err := cs.List(ctx, store.CommentFilter{ProjectID: p.ID, DocumentID: f.DocumentID, NoDocument: f.NoDocument,
		BlockID: f.BlockID, Kind: f.Kind, ParentID: f.ParentID, Sort: f.Sort, ViewerID: viewerID}, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Node, len(rows))
	byID := make(map[int64]*Node, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i] = nodeOf(&rows[i])
		byID[rows[i].ID] = out[i]
		ids[i] = rows[i].ID
	}
	replies, err := cs.Replies(ctx, ids, MaxReplyDepth, viewerID, MaxReplyRows)
	if err != nil {
		return nil, "", err
	}
	// Replies come oldest first and a reply is always newer than its parent, so parents are placed first.
	for i := range replies {
		n := nodeOf(&replies[i])
		if parent := byID[*replies[i].ParentID]; parent != nil {
			parent.Replies = append(parent.Replies, n)
			byID[replies[i].ID] = n
		}
	}
	return out, next, nil
}

// Counts returns the number of comments on the project itself and on each commented document block.
func (s *Service) Counts(ctx context.Context, slug string) (int, []store.BlockCount, error) {
	p, err := store.NewProjects(s.db).BySlug(ctx, slug)
	if err != nil {
		return 0, nil, err
	}
	return store.NewComments(s.db).Counts(ctx, p.ID)
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

	// set by Contribute and Respond, never from a request
	channel    string
	submitter  string
	receivedAt *string
	department *string
	official   bool // written by an official for the city: never pre-moderated, not rate limited
	// afterCreate runs in the transaction of the new comment, after its own event
	afterCreate func(ctx context.Context, tx *gorm.DB, c *model.Comment) error
}

// privileged reports whether u writes without pre-moderation: moderators, officials and admins.
func privileged(u *model.User) bool {
	return u.HasRole(model.RoleModerator) || u.HasRole(model.RoleOfficial) || u.HasRole(model.RoleAdmin)
}

// Create writes a comment of u on the project slug. In a pre-moderated project comments of residents are
// pending until a moderator approves them: only moderators and the author see them until then.
func (s *Service) Create(ctx context.Context, u *model.User, slug string, in CreateInput) (*Node, error) {
	p, err := store.NewProjects(s.db).BySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !p.CommentsOpen {
		return nil, errCommentsClosed
	}
	if in.Kind == "" {
		in.Kind = kindComment
	}
	ve := &apperr.ValidationError{}
	if in.Kind != kindComment && in.Kind != kindQuestion {
		ve.Add("kind", "oneof", "must be one of: "+userKindsNotes)
	}
	return s.create(ctx, u, p, in, ve)
}

// create validates and writes a comment; ve may already hold field errors of the caller.
func (s *Service) create(ctx context.Context, u *model.User, p *model.Project, in CreateInput, ve *apperr.ValidationError) (*Node, error) {
	body := validateBody(ve, in.Body)
	if in.Stance != nil && !slices.Contains(model.CommentStances, *in.Stance) {
		ve.Add("stance", "oneof", "must be one of: "+strings.Join(model.CommentStances, ", ")+" or null")
	}
	if in.channel == "" {
		in.channel = channelOnline
	}
	status := model.CommentPublished
	if p.PreModeration && !in.official && !privileged(u) {
		status = model.CommentPending
	}
	now := s.timestamp()
	c := &model.Comment{ProjectID: p.ID, AuthorID: &u.ID, Body: body, BodyHTML: markdown.Render(body),
		Stance: in.Stance, Kind: in.Kind, Channel: in.channel, SubmitterName: in.submitter, ReceivedAt: in.receivedAt,
		Department: in.department, Status: status, CreatedAt: now, UpdatedAt: now}
	if in.Kind == kindQuestion {
		open := model.QuestionOpen
		c.QuestionStatus = &open
	}
	cs := store.NewComments(s.db)
	switch {
	case in.ParentID != nil:
		parent, err := cs.ByID(ctx, *in.ParentID, false)
		if err != nil && !isNotFound(err) {
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
	if !in.official {
		if err := s.opts.Limiter.Take(ctx, s.opts.Comments, strconv.FormatInt(u.ID, 10)); err != nil {
			return nil, err
		}
	}
	var node *Node
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs := store.NewComments(tx)
		if err := cs.Create(ctx, c); err != nil {
			return err
		}
		if c.ParentID != nil && status != model.CommentPending {
			if err := cs.AddReplies(ctx, *c.ParentID, 1); err != nil {
				return err
			}
		}
		row, err := cs.Row(ctx, c.ID, u.ID)
		if err != nil {
			return err
		}
		node = nodeOf(row)
		if err := appendComment(tx, c, p.Slug, eventCreated, node.View); err != nil {
			return err
		}
		if in.afterCreate != nil {
			if err := in.afterCreate(ctx, tx, c); err != nil {
				return err
			}
		}
		if status == model.CommentPending {
			return s.enqueue(ctx, tx, c.ID, queuePending)
		}
		return s.notifyReply(ctx, tx, c, p.Slug)
	})
	if err != nil {
		return nil, err
	}
	return node, nil
}

// appendComment writes an event about a comment: public, except for a pending comment, which only
// moderators and its author receive.
func appendComment(tx *gorm.DB, c *model.Comment, slug, typ string, v View) error {
	var err error
	if v.Status == model.CommentPending {
		_, err = events.AppendFor(tx, topic(c, slug), typ, pendingAudience(c), v)
	} else {
		_, err = events.Append(tx, topic(c, slug), typ, v)
	}
	return err
}

// pendingAudience are those who may see a pending comment: moderators (and admins) and its author.
func pendingAudience(c *model.Comment) string {
	if c.AuthorID == nil {
		return events.AudienceModerators
	}
	return events.Audience(events.AudienceModerators, events.AudienceUser(*c.AuthorID))
}

// Get returns one comment as the viewer may see it: a pending comment only to its author, moderators and
// admins (404 for everybody else).
func (s *Service) Get(ctx context.Context, viewer *model.User, id int64) (*Node, error) {
	var viewerID int64
	if viewer != nil {
		viewerID = viewer.ID
	}
	row, err := store.NewComments(s.db).Row(ctx, id, viewerID)
	if isNotFound(err) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if row.Status == model.CommentPending && !isModerator(viewer) && (row.AuthorID == nil || *row.AuthorID != viewerID) {
		return nil, errNotFound
	}
	return nodeOf(row), nil
}

// isModerator reports whether u may moderate: moderators and admins.
func isModerator(u *model.User) bool {
	return u.HasRole(model.RoleModerator) || u.HasRole(model.RoleAdmin)
}

// checkBlock validates document_id, version and block_id of a comment on a document block.
func (s *Service) checkBlock(ctx context.Context, ve *apperr.ValidationError, projectID int64, in CreateInput) error {
	d, err := store.NewDocuments(s.db).ByID(ctx, *in.DocumentID)
	if err != nil && !isNotFound(err) {
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
	ok, err := store.NewComments(s.db).BlockInVersion(ctx, d.ID, *in.Version, *in.BlockID)
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

// own loads a comment of u with its project; only its author may change it.
func (s *Service) own(ctx context.Context, u *model.User, id int64) (*model.Comment, *model.Project, error) {
	c, err := store.NewComments(s.db).ByID(ctx, id, false)
	if isNotFound(err) {
		return nil, nil, errNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if c.AuthorID == nil || *c.AuthorID != u.ID {
		return nil, nil, errNotAuthor
	}
	p, err := store.NewProjects(s.db).ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// Update replaces the text of u's comment within EditWindow of its creation; the earlier text is kept as
// a revision and the comment shows as edited.
func (s *Service) Update(ctx context.Context, u *model.User, id int64, body string) (*Node, error) {
	c, p, err := s.own(ctx, u, id)
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
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs := store.NewComments(tx)
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
		repending := body != c.Body && c.Status == model.CommentPublished && p.PreModeration && !privileged(u)
		if repending {
			if err := cs.SetStatus(ctx, c.ID, model.CommentPending, nil, now); err != nil {
				return err
			}
			if c.ParentID != nil {
				if err := cs.AddReplies(ctx, *c.ParentID, -1); err != nil {
					return err
				}
			}
			if _, err := events.Append(tx, topic(c, p.Slug), eventWithdrawn, idOnly{ID: formatID(c.ID)}); err != nil {
				return err
			}
		}
		row, err := cs.Row(ctx, c.ID, u.ID)
		if err != nil {
			return err
		}
		node = nodeOf(row)
		if body == c.Body {
			return nil
		}
		if err := appendComment(tx, c, p.Slug, eventUpdated, node.View); err != nil {
			return err
		}
		if repending || c.Status == model.CommentPending {
			// Into the queue, or (already waiting) moderators see the new text in place.
			return s.enqueue(ctx, tx, c.ID, queuePending)
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
	c, p, err := s.own(ctx, u, id)
	if err != nil || c.DeletedAt != nil {
		return err
	}
	now := s.timestamp()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs := store.NewComments(tx)
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
		if err := appendComment(tx, c, p.Slug, eventDeleted, nodeOf(row).View); err != nil {
			return err
		}
		// A pending comment its author deleted needs no moderator any more.
		if ok, err := store.NewModeration(tx).Dequeue(ctx, c.ID); err != nil || !ok {
			return err
		}
		return s.resolvedBy(tx, c.ID, actionDeleted, nil, now)
	})
}

// Vote sets u's vote on a comment: 1, -1, or 0 to remove it. The vote row and the counters change in one
// transaction that holds the comment's row lock, so concurrent votes add up exactly.
func (s *Service) Vote(ctx context.Context, u *model.User, id int64, value int) (*VoteResult, error) {
	if value != 1 && value != -1 && value != 0 {
		return nil, apperr.Invalid("value", "oneof", "must be one of: 1, -1, 0")
	}
	c, err := store.NewComments(s.db).ByID(ctx, id, false)
	if isNotFound(err) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	if c.Status != model.CommentPublished {
		return nil, errNotFound
	}
	p, err := store.NewProjects(s.db).ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, err
	}
	if !p.CommentsOpen {
		return nil, errCommentsClosed
	}
	now := s.timestamp()
	res := &VoteResult{ID: formatID(id), MyVote: value}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cs := store.NewComments(tx)
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
		_, err = events.Append(tx, topic(c, p.Slug), eventVotes, res)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

func isNotFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }
