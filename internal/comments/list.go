package comments

import (
	"context"
	"slices"
	"strings"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

// ListFilter selects the comments of a list. Zero fields do not filter.
type ListFilter struct {
	DocumentID int64
	NoDocument bool // only comments on the project itself
	BlockID    string
	Kind       string
	ParentID   int64 // the replies of this comment instead of top-level comments
	Sort       string
}

func viewerID(u *model.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// checkParams validates what needs no query (sort, kind, block without document) into ve and fills in the
// default sort.
func checkParams(ve *apperr.ValidationError, f *ListFilter) {
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
}

// checkFilter validates f for the project: checkParams, and that its document and parent belong to it.
func (s *Service) checkFilter(ctx context.Context, projectID int64, f *ListFilter) error {
	ve := &apperr.ValidationError{}
	checkParams(ve, f)
	if f.DocumentID != 0 {
		d, err := s.st.Documents().ByID(ctx, f.DocumentID)
		if err != nil && !IsNotFound(err) {
			return err
		}
		if d == nil || d.ProjectID != projectID {
			ve.Add("document", "invalid", "is not a document of this project")
		}
	}
	if f.ParentID != 0 {
		c, err := s.st.Comments().ByID(ctx, f.ParentID, false)
		if err != nil && !IsNotFound(err) {
			return err
		}
		if c == nil || c.ProjectID != projectID {
			ve.Add("parent", "invalid", "is not a comment of this project")
		}
	}
	return ve.OrNil()
}

// load reads one page of a checked filter as the viewer (0: anonymous) sees it, each comment with its
// replies up to MaxReplyDepth levels below it (oldest first).
func (s *Service) load(ctx context.Context, projectID, viewerID int64, f ListFilter, page paging.Page) ([]*Node, string, error) {
	cs := s.st.Comments()
	rows, next, err := cs.List(ctx, store.CommentFilter{ProjectID: projectID, DocumentID: f.DocumentID, NoDocument: f.NoDocument,
		BlockID: f.BlockID, Kind: f.Kind, ParentID: f.ParentID, Sort: f.Sort, ViewerID: viewerID}, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]*Node, len(rows))
	byID := make(map[int64]*Node, len(rows))
	ids := make([]int64, len(rows))
	for i := range rows {
		out[i] = NodeOf(&rows[i])
		byID[rows[i].ID] = out[i]
		ids[i] = rows[i].ID
	}
	replies, err := cs.Replies(ctx, ids, MaxReplyDepth, viewerID, MaxReplyRows)
	if err != nil {
		return nil, "", err
	}
	// Replies come oldest first and a reply is always newer than its parent, so parents are placed first.
	for i := range replies {
		n := NodeOf(&replies[i])
		if parent := byID[*replies[i].ParentID]; parent != nil {
			parent.Replies = append(parent.Replies, n)
			byID[replies[i].ID] = n
		}
	}
	return out, next, nil
}
