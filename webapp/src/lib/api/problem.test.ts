import { beforeEach, describe, expect, it } from "vitest";
import i18n, { setLanguage } from "../../i18n";
import { ApiError, errorMessage, toApiError } from "./problem";

const problem = (status: number, code: string, detail = "raw server text") =>
  new Response(JSON.stringify({ type: `/problems/${code}`, title: "x", status, detail, code, request_id: "r1" }), {
    status,
    headers: { "Content-Type": "application/problem+json" },
  });

describe("problem codes", () => {
  beforeEach(async () => {
    await setLanguage("de");
  });

  it("reads the code from a problem body", async () => {
    const err = await toApiError(problem(401, "invalid_credentials"));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.code).toBe("invalid_credentials");
  });

  it("shows known codes through i18n, never the server's text", async () => {
    const t = i18n.t.bind(i18n);
    expect(errorMessage(t, await toApiError(problem(401, "invalid_credentials")))).toBe(
      "E-Mail-Adresse oder Passwort sind nicht richtig.",
    );
    expect(errorMessage(t, await toApiError(problem(429, "rate_limited")))).toContain("Zu viele Versuche");
    await setLanguage("en");
    expect(errorMessage(t, await toApiError(problem(429, "rate_limited")))).toContain("Too many attempts");
    expect(errorMessage(t, await toApiError(problem(418, "brand_new_code")))).toBe("Something went wrong. Please try again later.");
  });

  it("maps bodies without a problem and network failures to generic codes", async () => {
    const t = i18n.t.bind(i18n);
    expect((await toApiError(new Response("<html>", { status: 502 }))).code).toBe("internal_error");
    expect((await toApiError(new Response("nope", { status: 404 }))).code).toBe("unknown");
    expect(errorMessage(t, new TypeError("Failed to fetch"))).toBe(i18n.t("errors.network_error"));
    expect(errorMessage(t, new ApiError(400, "../../etc"))).toBe(i18n.t("errors.unknown"));
  });
});
