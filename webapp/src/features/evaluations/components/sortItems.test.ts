import { describe, expect, it } from "vitest";
import { sortItems } from "./PrioritisationPage";

const item = (slug: string, reach: number, priority: number, pub: number | null) => ({
  slug, title: slug, status: "planned", reach, effort: 2, ease: 4, supports: 0, public_overall: pub, council_overall: null, priority_score: priority,
});

describe("sortItems", () => {
  const items = [item("b", 100, 50, 3), item("a", 1000, 500, null), item("c", 10, 5, 4.5)];
  it("sorts numbers both ways, nulls last", () => {
    expect(sortItems(items, "reach", "ascending").map((i) => i.slug)).toEqual(["c", "b", "a"]);
    expect(sortItems(items, "public_overall", "descending").map((i) => i.slug)).toEqual(["c", "b", "a"]);
    expect(sortItems(items, "public_overall", "ascending").map((i) => i.slug)).toEqual(["b", "c", "a"]);
  });
  it("sorts titles", () => {
    expect(sortItems(items, "title", "ascending").map((i) => i.slug)).toEqual(["a", "b", "c"]);
  });
});
