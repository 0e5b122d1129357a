import { describe, expect, it } from "vitest";
import { applyCreated, applyHidden, applyRemoved, applyUpdated, applyVotes, applyWithdrawn, contains, insertTop, matches, tombstone, votedLocally, type Comment, type Pages } from "./cache";

function cm(id: string, o: Partial<Comment> = {}): Comment {
  return {
    id,
    project_slug: "p",
    document_id: null,
    version: null,
    block_id: null,
    parent_id: null,
    depth: 0,
    author: { id: "u1", display_name: "Anna" },
    body: `text ${id}`,
    body_html: `<p>text ${id}</p>`,
    stance: null,
    kind: "comment",
    status: "published",
    edited: false,
    edited_at: null,
    deleted: false,
    up: 0,
    down: 0,
    my_vote: 0,
    reply_count: 0,
    on_earlier_version: false,
    created_at: "2026-12-01T10:00:00Z",
    hidden_reason: null,
    department: null,
    question_status: null,
    taken_by: null,
    channel: "online",
    submitter_name: null,
    received_at: null,
    ...o,
  };
}

function pages(...items: Comment[][]): Pages {
  return { pages: items.map((xs, i) => ({ items: xs, next_cursor: i < items.length - 1 ? `c${i}` : null })), pageParams: items.map((_, i) => (i ? `c${i - 1}` : undefined)) };
}

