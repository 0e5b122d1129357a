import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import deCommon from "../../../i18n/de.json";
import type { Kpi } from "../api/kpis";
import deProjects from "../i18n/de.json";
import { KpiEditForm } from "./KpiEditForm";
import { rebase, toPatch, toValues } from "./kpiEdit";

const de = { ...deCommon, ...deProjects };

const kpi: Kpi = {
  id: "7",
  project: "p",
  project_title: "Projekt",
  owner_unit: "Bürgeramt",
  name: "Online-Anteil",
  description: "alt",
  unit: "%",
  direction: "increase",
  baseline: { value: 10, date: "2025-01-01" },
  target: { value: 60, date: "2028-12-31" },
  principle: "citizen_centred",
  version: 1,
  latest: null,
  progress: null,
  expected_progress: null,
  status: "no_data",
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
  permissions: { edit: true, record_measurement: true },
};

afterEach(() => vi.unstubAllGlobals());

function json(status: number, body: unknown, type = "application/json") {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type } });
}

function setup(answers: ((req: Request) => Response)[], load = vi.fn(async () => kpi)) {
  const calls: { method: string; ifMatch: string | null; body: unknown }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (req: Request) => {
      calls.push({ method: req.method, ifMatch: req.headers.get("If-Match"), body: req.method === "GET" ? null : await req.clone().json() });
      const a = answers.shift();
      if (!a) throw new Error(`unexpected request ${req.method} ${req.url}`);
      return a(req);
    }),
  );
  const close = vi.fn();
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false }, queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <KpiEditForm slug="p" kpi={kpi} onClose={close} load={load} />
    </QueryClientProvider>,
  );
  return { calls, close, load };
}

describe("kpiEdit", () => {
  it("sends only what changed; a changed target value sends the whole point; figures compare as numbers", () => {
    const base = toValues(kpi, "de");
    expect(toPatch(base, { ...base, baselineValue: "10,0" })).toEqual({});
    expect(toPatch(base, { ...base, targetValue: "75,5" })).toEqual({ target: { value: 75.5, date: "2028-12-31" } });
    expect(toPatch(base, { ...base, principle: "" })).toEqual({ principle: null });
  });

  it("rebase keeps the user's edits on top of the new state and names the fields someone else changed", () => {
    const old = toValues(kpi, "de");
    const now = toValues({ ...kpi, description: "neu", target: { value: 60, date: "2029-06-30" } }, "de");
    const r = rebase(old, { ...old, targetValue: "80" }, now);
    expect(r.form).toEqual({ ...now, targetValue: "80" });
    expect(r.theirs).toEqual(["description", "targetDate"]);
  });
});

// user-event typing is slow on a loaded machine: room beyond vitest's 5 s default.
describe("KpiEditForm", { timeout: 30_000 }, () => {
  it("opens prefilled with the focus on the name; a 412 reloads the KPI, keeps the typed target and saves on the new version", async () => {
    await setLanguage("de");
    const current: Kpi = { ...kpi, version: 2, description: "neu von jemand anderem", target: { value: 60, date: "2029-06-30" } };
    const problem = { type: "about:blank", title: "Precondition Failed", status: 412, code: "version_mismatch" };
    const { calls, close, load } = setup(
      [() => json(412, problem, "application/problem+json"), () => json(200, { ...current, version: 3, target: { value: 80, date: "2029-06-30" } })],
      vi.fn(async () => current),
    );
    const name = screen.getByLabelText(de.projectKpis.form.name, { exact: false });
    expect(document.activeElement).toBe(name);
    expect((name as HTMLInputElement).value).toBe("Online-Anteil");
    const target = document.getElementById("kpi-edit-target-value") as HTMLInputElement;
    expect(target.value).toBe("60");
    await userEvent.clear(target);
    await userEvent.type(target, "80");
    await userEvent.click(screen.getByRole("button", { name: de.projectKpis.edit.save }));

    await screen.findByTestId("kpi-edit-conflict");
    expect(load).toHaveBeenCalledWith("7");
    expect(calls[0]).toEqual({ method: "PATCH", ifMatch: "1", body: { target: { value: 80, date: "2028-12-31" } } });
    expect(target.value).toBe("80"); // what the user typed stays
    expect((document.getElementById("kpi-edit-description") as HTMLTextAreaElement).value).toBe("neu von jemand anderem");
    expect((document.getElementById("kpi-edit-target-date") as HTMLInputElement).value).toBe("2029-06-30");
    expect(screen.getByTestId("kpi-edit-conflict").textContent).toContain(de.projectKpis.edit.field.targetDate);
    expect(close).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: de.projectKpis.edit.save }));
    await vi.waitFor(() => expect(close).toHaveBeenCalledTimes(1));
    expect(calls[1]).toEqual({ method: "PATCH", ifMatch: "2", body: { target: { value: 80, date: "2029-06-30" } } });
  });

  it("shows a field error of the server at its field and stays open", async () => {
    await setLanguage("de");
    const problem = {
      type: "about:blank",
      title: "Unprocessable",
      status: 422,
      code: "validation_failed",
      errors: [{ field: "target.value", code: "direction", message: "against the direction" }],
    };
    const { close } = setup([() => json(422, problem, "application/problem+json")]);
    const target = document.getElementById("kpi-edit-target-value") as HTMLInputElement;
    await userEvent.clear(target);
    await userEvent.type(target, "5");
    await userEvent.click(screen.getByRole("button", { name: de.projectKpis.edit.save }));
    await vi.waitFor(() => expect(document.getElementById("kpi-edit-target-value-error")).not.toBeNull());
    expect(target.getAttribute("aria-invalid")).toBe("true");
    expect(close).not.toHaveBeenCalled();
  });
});
