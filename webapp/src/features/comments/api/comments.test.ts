import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../../../lib/live";
import { applyUpdated, type Comment, type Pages } from "./cache";
import { commentOf } from "./comments";

// A comment.updated event as the server sends it (CommentEvent): the members that are null, false, 0 or
// empty are left out.
const restored = {
  op: "event",
  id: 7,
  topic: "project:p",
  type: "comment.updated",
  data: {
    id: "1", project_slug: "p", author: { id: "u1", display_name: "Anna" }, body: "wieder da", body_html: "<p>wieder da</p>",
    kind: "comment", status: "published", up: 2, channel: "online", created_at: "2026-12-01T10:00:00Z",
  },
} as LiveEvent;

describe("commentOf", () => {
  it("fills in the members a comment event leaves out", () => {
    const c = commentOf(restored, { document: "none" })!;
    expect(c).toMatchObject({ id: "1", up: 2, down: 0, depth: 0, edited: false, deleted: false, reply_count: 0 });
    expect(c.document_id).toBeNull();
    expect(c.parent_id).toBeNull();
    expect(c.hidden_reason).toBeNull();
    expect(c.taken_by).toBeNull();
    expect(c.stance).toBeNull();
  });

  it("a merged event replaces every member of the cached copy: a restore clears the hidden state", () => {
    const hidden = {
      ...commentOf(restored, { document: "none" })!, body: "", body_html: "", status: "hidden", hidden_reason: "spam", my_vote: 1,
    } as Comment;
    const d: Pages = { pages: [{ items: [hidden], next_cursor: null }], pageParams: [undefined] };
    const one = applyUpdated(d, commentOf(restored, { document: "none" })!).pages[0]!.items[0]!;
    expect(one.status).toBe("published");
    expect(one.hidden_reason).toBeNull();
    expect(one.body_html).toBe("<p>wieder da</p>");
    expect(one.my_vote).toBe(1);
  });

  it("ignores other events, malformed data and comments of another filter", () => {
    expect(commentOf({ ...restored, type: "comment.votes" } as LiveEvent, { document: "none" })).toBeNull();
    expect(commentOf({ ...restored, data: { project_slug: "p" } } as LiveEvent, { document: "none" })).toBeNull();
    expect(commentOf({ ...restored, data: null } as unknown as LiveEvent, { document: "none" })).toBeNull();
    const onBlock = { ...restored, data: { ...restored.data, document_id: "4", block_id: "b", version: 1 } } as LiveEvent;
    expect(commentOf(onBlock, { document: "none" })).toBeNull();
    expect(commentOf(onBlock, { document: "4", block: "b" })).not.toBeNull();
  });
});
