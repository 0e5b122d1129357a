// The tab's one LiveClient (DESIGN §6) and React hooks over it. Only lazy route chunks import this module,
// so the websocket code stays out of the initial load.
import { useEffect, useRef, useSyncExternalStore } from "react";
import { session } from "./api/client";
import { LiveClient, liveURL, type LiveEvent, type LiveStatus } from "./live";

/** live is the one LiveClient of this tab. */
export const live = new LiveClient({ url: liveURL(), getToken: () => session.accessToken(), onAuthChange: session.subscribe });

/**
 * useLiveTopic listens to a topic while the component is mounted and topic is not null. The callbacks may
 * change on every render; the subscription stays. onReset asks for a refetch over HTTP.
 */
export function useLiveTopic(topic: string | null, onEvent: (ev: LiveEvent) => void, onReset?: () => void): void {
  const ref = useRef({ onEvent, onReset });
  useEffect(() => {
    ref.current = { onEvent, onReset };
  });
  useEffect(() => {
    if (!topic) return;
    return live.subscribe(topic, { onEvent: (ev) => ref.current.onEvent(ev), onReset: () => ref.current.onReset?.() });
  }, [topic]);
}

/** useLiveStatus is the connection state, for a connection indicator. */
export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(live.onStatus, live.getStatus);
}

export type { LiveEvent, LiveStatus };
