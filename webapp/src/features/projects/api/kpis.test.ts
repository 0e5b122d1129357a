import { describe, expect, it } from "vitest";
import { IdempotencyKeys, parseFigure } from "./kpis";

describe("parseFigure", () => {
  it("reads German and English notation and refuses the rest", () => {
    expect(parseFigure("12,5")).toBe(12.5);
    expect(parseFigure("1.234,5")).toBe(1234.5);
    expect(parseFigure("1234.5")).toBe(1234.5);
    expect(parseFigure(" -3 ")).toBe(-3);
    expect(parseFigure("")).toBeNull();
    expect(parseFigure("zwölf")).toBeNull();
    expect(parseFigure("1e3")).toBeNull();
  });
});

describe("IdempotencyKeys", () => {
  it("keeps the key for a retry of the same input and changes it for another", () => {
    let n = 0;
    const keys = new IdempotencyKeys(() => `k${++n}`);
    expect(keys.keyFor({ a: 1 })).toBe("k1");
    expect(keys.keyFor({ a: 1 })).toBe("k1");
    expect(keys.keyFor({ a: 2 })).toBe("k2");
    keys.done();
    expect(keys.keyFor({ a: 2 })).toBe("k3");
  });
});
