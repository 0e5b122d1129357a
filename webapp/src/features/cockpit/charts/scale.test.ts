import { describe, expect, it } from "vitest";
import { barWidths, dayNumber, linePath, linearScale, niceDomain, niceStep, yearTicks } from "./scale";
import { seriesGeometry } from "./timeSeries";

describe("scale helpers", () => {
  it("maps a domain linearly onto a range, also reversed (SVG y grows downwards)", () => {
    const s = linearScale(0, 100, 0, 200);
    expect(s(0)).toBe(0);
    expect(s(50)).toBe(100);
    expect(s(100)).toBe(200);
    const y = linearScale(0, 10, 300, 20);
    expect(y(0)).toBe(300);
    expect(y(10)).toBe(20);
    expect(y(5)).toBe(160);
    expect(linearScale(3, 3, 0, 10)(3)).toBe(5);
  });

  it("rounds tick steps to 1, 2, 2.5, 5 × 10^n", () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.5)).toBe(2);
    expect(niceStep(2.3)).toBe(2.5);
    expect(niceStep(4)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(130)).toBe(200);
    expect(niceStep(0.03)).toBeCloseTo(0.05);
    expect(niceStep(0)).toBe(1);
  });

  it("widens a domain to nice ticks that cover it", () => {
    expect(niceDomain(12, 87)).toEqual({ min: 0, max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceDomain(0.1, 0.7).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceDomain(0.1, 0.7, 6).ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    const one = niceDomain(50, 50);
    expect(one.min).toBeLessThan(50);
    expect(one.max).toBeGreaterThan(50);
    expect(niceDomain(0, 0).max).toBeGreaterThan(0);
    expect(niceDomain(-5, 5).ticks).toContain(0);
  });

  it("counts days from the epoch and finds year starts", () => {
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(dayNumber("2025-01-01")).toBe(20089);
    expect(dayNumber("2025-01-01T10:00:00Z")).toBe(20089);
    expect(yearTicks(dayNumber("2024-06-01"), dayNumber("2026-03-01")).map((t) => t.year)).toEqual([2025, 2026]);
  });

  it("draws polylines and scales bars against the largest value", () => {
    expect(linePath([])).toBe("");
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5.123, y: 2 },
      ]),
    ).toBe("M0,10 L5.12,2");
    expect(barWidths([1, 2, 4], 100)).toEqual([25, 50, 100]);
    expect(barWidths([0, 0], 100)).toEqual([0, 0]);
    expect(barWidths([], 100)).toEqual([]);
  });
});

describe("time series geometry", () => {
  const box = { width: 500, height: 300, left: 50, right: 50, top: 20, bottom: 80 }; // plot 50…450 × 220…20
  const input = {
    baseline: { value: 0, date: "2024-01-01" },
    target: { value: 100, date: "2026-01-01" },
    measurements: [
      { id: "c", value: 80, measured_at: "2025-01-01", corrected_by: null },
      { id: "a", value: 20, measured_at: "2024-07-01", corrected_by: "b" },
      { id: "b", value: 30, measured_at: "2024-07-01", corrected_by: null },
    ],
  };
  const g = seriesGeometry(input, box);

  it("puts baseline and target at the plot's corners and the expected line between them", () => {
    expect(g.baseline).toEqual({ x: 50, y: 220 });
    expect(g.target).toEqual({ x: 450, y: 20 });
    expect(g.expected).toBe("M50,220 L450,20");
    expect(g.targetLine).toBe("M50,20 L450,20");
    expect(g.targetDate).toBe("M450,220 L450,20");
  });

  it("draws the valid measurements oldest first and keeps corrected ones off the line", () => {
    expect(g.points.map((p) => p.id)).toEqual(["b", "c"]);
    expect(g.corrected.map((p) => p.id)).toEqual(["a"]);
    // 2025-01-01 is day 366 of 731: x = 50 + 400 × 366/731
    expect(g.points[1]!.x).toBeCloseTo(50 + (400 * 366) / 731, 1);
    expect(g.points[1]!.y).toBe(60); // 80 of 0…100 on 220…20
    expect(g.line.startsWith("M")).toBe(true);
    expect(g.line.split("L")).toHaveLength(2);
    expect(g.yTicks[0]).toEqual({ value: 0, y: 220 });
    expect(g.xTicks.map((t) => t.year)).toEqual([2024, 2025, 2026]);
  });

  it("copes with a decreasing KPI and no measurements", () => {
    const d = seriesGeometry({ baseline: { value: 40, date: "2025-01-01" }, target: { value: 10, date: "2027-01-01" }, measurements: [] }, box);
    expect(d.points).toEqual([]);
    expect(d.line).toBe("");
    expect(d.baseline.y).toBeGreaterThan(d.target.y === 220 ? -1 : 0);
    expect(d.target.y).toBeGreaterThan(d.baseline.y); // lower value, lower on the chart
  });
});
