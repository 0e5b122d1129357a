// The tab's one LiveClient and the React hooks over it. Only lazy route chunks import this module, so the
// websocket code stays out of the initial load.
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { session } from "./api/client";
import { LiveClient, liveURL, type LiveAnnouncement, type LiveEvent, type LiveStatus } from "./live";

let client: LiveClient | null = null;

/** live is the tab's LiveClient, created on first use. */
export function live(): LiveClient {
  client ??= new LiveClient({ url: liveURL(), getToken: () => session.accessToken(), onAuthChange: session.subscribe });
  return client;
}

/** LiveHandlers receive a topic's events; onReset asks for a refetch over HTTP. */
export interface LiveHandlers {
  onEvent: (ev: LiveEvent) => void;
  onReset?: () => void;
}

/**
 * useLiveTopic subscribes to a topic while the component is mounted (and topic is set). The handlers may
 * change on every render; the subscription stays. It returns true once the server has confirmed the
 * subscription (or after waitMs, so that a blocked websocket never keeps a page from loading): a list
 * fetched from then on misses no event.
 */
export function useLiveTopic(topic: string | null, handlers: LiveHandlers, waitMs = 2_000): boolean {
  const ref = useRef(handlers);
  // eslint-disable-next-line react-hooks/refs -- the latest handlers, read by the subscription without resubscribing
  ref.current = handlers;
  const [ready, setReady] = useState<string | null>(null);
  useEffect(() => {
    if (!topic) return;
    const timer = setTimeout(() => setReady(topic), waitMs);
    const off = live().subscribe(topic, {
      onEvent: (ev) => ref.current.onEvent(ev),
      onReset: () => ref.current.onReset?.(),
      onSubscribed: () => setReady(topic),
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [topic, waitMs]);
  return topic !== null && ready === topic;
}

/** useLiveStatus is the connection state, for the connection indicator. */
export function useLiveStatus(): LiveStatus {
  const c = live();
  return useSyncExternalStore(c.onStatus, c.getStatus);
}

/** useLiveAnnouncement is the latest connection announcement ("lost" or "restored", once each). */
export function useLiveAnnouncement(): LiveAnnouncement {
  const c = live();
  return useSyncExternalStore(c.onStatus, c.getAnnouncement);
}

export type { LiveAnnouncement, LiveEvent, LiveStatus };
