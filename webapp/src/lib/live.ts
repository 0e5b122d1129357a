// One websocket per tab to /api/v1/live (DESIGN §6). It authenticates with the first message (tokens
// never travel in URLs), subscribes topics with the last event id seen, reconnects with jittered
// exponential backoff, and drops duplicate events by id: delivery is at least once. The server keeps a
// token's rights only until it expires (then it closes with 4401), so the client sends a fresh auth shortly
// before, and reconnects at once after a 4401 (a revoked session), authenticating with the current token.

import type { components } from "./api/schema.gen";

type WithoutOp<T> = T extends unknown ? Omit<T, "op"> : never;

/** LiveEvent is one event pushed by the server: a union over `type`, generated from openapi.yaml's
 * LiveEvent schemas, so that a check of `ev.type` narrows `ev.data` without a cast. */
export type LiveEvent = WithoutOp<components["schemas"]["LiveEvent"]>;

/** LiveStatus is the state of the connection, for the connection indicator. */
export type LiveStatus = "idle" | "connecting" | "open" | "reconnecting";

/**
 * LiveAnnouncement is what a polite live region says about the connection: "lost" once when an open
 * connection drops (not again per retry), "restored" once when it is back; seq grows with each one.
 */
export interface LiveAnnouncement {
  kind: "lost" | "restored" | null;
  seq: number;
}

interface Listener {
  onEvent: (ev: LiveEvent) => void;
  /** onReset asks the owner to refetch over HTTP: events were missed beyond the server's retention. */
  onReset?: () => void;
  /**
   * onSubscribed tells that the server has the subscription (after each (re)subscribe): from then on no
   * event of the topic is missed, so a list fetched afterwards can be merged with the events.
   */
  onSubscribed?: () => void;
}

interface TopicState {
  listeners: Set<Listener>;
  lastId?: number;
  /** acked: the server confirmed the subscription on the current socket */
  acked?: boolean;
}

type SocketLike = Pick<WebSocket, "send" | "close" | "readyState"> & {
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
};

/** LiveOptions make the client testable. */
export interface LiveOptions {
  url: string;
  getToken: () => Promise<string | null>;
  /** onAuthChange calls fn on login and logout; returns an unsubscribe function. */
  onAuthChange?: (fn: () => void) => () => void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
  now?: () => number;
  /**
   * onWake calls fn when reconnecting at once makes sense: the browser is online again or the tab became
   * visible. Defaults to the window's `online` and `visibilitychange` events.
   */
  onWake?: (fn: () => void) => void;
}

const OPEN = 1;
/** Backoff after a lost connection: full jitter over a cap that doubles from 0.5 s up to 5 s, so that a
 * restarted server has every tab back within a few seconds without all of them arriving at once. */
export const maxBackoffMs = 5_000;
export const baseBackoffMs = 500;
/** Close code of the server when the token expired or the user's sessions were revoked. */
export const closeUnauthorized = 4401;
/** A fresh auth goes out this long before the token expires (the session refreshes 60 s before). */
const reauthMarginMs = 30_000;
/** Re-auth timers never fire more often than this (e.g. when the clocks of browser and server differ). */
const minReauthMs = 10_000;

/** tokenTimes reads exp and iat (seconds) of a JWT without checking it; null for anything else. */
export function tokenTimes(token: string): { exp: number; iat: number } | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const b64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4))) as { exp?: unknown; iat?: unknown };
    if (typeof claims.exp !== "number" || typeof claims.iat !== "number") return null;
    return { exp: claims.exp, iat: claims.iat };
  } catch {
    return null;
  }
}

/** LiveClient multiplexes topic subscriptions of a tab over one websocket. */
export class LiveClient {
  private ws: SocketLike | null = null;
  /** ready is true once the open socket has been authenticated; subscriptions wait for it. */
  private ready = false;
  /** authed is true once this socket was sent a token: a logout must then start an anonymous socket. */
  private authed = false;
  private topics = new Map<string, TopicState>();
  private statusListeners = new Set<() => void>();
  private state: LiveStatus = "idle";
  private attempt = 0;
  private timer: unknown = null;
  /** authTimer sends a fresh auth before the current token expires. */
  private authTimer: unknown = null;
  /** lost: an open connection dropped and has not been restored yet (announced once). */
  private lost = false;
  private announcement: LiveAnnouncement = { kind: null, seq: 0 };
  private readonly o: Required<Omit<LiveOptions, "onAuthChange" | "onWake">>;

