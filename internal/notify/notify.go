// Package notify is the sink every feature writes notifications into: Send stores one in the transaction
// of its cause and pushes it live on user:<id>. Its Service lists a user's notifications, counts the
// unread ones and marks them read.
package notify

import (
	"context"
	"strconv"
	"time"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Notification types.
const (
	Hidden           = "comment_hidden"
	Removed          = "comment_removed"
	Approved         = "comment_approved"
	Reply            = "reply"
	OfficialResponse = "official_response"

	eventNotification = "notification.created"
	// MaxReadIDs is the most notification ids one read request takes.
	MaxReadIDs = 100
)

// View is a notification as its user sees it.
type View struct {
	ID          string  `json:"id"`
	Type        string  `json:"type"`
	CommentID   *string `json:"comment_id"`
	ProjectSlug string  `json:"project_slug"`
	DocumentID  *string `json:"document_id"` // the document of a block comment, for a link to its paragraph
	// Author is who wrote the reply or official response, with their public roles; nil for moderation notices.
	Author    *Author   `json:"author"`
	Reason    *string   `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
	Read      bool      `json:"read"`
}

// Author is the author of the comment a notification is about, as comments show them.
type Author struct {
	ID          string         `json:"id"`
	DisplayName string         `json:"display_name"`
	Badges      []access.Badge `json:"badges,omitempty"`
}

func viewOf(n *model.Notification, about store.NotificationAbout) View {
	v := View{ID: strconv.FormatInt(n.ID, 10), Type: n.Type, ProjectSlug: n.ProjectSlug, Reason: n.Reason,
		CreatedAt: n.CreatedAt.UTC(), Read: n.ReadAt != nil}
	if n.CommentID != nil {
		id := strconv.FormatInt(*n.CommentID, 10)
		v.CommentID = &id
	}
	if about.DocumentID != nil {
		id := strconv.FormatInt(*about.DocumentID, 10)
		v.DocumentID = &id
	}
	if (n.Type == Reply || n.Type == OfficialResponse) && about.AuthorID != nil && about.AuthorName != nil {
		v.Author = &Author{ID: strconv.FormatInt(*about.AuthorID, 10), DisplayName: *about.AuthorName,
			Badges: access.Badges(about.AuthorRoles, about.AuthorAffil, about.AuthorDept)}
	}
	return v
}

// Send stores a notification for the user (nothing for nil: the account is gone) and pushes it live on
// user:<id>, in tx, the transaction of the change it tells about.
func Send(ctx context.Context, tx *store.Store, userID *int64, typ string, commentID int64, slug string, reason *string, at time.Time) error {
	if userID == nil {
		return nil
	}
	n := &model.Notification{UserID: *userID, Type: typ, CommentID: &commentID, ProjectSlug: slug, Reason: reason, CreatedAt: at}
	if err := tx.Notifications().Create(ctx, n); err != nil {
		return err
	}
	about, err := tx.Notifications().About(ctx, commentID)
	if err != nil {
		return err
	}
	_, err = events.AppendFor(tx, events.AudienceUser(*userID), eventNotification, events.AudienceUser(*userID), viewOf(n, about))
	return err
}

// Service lists and marks the notifications of a user.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the notifications service.
func New(st *store.Store, now func() time.Time) *Service { return &Service{st: st, now: now} }

// List returns one page of u's notifications, newest first.
func (s *Service) List(ctx context.Context, u *model.User, page paging.Page) ([]View, string, error) {
	rows, next, err := s.st.Notifications().List(ctx, u.ID, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]View, len(rows))
	for i := range rows {
		out[i] = viewOf(&rows[i].Notification, rows[i].NotificationAbout)
	}
	return out, next, nil
}

// UnreadCount counts u's unread notifications.
func (s *Service) UnreadCount(ctx context.Context, u *model.User) (int64, error) {
	return s.st.Notifications().Unread(ctx, u.ID)
}

// MarkRead marks u's notifications with the given ids as read, or all of them when all is set. Ids of
// other users' notifications are ignored.
func (s *Service) MarkRead(ctx context.Context, u *model.User, ids []int64, all bool) error {
	switch {
	case all && len(ids) > 0:
		return apperr.Invalid("ids", "excluded_with", "must be absent with all")
	case all:
		ids = nil
	case len(ids) == 0:
		return apperr.Invalid("ids", "required", "is required unless all is true")
	case len(ids) > MaxReadIDs:
		return apperr.Invalid("ids", "max", "must hold at most 100 ids")
	}
	return s.st.Notifications().MarkRead(ctx, u.ID, ids, s.now().UTC().Truncate(time.Microsecond))
}
