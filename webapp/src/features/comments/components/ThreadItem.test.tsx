import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import deComments from "../i18n/de.json";
import type { Comment, Pages } from "../api/cache";
import { listItems, ThreadItem, useLoadMore, type LoadMoreQuery } from "./ThreadItem";

// CommentItem is counted, not rendered: the test is about which items render again.
const renders: string[] = [];
vi.mock("./CommentItem", () => ({
  CommentItem: ({ c }: { c: Comment }) => {
    renders.push(c.id);
    return (
      <p>
        {c.id}: {c.up}
      </p>
    );
  },
}));

afterEach(() => {
  cleanup();
  renders.length = 0;
});

const cm = (id: string, up = 0) => ({ id, up }) as Comment;
const pages = (...items: Comment[][]): Pages => ({ pages: items.map((xs) => ({ items: xs, next_cursor: null })), pageParams: items.map(() => undefined) });

describe("thread items", () => {
  it("listItems flattens the pages, each comment once", () => {
    const a = cm("a");
    expect(listItems(pages([a, cm("b")], [cm("b"), cm("c")])).map((c) => c.id)).toEqual(["a", "b", "c"]);
    expect(listItems(undefined)).toEqual([]);
    expect(listItems(pages([a]))[0]).toBe(a);
  });

  it("a change of one comment renders only its item, not the other 999", () => {
    let vote: () => void = () => {};
    function List() {
      const [items, setItems] = useState(() => Array.from({ length: 1000 }, (_, i) => cm(`c${i}`)));
      vote = () => setItems((xs) => xs.map((c) => (c.id === "c500" ? { ...c, up: 1 } : c)));
      return (
        <ol>
          {items.map((c, i) => (
            <ThreadItem key={c.id} c={c} eager={i < 20} />
          ))}
        </ol>
      );
    }
    render(<List />);
    expect(renders).toHaveLength(1000); // jsdom has no IntersectionObserver: every item renders
    renders.length = 0;
    act(() => vote());
    expect(renders).toEqual(["c500"]);
    screen.getByText("c500: 1");
  });

  it("'more' loads once per press, keeps the focus on the button and announces how many came", async () => {
    await setLanguage("de");
    let resolve: (d: Pages) => void = () => {};
    const fetchNextPage = vi.fn(() => new Promise<{ data: Pages }>((res) => (resolve = (d) => res({ data: d }))));
    function More({ fetching }: { fetching: boolean }) {
      const q: LoadMoreQuery = { isFetchingNextPage: fetching, fetchNextPage };
      const more = useLoadMore(q, 2);
      return (
        <>
          <button type="button" aria-disabled={fetching || undefined} onClick={more.load}>
            mehr
          </button>
          <div aria-live="polite">{more.message}</div>
        </>
      );
    }
    const { rerender } = render(<More fetching={false} />);
    const button = screen.getByRole("button", { name: "mehr" });
    await userEvent.click(button);
    rerender(<More fetching={true} />);
    await userEvent.click(button); // while the page loads: nothing
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(button);
    await act(async () => resolve(pages([cm("a"), cm("b")], [cm("c"), cm("d"), cm("e")])));
    rerender(<More fetching={false} />);
    screen.getByText(deComments.comments.moreLoaded_other.replace("{{count}}", "3"));
    expect(document.activeElement).toBe(button);
  });
});
