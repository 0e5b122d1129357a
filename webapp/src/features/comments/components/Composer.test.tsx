import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import { Composer } from "./Composer";
import { CommentsCtx, type Ctx } from "./context";
import { IdempotencyKeys } from "../api/idempotency";

afterEach(() => vi.unstubAllGlobals());

describe("IdempotencyKeys", () => {
  it("keeps the key while the message is the same, and starts a new one after success or a change", () => {
    let n = 0;
    const k = new IdempotencyKeys(() => `k${++n}`);
    expect(k.keyFor("a")).toBe("k1");
    expect(k.keyFor("a")).toBe("k1");
    expect(k.keyFor("b")).toBe("k2");
    k.done();
    expect(k.keyFor("b")).toBe("k3");
  });
});

describe("Composer", () => {
  it("sends the same Idempotency-Key when the user retries after a network error", async () => {
    await setLanguage("de");
    const keys: (string | null)[] = [];
    let calls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (req: Request) => {
        keys.push(req.headers.get("Idempotency-Key"));
        const body = (await req.json()) as { body: string; stance: string | null; kind: string };
        if (++calls === 1) throw new TypeError("Failed to fetch");
        return new Response(JSON.stringify({ id: "c1", body: body.body, body_html: `<p>${body.body}</p>`, stance: body.stance, kind: body.kind }), {
          status: 201,
          headers: { "Content-Type": "application/json" },
        });
      }),
    );
    const done = vi.fn();
    const ctx: Ctx = { slug: "p", filter: { document: "none" }, target: {}, user: null, canWrite: true, idp: "t", created: () => {} };
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
        <MemoryRouter>
          <CommentsCtx.Provider value={ctx}>
            <Composer mode="new" onDone={done} />
          </CommentsCtx.Provider>
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Ihr Kommentar"), "Gute Idee");
    await user.click(screen.getByLabelText("Dafür"));
    await user.click(screen.getByRole("button", { name: "Kommentar veröffentlichen" }));
    await screen.findByRole("alert"); // the network error, through i18n
    expect(screen.getByRole("alert").textContent).toContain("nicht erreichbar");
    await user.click(screen.getByRole("button", { name: "Kommentar veröffentlichen" }));
    await vi.waitFor(() => expect(done).toHaveBeenCalledOnce());
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect((screen.getByLabelText("Ihr Kommentar") as HTMLTextAreaElement).value).toBe("");

    // The next message is a new one with a new key.
    await user.type(screen.getByLabelText("Ihr Kommentar"), "Noch etwas");
    await user.click(screen.getByRole("button", { name: "Kommentar veröffentlichen" }));
    await vi.waitFor(() => expect(done).toHaveBeenCalledTimes(2));
    expect(keys[2]).not.toBe(keys[0]);
  });
});
