// The top-level items of a thread and its "more" button. A long thread (1,000 comments) must stay fast:
// an item re-renders only when its own comment changed (a vote, a live event on another comment leaves the
// other 999 alone), and loading further pages keeps the focus on the button and says politely how many came.
import { memo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Comment, Pages } from "../api/cache";
import { CommentItem } from "./CommentItem";
import { LazyItem } from "./LazyItem";

/** listItems are the top-level comments of the loaded pages, each once (pages may overlap after writes). */
export function listItems(data: Pick<Pages, "pages"> | undefined): Comment[] {
  if (!data) return [];
  const seen = new Set<string>();
  const out: Comment[] = [];
  for (const pg of data.pages) for (const c of pg.items) if (!seen.has(c.id)) out.push((seen.add(c.id), c));
  return out;
}

/**
 * ThreadItem is one top-level list item (windowed by LazyItem). It is memoised on its comment object, which
 * the cache merges keep as long as the comment did not change.
 */
export const ThreadItem = memo(function ThreadItem({ c, eager }: { c: Comment; eager: boolean }) {
  return (
    <LazyItem eager={eager}>
      <CommentItem c={c} level={0} />
    </LazyItem>
  );
});

/** LoadMoreQuery is what useLoadMore needs of the thread's infinite query. */
export interface LoadMoreQuery {
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<{ data?: Pick<Pages, "pages"> | undefined }>;
}

/**
 * useLoadMore loads the next page once per press (a press while it loads does nothing: the button stays
 * focusable, aria-disabled) and returns the polite announcement of how many comments came (count = the
 * top-level items shown now).
 */
export function useLoadMore(q: LoadMoreQuery, count: number) {
  const { t } = useTranslation();
  const [message, setMessage] = useState("");
  const load = () => {
    if (q.isFetchingNextPage) return;
    setMessage("");
    void q.fetchNextPage().then((r) => {
      const n = listItems(r.data).length - count;
      if (n > 0) setMessage(t("comments.moreLoaded", { count: n }));
    });
  };
  return { load, message };
}
