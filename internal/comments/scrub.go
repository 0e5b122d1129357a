package comments

import (
	"context"
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"github.com/digitalrat/digitalrat/internal/model"
	"github.com/digitalrat/digitalrat/internal/store"
)

// Subject is the outbox subject of the events whose data is the view of comment id (comment.created,
// comment.updated, comment.deleted): ScrubEvents rewrites them.
func Subject(id int64) string { return "comment:" + FormatID(id) }

// QueueSubject is the outbox subject of the events whose data embeds the view of comment id as its
// "comment" member (moderation.queued, for moderators).
func QueueSubject(id int64) string { return "queue:" + FormatID(id) }

// ScrubEvents rewrites the earlier outbox events of comment id so that they show only what REST shows
// now: the public ones the view everybody gets (NodeOf; a pending comment, which the public does not see
// at all, as a placeholder without text and author), those with an audience (a pending comment's
// moderators and author) the view they get, and the moderators' queue items the moderators' view
// (FullNodeOf). It must run in the transaction of the change (hide, removal, edit, deletion, erasure of
// the author), after the change, so that no replay and no later delivery hands out the old text or name.
// The events keep their ids, types and order; only their data is the current state.
func ScrubEvents(ctx context.Context, tx *store.Store, id int64) error {
	row, err := tx.Comments().Row(ctx, id, 0)
	if err != nil {
		return err
	}
	restricted := NodeOf(row).View
	public := restricted
	if row.Status == model.CommentPending {
		public.Body, public.BodyHTML, public.Stance, public.Author = "", "", nil, nil
	}
	pb, err := json.Marshal(public.Event())
	if err != nil {
		return fmt.Errorf("comments: scrub: %w", err)
	}
	rb, err := json.Marshal(restricted.Event())
	if err != nil {
		return fmt.Errorf("comments: scrub: %w", err)
	}
	evs := tx.Events()
	if err := evs.ScrubSubject(ctx, Subject(id), string(pb), string(rb)); err != nil {
		return err
	}
	full, err := json.Marshal(FullNodeOf(row).View)
	if err != nil {
		return fmt.Errorf("comments: scrub: %w", err)
	}
	if err := rewriteQueued(ctx, tx, id, "comment", full); err != nil {
		return err
	}
	// The queue items of its replies quote the comment (parent_excerpt).
	children, err := tx.Comments().ChildIDs(ctx, id)
	if err != nil || len(children) == 0 {
		return err
	}
	bodies, err := tx.Comments().Bodies(ctx, []int64{id})
	if err != nil {
		return err
	}
	ex, err := json.Marshal(Excerpt(bodies[id]))
	if err != nil {
		return fmt.Errorf("comments: scrub: %w", err)
	}
	for _, child := range children {
		if err := rewriteQueued(ctx, tx, child, "parent_excerpt", ex); err != nil {
			return err
		}
	}
	return nil
}

// rewriteQueued sets the member of the data of every moderation.queued event of comment id to value.
func rewriteQueued(ctx context.Context, tx *store.Store, id int64, member string, value json.RawMessage) error {
	evs := tx.Events()
	queued, err := evs.About(ctx, QueueSubject(id))
	if err != nil {
		return err
	}
	for _, ev := range queued {
		var data map[string]json.RawMessage
		if err := json.Unmarshal([]byte(ev.Payload), &data); err != nil {
			return fmt.Errorf("comments: scrub event %d: %w", ev.ID, err)
		}
		data[member] = value
		b, err := json.Marshal(data)
		if err != nil {
			return fmt.Errorf("comments: scrub event %d: %w", ev.ID, err)
		}
		if err := evs.SetPayload(ctx, ev.ID, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// excerptRunes is the length of the parent's excerpt in queue items.
const excerptRunes = 200

// Excerpt is the beginning of a comment's text that the moderation queue shows for the parent of a reply.
func Excerpt(s string) string {
	if utf8.RuneCountInString(s) <= excerptRunes {
		return s
	}
	return string([]rune(s)[:excerptRunes]) + "…"
}
