import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Coalescer } from "./live";

describe("Coalescer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs once for a burst of pokes, after the delay", async () => {
    const run = vi.fn(() => Promise.resolve());
    const c = new Coalescer(run, 1000);
    for (let i = 0; i < 20; i++) c.poke();
    await vi.advanceTimersByTimeAsync(999);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it("a poke during a run schedules exactly one more run after it", async () => {
    let finish: () => void = () => {};
    const run = vi.fn(() => new Promise<void>((r) => (finish = r)));
    const c = new Coalescer(run, 1000);
    c.poke();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(1);
    c.poke();
    c.poke();
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(run).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("stop cancels a pending run", async () => {
    const run = vi.fn(() => Promise.resolve());
    const c = new Coalescer(run, 1000);
    c.poke();
    c.stop();
    c.poke();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).not.toHaveBeenCalled();
  });
});
