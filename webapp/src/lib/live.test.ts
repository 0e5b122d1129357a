import { describe, expect, it, vi } from "vitest";
import { baseBackoffMs, closeUnauthorized, LiveClient, liveURL, maxBackoffMs, type LiveEvent } from "./live";

class FakeSocket {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: Event) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  constructor(public url: string) {}
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  push(msg: object) {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
}

function setup(token: string | null = "tok") {
  const sockets: FakeSocket[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const client = new LiveClient({
    url: "ws://x/api/v1/live",
    getToken: async () => token,
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    random: () => 0.5,
    setTimer: (fn, ms) => {
      timers.push({ fn, ms });
      return timers.length;
    },
    clearTimer: () => {},
  });
  return { client, sockets, timers };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("LiveClient", () => {
  it("authenticates first, then subscribes with since", async () => {
    const { client, sockets } = setup();
    client.subscribe("project:a", { onEvent: () => {} }, 7);
    expect(sockets).toHaveLength(1);
    sockets[0]!.open();
    await tick();
    expect(sockets[0]!.sent).toEqual([
      { op: "auth", token: "tok" },
      { op: "subscribe", topic: "project:a", since: 7 },
    ]);
  });

  it("drops duplicate and older events by id", async () => {
    const { client, sockets } = setup();
    const got: LiveEvent[] = [];
    client.subscribe("project:a", { onEvent: (e) => got.push(e) });
    sockets[0]!.open();
    await tick();
    for (const id of [3, 4, 4, 2, 5]) sockets[0]!.push({ op: "event", id, topic: "project:a", type: "comment.created", data: {} });
    expect(got.map((e) => e.id)).toEqual([3, 4, 5]);
  });

  it("reconnects with jittered backoff and resubscribes with the last id seen", async () => {
    const { client, sockets, timers } = setup();
    client.subscribe("project:a", { onEvent: () => {} });
    sockets[0]!.open();
    await tick();
    sockets[0]!.push({ op: "subscribed", topic: "project:a", last_id: 10 });
    expect(client.status).toBe("open");
    sockets[0]!.push({ op: "event", id: 12, topic: "project:a", type: "x", data: {} });
    sockets[0]!.drop(4008);
    expect(client.status).toBe("reconnecting");
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(250); // random 0.5 × 500 ms on the first retry
    timers[0]!.fn();
    sockets[1]!.open();
    await tick();
    expect(sockets[1]!.sent).toContainEqual({ op: "subscribe", topic: "project:a", since: 12 });
    sockets[1]!.drop();
    expect(timers[1]!.ms).toBe(500); // the cap doubles: 0.5 × 1000 ms
  });

  it("calls onReset and forgets the last id when the server resets a topic", async () => {
    const { client, sockets } = setup();
    const onReset = vi.fn();
    client.subscribe("project:a", { onEvent: () => {}, onReset }, 3);
    sockets[0]!.open();
    await tick();
    sockets[0]!.push({ op: "reset", topic: "project:a" });
    expect(onReset).toHaveBeenCalledOnce();
  });

  it("unsubscribes when the last listener leaves and sends no auth without a token", async () => {
    const { client, sockets } = setup(null);
    const off = client.subscribe("project:a", { onEvent: () => {} });
    sockets[0]!.open();
    await tick();
    off();
    expect(sockets[0]!.sent).toEqual([{ op: "subscribe", topic: "project:a" }, { op: "unsubscribe", topic: "project:a" }]);
  });

  it("builds the websocket URL from the page origin", () => {
    expect(liveURL({ protocol: "https:", host: "beteiligung.example.org" })).toBe("wss://beteiligung.example.org/api/v1/live");
    expect(liveURL({ protocol: "http:", host: "localhost:8080" })).toBe("ws://localhost:8080/api/v1/live");
  });
  it("continues anonymously on a new socket after a logout, subscribing with since", async () => {
    let token: string | null = "tok";
    let authChange = () => {};
    const sockets: FakeSocket[] = [];
    const client = new LiveClient({
      url: "ws://x/api/v1/live",
      getToken: async () => token,
      onAuthChange: (fn) => {
        authChange = fn;
        return () => {};
      },
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
    });
    client.subscribe("project:a", { onEvent: () => {} });
    sockets[0]!.open();
    await tick();
    sockets[0]!.push({ op: "subscribed", topic: "project:a", last_id: 12 });
    token = null;
    authChange();
    await tick();
    expect(sockets).toHaveLength(2);
    expect(sockets[0]!.readyState).toBe(3);
    sockets[1]!.open();
    await tick();
    expect(sockets[1]!.sent).toEqual([{ op: "subscribe", topic: "project:a", since: 12 }]);
    client.close();
  });
  it("tells listeners when the server has the subscription, at once for a topic that has it already", async () => {
    const { client, sockets } = setup();
    const first = vi.fn();
    client.subscribe("document:1", { onEvent: () => {}, onSubscribed: first });
    sockets[0]!.open();
    await tick();
    expect(first).not.toHaveBeenCalled();
    sockets[0]!.push({ op: "subscribed", topic: "document:1", last_id: 3 });
    expect(first).toHaveBeenCalledOnce();
    const second = vi.fn();
    client.subscribe("document:1", { onEvent: () => {}, onSubscribed: second });
    await tick();
    expect(second).toHaveBeenCalledOnce();
    client.close();
  });

  it("sends a fresh auth shortly before the token expires", async () => {
    const now = 1_700_000_000_000;
    const jwt = (iat: number) =>
      `h.${btoa(JSON.stringify({ sub: "1", iat, exp: iat + 900 })).replace(/=+$/, "")}.sig`;
    const tokens = [jwt(now / 1000), jwt(now / 1000 + 870)];
    const sockets: FakeSocket[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    const client = new LiveClient({
      url: "ws://x/api/v1/live",
      getToken: async () => tokens[0]!,
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      setTimer: (fn, ms) => timers.push({ fn, ms }),
      clearTimer: () => {},
      now: () => now,
    });
    client.subscribe("user:1", { onEvent: () => {} });
    sockets[0]!.open();
    await tick();
    expect(timers.map((t) => t.ms)).toEqual([870_000]); // 30 s before the 15 minutes are up
    tokens.shift(); // the session has refreshed meanwhile
    timers[0]!.fn();
    await tick();
    expect(sockets[0]!.sent.filter((m) => m.op === "auth").map((m) => m.token)).toEqual([jwt(now / 1000), tokens[0]]);
    client.close();
  });

  it("comes back at once after a 4401 close and authenticates again", async () => {
    const { client, sockets, timers } = setup();
    client.subscribe("moderation", { onEvent: () => {} });
    sockets[0]!.drop(); // two failed attempts: the backoff has grown
    timers[0]!.fn();
    sockets[1]!.drop();
    expect(timers[1]!.ms).toBe(500);
    timers[1]!.fn();
    sockets[2]!.open();
    await tick();
    sockets[2]!.drop(4401);
    expect(timers[2]!.ms).toBe(250); // the first step again
    timers[2]!.fn();
    sockets[3]!.open();
    await tick();
    expect(sockets[3]!.sent).toEqual([
      { op: "auth", token: "tok" },
      { op: "subscribe", topic: "moderation" },
    ]);
    client.close();
  });

  describe("reconnect after a server restart", () => {
    // The real timers of the client, faked: the delays are what setTimeout is really given.
    function restartSetup(random: () => number) {
      vi.useFakeTimers();
      const sockets: FakeSocket[] = [];
      let wake: () => void = () => {};
      const client = new LiveClient({
        url: "ws://x/api/v1/live",
        getToken: async () => null,
        createSocket: (url) => {
          const s = new FakeSocket(url);
          sockets.push(s);
          return s;
        },
        random,
        onWake: (fn) => (wake = fn),
      });
      client.subscribe("project:a", { onEvent: () => {} });
      return { client, sockets, wake: () => wake() };
    }
    const connectOK = async (s: FakeSocket) => {
      s.open();
      await vi.advanceTimersByTimeAsync(0);
      s.push({ op: "subscribed", topic: "project:a", last_id: 1 });
    };

    it("retries with full jitter under a cap that doubles from 0.5 s to 5 s", async () => {
      const randoms = [0.999, 0.2, 0.999, 0.6, 0.999, 0.999, 0.1, 0.999, 0.999, 0.999];
      let i = 0;
      const { client, sockets } = restartSetup(() => randoms[i++ % randoms.length]!);
      try {
        await connectOK(sockets[0]!);
        sockets[0]!.drop(1012); // the server restarts
        const delays: number[] = [];
        for (let n = 0; n < 10; n++) {
          const before = sockets.length;
          let waited = 0;
          while (sockets.length === before) {
            await vi.advanceTimersByTimeAsync(1);
            waited++;
            expect(waited).toBeLessThanOrEqual(maxBackoffMs);
          }
          delays.push(waited);
          sockets.at(-1)!.drop(1006); // still down
        }
        console.log("reconnect delays (ms):", delays.join(", "));
        delays.forEach((d, n) => {
          const cap = Math.min(maxBackoffMs, baseBackoffMs * 2 ** n);
          expect(d).toBeLessThanOrEqual(cap);
          expect(d).toBeGreaterThanOrEqual(Math.floor(randoms[n]! * cap)); // the jitter decides, under the cap
        });
        expect(delays[1]).toBeLessThan(delays[0]! * 2); // jittered: not the plain doubling
        expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
        // The server is back: the next attempt gets through and the backoff starts over.
        await vi.advanceTimersByTimeAsync(maxBackoffMs);
        await connectOK(sockets.at(-1)!);
        expect(client.status).toBe("open");
        sockets.at(-1)!.drop(1012);
        const before = sockets.length;
        await vi.advanceTimersByTimeAsync(baseBackoffMs);
        expect(sockets.length).toBe(before + 1);
      } finally {
        client.close();
        vi.useRealTimers();
      }
    });

    it("reconnects at once when the browser is online again or the tab becomes visible", async () => {
      const { client, sockets, wake } = restartSetup(() => 0.999);
      try {
        await connectOK(sockets[0]!);
        for (let n = 0; n < 5; n++) {
          sockets.at(-1)!.drop(1006);
          await vi.advanceTimersByTimeAsync(maxBackoffMs);
        }
        sockets.at(-1)!.drop(1006);
        const before = sockets.length;
        wake();
        expect(sockets.length).toBe(before + 1);
        wake(); // a socket is on its way: no second one
        expect(sockets.length).toBe(before + 1);
      } finally {
        client.close();
        vi.useRealTimers();
      }
    });

    it("announces the loss once and the recovery once, not every retry", async () => {
      const { client, sockets } = restartSetup(() => 0.5);
      try {
        expect(client.getAnnouncement().kind).toBe(null);
        await connectOK(sockets[0]!);
        expect(client.getAnnouncement().kind).toBe(null); // the first connection is not news
        const seen: string[] = [];
        let last = client.getAnnouncement();
        const off = client.onStatus(() => {
          const a = client.getAnnouncement();
          if (a !== last) seen.push(a.kind ?? "");
          last = a;
        });
        sockets[0]!.drop(1012);
        for (let n = 0; n < 6; n++) {
          await vi.advanceTimersByTimeAsync(maxBackoffMs);
          sockets.at(-1)!.drop(1006);
        }
        expect(seen).toEqual(["lost"]);
        await vi.advanceTimersByTimeAsync(maxBackoffMs);
        await connectOK(sockets.at(-1)!);
        expect(seen).toEqual(["lost", "restored"]);
        expect(client.getAnnouncement()).toEqual({ kind: "restored", seq: 2 });
        // An expired token (4401) comes back at once and is not announced.
        sockets.at(-1)!.drop(closeUnauthorized);
        await vi.advanceTimersByTimeAsync(maxBackoffMs);
        await connectOK(sockets.at(-1)!);
        expect(seen).toEqual(["lost", "restored"]);
        off();
      } finally {
        client.close();
        vi.useRealTimers();
      }
    });
  });
});
