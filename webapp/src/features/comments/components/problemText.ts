import type { TFunction } from "i18next";
import { ApiError, errorMessage } from "../../../lib/api/problem";

/** problemText is the message of an error, with the waiting time of a rate limit. */
export function problemText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError && err.code === "rate_limited" && err.retryAfter) return t("comments.rateLimited", { count: err.retryAfter });
  return errorMessage(t, err);
}
