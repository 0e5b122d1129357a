import { describe, expect, it } from "vitest";
import { filtersToParams, parseFilters } from "./filters";

describe("project filters ↔ URL", () => {
  it("reads valid filters and drops unknown values", () => {
    const f = parseFilters(new URLSearchParams("status=done&principle=inclusion&owner=%20B%C3%BCrgeramt%20&q=Termin&sort=title"));
    expect(f).toEqual({ status: "done", principle: "inclusion", owner: "Bürgeramt", q: "Termin", sort: "title" });
    expect(parseFilters(new URLSearchParams("status=bogus&principle=x&sort=evil&q="))).toEqual({ sort: "priority" });
  });

  it("writes only set values and leaves out the default sort, so URLs stay short and shareable", () => {
    expect(filtersToParams({ sort: "priority" }).toString()).toBe("");
    expect(filtersToParams({ sort: "newest", status: "pilot", q: "  kita " }).toString()).toBe("q=kita&status=pilot&sort=newest");
  });

  it("round-trips", () => {
    const f = { sort: "activity" as const, status: "idea" as const, principle: "once_only" as const, owner: "Amt für Schulen", q: "WLAN" };
    expect(parseFilters(filtersToParams(f))).toEqual(f);
  });
});
