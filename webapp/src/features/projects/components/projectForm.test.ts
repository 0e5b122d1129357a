import { describe, expect, it } from "vitest";
import { emptyForm, rebase, toCreate, toPatch, type FormValues } from "./projectForm";

const base: FormValues = {
  ...emptyForm("Bürgeramt"),
  slug: "mobiles-buergerbuero",
  title: "Mobiles Bürgerbüro",
  summary: "Alt",
  principles: ["inclusion"],
  budget_eur: "1000",
  start_date: "2026-01-01",
  lotse_name: "Anna",
  lotse_email: "anna@example.org",
};

describe("project form", () => {
  it("patches only changed fields; empty budget and dates clear them; lotse goes as a whole", () => {
    expect(toPatch(base, base)).toEqual({});
    const form = { ...base, title: "Neu", budget_eur: "", start_date: "", lotse_email: "b@example.org", principles: ["inclusion" as const] };
    expect(toPatch(base, form)).toEqual({
      title: "Neu",
      budget_eur: null,
      start_date: null,
      lotse: { name: "Anna", email: "b@example.org" },
    });
    expect(toPatch(base, { ...base, effort: "5", expected_reach: "12" })).toEqual({ effort: 5, expected_reach: 12 });
  });

  it("creates with numbers, nulls for empty values and no lotse when none is given", () => {
    const body = toCreate({ ...emptyForm("Bürgeramt"), slug: " neu-1 ", title: "T" });
    expect(body).toMatchObject({ slug: "neu-1", owner_unit: "Bürgeramt", effort: 3, expected_reach: 0, budget_eur: null, start_date: null });
    expect(body.lotse).toBeUndefined();
  });

  it("rebases after a conflict: keeps my edits, takes their changes, names theirs and the clashes", () => {
    const mine = { ...base, summary: "Meine Kurzbeschreibung", status: "pilot" as const };
    const current = { ...base, title: "Von jemand anderem", status: "done" as const };
    const r = rebase(base, mine, current);
    expect(r.form.title).toBe("Von jemand anderem");
    expect(r.form.summary).toBe("Meine Kurzbeschreibung");
    expect(r.form.status).toBe("pilot");
    expect(r.theirs).toEqual(["title", "status"]);
    expect(r.clashes).toEqual(["status"]);
    // The next save sends exactly my changes on top of the current version.
    expect(toPatch(current, r.form)).toEqual({ summary: "Meine Kurzbeschreibung", status: "pilot" });
  });
});
