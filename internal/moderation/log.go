package moderation

import (
	"context"
	"time"

	"github.com/digitalrat/digitalrat/internal/comments"
	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/paging"
)

// LogEntry is one public entry of the moderation log: never the text, never the moderator's name.
type LogEntry struct {
	ID        string    `json:"id"`
	CommentID string    `json:"comment_id"`
	Action    string    `json:"action"`
	Reason    *string   `json:"reason"`
	ActorRole string    `json:"actor_role"`
	CreatedAt time.Time `json:"created_at"`
	// Target is where everybody can read the comment; nil while it is not public (pending, hidden,
	// removed, deleted by its author).
	Target *LogTarget `json:"target"`
}

// LogTarget is the page that shows a comment of the log: its project, and its document for a block comment.
type LogTarget struct {
	ProjectSlug string  `json:"project_slug"`
	DocumentID  *string `json:"document_id"`
}

// Log returns one page of the public moderation log, newest first.
func (s *Service) Log(ctx context.Context, page paging.Page) ([]LogEntry, string, error) {
	rows, next, err := s.st.Moderation().Log(ctx, page)
	if err != nil {
		return nil, "", err
	}
	out := make([]LogEntry, len(rows))
	for i, a := range rows {
		out[i] = LogEntry{ID: comments.FormatID(a.ID), CommentID: comments.FormatID(a.CommentID), Action: a.Action, Reason: a.Reason,
			ActorRole: a.ActorRole, CreatedAt: a.CreatedAt.UTC()}
		if a.Status == model.CommentPublished && a.DeletedAt == nil {
			t := &LogTarget{ProjectSlug: a.ProjectSlug}
			if a.DocumentID != nil {
				d := comments.FormatID(*a.DocumentID)
				t.DocumentID = &d
			}
			out[i].Target = t
		}
	}
	return out, next, nil
}
