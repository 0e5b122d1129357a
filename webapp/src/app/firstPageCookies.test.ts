import { describe, expect, it } from "vitest";
import { markSession } from "./firstPageCookies";

// A cookie jar like document.cookie: writing adds or replaces one cookie, Max-Age=0 removes it.
function jar() {
  const cookies = new Map<string, string>();
  let writes = 0;
  return {
    get writes() {
      return writes;
    },
    get cookie() {
      return [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    },
    set cookie(s: string) {
      writes++;
      const [pair = "", ...attrs] = s.split(";").map((x) => x.trim());
      const [k = "", v = ""] = pair.split("=");
      if (attrs.includes("Max-Age=0")) cookies.delete(k);
      else cookies.set(k, v);
    },
  };
}

describe("first page cookie", () => {
  it("marks a session and removes the mark, writing only on changes", () => {
    const doc = jar();
    markSession(false, doc);
    expect(doc.writes).toBe(0);
    markSession(true, doc);
    markSession(true, doc);
    expect(doc.cookie).toBe("dr_signed_in=1");
    expect(doc.writes).toBe(1);
    markSession(false, doc);
    expect(doc.cookie).toBe("");
  });
});
