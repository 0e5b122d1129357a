import { beforeAll, describe, expect, it } from "vitest";
import i18n from "../../../i18n";
import commonDe from "../../../i18n/de.json";
import commonEn from "../../../i18n/en.json";
import de from "../i18n/de.json";
import en from "../i18n/en.json";
import type { Cockpit } from "../api/cockpit";
import { kpiSummary, onPlan, summaryLines } from "./summary";

const kpis = (reached: number, on_track: number, behind: number, no_data: number): Cockpit["kpis"] => ({
  total: reached + on_track + behind + no_data,
  by_status: { reached, on_track, behind, no_data },
  most_behind: [],
});

beforeAll(() => {
  // both languages' texts, whatever the test browser prefers
  for (const [lng, texts] of [["de", commonDe], ["de", de], ["en", commonEn], ["en", en]] as const) i18n.addResourceBundle(lng, "translation", texts, true, true);
});

describe("cockpit summary", () => {
  it("counts reached and on-track KPIs as in plan", () => {
    expect(onPlan({ reached: 1, on_track: 2, behind: 8, no_data: 1 })).toBe(3);
  });

  it("says how many KPIs are in plan, in German and English", () => {
    const de = i18n.getFixedT("de");
    expect(kpiSummary(de, kpis(1, 2, 8, 1))).toBe("3 von 12 Kennzahlen im Plan (davon 1 am Ziel), 8 im Rückstand, 1 noch ohne Messwert.");
    expect(kpiSummary(de, kpis(0, 0, 0, 0))).toBe("Noch keine Kennzahlen.");
    const en = i18n.getFixedT("en");
    expect(kpiSummary(en, kpis(1, 2, 8, 1))).toBe("3 of 12 indicators on track (1 of them at their target), 8 behind, 1 without a measurement yet.");
  });

  it("adds projects, contributions and response times", () => {
    const de = i18n.getFixedT("de");
    const c = {
      kpis: kpis(0, 1, 1, 0),
      projects: { total: 5 },
      participation: { total: 240 },
      response_times: { overall: { project: null, questions: 10, answered: 9, open: 1, median_response_seconds: 3 * 86400, answered_within_14_days: 0.8 } },
    } as unknown as Cockpit;
    expect(summaryLines(de, "de", c)).toEqual([
      "1 von 2 Kennzahlen im Plan (davon 0 am Ziel), 1 im Rückstand, 0 noch ohne Messwert.",
      "5 Vorhaben mit 240 veröffentlichten Beiträgen.",
      `10 Fragen an die Verwaltung; Median der Antwortzeit: ${de("duration.days", { count: 3 })}; 80\u00a0% innerhalb von 14 Tagen beantwortet.`,
    ]);
  });
});