  constructor(o: LiveOptions) {
    this.o = {
      url: o.url,
      getToken: o.getToken,
      createSocket: o.createSocket ?? ((url) => new WebSocket(url) as SocketLike),
      random: o.random ?? Math.random,
      setTimer: o.setTimer ?? ((fn, ms) => setTimeout(fn, ms)),
      clearTimer: o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)),
      now: o.now ?? Date.now,
    };
    // A login or logout changes what this tab may see: authenticate again on the open socket.
    o.onAuthChange?.(() => void this.sendAuth());
    const wake = () => this.reconnectNow();
    if (o.onWake) o.onWake(wake);
    else if (typeof window !== "undefined") {
      window.addEventListener("online", wake);
      document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && wake());
    }
  }

  getAnnouncement = (): LiveAnnouncement => this.announcement;

  /** status is the connection state. */
  get status(): LiveStatus {
    return this.state;
  }

  getStatus = (): LiveStatus => this.state;

  /** onStatus follows the connection state (for useSyncExternalStore). */
  onStatus = (fn: () => void): (() => void) => {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  };

  /**
   * subscribe listens to a topic. `since` is the id of the newest event the caller already reflects
   * (e.g. fetched over HTTP just before); the server replays anything newer. Returns an unsubscribe function.
   */
  subscribe(topic: string, listener: Listener, since?: number): () => void {
    let t = this.topics.get(topic);
    if (!t) {
      t = { listeners: new Set(), lastId: since };
      this.topics.set(topic, t);
      if (this.ready) this.send({ op: "subscribe", topic, ...(since !== undefined ? { since } : {}) });
    }
    t.listeners.add(listener);
    if (t.acked && listener.onSubscribed) queueMicrotask(() => listener.onSubscribed?.());
    this.ensureOpen();
    return () => {
      const cur = this.topics.get(topic);
      if (!cur) return;
      cur.listeners.delete(listener);
      if (cur.listeners.size === 0) {
        this.topics.delete(topic);
        this.send({ op: "unsubscribe", topic });
      }
    };
  }

  /** close ends the connection for good (tests, page unload). */
  close(): void {
    this.o.clearTimer(this.timer);
    this.stopReauth();
    this.topics.clear();
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    ws?.close(1000);
    this.setStatus("idle");
  }

  private ensureOpen(): void {
    if (this.ws || this.timer !== null) return;
    this.connect();
  }

  private connect(): void {
    this.timer = null;
    this.authed = false;
    this.setStatus(this.attempt === 0 ? "connecting" : "reconnecting");
    const ws = this.o.createSocket(this.o.url);
    this.ws = ws;
    ws.onopen = () => {
      void this.sendAuth().then(() => {
        if (this.ws !== ws) return;
        this.ready = true;
        for (const [topic, t] of this.topics) {
          this.send({ op: "subscribe", topic, ...(t.lastId !== undefined ? { since: t.lastId } : {}) });
        }
      });
    };
    ws.onmessage = (m) => this.handle(m.data);
    ws.onerror = () => {
      /* onclose follows */
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.ready = false;
      this.stopReauth();
      // 4401: the token expired or the session was revoked; come back at once with the current token.
      if (ev?.code === closeUnauthorized) this.attempt = 0;
      for (const t of this.topics.values()) t.acked = false;
      if (this.topics.size === 0) {
        this.setStatus("idle");
        return;
      }
      // A 4401 is routine (an expired token) and comes back at once: no "connection lost" for it.
      this.scheduleReconnect(ev?.code === closeUnauthorized);
    };
  }

  private scheduleReconnect(quiet = false): void {
    // Full jitter: a server restart must not bring every tab back in the same millisecond.
    const cap = Math.min(maxBackoffMs, baseBackoffMs * 2 ** this.attempt);
    const delay = Math.floor(this.o.random() * cap);
    this.attempt++;
    this.setStatus(quiet ? "connecting" : "reconnecting");
    this.timer = this.o.setTimer(() => this.connect(), delay);
  }

  private reconnectNow(): void {
    if (this.ws || this.topics.size === 0 || this.timer === null) return;
    this.o.clearTimer(this.timer);
    this.connect();
  }

  private async sendAuth(): Promise<void> {
    if (!this.ws || this.ws.readyState !== OPEN) return;
    const token = await this.o.getToken();
    if (token) {
      this.send({ op: "auth", token });
      this.authed = true;
      this.scheduleReauth(token);
    } else if (this.authed) {
      // There is no "forget me" message: after a logout, continue on a fresh anonymous socket (with since).
      this.reopen();
    }
  }

  /**
   * scheduleReauth sends auth again (getToken refreshes the token when it is about to expire) shortly
   * before token expires. The expiry comes from the token; the delay never exceeds the token's lifetime,
   * so a browser clock running late cannot postpone it past the server's expiry by much.
   */
  private scheduleReauth(token: string): void {
    this.stopReauth();
    const t = tokenTimes(token);
    if (!t) return;
    const left = Math.min(t.exp * 1000 - this.o.now(), (t.exp - t.iat) * 1000);
    const delay = Math.max(minReauthMs, left - reauthMarginMs);
    this.authTimer = this.o.setTimer(() => {
      this.authTimer = null;
      void this.sendAuth();
    }, delay);
  }

  private stopReauth(): void {
    if (this.authTimer !== null) this.o.clearTimer(this.authTimer);
    this.authTimer = null;
  }

  private reopen(): void {
    const ws = this.ws;
    this.ws = null;
    this.ready = false;
    this.stopReauth();
    for (const t of this.topics.values()) t.acked = false;
    if (ws) {
      ws.onclose = null;
      ws.close(1000);
    }
    if (this.topics.size > 0) this.connect();
  }

  private send(msg: object): void {
    if (this.ws && this.ws.readyState === OPEN) this.ws.send(JSON.stringify(msg));
  }

  private handle(raw: unknown): void {
    let m: { op?: string; topic?: string; id?: number; type?: string; data?: unknown; last_id?: number };
    try {
      m = JSON.parse(String(raw));
    } catch {
      return;
    }
    const t = m.topic !== undefined ? this.topics.get(m.topic) : undefined;
    switch (m.op) {
      case "event": {
        if (!t || typeof m.id !== "number") return;
        if (t.lastId !== undefined && m.id <= t.lastId) return; // seen already
        t.lastId = m.id;
        // The one place where the wire format meets the types: the server validates every event it writes
        // against the same schemas (api tests), so the message is taken as the declared union.
        const ev = { id: m.id, topic: m.topic!, type: m.type ?? "", data: m.data } as LiveEvent;
        for (const l of t.listeners) l.onEvent(ev);
        return;
      }
      case "subscribed":
        if (t && typeof m.last_id === "number" && (t.lastId === undefined || m.last_id > t.lastId)) {
          t.lastId = m.last_id;
        }
        this.attempt = 0;
        this.setStatus("open");
        if (t) {
          t.acked = true;
          for (const l of t.listeners) l.onSubscribed?.();
        }
        return;
      case "reset":
        if (!t) return;
        t.lastId = undefined;
        for (const l of t.listeners) l.onReset?.();
        return;
    }
  }

  private setStatus(s: LiveStatus): void {
    if (this.state === s) return;
    const was = this.state;
    this.state = s;
    if (s === "reconnecting" && was === "open" && !this.lost) {
      this.lost = true;
      this.announcement = { kind: "lost", seq: this.announcement.seq + 1 };
    } else if (s === "open" && this.lost) {
      this.lost = false;
      this.announcement = { kind: "restored", seq: this.announcement.seq + 1 };
    } else if (s === "idle") {
      this.lost = false;
    }
    for (const fn of this.statusListeners) fn();
  }
}

/** liveURL is the websocket address of this page's origin. */
export function liveURL(loc: Pick<Location, "protocol" | "host"> = location): string {
  return `${loc.protocol === "https:" ? "wss:" : "ws:"}//${loc.host}/api/v1/live`;
}
