import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { setLanguage } from "../../i18n";
import { ApiError } from "../api/problem";
import { fieldErrors } from "./fields";
import { TextField } from "./Form";

const problem = (errors: { field: string; code: string }[]) =>
  new ApiError(422, "validation_failed", { code: "validation_failed", errors: errors.map((e) => ({ ...e, message: "raw server text" })) });

describe("field errors", () => {
  it("maps a validation problem to field → code, first error per field, list indexes folded", () => {
    expect(
      fieldErrors(
        problem([
          { field: "password", code: "min" },
          { field: "password", code: "contains_personal_data" },
          { field: "principles[1]", code: "oneof" },
        ]),
      ),
    ).toEqual({ password: "min", principles: "oneof" });
    expect(fieldErrors(new ApiError(412, "version_mismatch"))).toEqual({});
    expect(fieldErrors(new Error("x"))).toEqual({});
  });

  it("shows the translated error next to its field, tied with aria-describedby, never the server's text", async () => {
    await setLanguage("de");
    const fe = fieldErrors(problem([{ field: "email", code: "taken" }]));
    render(<TextField id="reg-email" label="E-Mail-Adresse" value="" onChange={() => {}} error={fe.email} />);
    const input = screen.getByLabelText("E-Mail-Adresse");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("reg-email-error");
    expect(document.getElementById("reg-email-error")?.textContent).toContain("Das ist schon vergeben.");
    expect(document.body.textContent).not.toContain("raw server text");
  });
});
