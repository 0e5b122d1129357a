// Windowing for long threads: a top-level comment is rendered only while it is within a few screens of the
// viewport; further away its list item keeps only its last measured height, so that a thread of 1,000
// comments keeps a bounded DOM and the scroll position does not jump. An item the reader has interacted
// with (focus inside: a draft, an open form) stays rendered, and the margin is larger than a screen, so
// that tabbing onwards always reaches rendered comments. Rendered items are laid out only while on screen
// (content-visibility: auto in the app's styles).
import { startTransition, useEffect, useRef, useState, type ReactNode } from "react";

/** lazyMargin is how far beyond the viewport comments are rendered. */
const lazyMargin = "2000px 0px";
/** estimatedHeight is the height of a comment that was never rendered (px). */
const estimatedHeight = 160;

type Watcher = (near: boolean, height: number) => void;
let observer: IntersectionObserver | null = null;
const watchers = new WeakMap<Element, Watcher>();

// One observer for all items: a thread of 1,000 comments must not create 1,000 observers.
function watch(el: Element, fn: Watcher): () => void {
  observer ??= new IntersectionObserver(
    (entries) => {
      // The entry's box, not offsetHeight: reading layout here would force a layout of the whole page.
      for (const e of entries) watchers.get(e.target)?.(e.isIntersecting, e.boundingClientRect.height);
    },
    { rootMargin: lazyMargin },
  );
  watchers.set(el, fn);
  observer.observe(el);
  return () => {
    watchers.delete(el);
    observer?.unobserve(el);
  };
}

/** eagerItems is how many items at the top of a list are always rendered. */
export const eagerItems = 20;

/**
 * LazyItem is a list item that renders its children only near the viewport. An eager item (the first of a
 * list, a linked comment) is always rendered: the thread may start far below a long page's first screen,
 * and the reader who scrolls or tabs there must find comments, not empty boxes.
 */
export function LazyItem({ children, eager = false }: { children: ReactNode; eager?: boolean }) {
  const ref = useRef<HTMLLIElement>(null);
  const supported = typeof IntersectionObserver !== "undefined";
  // The first items of a page are near; rendering them at once avoids a flash of empty items.
  const [near, setNear] = useState(!supported);
  const [pinned, setPinned] = useState(false);
  const [height, setHeight] = useState(estimatedHeight);
  useEffect(() => {
    const el = ref.current;
    if (!el || !supported) return;
    return watch(el, (n, h) => {
      // A transition: when a fast scroll or a new page brings many items near (or far) at once, React
      // renders them in slices between frames instead of in one long frame (until then an item stays as it is).
      startTransition(() => {
        if (!n && h > 0 && el.firstChild) setHeight(Math.round(h));
        setNear(n);
      });
    });
  }, [supported]);
  const shown = eager || near || pinned;
  return (
    <li ref={ref} onFocus={() => setPinned(true)} style={shown ? undefined : { height }}>
      {shown ? children : null}
    </li>
  );
}
