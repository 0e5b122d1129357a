import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import deCommon from "../../../i18n/de.json";
import deComments from "../i18n/de.json";
import type { User } from "../../../lib/api/client";
import type { Comment } from "../api/cache";
import { CommentItem } from "./CommentItem";
import { CommentsCtx, type Ctx } from "./context";

// The texts these tests read: the common ones and the comments feature's (no top-level key in both).
const de = { ...deCommon, ...deComments };

afterEach(() => vi.unstubAllGlobals());

const anna = { id: "u1", display_name: "Anna" };
function cm(o: Partial<Comment> = {}): Comment {
  return {
    id: "c1",
    project_slug: "p",
    document_id: null,
    version: null,
    block_id: null,
    parent_id: null,
    depth: 0,
    author: anna,
    body: "Text",
    body_html: "<p>Text</p>",
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
    created_at: new Date().toISOString(),
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
const userOf = (id: string, roles: string[] = ["resident"]) => ({ id, email: `${id}@example.org`, display_name: id, roles, email_verified: true, department: null }) as unknown as User;

async function show(c: Comment, user: User | null) {
  await setLanguage("de");
  const ctx: Ctx = { slug: "p", filter: { document: "none" }, target: {}, user, canWrite: user !== null, idp: "t", created: () => {} };
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <MemoryRouter>
        <CommentsCtx.Provider value={ctx}>
          <CommentItem c={c} level={0} />
        </CommentsCtx.Provider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("CommentItem", () => {
  it("a hidden comment is a placeholder with the reason; its author may appeal once (409 in words)", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify({ status: 409, code: "already_appealed" }), { status: 409, headers: { "Content-Type": "application/problem+json" } })),
    );
    await show(cm({ status: "hidden", hidden_reason: "spam", body: "", body_html: "" }), userOf("u1"));
    screen.getByText(de.threads.hidden.replace("{{reason}}", de.moderation.hideReason.spam));
    expect(screen.queryByRole("button", { name: de.threads.flag.open })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: de.threads.appeal }));
    await screen.findByText(de.errors.already_appealed, { exact: false });
  });

  it("others see no appeal; a removed comment is a tombstone without author", async () => {
    await show(cm({ status: "hidden", hidden_reason: "offensive", body: "", body_html: "" }), userOf("u2"));
    expect(screen.queryByRole("button", { name: de.threads.appeal })).toBeNull();
    cleanup();
    await show(cm({ status: "removed", hidden_reason: "illegal", author: null, body: "", body_html: "" }), null);
    screen.getByText(de.threads.removed.replace("{{reason}}", de.moderation.hideReason.illegal));
    expect(screen.queryByText("Anna")).toBeNull();
  });

  it("the author's pending comment is marked; others get a flag button, officials 'Offiziell antworten'", async () => {
    await show(cm({ status: "pending" }), userOf("u1"));
    screen.getByText(de.threads.pending);
    cleanup();
    await show(cm({ kind: "question", question_status: "in_progress", taken_by: { id: "o", display_name: "Petra Lehmann" } }), userOf("o", ["official"]));
    screen.getByText(de.threads.questionStatus.in_progress.replace("{{name}}", "Petra Lehmann"));
    screen.getByRole("button", { name: de.threads.respond });
    await userEvent.click(screen.getByRole("button", { name: de.threads.flag.openLabel.replace("{{name}}", "Anna") }));
    expect(document.activeElement?.id).toBe("t-flag-c1-spam");
    await userEvent.click(screen.getByRole("button", { name: de.form.cancel }));
    expect(document.activeElement?.textContent).toBe(de.threads.flag.open);
  });

  it("authors see the votes of their own comment but get no vote buttons; others do", async () => {
    await show(cm({ up: 2 }), userOf("u1"));
    expect(screen.queryByRole("group", { name: de.comments.votes })).toBeNull();
    screen.getByText(new RegExp(de.comments.upCount_other.replace("{{count}}", "2")));
    cleanup();
    await show(cm({ up: 2 }), userOf("u2"));
    screen.getByRole("group", { name: de.comments.votes });
  });

  it("official responses name the department; analogue contributions their channel and submitter", async () => {
    await show(cm({ kind: "official_response", department: "Bürgeramt", parent_id: "q", depth: 1 }), null);
    screen.getByText(de.threads.official.replace("{{department}}", "Bürgeramt"));
    cleanup();
    await show(cm({ channel: "letter", submitter_name: "anonym", received_at: "2026-11-20" }), null);
    screen.getByText("anonym");
    const line = screen.getByText(new RegExp(`^${de.threads.channel.letter}`));
    expect(line.textContent).toMatch(/2026/);
  });

  it("a pressed vote is filled with a check mark, not only coloured; the label stays", async () => {
    await show(cm({ up: 1, my_vote: 1 }), userOf("u2"));
    const up = screen.getByRole("button", { name: `${de.comments.up} 1` });
    const down = screen.getByRole("button", { name: `${de.comments.down} 0` });
    expect(up.getAttribute("aria-pressed")).toBe("true");
    expect(down.getAttribute("aria-pressed")).toBe("false");
    expect(up.querySelector(".vote__mark")?.textContent).toBe("✓");
    expect(down.querySelector(".vote__mark")?.textContent).toBe("−");
    expect(up.className).toMatch(/kern-btn--primary/);
    expect(down.className).toMatch(/kern-btn--secondary/);
  });

  it("collapses long reply chains after three replies; the rest are one click away", async () => {
    const replies = Array.from({ length: 6 }, (_, i) => cm({ id: `r${i}`, parent_id: "c1", depth: 1, body_html: `<p>Antwort ${i}</p>` }));
    await show(cm({ reply_count: 6, replies }), null);
    expect(screen.getAllByText(/^Antwort \d$/)).toHaveLength(3);
    await userEvent.click(screen.getByRole("button", { name: de.comments.moreReplies_other.replace("{{count}}", "3") }));
    expect(screen.getAllByText(/^Antwort \d$/)).toHaveLength(6);
  });
});
