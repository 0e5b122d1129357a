import { describe, expect, it } from "vitest";
import { dateTimeFormat, formatDate, formatEUR, formatNumber, numberFormat } from "./format";

describe("format", () => {
  it("shares one formatter per language and options", () => {
    expect(numberFormat("de", { maximumFractionDigits: 2 })).toBe(numberFormat("de", { maximumFractionDigits: 2 }));
    expect(numberFormat("de", { maximumFractionDigits: 2 })).not.toBe(numberFormat("en", { maximumFractionDigits: 2 }));
    expect(numberFormat("de")).not.toBe(numberFormat("de", { maximumFractionDigits: 2 }));
    expect(dateTimeFormat("de", { dateStyle: "long", timeZone: "UTC" })).toBe(dateTimeFormat("de", { dateStyle: "long", timeZone: "UTC" }));
  });

  it("formats in the language asked for, also after another language", () => {
    expect(formatNumber("de", 12345)).toBe("12.345");
    expect(formatNumber("en", 12345)).toBe("12,345");
    expect(formatDate("de", "2026-03-05")).toBe("5. März 2026");
    expect(formatDate("en", "2026-03-05")).toBe("March 5, 2026");
    expect(formatDate("de", "2026-03-05T10:00:00Z", true)).toBe("5. März 2026 um 11:00");
    expect(formatEUR("de", 1500)).toMatch(/^1\.500\s€$/);
  });
});
