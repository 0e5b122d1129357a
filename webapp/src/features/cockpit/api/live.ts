// The cockpit follows the public live topic "kpis" (the KPI events of every project): an event schedules
// one refetch after a short delay, so that a burst of events (a series of figures entered in a row) costs
// a single request, never a refetch per event.
import { useEffect, useRef, useState } from "react";
import { useLiveTopic, type LiveEvent } from "../../../lib/useLive";

/** kpisTopic carries kpi.created, kpi.updated and kpi.measurement_created of all projects. */
export const kpisTopic = "kpis";

/** refetchDelayMs is how long events are gathered before one refetch. */
export const refetchDelayMs = 1_000;

/**
 * Coalescer runs `run` once, `delayMs` after the first of any number of calls to `poke` within that time;
 * a poke while a run is in flight schedules one more run after it. stop() cancels what is pending.
 */
export class Coalescer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly run: () => Promise<unknown>,
    private readonly delayMs: number,
  ) {}

  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.timer ??= setTimeout(() => void this.fire(), this.delayMs);
  }

  private async fire(): Promise<void> {
    this.timer = null;
    this.running = true;
    try {
      await this.run();
    } catch {
      // the query shows its own error
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.poke();
    }
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * useLiveRefetch calls refetch (coalesced, see Coalescer) for every event of the kpis topic that matches,
 * and after a reset. It returns the time of the last refetch it made, for a polite status message.
 */
export function useLiveRefetch(matches: (ev: LiveEvent) => boolean, refetch: () => Promise<unknown>, delayMs = refetchDelayMs): Date | null {
  const [updated, setUpdated] = useState<Date | null>(null);
  const ref = useRef({ matches, refetch });
  useEffect(() => {
    ref.current = { matches, refetch };
  });
  const coalescer = useRef<Coalescer | null>(null);
  useEffect(() => {
    const c = new Coalescer(async () => {
      await ref.current.refetch();
      setUpdated(new Date());
    }, delayMs);
    coalescer.current = c;
    return () => c.stop();
  }, [delayMs]);
  useLiveTopic(kpisTopic, {
    onEvent: (ev) => {
      if (ref.current.matches(ev)) coalescer.current?.poke();
    },
    onReset: () => coalescer.current?.poke(),
  });
  return updated;
}
