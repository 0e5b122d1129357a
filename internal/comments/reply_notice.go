package comments

import (
	"context"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/notify"
	"github.com/digitalrat/digitalrat/internal/store"
)

// NotifyReply tells the author of a published comment's parent about the reply (or official response),
// unless they answered themselves. It runs in the transaction that published the comment.
func NotifyReply(ctx context.Context, tx *store.Store, c *model.Comment, slug string) error {
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
	typ := notify.Reply
	if c.Kind == KindOfficialResponse {
		typ = notify.OfficialResponse
	}
	return notify.Send(ctx, tx, parent.AuthorID, typ, c.ID, slug, nil, c.CreatedAt)
}
