import { describe, expect, it } from "vitest";
import { ApiError } from "./problem";
import { Session, type TokenResponse } from "./client";

const user = {
  id: "u1",
  display_name: "Ada",
  roles: ["resident" as const],
  email: "ada@example.org",
  email_verified: true,
  affiliation: null,
  department: null,
  disabled: false,
  oparl_consent: false,
  created_at: "2026-01-01T00:00:00Z",
};
const tokens = (n: number, expiresIn = 900): TokenResponse => ({
  access_token: `tok-${n}`,
  token_type: "Bearer",
  expires_in: expiresIn,
  user,
});
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

/** fakeServer records requests; `handle` answers them. */
function fakeServer(handle: (req: Request, n: number) => Response | Promise<Response>) {
  const seen: { path: string; auth: string | null; xrw: string | null; body?: string }[] = [];
  const fetch = async (req: Request) => {
    const path = new URL(req.url).pathname;
    seen.push({ path, auth: req.headers.get("Authorization"), xrw: req.headers.get("X-Requested-With") });
    return handle(req, seen.length);
  };
  return { fetch, seen };
}

describe("Session", () => {
  it("refreshes once after a 401 and retries the request with the new token", async () => {
    let refreshes = 0;
    const srv = fakeServer(async (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/api/v1/auth/refresh") return json(200, tokens(++refreshes + 1));
      if (req.headers.get("Authorization") === "Bearer tok-2") return json(200, { ok: true, body: await req.text() });
      return json(401, { code: "invalid_token" });
    });
    const s = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    s.set(tokens(1));
    const res = await s.fetch(new Request("http://x/api/v1/me", { method: "PATCH", body: '{"a":1}' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, body: '{"a":1}' }); // the body is sent again on retry
    expect(srv.seen.map((r) => r.path)).toEqual(["/api/v1/me", "/api/v1/auth/refresh", "/api/v1/me"]);
    expect(srv.seen[1]?.xrw).toBe("digitalrat");
    expect(refreshes).toBe(1);
  });

  it("does not loop when the retry fails too, and ends the session when the refresh fails", async () => {
    const srv = fakeServer((req) =>
      new URL(req.url).pathname === "/api/v1/auth/refresh" ? json(401, { code: "invalid_token" }) : json(401, { code: "invalid_token" }),
    );
    const s = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    s.set(tokens(1));
    const res = await s.fetch(new Request("http://x/api/v1/me"));
    expect(res.status).toBe(401);
    expect(srv.seen.map((r) => r.path)).toEqual(["/api/v1/me", "/api/v1/auth/refresh"]);
    expect(s.user).toBeNull();
    expect(await s.accessToken()).toBeNull();
  });

  it("shares one refresh between concurrent 401s", async () => {
    let refreshes = 0;
    const srv = fakeServer((req) => {
      if (new URL(req.url).pathname === "/api/v1/auth/refresh") return json(200, tokens(++refreshes + 1));
      return req.headers.get("Authorization") === "Bearer tok-2" ? json(200, {}) : json(401, { code: "invalid_token" });
    });
    const s = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    s.set(tokens(1));
    const all = await Promise.all([1, 2, 3].map(() => s.fetch(new Request("http://x/api/v1/me"))));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refreshes).toBe(1);
  });

  it("refreshes shortly before the token expires, before sending", async () => {
    let now = 1_000_000;
    const srv = fakeServer((req) =>
      new URL(req.url).pathname === "/api/v1/auth/refresh" ? json(200, tokens(2)) : json(200, {}),
    );
    const s = new Session({ fetch: srv.fetch, timers: false, now: () => now, marginMs: 60_000, storage: memoryStorage() });
    s.set(tokens(1, 900));
    await s.fetch(new Request("http://x/api/v1/me"));
    expect(srv.seen.at(-1)?.auth).toBe("Bearer tok-1");
    now += 850_000; // 50 s left, inside the margin
    await s.fetch(new Request("http://x/api/v1/me"));
    expect(srv.seen.map((r) => r.path)).toEqual(["/api/v1/me", "/api/v1/auth/refresh", "/api/v1/me"]);
    expect(srv.seen.at(-1)?.auth).toBe("Bearer tok-2");
  });

  it("leaves anonymous visitors alone: no refresh after a 401 without a session", async () => {
    const srv = fakeServer(() => json(401, { code: "unauthenticated" }));
    const s = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    const res = await s.fetch(new Request("http://x/api/v1/me"));
    expect(res.status).toBe(401);
    expect(srv.seen).toHaveLength(1);
    expect(srv.seen[0]?.auth).toBeNull();
  });

  it("logs in, sends the token, and forgets it on logout", async () => {
    const srv = fakeServer((req) => {
      const path = new URL(req.url).pathname;
      if (path === "/api/v1/auth/login") return json(200, tokens(1));
      if (path === "/api/v1/auth/logout") return new Response(null, { status: 204 });
      return json(200, {});
    });
    const storage = memoryStorage();
    const s = new Session({ fetch: srv.fetch, timers: false, storage });
    const events: (string | null)[] = [];
    s.subscribe(() => events.push(s.user?.display_name ?? null));
    expect((await s.login("ada@example.org", "pw")).display_name).toBe("Ada");
    await s.fetch(new Request("http://x/api/v1/me"));
    expect(srv.seen.at(-1)?.auth).toBe("Bearer tok-1");
    expect(storage.getItem("dr_session")).toBe("1"); // a hint only, never the token
    await s.logout();
    expect(s.user).toBeNull();
    expect(await s.accessToken()).toBeNull();
    expect(storage.getItem("dr_session")).toBeNull();
    expect(events).toEqual(["Ada", null]);
  });

  it("turns a failed login into an ApiError with the problem code", async () => {
    const srv = fakeServer(() => json(401, { type: "/problems/invalid_credentials", title: "x", status: 401, detail: "d", code: "invalid_credentials", request_id: "r" }));
    const s = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    await expect(s.login("a@b.c", "wrong")).rejects.toMatchObject({ status: 401, code: "invalid_credentials" });
    await expect(s.login("a@b.c", "wrong")).rejects.toBeInstanceOf(ApiError);
    expect(srv.seen.every((r) => r.path === "/api/v1/auth/login")).toBe(true); // no refresh for auth calls
  });
  it("is restoring while the session of an earlier page is refreshed at start, so guards wait instead of asking to log in", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const srv = fakeServer(async () => {
      await gate;
      return json(200, tokens(1));
    });
    const storage = memoryStorage();
    storage.setItem("dr_session", "1");
    const s = new Session({ fetch: srv.fetch, timers: false, storage });
    const p = s.restore();
    expect(s.isRestoring()).toBe(true);
    expect(s.user).toBeNull();
    release();
    await p;
    expect(s.isRestoring()).toBe(false);
    expect(s.user?.display_name).toBe("Ada");
    // A request made while restoring waits for the token instead of going out anonymously.
    let release2!: () => void;
    const gate2 = new Promise<void>((r) => (release2 = r));
    const srv2 = fakeServer(async (req) => {
      if (new URL(req.url).pathname === "/api/v1/auth/refresh") {
        await gate2;
        return json(200, tokens(2));
      }
      return json(200, {});
    });
    const s2 = new Session({ fetch: srv2.fetch, timers: false, storage });
    const restored = s2.restore();
    const req = s2.fetch(new Request("http://localhost/api/v1/projects/x"));
    release2();
    await restored;
    await req;
    expect(srv2.seen.find((r) => r.path === "/api/v1/projects/x")?.auth).toBe("Bearer tok-2");
    // without the hint there is nothing to restore
    const anon = new Session({ fetch: srv.fetch, timers: false, storage: memoryStorage() });
    void anon.restore();
    expect(anon.isRestoring()).toBe(false);
  });
  it("uses the refresh the page's head sent for the first refresh, once", async () => {
    const srv = fakeServer(() => json(200, tokens(2)));
    const storage = memoryStorage();
    storage.setItem("dr_session", "1");
    const g = globalThis as unknown as Record<string, unknown>;
    g.__drRefresh = Promise.resolve(json(200, tokens(1)));
    const s = new Session({ fetch: srv.fetch, timers: false, storage });
    expect(g.__drRefresh).toBeUndefined(); // taken: a second session would not use it again
    await s.restore();
    expect(s.user?.display_name).toBe("Ada");
    expect(srv.seen).toHaveLength(0);
    await s.fetch(new Request("http://localhost/api/v1/projects/x"));
    expect(srv.seen[0]).toMatchObject({ path: "/api/v1/projects/x", auth: "Bearer tok-1" });
    expect(await s.refresh()).toBe(true); // the next refresh asks the server
    expect(srv.seen.map((r) => r.path)).toEqual(["/api/v1/projects/x", "/api/v1/auth/refresh"]);
    // a refused early refresh ends the session as a refused refresh does
    const ended = new Session({ fetch: srv.fetch, timers: false, storage, early: Promise.resolve(json(401, {})) });
    await ended.restore();
    expect(ended.user).toBeNull();
    expect(storage.getItem("dr_session")).toBeNull();
  });
});
