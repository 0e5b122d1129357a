// Problems: every error the server sends is an RFC 9457 body with a stable `code`. The UI shows it only
// through i18n (`errors.<code>`), never the server's own text.
import type { TFunction } from "i18next";

/** Problem is the RFC 9457 body of an error response. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code: string;
  request_id?: string;
  errors?: { field: string; code: string; message: string }[];
}

/** ApiError is a failed request: the HTTP status (0 without a response) and the problem code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem?: Problem;
  /** retryAfter is the Retry-After header in seconds (429 and 503), when the server sent one. */
  retryAfter?: number;

  constructor(status: number, code: string, problem?: Problem) {
    super(`${status} ${code}`);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.problem = problem;
  }
}

/** readRetryAfter reads a Retry-After header given in seconds. */
export function readRetryAfter(res: Response): number | undefined {
  const v = res.headers.get("Retry-After");
  return v !== null && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** toApiError reads a problem body from a failed response; anything else becomes `unknown`. */
export async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  if (body && typeof body === "object" && typeof (body as Problem).code === "string") {
    return new ApiError(res.status, (body as Problem).code, body as Problem);
  }
  return new ApiError(res.status, res.status >= 500 ? "internal_error" : "unknown");
}

/** errorCode is the i18n-relevant code of any thrown value. */
export function errorCode(err: unknown): string {
  if (err instanceof ApiError) return err.code;
  if (err instanceof TypeError) return "network_error"; // fetch rejects with TypeError when offline
  return "unknown";
}

/** errorMessage translates an error through `errors.<code>`, falling back to a generic message. */
export function errorMessage(t: TFunction, err: unknown): string {
  const code = errorCode(err);
  if (!/^[a-z0-9_]+$/.test(code)) return t("errors.unknown");
  return t(`errors.${code}`, { defaultValue: t("errors.unknown") });
}