describe("comment cache", () => {
  it("a new top-level comment is reported, not placed; insertTop places it once", () => {
    const d = pages([cm("2"), cm("1")]);
    const r = applyCreated(d, cm("3"));
    expect(r.topLevel).toBe(true);
    expect(r.pages).toBe(d);
    const d2 = insertTop(d, cm("3"), "start");
    expect(d2.pages[0]!.items.map((c) => c.id)).toEqual(["3", "2", "1"]);
    expect(insertTop(d2, cm("3"), "start")).toBe(d2); // dedupe by id
    expect(insertTop(pages([cm("1")], [cm("0")]), cm("9"), "end").pages[1]!.items.map((c) => c.id)).toEqual(["0", "9"]);
  });

  it("a reply goes under its parent in the right thread and counts; a duplicate changes nothing", () => {
    const d = pages([cm("1", { reply_count: 1, replies: [cm("2", { parent_id: "1", depth: 1 })] }), cm("0")]);
    const reply = cm("5", { parent_id: "2", depth: 2 });
    const r = applyCreated(d, reply);
    expect(r.topLevel).toBe(false);
    const two = r.pages.pages[0]!.items[0]!.replies![0]!;
    expect(two.reply_count).toBe(1);
    expect(two.replies!.map((c) => c.id)).toEqual(["5"]);
    expect(r.pages.pages[0]!.items[1]).toBe(d.pages[0]!.items[1]); // untouched threads keep their identity
    expect(contains(r.pages, "5")).toBe(true);
    expect(applyCreated(r.pages, reply).pages).toBe(r.pages);
  });

  it("a reply below the third level, or to a parent with unloaded replies, only counts", () => {
    const l3 = cm("4", { parent_id: "3", depth: 3 });
    const d = pages([cm("1", { reply_count: 1, replies: [cm("2", { parent_id: "1", reply_count: 1, replies: [cm("3", { parent_id: "2", reply_count: 1, replies: [l3] })] })] })]);
    const r = applyCreated(d, cm("9", { parent_id: "4", depth: 4 }));
    const four = r.pages.pages[0]!.items[0]!.replies![0]!.replies![0]!.replies![0]!;
    expect(four.reply_count).toBe(1);
    expect(four.replies).toBeUndefined();
    const partial = pages([cm("1", { reply_count: 5, replies: [cm("2", { parent_id: "1" })] })]);
    const r2 = applyCreated(partial, cm("7", { parent_id: "1" }));
    expect(r2.pages.pages[0]!.items[0]!.reply_count).toBe(6);
    expect(r2.pages.pages[0]!.items[0]!.replies!.map((c) => c.id)).toEqual(["2"]);
  });

  it("in a list of replies, a new direct reply of its parent is a top-level item there", () => {
    const d = pages([cm("2", { parent_id: "1" })]);
    expect(applyCreated(d, cm("3", { parent_id: "1" }), "1").topLevel).toBe(true);
  });

  it("an update keeps replies and my_vote; a tombstone keeps its replies", () => {
    const d = pages([cm("1", { my_vote: 1, up: 1, reply_count: 1, replies: [cm("2", { parent_id: "1" })] })]);
    const { my_vote: _, ...ev } = cm("1", { body_html: "<p>neu</p>", edited: true, up: 1 });
    const u = applyUpdated(d, ev as Comment);
    const one = u.pages[0]!.items[0]!;
    expect(one.body_html).toBe("<p>neu</p>");
    expect(one.edited).toBe(true);
    expect(one.my_vote).toBe(1);
    expect(one.replies!.length).toBe(1);
    const t = applyUpdated(u, { ...tombstone(one), replies: undefined });
    const gone = t.pages[0]!.items[0]!;
    expect(gone.deleted).toBe(true);
    expect(gone.body_html).toBe("");
    expect(gone.author).toBeNull();
    expect(gone.replies!.length).toBe(1);
  });

  it("votes set the counters, and my_vote only after one's own vote", () => {
    const d = pages([cm("1", { replies: [cm("2", { parent_id: "1", my_vote: -1, down: 1 })], reply_count: 1 })]);
    const v = applyVotes(d, { id: "2", up: 3, down: 1 });
    const two = v.pages[0]!.items[0]!.replies![0]!;
    expect([two.up, two.down, two.my_vote]).toEqual([3, 1, -1]);
    expect(applyVotes(v, { id: "2", up: 3, down: 1 })).toBe(v);
    const mine = applyVotes(v, { id: "2", up: 4, down: 0, my_vote: 1 });
    expect(mine.pages[0]!.items[0]!.replies![0]!.my_vote).toBe(1);
  });

  it("matches selects project comments or one block's comments", () => {
    expect(matches(cm("1"), { document: "none" })).toBe(true);
    expect(matches(cm("1", { document_id: "d", block_id: "b" }), { document: "none" })).toBe(false);
    expect(matches(cm("1", { document_id: "d", block_id: "b" }), { document: "d", block: "b" })).toBe(true);
    expect(matches(cm("1", { document_id: "d", block_id: "c" }), { document: "d", block: "b" })).toBe(false);
  });

  it("comment.hidden turns a comment into a placeholder with its reason, keeping author and replies", () => {
    const d = pages([cm("1", { reply_count: 1, replies: [cm("2", { parent_id: "1", depth: 1 })] })]);
    const h = applyHidden(d, { id: "2", reason: "spam" });
    const two = h.pages[0]!.items[0]!.replies![0]!;
    expect(two.status).toBe("hidden");
    expect(two.hidden_reason).toBe("spam");
    expect(two.body).toBe("");
    expect(two.body_html).toBe("");
    expect(two.author?.display_name).toBe("Anna");
    expect(applyHidden(h, { id: "2", reason: "spam" })).toBe(h);
    expect(applyHidden(d, { id: "9", reason: "spam" })).toBe(d);
    const top = applyHidden(d, { id: "1", reason: "offensive" }).pages[0]!.items[0]!;
    expect(top.replies).toHaveLength(1);
  });

  it("comment.removed leaves a tombstone without text and author", () => {
    const d = pages([cm("1")]);
    const r = applyRemoved(d, { id: "1", reason: "illegal" }).pages[0]!.items[0]!;
    expect(r.status).toBe("removed");
    expect(r.hidden_reason).toBe("illegal");
    expect(r.body_html).toBe("");
    expect(r.author).toBeNull();
    const again = applyRemoved(d, { id: "1", reason: "illegal" });
    expect(applyRemoved(again, { id: "1" })).toBe(again);
  });

  it("comment.withdrawn removes the comment for others (parent count shrinks) and marks it pending for its author", () => {
    const d = pages([cm("1", { reply_count: 2, replies: [cm("2", { parent_id: "1", depth: 1, author: { id: "u2", display_name: "Ben" } }), cm("3", { parent_id: "1", depth: 1 })] }), cm("4")]);
    const other = applyWithdrawn(d, "2", "u1");
    expect(other.pages[0]!.items[0]!.replies!.map((c) => c.id)).toEqual(["3"]);
    expect(other.pages[0]!.items[0]!.reply_count).toBe(1);
    expect(contains(other, "2")).toBe(false);
    const anon = applyWithdrawn(d, "4", null);
    expect(anon.pages[0]!.items.map((c) => c.id)).toEqual(["1"]);
    const own = applyWithdrawn(d, "2", "u2");
    expect(own.pages[0]!.items[0]!.replies![0]!.status).toBe("pending");
    expect(own.pages[0]!.items[0]!.reply_count).toBe(2);
    expect(applyWithdrawn(d, "9", "u1")).toBe(d);
  });

  it("comment.created after approval: the author's pending copy becomes published, others get it once", () => {
    const mine = pages([cm("1", { status: "pending" })]);
    expect(applyCreated(mine, cm("1")).pages).toBe(mine); // no duplicate
    expect(applyUpdated(mine, cm("1")).pages[0]!.items[0]!.status).toBe("published");
    const others = pages([cm("0")]);
    const r = applyCreated(others, cm("1"));
    expect(r.topLevel).toBe(true);
    expect(insertTop(others, cm("1"), "start").pages[0]!.items.map((c) => c.id)).toEqual(["1", "0"]);
  });

  it("votedLocally moves the own vote between the counters before the server answers", () => {
    expect(votedLocally(cm("a", { up: 2, down: 1, my_vote: 0 }), 1)).toEqual({ id: "a", up: 3, down: 1, my_vote: 1 });
    expect(votedLocally(cm("a", { up: 3, down: 1, my_vote: 1 }), -1)).toEqual({ id: "a", up: 2, down: 2, my_vote: -1 });
    expect(votedLocally(cm("a", { up: 3, down: 1, my_vote: 1 }), 0)).toEqual({ id: "a", up: 2, down: 1, my_vote: 0 });
    expect(votedLocally(cm("a", { up: 0, down: 0, my_vote: -1 }), 0)).toEqual({ id: "a", up: 0, down: 0, my_vote: 0 });
  });
});
