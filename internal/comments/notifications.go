package comments

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/events"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Notification types.
const (
	NotifyHidden           = "comment_hidden"
	NotifyRemoved          = "comment_removed"
	NotifyApproved         = "comment_approved"
	NotifyReply            = "reply"
	NotifyOfficialResponse = "official_response"

	eventNotification = "notification.created"
	// MaxReadIDs is the most notification ids one read request takes.
	MaxReadIDs = 100
)

// NotificationView is a notification as its user sees it.
type NotificationView struct {
	ID          string    `json:"id"`
	Type        string    `json:"type"`
	CommentID   *string   `json:"comment_id"`
	ProjectSlug string    `json:"project_slug"`
	Reason      *string   `json:"reason"`
	CreatedAt   time.Time `json:"created_at"`
	Read        bool      `json:"read"`
}

func notificationView(n *model.Notification) NotificationView {
	return NotificationView{ID: formatID(n.ID), Type: n.Type, CommentID: idPtr(n.CommentID), ProjectSlug: n.ProjectSlug,
		Reason: n.Reason, CreatedAt: n.CreatedAt.UTC(), Read: n.ReadAt != nil}
}

// notify stores a notification for the user (nothing for nil: the account is gone) and pushes it live on
// user:<id>, in the transaction of the change it tells about.
func (s *Service) notify(ctx context.Context, tx *store.Store, userID *int64, typ string, commentID int64, slug string, reason *string, at time.Time) error {
	if userID == nil {
		return nil
	}
	n := &model.Notification{UserID: *userID, Type: typ, CommentID: &commentID, ProjectSlug: slug, Reason: reason, CreatedAt: at}
	if err := tx.Notifications().Create(ctx, n); err != nil {
		return err
	}
	_, err := events.AppendFor(tx.Conn(), events.AudienceUser(*userID), eventNotification, events.AudienceUser(*userID), notificationView(n))
	return err
}

// notifyReply tells the author of a published comment's parent about the reply (or official response),
// unless they answered themselves.
func (s *Service) notifyReply(ctx context.Context, tx *store.Store, c *model.Comment, slug string) error {
	if c.ParentID == nil {
		return nil
	}
	parent, err := tx.Comments().ByID(ctx, *c.ParentID, false)
	if err != nil {
		return err
	}
	if parent.AuthorID == nil || (c.AuthorID != nil && *parent.AuthorID == *c.AuthorID) {
		return nil
	}
	typ := NotifyReply
	if c.Kind == KindOfficialResponse {
		typ = NotifyOfficialResponse
	}
	return s.notify(ctx, tx, parent.AuthorID, typ, c.ID, slug, nil, c.CreatedAt)
}

// Notifications returns one page of u's notifications, newest first.
func (s *Service) Notifications(ctx context.Context, u *model.User, page store.Page) ([]NotificationView, string, error) {
	rows, next, err := s.st.Notifications().List(ctx, u.ID, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]NotificationView, len(rows))
	for i := range rows {
		out[i] = notificationView(&rows[i])
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
	return s.st.Notifications().MarkRead(ctx, u.ID, ids, s.timestamp())
}
