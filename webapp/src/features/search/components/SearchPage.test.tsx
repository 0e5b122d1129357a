import { describe, expect, it } from "vitest";
import { parseTypes } from "./SearchPage";

describe("parseTypes", () => {
  it("keeps known types in the filter's order and drops the rest", () => {
    expect(parseTypes("comment,project,users")).toEqual(["project", "comment"]);
    expect(parseTypes(null)).toEqual([]);
    expect(parseTypes("")).toEqual([]);
  });
});
