// Pure helpers of the speaker timer.

/** formatClock shows seconds as mm:ss (minutes may exceed 59); negative values count as 0. */
export function formatClock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** elapsedSeconds is the time since startedAt (RFC 3339) at now (ms), never negative; 0 for a missing start. */
export function elapsedSeconds(startedAt: string | null | undefined, now: number): number {
  if (!startedAt) return 0;
  const t = Date.parse(startedAt);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.floor((now - t) / 1000));
}

/** remainingSeconds is the speaking time left (negative once it is over). */
export function remainingSeconds(startedAt: string | null | undefined, speakingTime: number, now: number): number {
  return speakingTime - elapsedSeconds(startedAt, now);
}
