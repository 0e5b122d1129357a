package moderation

import (
	"context"
	"fmt"
	"time"

	"github.com/digitalrat/digitalrat/internal/apperr"
	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
	"github.com/digitalrat/digitalrat/internal/store"
)

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
	Comment       comments.View `json:"comment"`
	Reason        string        `json:"reason"` // pending, flagged or appeal
	QueuedAt      time.Time     `json:"queued_at"`
	Flags         []QueueFlag   `json:"flags"`
	Project       ProjectRef    `json:"project"`
	Document      *DocumentRef  `json:"document"`
	ParentExcerpt *string       `json:"parent_excerpt"`
}

// queueItems builds the queue items of entries, in their order, with a fixed number of queries however
// many entries there are.
func queueItems(ctx context.Context, st *store.Store, entries []model.QueueEntry) ([]*QueueItem, error) {
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.CommentID
	}
	rows, err := st.Comments().RowsByID(ctx, ids, 0)
	if err != nil {
		return nil, err
	}
	var projectIDs, documentIDs, parentIDs []int64
	for _, r := range rows {
		projectIDs = append(projectIDs, r.ProjectID)
		if r.DocumentID != nil {
			documentIDs = append(documentIDs, *r.DocumentID)
		}
		if r.ParentID != nil {
			parentIDs = append(parentIDs, *r.ParentID)
		}
	}
	projects, err := st.Projects().ByIDs(ctx, projectIDs)
	if err != nil {
		return nil, err
	}
	documents, err := st.Documents().ByIDs(ctx, documentIDs)
	if err != nil {
		return nil, err
	}
	parents, err := st.Comments().Bodies(ctx, parentIDs)
	if err != nil {
		return nil, err
	}
	flags, err := st.Moderation().OpenFlagsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]*QueueItem, 0, len(entries))
	for _, e := range entries {
		row, ok := rows[e.CommentID]
		if !ok {
			return nil, fmt.Errorf("moderation: queue: comment %d: %w", e.CommentID, apperr.ErrNotFound)
		}
		p, ok := projects[row.ProjectID]
		if !ok {
			return nil, fmt.Errorf("moderation: queue: project %d: %w", row.ProjectID, apperr.ErrNotFound)
		}
		item := &QueueItem{Comment: comments.FullNodeOf(row).View, Reason: e.Reason, QueuedAt: e.CreatedAt.UTC(), Flags: []QueueFlag{},
			Project: ProjectRef{Slug: p.Slug, Title: p.Title}}
		for _, f := range flags[e.CommentID] {
			item.Flags = append(item.Flags, QueueFlag{Reason: f.Reason, Text: f.Text})
		}
		if row.DocumentID != nil {
			d, ok := documents[*row.DocumentID]
			if !ok {
				return nil, fmt.Errorf("moderation: queue: document %d: %w", *row.DocumentID, apperr.ErrNotFound)
			}
			item.Document = &DocumentRef{ID: comments.FormatID(d.ID), Title: d.Title}
		}
		if row.ParentID != nil {
			body, ok := parents[*row.ParentID]
			if !ok {
				return nil, fmt.Errorf("moderation: queue: parent %d: %w", *row.ParentID, apperr.ErrNotFound)
			}
			ex := comments.Excerpt(body)
			item.ParentExcerpt = &ex
		}
		out = append(out, item)
	}
	return out, nil
}

// Queue returns one page of the moderation queue, oldest first.
func (s *Service) Queue(ctx context.Context, page paging.Page) ([]*QueueItem, string, error) {
	entries, next, err := s.st.Moderation().Queue(ctx, page)
	if err != nil {
		return nil, "", err
	}
	out, err := queueItems(ctx, s.st, entries)
	if err != nil {
		return nil, "", err
	}
	return out, next, nil
}
