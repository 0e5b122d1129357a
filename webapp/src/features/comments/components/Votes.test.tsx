// A vote shows at once (optimistic), the server's counts win when they come, a refused vote is put back.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import type { User } from "../../../lib/api/client";
import deComments from "../i18n/de.json";
import type { Comment, Pages } from "../api/cache";
import { prefix, useComments } from "../api/comments";
import { CommentItem } from "./CommentItem";
import { CommentsCtx, type Ctx } from "./context";

const de = deComments.comments;

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const c1 = {
  id: "c1",
  project_slug: "p",
  document_id: null,
  version: null,
  block_id: null,
  parent_id: null,
  depth: 0,
  author: { id: "u1", display_name: "Anna" },
  body: "Text",
  body_html: "<p>Text</p>",
  stance: null,
  kind: "comment",
  status: "published",
  edited: false,
  edited_at: null,
  deleted: false,
  up: 2,
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
} as Comment;
const voter = { id: "u2", email: "u2@example.org", display_name: "Vera", roles: ["resident"], email_verified: true, department: null } as unknown as User;

// First shows the first comment of the cached list, as the thread does.
function First() {
  const q = useComments("p", { document: "none" }, "new");
  const c = q.data?.pages[0]?.items[0];
  return c ? <CommentItem c={c} level={0} /> : null;
}

async function show(vote: (req: Request) => Promise<Response>) {
  await setLanguage("de");
  vi.stubGlobal(
    "fetch",
    vi.fn(async (req: Request) => (req.method === "PUT" ? vote(req) : new Response("{}", { status: 500 }))),
  );
  const qc = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false }, mutations: { retry: false } } });
  const data: Pages = { pages: [{ items: [c1], next_cursor: null }], pageParams: [undefined] };
  qc.setQueryData([...prefix("p", { document: "none" }), "top-level", "new"], data);
  const ctx: Ctx = { slug: "p", filter: { document: "none" }, target: {}, user: voter, canWrite: true, idp: "t", created: () => {} };
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter>
        <CommentsCtx.Provider value={ctx}>
          <First />
        </CommentsCtx.Provider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return screen.getByRole("button", { name: `${de.up} 2` });
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "Content-Type": status < 300 ? "application/json" : "application/problem+json" } });

describe("votes", () => {
  it("a vote is pressed and counted before the server answers; the button keeps the focus; the server's counts win", async () => {
    let answer: (r: Response) => void = () => {};
    const up = await show(() => new Promise((res) => (answer = res)));
    await userEvent.click(up);
    await waitFor(() => expect(up.getAttribute("aria-pressed")).toBe("true"));
    expect(up.querySelector(".vote-count")?.textContent).toBe("3");
    expect(up.getAttribute("aria-disabled")).toBe("true"); // not disabled: the focus stays
    expect(document.activeElement).toBe(up);
    await userEvent.click(up); // a press while the server has not answered does nothing
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1);
    answer(json(200, { id: "c1", up: 5, down: 1, my_vote: 1 }));
    await waitFor(() => expect(up.querySelector(".vote-count")?.textContent).toBe("5"));
    expect(up.getAttribute("aria-pressed")).toBe("true");
    expect(up.hasAttribute("aria-disabled")).toBe(false);
  });

  it("a refused vote is put back and the reason shown", async () => {
    const up = await show(async () => json(429, { status: 429, code: "rate_limited", title: "Too many" }));
    await userEvent.click(up);
    await screen.findByRole("alert");
    expect(up.getAttribute("aria-pressed")).toBe("false");
    expect(up.querySelector(".vote-count")?.textContent).toBe("2");
  });
});
