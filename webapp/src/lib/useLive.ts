// The tab's one LiveClient and the React hooks over it. Only lazy route chunks import this module, so the
// websocket code stays out of the initial load.
import { useEffect, useRef, useSyncExternalStore } from "react";
import { session } from "./api/client";
import { LiveClient, liveURL, type LiveEvent, type LiveStatus } from "./live";

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
 * change on every render; the subscription stays.
 */
export function useLiveTopic(topic: string | null, handlers: LiveHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!topic) return;
    return live().subscribe(topic, { onEvent: (ev) => ref.current.onEvent(ev), onReset: () => ref.current.onReset?.() });
  }, [topic]);
}

/** useLiveStatus is the connection state, for the connection indicator. */
export function useLiveStatus(): LiveStatus {
  const c = live();
  return useSyncExternalStore(c.onStatus, c.getStatus);
}

export type { LiveEvent, LiveStatus };
