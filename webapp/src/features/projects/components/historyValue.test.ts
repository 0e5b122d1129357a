import { describe, expect, it } from "vitest";
import i18n, { setLanguage } from "../../../i18n";
import { historyValue } from "./historyValue";

describe("historyValue", () => {
  it("shows labels instead of stored codes", async () => {
    await setLanguage("de");
    const t = i18n.t.bind(i18n);
    expect(historyValue(t, "status", "in_progress")).toBe(t("projectStatus.in_progress"));
    expect(historyValue(t, "status", "in_progress")).not.toBe("in_progress");
    expect(historyValue(t, "principles", "inclusion,once_only")).toBe(`${t("principle.inclusion")}, ${t("principle.once_only")}`);
    expect(historyValue(t, "comments_open", "false")).toBe("Nein");
    expect(historyValue(t, "title", "Neuer Titel")).toBe("Neuer Titel");
    expect(historyValue(t, "principles", "")).toBe("");
    expect(historyValue(t, "kpi.direction", "Online-Anteil: decrease")).toBe(`Online-Anteil: ${t("projectKpis.direction.decrease")}`);
    expect(historyValue(t, "kpi.principle", "Online-Anteil: inclusion")).toBe(`Online-Anteil: ${t("principle.inclusion")}`);
    expect(historyValue(t, "kpi.principle", "Online-Anteil: ")).toBe("Online-Anteil: ");
    expect(historyValue(t, "kpi.measurement_corrected", "Online-Anteil: 12 (2026-03-01)")).toBe("Online-Anteil: 12 (2026-03-01)");
  });
});
