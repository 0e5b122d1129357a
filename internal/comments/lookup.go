package comments

import (
	"context"
	"errors"

	"github.com/digitalrat/digitalrat/internal/access"
	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Own loads a comment of u with its project; only its author may change it (403 not_author).
func Own(ctx context.Context, st *store.Store, u *model.User, id int64) (*model.Comment, *model.Project, error) {
	c, err := st.Comments().ByID(ctx, id, false)
	if IsNotFound(err) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if !access.IsAuthor(u, c.AuthorID) {
		return nil, nil, errNotAuthor
	}
	if c.Kind == model.CommentKindCouncilDecision {
		return nil, nil, errStatement
	}
	p, err := st.Projects().ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// Visible loads a comment u may see (pending comments only for their author and moderators) with its
// project; ErrNotFound otherwise.
func Visible(ctx context.Context, st *store.Store, u *model.User, id int64) (*model.Comment, *model.Project, error) {
	c, err := st.Comments().ByID(ctx, id, false)
	if IsNotFound(err) {
		return nil, nil, ErrNotFound
	}
	if err != nil {
		return nil, nil, err
	}
	if c.Status == model.CommentPending && !access.CanSeePending(u, c.AuthorID) {
		return nil, nil, ErrNotFound
	}
	p, err := st.Projects().ByID(ctx, c.ProjectID)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// IsNotFound reports whether err means that something does not exist.
func IsNotFound(err error) bool { return errors.Is(err, apperr.ErrNotFound) }
