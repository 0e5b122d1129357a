package comments

import (
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Author is the author of a comment as everybody sees it.
type Author struct {
	ID          string         `json:"id"`
	DisplayName string         `json:"display_name"`
	Badges      []access.Badge `json:"badges,omitempty"` // the public roles of comment authors (absent for taken_by)
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

// EventView is View as live events carry it: the same members, but those that are null, false, 0 or
// empty are left out (a typical comment has a dozen of them), so every subscriber receives about 300 bytes
// less per event. Clients read a missing member as that empty value (openapi.yaml, CommentView). The
// conversion from View (View.Event) keeps the two field lists identical: Go converts between struct
// types only when they differ in nothing but their tags.
type EventView struct {
	ID               string     `json:"id"`
	ProjectSlug      string     `json:"project_slug"`
	DocumentID       *string    `json:"document_id,omitempty"`
	Version          *int       `json:"version,omitempty"`
	BlockID          *string    `json:"block_id,omitempty"`
	ParentID         *string    `json:"parent_id,omitempty"`
	Depth            int        `json:"depth,omitempty"`
	Author           *Author    `json:"author,omitempty"`
	Body             string     `json:"body,omitempty"`
	BodyHTML         string     `json:"body_html,omitempty"`
	Stance           *string    `json:"stance,omitempty"`
	Kind             string     `json:"kind"`
	Status           string     `json:"status"`
	Edited           bool       `json:"edited,omitempty"`
	EditedAt         *time.Time `json:"edited_at,omitempty"`
	Deleted          bool       `json:"deleted,omitempty"`
	Up               int        `json:"up,omitempty"`
	Down             int        `json:"down,omitempty"`
	ReplyCount       int        `json:"reply_count,omitempty"`
	OnEarlierVersion bool       `json:"on_earlier_version,omitempty"`
	HiddenReason     *string    `json:"hidden_reason,omitempty"`
	Department       *string    `json:"department,omitempty"`
	QuestionStatus   *string    `json:"question_status,omitempty"`
	TakenBy          *Author    `json:"taken_by,omitempty"`
	Channel          string     `json:"channel"`
	SubmitterName    *string    `json:"submitter_name,omitempty"`
	ReceivedAt       *string    `json:"received_at,omitempty"`
	CreatedAt        time.Time  `json:"created_at"`
}

// Event is v as live events carry it.
func (v View) Event() EventView { return EventView(v) }

// Node is a comment with the viewer's vote and the replies loaded with it.
type Node struct {
	View
	MyVote  int
	Replies []*Node
	// Facts are what the access rules look at to tell the viewer's permissions on the comment.
	Facts access.CommentFacts
}

// VoteResult are the counters of a comment after a vote.
type VoteResult struct {
	ID     string `json:"id"`
	Up     int    `json:"up"`
	Down   int    `json:"down"`
	MyVote int    `json:"-"`
}

// FormatID renders an id as the opaque string clients see.
func FormatID(id int64) string { return strconv.FormatInt(id, 10) }

// IDPtr renders an optional id.
func IDPtr(id *int64) *string {
	if id == nil {
		return nil
	}
	s := FormatID(*id)
	return &s
}

// NodeOf converts a row as everybody sees it: a deleted comment shows neither text, author nor stance; a
// hidden one is a placeholder without text; a removed one a tombstone without text and author.
func NodeOf(r *store.CommentRow) *Node {
	n := FullNodeOf(r)
	switch r.Status {
	case model.CommentHidden:
		n.Body, n.BodyHTML, n.Stance = "", "", nil
	case model.CommentRemoved:
		n.Body, n.BodyHTML, n.Stance, n.Author = "", "", nil, nil
	}
	return n
}

// FullNodeOf converts a row as moderators see it: with the text of hidden comments.
func FullNodeOf(r *store.CommentRow) *Node {
	v := View{
		ID: FormatID(r.ID), ProjectSlug: r.ProjectSlug, DocumentID: IDPtr(r.DocumentID), Version: r.DocumentVersion,
		BlockID: r.BlockID, ParentID: IDPtr(r.ParentID), Depth: r.Depth, Body: r.Body, BodyHTML: r.BodyHTML,
		Stance: r.Stance, Kind: r.Kind, Status: r.Status, Edited: r.EditedAt != nil, Deleted: r.DeletedAt != nil,
		Up: r.UpCount, Down: r.DownCount, ReplyCount: r.ReplyCount, OnEarlierVersion: r.OnEarlierVersion,
		HiddenReason: r.HiddenReason, Department: r.Department, QuestionStatus: r.QuestionStatus, Channel: r.Channel,
		ReceivedAt: r.ReceivedAt, CreatedAt: r.CreatedAt.UTC(),
	}
	if r.Channel != ChannelOnline {
		name := r.SubmitterName
		v.SubmitterName = &name
	}
	if r.TakenBy != nil && r.TakenByName != nil && r.QuestionStatus != nil && *r.QuestionStatus == model.QuestionInProgress {
		v.TakenBy = &Author{ID: FormatID(*r.TakenBy), DisplayName: *r.TakenByName}
	}
	if r.EditedAt != nil {
		t := r.EditedAt.UTC()
		v.EditedAt = &t
	}
	if r.AuthorID != nil && r.AuthorName != nil && r.DeletedAt == nil {
		v.Author = &Author{ID: FormatID(*r.AuthorID), DisplayName: *r.AuthorName,
			Badges: access.Badges(r.AuthorRoles, r.AuthorAffil, r.AuthorDept)}
	}
	if r.DeletedAt != nil {
		v.Body, v.BodyHTML, v.Stance = "", "", nil
	}
	facts := access.CommentFacts{AuthorID: r.AuthorID, Status: r.Status, Deleted: r.DeletedAt != nil, Kind: r.Kind,
		CreatedAt: r.CreatedAt, OwnerUnit: r.ProjectOwner}
	if r.QuestionStatus != nil {
		facts.QuestionStatus = *r.QuestionStatus
	}
	return &Node{View: v, MyVote: r.MyVote, Facts: facts}
}

// Topic is the live topic of a comment: its document's for block comments, else its project's.
func Topic(c *model.Comment, slug string) string {
	if c.DocumentID != nil {
		return "document:" + FormatID(*c.DocumentID)
	}
	return "project:" + slug
}

// AppendEvent writes an event about a comment: public, except for a pending comment, which only
// moderators and its author receive. Its subject lets ScrubEvents rewrite it when the comment changes.
func AppendEvent(tx *store.Store, c *model.Comment, slug, typ string, v View) error {
	_, err := events.AppendAbout(tx, Subject(c.ID), Topic(c, slug), typ, eventAudience(c, v), v.Event())
	return err
}

// encodeEvent is the event AppendEvent writes, not yet written (see events.Encode).
func encodeEvent(c *model.Comment, slug, typ string, v View) (*model.Event, error) {
	return events.Encode(Subject(c.ID), Topic(c, slug), typ, eventAudience(c, v), v.Event())
}

// eventAudience is the audience of an event showing v: everyone, or for a pending comment its own.
func eventAudience(c *model.Comment, v View) string {
	if v.Status == model.CommentPending {
		return pendingAudience(c)
	}
	return ""
}

// pendingAudience are those who may see a pending comment: moderators (and admins) and its author.
func pendingAudience(c *model.Comment) string {
	if c.AuthorID == nil {
		return events.AudienceModerators
	}
	return events.Audience(events.AudienceModerators, events.AudienceUser(*c.AuthorID))
}
