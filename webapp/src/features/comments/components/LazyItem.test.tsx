// Windowing: an item renders its comment near the viewport only, keeps its measured height when far, and a
// focused or eager item stays rendered. The observer is a stub that the test drives.
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

let callback: IntersectionObserverCallback = () => {};
class StubObserver {
  constructor(cb: IntersectionObserverCallback) {
    callback = cb;
  }
  observe() {}
  unobserve() {}
  disconnect() {}
}
vi.stubGlobal("IntersectionObserver", StubObserver);
const { LazyItem } = await import("./LazyItem");

afterEach(cleanup);

const tell = (el: Element, near: boolean, height = 0) =>
  act(() => callback([{ target: el, isIntersecting: near, boundingClientRect: { height } } as unknown as IntersectionObserverEntry], {} as IntersectionObserver));

describe("LazyItem", () => {
  it("renders its comment only near the viewport and keeps the last height when far", () => {
    render(
      <ol>
        <LazyItem>
          <p>Kommentar</p>
        </LazyItem>
        <LazyItem eager>
          <p>Immer da</p>
        </LazyItem>
      </ol>,
    );
    const [li] = screen.getAllByRole("listitem");
    expect(screen.queryByText("Kommentar")).toBeNull();
    expect(li!.style.height).toBe("160px"); // the estimate of a comment never rendered
    screen.getByText("Immer da");
    tell(li!, true);
    screen.getByText("Kommentar");
    expect(li!.style.height).toBe("");
    tell(li!, false, 230.4); // the observer's box: no layout read of its own

    expect(screen.queryByText("Kommentar")).toBeNull();
    expect(li!.style.height).toBe("230px");
  });

  it("an item with the focus inside stays rendered", () => {
    render(
      <ol>
        <LazyItem>
          <button type="button">Antworten</button>
        </LazyItem>
      </ol>,
    );
    const li = screen.getByRole("listitem");
    tell(li, true);
    act(() => screen.getByRole("button").focus());
    tell(li, false);
    screen.getByRole("button", { name: "Antworten" });
  });
});
