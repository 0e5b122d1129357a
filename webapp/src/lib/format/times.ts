// Formatting of response-time figures.
import type { TFunction } from "i18next";
import { numberFormat } from "./format";

/** formatDuration shows seconds as whole days (from one day on) or hours; null stays null. */
export function formatDuration(t: TFunction, seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  const hours = seconds / 3600;
  if (hours >= 24) return t("duration.days", { count: Math.round(hours / 24) });
  return t("duration.hours", { count: Math.max(0, Math.round(hours)) });
}

/** formatShare shows a share 0…1 as a percentage; null stays null. */
export function formatShare(lang: string, share: number | null | undefined): string | null {
  if (share === null || share === undefined) return null;
  return numberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(share);
}
