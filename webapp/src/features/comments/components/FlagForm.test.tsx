import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import deCommon from "../../../i18n/de.json";
import deComments from "../i18n/de.json";
import { FlagForm } from "./FlagForm";

// The texts these tests read: the common ones and the comments feature's (no top-level key in both).
const de = { ...deCommon, ...deComments };

afterEach(() => vi.unstubAllGlobals());

function setup(fetchImpl: (req: Request) => Promise<Response>) {
  const calls: unknown[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (req: Request) => {
      calls.push(await req.clone().json());
      return fetchImpl(req);
    }),
  );
  const done = vi.fn();
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <FlagForm commentId="c1" idp="t" onDone={done} />
    </QueryClientProvider>,
  );
  return { calls, done };
}

describe("FlagForm", () => {
  it("focuses the first reason; 'other' needs a description before anything is sent", async () => {
    await setLanguage("de");
    const { calls, done } = setup(async () => new Response(null, { status: 204 }));
    expect(document.activeElement).toBe(screen.getByLabelText(de.threads.flag.reasons.spam));
    await userEvent.click(screen.getByLabelText(de.threads.flag.reasons.other));
    await userEvent.click(screen.getByRole("button", { name: de.threads.flag.submit }));
    expect(screen.getByText(de.fieldErrors.required, { exact: false })).toBeTruthy();
    expect(calls).toHaveLength(0);
    expect(done).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(de.threads.flag.text, { exact: false }), "Werbung für einen Laden");
    await userEvent.click(screen.getByRole("button", { name: de.threads.flag.submit }));
    await vi.waitFor(() => expect(done).toHaveBeenCalledWith(true));
    expect(calls).toEqual([{ reason: "other", text: "Werbung für einen Laden" }]);
  });

  it("shows 409 already_flagged in words and stays open", async () => {
    await setLanguage("de");
    const { done } = setup(
      async () =>
        new Response(JSON.stringify({ type: "about:blank", title: "Conflict", status: 409, code: "already_flagged" }), {
          status: 409,
          headers: { "Content-Type": "application/problem+json" },
        }),
    );
    await userEvent.click(screen.getByRole("button", { name: de.threads.flag.submit }));
    await screen.findByText(de.errors.already_flagged);
    expect(done).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole("button", { name: de.form.cancel }));
    expect(done).toHaveBeenCalledWith(false);
  });
});
