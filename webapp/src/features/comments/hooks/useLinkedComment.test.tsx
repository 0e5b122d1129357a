import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { beforeAll, describe, expect, it } from "vitest";
import type { Comment, Pages } from "../api/cache";
import { useLinkedComment } from "./useLinkedComment";

beforeAll(() => {
  Element.prototype.scrollIntoView = () => {}; // not in jsdom
});

const loaded: Pages = { pages: [{ items: [{ id: "7" } as Comment], next_cursor: null }], pageParams: [undefined] };

// Host shows the linked comment 7 as the thread page does: by itself above the thread until the thread has
// loaded it, then in the thread.
function Host({ inThread }: { inThread: boolean }) {
  useLinkedComment("pc", { document: "none" }, inThread ? loaded : undefined, false);
  return (
    <div>
      <button type="button">Anderswo</button>
      {inThread ? (
        <ol>
          <li id="pc-c-7" tabIndex={-1}>
            im Faden
          </li>
        </ol>
      ) : (
        <div className="comment-linked-panel">
          <article id="pc-c-7" tabIndex={-1}>
            allein
          </article>
        </div>
      )}
    </div>
  );
}

function mount() {
  const qc = new QueryClient();
  const ui = (inThread: boolean) => (
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={["/projekte/p#comment-7"]}>
        <Host inThread={inThread} />
      </MemoryRouter>
    </QueryClientProvider>
  );
  const r = render(ui(false));
  return { rerender: (inThread: boolean) => r.rerender(ui(inThread)) };
}

const tick = () => act(() => new Promise((res) => setTimeout(res, 0)));

describe("useLinkedComment", () => {
  it("focuses the linked comment, and the focus follows it from the panel above the thread into the thread", async () => {
    const { rerender } = mount();
    await tick();
    expect(document.activeElement?.textContent).toBe("allein");
    rerender(true);
    await tick();
    expect(document.activeElement?.id).toBe("pc-c-7");
    expect(document.activeElement?.textContent).toBe("im Faden");
  });

  it("leaves the focus where the reader has moved it meanwhile", async () => {
    const { rerender } = mount();
    await tick();
    const elsewhere = document.querySelector("button")!;
    elsewhere.focus();
    rerender(true);
    await tick();
    expect(document.activeElement).toBe(elsewhere);
  });
});
