import { describe, expect, it, vi } from "vitest";
import { firstView } from "./firstView";

describe("firstView", () => {
  it("loads once for all parts, hands each part out once, and sends later fetches to the part's own route", async () => {
    const load = vi.fn(async () => ({ a: 1, b: "zwei" }));
    const take = firstView(load);
    const ownA = vi.fn(async () => 10);
    const ownB = vi.fn(async () => "own");
    expect(load).not.toHaveBeenCalled();
    await expect(Promise.all([take("a", ownA), take("b", ownB)])).resolves.toEqual([1, "zwei"]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(ownA).not.toHaveBeenCalled();
    // A refetch of a part (after an invalidation) must not get the first answer again.
    await expect(take("a", ownA)).resolves.toBe(10);
    expect(ownA).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("starts the load only when a part is taken", async () => {
    const load = vi.fn(async () => ({ a: 1 }));
    firstView(load);
    expect(load).not.toHaveBeenCalled();
  });

  it("rejects every part taken from a failed load (each query shows its error as with its own route)", async () => {
    const take = firstView<{ a: number; b: number }>(async () => {
      throw new Error("404");
    });
    await expect(take("a", async () => 1)).rejects.toThrow("404");
    await expect(take("b", async () => 2)).rejects.toThrow("404");
    // Retrying a part asks its own route.
    await expect(take("a", async () => 1)).resolves.toBe(1);
  });
});
