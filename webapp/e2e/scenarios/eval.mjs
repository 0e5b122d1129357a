// Evaluation cycles and prioritisation (issue 11): a resident and a council member evaluate a project by
// keyboard and the results show both groups side by side; the prioritisation page with axe and its
// sortable table; an admin creates a cycle.
import assert from "node:assert/strict";
import { it } from "node:test";

const project = { slug: "digitale-stadtbibliothek" }; // the demo cycle has no evaluations of it

export default (t) => {
  const { withPage, login, axe, settle, dict, de } = t;

  // evaluateByKeyboard gives every criterion the score v, moving with Tab between the radio groups and
  // with Space and the arrow keys inside a group, then saves with Enter on the button.
  async function evaluateByKeyboard(page, v, comment) {
    const criteria = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency", "overall"];
    await page.locator(`#ev-${criteria[0]}-1`).focus();
    for (const [i, c] of criteria.entries()) {
      if (i > 0) await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), `ev-${c}`);
      await page.keyboard.press("Space");
      for (let k = 1; k < v; k++) await page.keyboard.press("ArrowDown");
      assert.equal(await page.locator(`#ev-${c}-${v}`).isChecked(), true, `${c} is ${v}`);
    }
    await page.keyboard.press("Tab");
    await page.keyboard.type(comment);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), de.evaluations.save);
    await page.keyboard.press("Enter");
  }

  // The demo seed writes the evaluation cycle after the projects: wait for it.
  async function demoCycle() {
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${t.server.base}/api/v1/evaluation-cycles`);
      if (r.ok && (await r.json()).items.length > 0) return;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.fail("the demo evaluation cycle is missing");
  }

  const overallRow = (page) => page.locator(".evaluation-results tr", { has: page.locator("th", { hasText: de.evaluations.criteria.overall }) });

  it("evaluations: a resident and council@ evaluate by keyboard, results show both groups side by side", { timeout: 90_000 }, async () => {
    await demoCycle();
    // A fresh resident: the admin scenario changes the roles of resident@ (it may be council by now).
    const resident = await t.freshUser("Rita Bewertung");
    await withPage("evaluate-resident", "de", async (page) => {
      await login(page, resident.email, "de", resident.password);
      await page.goto(`${t.server.base}/projekte/${project.slug}`);
      await page.getByRole("heading", { level: 2, name: de.evaluations.heading }).waitFor();
      await page.getByText(de.evaluations.notYet).waitFor();
      await evaluateByKeyboard(page, 4, "Gute Sache");
      await page.getByText(/Ihre Bewertung ist gespeichert/).waitFor();
      assert.match((await page.locator(".evaluation-form [role=status]").textContent()) ?? "", /Öffentlichkeit/);
      await page.waitForFunction(() => /1 Bewertung/.test(document.querySelector(".evaluation-results tbody")?.textContent ?? ""));
      await axe(page, "project page with the evaluation form (resident)");
    });
    await withPage("evaluate-council", "de", async (page) => {
      await login(page, "council@example.org");
      await page.goto(`${t.server.base}/projekte/${project.slug}`);
      await page.getByRole("heading", { level: 2, name: de.evaluations.heading }).waitFor();
      await settle(page);
      await evaluateByKeyboard(page, 2, "Zu teuer");
      await page.getByText(/Ihre Bewertung ist gespeichert/).waitFor();
      assert.match((await page.locator(".evaluation-form [role=status]").textContent()) ?? "", /Digitalrat/);
      // Public 4 and council 2 side by side in one row, with the divergence in words.
      await page.waitForFunction(
        () => [...document.querySelectorAll(".evaluation-results tbody tr")].some((tr) => (tr.textContent ?? "").match(/4 · .*2 · /)),
      );
      const headers = await page.locator(".evaluation-results thead th").allTextContents();
      assert.ok(headers.includes(de.evaluations.public) && headers.includes(de.evaluations.council), `headers ${headers}`);
      const cells = await overallRow(page).locator("td").allTextContents();
      assert.match(cells[0], /Mittelwert 4 .*1 Bewertung/, `public: ${cells[0]}`);
      assert.match(cells[1], /Mittelwert 2 .*1 Bewertung/, `council: ${cells[1]}`);
      assert.equal(cells[2], de.evaluations.diverges);
      await page.getByText(`${dict.de.affiliation.science}: ${de.evaluations.fewerThan3}`).waitFor();
      // Reloaded, the saved scores are shown again.
      await page.reload();
      await page.locator("#ev-overall-2").waitFor();
      assert.equal(await page.locator("#ev-overall-2").isChecked(), true);
    });
  });

  for (const lang of ["de", "en"]) {
    it(`prioritisation (${lang}): axe, the formula, the matrix and a table sorted by header buttons`, { timeout: 60_000 }, () =>
      withPage(`prioritisation-${lang}`, lang, async (page) => {
        await demoCycle();
        const d = dict[lang];
        await page.goto(`${t.server.base}/priorisierung`);
        await page.getByRole("heading", { level: 1, name: d.prioritisation.title }).waitFor();
        await settle(page);
        await page.getByText(d.prioritisation.formula).waitFor();
        assert.equal(await page.locator("svg.priority-matrix title").first().textContent(), d.prioritisation.matrixTitle);
        await axe(page, `prioritisation (${lang})`);
        const table = page.locator("table.prioritisation-table");
        const th = table.locator("th", { has: page.getByRole("button", { name: d.prioritisation.col.priority_score }) });
        assert.equal(await th.getAttribute("aria-sort"), "descending");
        const reachButton = page.getByRole("button", { name: d.prioritisation.col.reach });
        await reachButton.focus();
        await page.keyboard.press("Enter");
        const reachTh = table.locator("th", { has: reachButton });
        assert.equal(await reachTh.getAttribute("aria-sort"), "descending");
        assert.equal(await th.getAttribute("aria-sort"), null);
        const reaches = async () =>
          (await table.locator("tbody tr td:nth-child(3)").allTextContents()).map((s) => Number(s.replace(/[^0-9]/g, "")));
        let r = await reaches();
        assert.deepEqual(r, [...r].sort((a, b) => b - a), "reach descending");
        await page.keyboard.press("Enter");
        assert.equal(await reachTh.getAttribute("aria-sort"), "ascending");
        r = await reaches();
        assert.deepEqual(r, [...r].sort((a, b) => a - b), "reach ascending");
        await page.setViewportSize({ width: 320, height: 640 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 320 px`);
      }),
    );
  }

  it("evaluation cycles: an admin creates a cycle and sees it listed", { timeout: 60_000 }, () =>
    withPage("cycles-admin", "de", async (page) => {
      await login(page, "admin@example.org");
      await page.getByRole("link", { name: de.nav.cycles }).click();
      await page.getByRole("heading", { level: 1, name: de.cycles.title }).waitFor();
      await settle(page);
      await page.getByRole("rowheader", { name: "Evaluation 2026–2029" }).waitFor();
      await page.getByLabel(de.cycles.name).fill("Evaluation 2030–2033");
      await page.getByLabel(de.cycles.opensAt).fill("2030-01-01");
      await page.getByLabel(de.cycles.closesAt).fill("2033-12-31");
      await page.getByRole("button", { name: de.cycles.submit }).click();
      await page.getByRole("status").filter({ hasText: "Evaluation 2030–2033" }).waitFor();
      await page.getByRole("rowheader", { name: "Evaluation 2030–2033" }).waitFor();
      await axe(page, "evaluation cycles (admin)");
    }),
  );
};
