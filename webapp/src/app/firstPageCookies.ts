// A cookie for the server's first answer (api/spa_firstpage.go), which sends index.html with preload hints
// for the requested page: dr_signed_in=1 while the SPA has a session (or is restoring one). The server
// preloads a page's API requests only for anonymous visitors, whose answers are the same for everyone,
// since the browser matches a preload to a request by address, not by headers: a preloaded anonymous
// answer could be handed to the SPA's request that carries a token. It holds no identity, only "1", and is removed when the session ends.

type CookieJar = Pick<Document, "cookie">;

function has(doc: CookieJar, name: string): boolean {
  return doc.cookie.split(";").some((c) => c.trim().split("=")[0] === name);
}

function write(doc: CookieJar, name: string, value: string | null): void {
  const secure = typeof location !== "undefined" && location.protocol === "https:" ? "; Secure" : "";
  doc.cookie = value === null ? `${name}=; Path=/; Max-Age=0; SameSite=Lax${secure}` : `${name}=${value}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/** markSession sets or removes dr_signed_in when the state changed. */
export function markSession(signedIn: boolean, doc: CookieJar = document): void {
  if (has(doc, "dr_signed_in") === signedIn) return;
  write(doc, "dr_signed_in", signedIn ? "1" : null);
}
