// A link to one comment (#comment-<id>, see lib/links/comment.ts) lands on it: once the comment is on the
// page, it is scrolled into view and focused (it carries tabindex=-1), and CommentItem marks it. A comment
// that is not in the loaded part of the thread (a later page, a reply not loaded yet) is fetched by itself
// and shown above the thread until the thread has loaded it.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocation } from "react-router";
import { api, unwrap } from "../../../lib/api/client";
import { linkedCommentId } from "../../../lib/links/comment";
import { contains, matches, type Comment, type Filter, type Pages } from "../api/cache";

/** LinkedComment is the linked comment of a thread: its id, and the comment itself when the list lacks it. */
export interface LinkedComment {
  id: string | null;
  extra: Comment | null;
}

/** useLinkedComment follows the #comment-<id> of the address for the thread with the element prefix idp. */
export function useLinkedComment(idp: string, f: Filter, loaded: Pages | undefined, settled: boolean): LinkedComment {
  const location = useLocation();
  const id = linkedCommentId(location.hash);
  const inList = id !== null && contains(loaded, id);
  const single = useQuery(commentQuery(id, settled && !inList));
  const extra = !inList && single.data && matches(single.data, f) ? single.data : null;
  const done = useRef<string | null>(null);
  const focused = useRef<HTMLElement | null>(null);
  // After every render until it is there: the element appears when the list or the single comment arrives.
  useEffect(() => {
    if (id === null) return;
    const el = document.getElementById(`${idp}-c-${id}`);
    if (!el) return;
    if (done.current === id) {
      // The comment moved: shown by itself above the thread first (on a slow phone its own request can
      // win), then found in the thread, whose copy replaces it. The focus went with the removed copy;
      // it follows the comment unless the reader has moved it elsewhere meanwhile.
      const old = focused.current;
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (old && old !== el && !old.isConnected && lost) {
        focused.current = el;
        el.scrollIntoView({ block: "center" });
        el.focus({ preventScroll: true });
      }
      return;
    }
    done.current = id;
    // In a task of its own: when the thread is there with the page's first render (its data was
    // prefetched), the layout's effect of the same commit runs after this one (a parent's) and moves the
    // focus to the new page's main landmark; the linked comment must win.
    setTimeout(() => {
      if (!el.isConnected) {
        done.current = null; // replaced meanwhile: look again after the next render
        return;
      }
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
      focused.current = el;
      // Parts of the page above it may still be loading and push it away: bring it back once, while it
      // still has the focus (the reader has not moved on).
      setTimeout(() => {
        const r = el.getBoundingClientRect();
        if (document.activeElement === el && (r.bottom < 0 || r.top > window.innerHeight)) el.scrollIntoView({ block: "center" });
      }, 600);
    }, 0);
  });
  return { id, extra };
}

function commentQuery(id: string | null, enabled: boolean) {
  return {
    queryKey: ["comment", id],
    enabled: id !== null && enabled,
    retry: false,
    queryFn: ({ signal }: { signal?: AbortSignal }) => unwrap(api.GET("/api/v1/comments/{id}", { params: { path: { id: id! } }, signal })),
  };
}

/**
 * useLinkedCommentPlace loads the comment the address links to (#comment-<id>), so that a document page can
 * open the thread of its paragraph (and switch to the version it was written on when the newest lacks it).
 */
export function useLinkedCommentPlace() {
  const location = useLocation();
  return useQuery(commentQuery(linkedCommentId(location.hash), true)).data ?? null;
}
