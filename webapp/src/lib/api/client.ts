// The API client. The access token lives in memory only (never in storage, never in a URL). It is
// refreshed silently through the HttpOnly refresh cookie shortly before it expires and once after a 401;
// a failed refresh ends the session.
import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.gen";
import { ApiError, readRetryAfter, type Problem } from "./problem";

/** User is a user as the user themself and admins see it. */
export type User = components["schemas"]["User"];

/** TokenResponse is the body of login and refresh. */
export type TokenResponse = components["schemas"]["LoginResponse"];

const refreshPath = "/api/v1/auth/refresh";
const authPaths = ["/api/v1/auth/login", refreshPath, "/api/v1/auth/logout"];
// A non-secret hint that a refresh cookie probably exists, so anonymous visitors skip the refresh call.
const hintKey = "dr_session";

/** SessionOptions make the session testable. */
export interface SessionOptions {
  fetch?: (req: Request) => Promise<Response>;
  now?: () => number;
  /** refresh this many milliseconds before the token expires */
  marginMs?: number;
  /** schedule a timer for the proactive refresh (off in tests) */
  timers?: boolean;
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null;
  /**
   * early is the answer of a refresh already sent for this page (for the first refresh only): the server
   * sends a signed-in visitor's page with a script that posts it while the page loads (earlyRefreshKey).
   */
  early?: Promise<Response>;
}

/** earlyRefreshKey names the global of the refresh that the page's head sent (api/spa_firstpage.go). */
const earlyRefreshKey = "__drRefresh";

/** takeEarlyRefresh returns the refresh the page's head sent, once. */
function takeEarlyRefresh(): Promise<Response> | undefined {
  const g = globalThis as unknown as Record<string, Promise<Response> | undefined>;
  const p = g[earlyRefreshKey];
  delete g[earlyRefreshKey];
  return p;
}

/** Session keeps the access token and the user in memory and refreshes the token. */
export class Session {
  private token: string | null = null;
  private expiresAt = 0;
  private current: User | null = null;
  private inflight: Promise<boolean> | null = null;
  private restoring = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private listeners = new Set<() => void>();
  private early: Promise<Response> | undefined;
  private readonly doFetch: (req: Request) => Promise<Response>;
  private readonly now: () => number;
  private readonly marginMs: number;
  private readonly timers: boolean;
  private readonly storage: SessionOptions["storage"];
  /** client is the typed API client that sends through this session. */
  readonly client: Client<paths>;

  constructor(o: SessionOptions = {}) {
    this.doFetch = o.fetch ?? ((req) => globalThis.fetch(req));
    this.now = o.now ?? Date.now;
    this.marginMs = o.marginMs ?? 60_000;
    this.timers = o.timers ?? true;
    this.storage = o.storage === undefined ? safeLocalStorage() : o.storage;
    this.early = "early" in o ? o.early : takeEarlyRefresh();
    this.client = createClient<paths>({ baseUrl: origin(), fetch: this.fetch });
  }

  /** user is the logged-in user or null. */
  get user(): User | null {
    return this.current;
  }

  /** subscribe follows login and logout (for useSyncExternalStore). */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getUser = (): User | null => this.current;

  /** isRestoring is true while the session of an earlier page is being restored at start (user unknown yet). */
  isRestoring = (): boolean => this.restoring;

