// The live side of a thread: subscribe to the topic, fetch the first page alongside, and dispatch
// every event into the query cache. New top-level comments of others wait in `pending` behind "n neue
// Kommentare anzeigen"; the polite live-region text comes back as `message`.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLiveTopic, type LiveEvent } from "../../../lib/useLive";
import type { Comment, Filter, ModerationEvent, VoteCounts } from "../api/cache";
import { commentOf, mergeCreated, mergeModeration, mergeUpdated, mergeVotes, prefix, useComments, type Sort } from "../api/comments";
import { invalidateCounts } from "../api/mutations";

/** placeOwn is where an own new comment goes in a list of the given sort. */
export const placeOwn = (s: Sort) => (s === "new" ? "start" : "end") as "start" | "end";

/** useCommentsLive is the list of a thread with its live updates. */
export function useCommentsLive(p: { slug: string; filter: Filter; topic: string; sort: Sort; userId: string | null }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [pending, setPending] = useState<Comment[]>([]);
  const [message, setMessage] = useState("");
  const newCount = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const early = useRef<LiveEvent[]>([]);
  const loadedRef = useRef(false);

  /** say puts text into the live region (after a short pause, so that it is read as new). */
  const say = (text: string) => {
    setMessage("");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setMessage(text), 150);
  };
  const announce = () => {
    newCount.current++;
    setMessage("");
    clearTimeout(timer.current);
    // Several comments in a burst become one announcement.
    timer.current = setTimeout(() => {
      setMessage(t("comments.newAnnounce", { count: newCount.current }));
      newCount.current = 0;
    }, 400);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const apply = (ev: LiveEvent) => {
    if (ev.type === "comment.votes") {
      const v: VoteCounts = ev.data;
      mergeVotes(qc, p.slug, p.filter, { id: v.id, up: v.up, down: v.down });
      setPending((ps) => ps.map((c) => (c.id === v.id ? { ...c, up: v.up, down: v.down } : c)));
      return;
    }
    if (ev.type === "comment.hidden" || ev.type === "comment.removed" || ev.type === "comment.withdrawn") {
      const m: ModerationEvent = ev.data;
      if (!m || typeof m.id !== "string") return;
      mergeModeration(qc, p.slug, p.filter, ev.type, m, p.userId);
      setPending((ps) => (ev.type === "comment.withdrawn" ? ps.filter((x) => x.id !== m.id) : ps));
      invalidateCounts(qc, p.slug);
      return;
    }
    const c = commentOf(ev, p.filter);
    if (!c) return;
    if (ev.type === "comment.created") {
      const mine = p.userId !== null && c.author?.id === p.userId;
      const r = mergeCreated(qc, p.slug, p.filter, c, mine ? placeOwn : null);
      // An approved comment its author already has (pending) becomes published.
      if (!r.fresh) mergeUpdated(qc, p.slug, p.filter, c);
      if (mine || !r.fresh) return;
      if (r.newTopLevel) setPending((ps) => (ps.some((x) => x.id === c.id) ? ps : [c, ...ps]));
      announce();
      return;
    }
    mergeUpdated(qc, p.slug, p.filter, c);
    setPending((ps) => ps.map((x) => (x.id === c.id ? { ...x, ...c, my_vote: x.my_vote } : x)));
  };

  // The first page is fetched at once, alongside the subscription (not after it: on a slow network the
  // websocket handshake and the subscription would delay the first comment). Events that come before the
  // page are kept in `early` and merged once it is there (overlaps drop by comment id). A comment written
  // after the page was read but before the subscription took effect would be in neither, so a page that
  // was being read or was read when the subscription was confirmed is read once more, in the background
  // (the API gives no outbox id with a list that could serve as `since`).
  const subscribed = useLiveTopic(p.topic, {
    onEvent: (ev) => (loadedRef.current ? apply(ev) : early.current.push(ev)),
    onReset: () => {
      setPending([]);
      void qc.invalidateQueries({ queryKey: prefix(p.slug, p.filter) });
      invalidateCounts(qc, p.slug);
    },
  });
  const list = useComments(p.slug, p.filter, p.sort);
  const loaded = list.data !== undefined;
  // eslint-disable-next-line react-hooks/refs -- read by the live handler, which may run before the next render
  loadedRef.current = loaded;
  const readAgain = useRef(false);
  const { isFetching, dataUpdatedAt, refetch } = list;
  useEffect(() => {
    if (subscribed && (isFetching || dataUpdatedAt > 0)) readAgain.current = true;
    // Only the moment of the subscription counts, not later fetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [subscribed]);
  useEffect(() => {
    if (!readAgain.current || !loaded || isFetching) return;
    readAgain.current = false;
    void refetch();
  });
  // Events that came before the first page: merge them once it is there (duplicates drop by id).
  useEffect(() => {
    if (!loaded || early.current.length === 0) return;
    const evs = early.current;
    early.current = [];
    evs.forEach(apply);
  });

  /** reveal moves the waiting comments into the list and returns them, newest first. */
  const reveal = (): Comment[] => {
    const ps = pending;
    setPending([]);
    for (const c of [...ps].reverse()) mergeCreated(qc, p.slug, p.filter, { ...c, my_vote: 0 }, () => "start");
    return ps;
  };

  /** created places an own new comment at once and says so in the live region. */
  const created = (c: Comment) => {
    mergeCreated(qc, p.slug, p.filter, c, placeOwn);
    invalidateCounts(qc, p.slug);
    say(c.status === "pending" ? t("threads.submitted") : c.kind === "official_response" ? t("threads.responded") : t("comments.published"));
  };

  return { list, pending, clearPending: () => setPending([]), reveal, created, message };
}
