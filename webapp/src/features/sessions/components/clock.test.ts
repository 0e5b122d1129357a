import { describe, expect, it } from "vitest";
import { elapsedSeconds, formatClock, remainingSeconds } from "./clock";

describe("formatClock", () => {
  it("shows mm:ss with leading zeros", () => {
    expect(formatClock(0)).toBe("00:00");
    expect(formatClock(9)).toBe("00:09");
    expect(formatClock(180)).toBe("03:00");
    expect(formatClock(61.9)).toBe("01:01");
  });
  it("lets minutes grow past an hour and clamps negatives", () => {
    expect(formatClock(3725)).toBe("62:05");
    expect(formatClock(-5)).toBe("00:00");
  });
});

describe("elapsedSeconds and remainingSeconds", () => {
  const start = "2026-12-06T20:00:00Z";
  const at = (s: number) => Date.parse(start) + s * 1000;
  it("count from the running speech's start", () => {
    expect(elapsedSeconds(start, at(75.4))).toBe(75);
    expect(remainingSeconds(start, 180, at(75))).toBe(105);
    expect(remainingSeconds(start, 180, at(200))).toBe(-20);
  });
  it("are 0 without a start, and never negative for a clock running behind", () => {
    expect(elapsedSeconds(null, at(5))).toBe(0);
    expect(elapsedSeconds("nonsense", at(5))).toBe(0);
    expect(elapsedSeconds(start, at(-3))).toBe(0);
  });
});