  /** set stores a token from login or refresh. */
  set(t: TokenResponse): void {
    this.token = t.access_token;
    this.expiresAt = this.now() + t.expires_in * 1000;
    this.current = t.user;
    this.storage?.setItem(hintKey, "1");
    if (this.timers) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.refresh(), Math.max(t.expires_in * 1000 - this.marginMs, 1000));
    }
    this.emit();
  }

  /** setUser replaces the user after a profile change (the token stays). */
  setUser(u: User): void {
    this.current = u;
    this.emit();
  }

  /** clear forgets the token and the user. */
  clear(): void {
    const had = this.token !== null || this.current !== null;
    this.token = null;
    this.expiresAt = 0;
    this.current = null;
    clearTimeout(this.timer);
    this.storage?.removeItem(hintKey);
    if (had) this.emit();
  }

  /** refresh asks for a new token with the refresh cookie; concurrent callers share one request. */
  refresh(): Promise<boolean> {
    if (!this.inflight) {
      this.inflight = (async () => {
        try {
          const early = this.early;
          this.early = undefined;
          const res = await (early ??
            this.doFetch(
              new Request(abs(refreshPath), {
                method: "POST",
                credentials: "same-origin",
                headers: { "X-Requested-With": "digitalrat" },
              }),
            ));
          if (!res.ok) {
            this.clear();
            return false;
          }
          this.set((await res.json()) as TokenResponse);
          return true;
        } catch {
          return false; // offline: keep the session, the next request tries again
        } finally {
          this.inflight = null;
        }
      })();
    }
    return this.inflight;
  }

  /** restore refreshes once at start when an earlier page had a session. */
  async restore(): Promise<void> {
    if (this.token !== null || this.storage?.getItem(hintKey) !== "1") return;
    this.restoring = true;
    this.emit();
    try {
      await this.refresh();
    } finally {
      this.restoring = false;
      this.emit();
    }
  }

  /** accessToken is a token that is not about to expire, refreshing first when needed. */
  async accessToken(): Promise<string | null> {
    // A request made while the session of an earlier page is restored waits for it: sent anonymously, its
    // answer (e.g. a resource's permissions) could land in the cache after the login's refetch.
    if (this.token === null && this.restoring && this.inflight) await this.inflight;
    if (this.token !== null && this.expiresAt - this.now() < this.marginMs) await this.refresh();
    return this.token;
  }

  /** fetch sends req with the bearer token and retries once after a refresh when it gets a 401. */
  fetch = async (req: Request): Promise<Response> => {
    const path = new URL(req.url, "http://x").pathname;
    if (authPaths.includes(path)) return this.doFetch(withHeader(req));
    const retry = req.clone();
    const token = await this.accessToken();
    const res = await this.doFetch(withHeader(req, token));
    if (res.status !== 401) return res;
    // Anonymous requests that hit a 401 retry only when a refresh cookie probably exists.
    if (token === null && this.storage?.getItem(hintKey) !== "1") return res;
    if (!(await this.refresh())) return res;
    return this.doFetch(withHeader(retry, this.token));
  };

  /** login posts the credentials and keeps the token; errors are ApiErrors with the problem code. */
  async login(email: string, password: string): Promise<User> {
    const t = await unwrap(this.client.POST("/api/v1/auth/login", { body: { email, password } }));
    this.set(t);
    return t.user;
  }

  /** logout ends the session on the server (revoking the refresh cookie) and always forgets it here. */
  async logout(): Promise<void> {
    try {
      await this.doFetch(
        new Request(abs("/api/v1/auth/logout"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-Requested-With": "digitalrat" },
        }),
      );
    } finally {
      this.clear();
    }
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }
}

function withHeader(req: Request, token?: string | null): Request {
  const r = new Request(req, { credentials: "same-origin" });
  r.headers.set("X-Requested-With", "digitalrat");
  if (token) r.headers.set("Authorization", `Bearer ${token}`);
  return r;
}

function origin(): string {
  return typeof location === "undefined" ? "http://localhost" : location.origin;
}

/** abs resolves a path against this page's origin (Request needs absolute URLs outside browsers). */
function abs(path: string): string {
  return new URL(path, origin()).toString();
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/**
 * unwrap awaits an openapi-fetch call and returns its data, or throws an ApiError with the problem code
 * (a response without a problem body becomes `unknown`, or `internal_error` for a 5xx).
 */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  const p = error as Problem | undefined;
  const err =
    p && typeof p === "object" && typeof p.code === "string"
      ? new ApiError(response.status, p.code, p)
      : new ApiError(response.status, response.status >= 500 ? "internal_error" : "unknown");
  err.retryAfter = readRetryAfter(response);
  throw err;
}

/** session is the one session of this tab. */
export const session = new Session();

/** api is the typed client for the paths in openapi.yaml. */
export const api = session.client;

export { ApiError };
