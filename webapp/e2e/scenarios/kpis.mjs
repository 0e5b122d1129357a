// KPIs on the project page (issue 13): the official of the owning department (official@, Bürgeramt owns
// the demo project) adds a KPI by keyboard — first seeing the server's field errors at the fields — and
// records a measurement and a correction of it by mouse; an anonymous visitor sees the KPI with its status
// as text (German and English, axe); a resident sees the list but no forms, and the API refuses the write.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it } from "node:test";

export default (t) => {
  const { withPage, login, axe, settle, apiLogin, dict, de, en } = t;
  const projectPath = () => `${t.server.base}/projekte/${t.demoProject.slug}`;
  const name = `Online-Anteil der Termine ${randomBytes(3).toString("hex")}`;
  const statuses = (lang) => Object.values(dict[lang].projectKpis.status);

  const openProject = async (page) => {
    await page.goto(projectPath());
    await page.getByRole("heading", { level: 1, name: t.demoProject.title }).waitFor();
    await page.getByRole("heading", { level: 2, name: de.projectKpis.heading }).waitFor();
    await settle(page);
  };
  const kpiRow = (page) => page.locator("[data-testid=kpi-table] tbody tr", { has: page.getByRole("link", { name }) });

  it("kpis: the official of the owning department adds a KPI by keyboard and records a measurement and a correction by mouse, which the cockpit's KPI page shows; axe (de)", { timeout: 120_000 }, () =>
    withPage("kpis-official", "de", async (page) => {
      await login(page, "official@example.org", "de");
      await openProject(page);

      // Keyboard: open the form, send it empty, see the errors at their fields.
      await page.getByRole("button", { name: de.projectKpis.create }).focus();
      await page.keyboard.press("Enter");
      const form = page.locator("form.kpi-create");
      await form.getByRole("heading", { level: 3, name: de.projectKpis.create }).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === "kpi-name"); // focus follows into the form
      await form.getByRole("button", { name: de.projectKpis.form.save }).focus();
      await page.keyboard.press("Enter");
      await page.locator("#kpi-name-error").waitFor();
      assert.equal(await page.locator("#kpi-name").getAttribute("aria-invalid"), "true");
      assert.match(await page.locator("#kpi-name").getAttribute("aria-describedby"), /kpi-name-error/);
      await page.locator("#kpi-baseline-value-error").waitFor();
      await axe(page, "KPI form with field errors");

      // Keyboard: fill it in field by field (Tab order = reading order) and submit with Enter.
      await page.locator("#kpi-name").focus();
      await page.keyboard.type(name);
      await page.keyboard.press("Tab"); // description
      await page.keyboard.type("Anteil der Termine, die online gebucht werden.");
      await page.keyboard.press("Tab"); // unit
      assert.equal(await page.evaluate(() => document.activeElement?.id), "kpi-unit");
      await page.keyboard.type("%");
      await page.keyboard.press("Tab"); // direction: "increase" stays
      assert.equal(await page.evaluate(() => document.activeElement?.id), "kpi-direction");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "kpi-baseline-value");
      await page.keyboard.type("10");
      await page.locator("#kpi-baseline-date").fill("2025-01-01");
      await page.locator("#kpi-target-value").focus();
      await page.keyboard.type("60");
      await page.locator("#kpi-target-date").fill("2028-12-31");
      await page.locator("#kpi-principle").selectOption("citizen_centred");
      await form.getByRole("button", { name: de.projectKpis.form.save }).focus();
      await page.keyboard.press("Enter");
      await page.getByText(de.projectKpis.created.replace("{{name}}", name)).waitFor();
      assert.equal(await page.locator("#kpi-name").getAttribute("aria-invalid"), null, "the errors are gone");
      const row = kpiRow(page);
      await row.waitFor();
      assert.match(await row.textContent(), new RegExp(de.projectKpis.status.no_data));
      assert.equal(
        await row.getByRole("link", { name }).getAttribute("href"),
        `/cockpit/kennzahlen/${await row.getAttribute("data-kpi")}`,
      );

      // Mouse: record a measurement of the new KPI.
      await page.getByRole("button", { name: de.projectKpis.record }).click();
      const rec = page.locator("form.kpi-record");
      await rec.getByRole("heading", { level: 3, name: de.projectKpis.record }).waitFor();
      await page.locator("#m-kpi").selectOption({ label: name });
      await page.locator("#m-value").click();
      await page.locator("#m-value").fill("12,5");
      await page.locator("#m-source").click();
      await page.locator("#m-source").fill("Terminverwaltung, Monatsauswertung");
      await page.locator("#m-source-url").fill("http://unsicher.example.org");
      await rec.getByRole("button", { name: de.projectKpis.form.saveMeasurement }).click();
      await page.locator("#m-source-url-error").waitFor(); // only https
      await page.locator("#m-source-url").fill("https://statistik.example.org/termine");
      await rec.getByRole("button", { name: de.projectKpis.form.saveMeasurement }).click();
      await page.getByText(de.projectKpis.recorded.replace("{{name}}", name)).waitFor();
      await page.waitForFunction(
        ([n]) => [...document.querySelectorAll("[data-testid=kpi-table] tbody tr")].some((r) => r.textContent.includes(n) && r.textContent.includes("12,5 %")),
        [name],
      );

      // Mouse: correct it; the correction becomes the current figure.
      await page.locator("#m-value").fill("13");
      await page.locator("#m-source").fill("Terminverwaltung, berichtigt");
      const option = page.locator("#m-corrects option", { hasText: "12,5 %" });
      await option.waitFor({ state: "attached" });
      await page.locator("#m-corrects").selectOption(await option.getAttribute("value"));
      await rec.getByRole("button", { name: de.projectKpis.form.saveMeasurement }).click();
      await page.waitForFunction(
        ([n]) => [...document.querySelectorAll("[data-testid=kpi-table] tbody tr")].some((r) => r.textContent.includes(n) && r.textContent.includes("13 %")),
        [name],
      );
      // The project's history names the KPI rows in words, not as kpi.* codes.
      const history = page.locator("section.history tbody");
      await history.locator("tr", { hasText: de.field.kpi_measurement_corrected }).first().waitFor();
      await history.locator("tr", { hasText: de.field.kpi_created }).filter({ hasText: name }).waitFor();
      assert.doesNotMatch(await history.textContent(), /kpi\./);
      const status = await row.locator("[data-status]").textContent();
      assert.ok(statuses("de").some((s) => status.includes(s)), `status as text: ${status}`);
      await axe(page, "project page with the KPI forms");

      // The cockpit's KPI page shows what the official recorded: both figures, the correction named.
      await row.getByRole("link", { name }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      const measured = page.getByTestId("kpi-measurements").locator("tbody tr");
      await page.waitForFunction(() => document.querySelectorAll("[data-testid=kpi-measurements] tbody tr").length === 2);
      const text = await page.getByTestId("kpi-measurements").textContent();
      assert.match(text, /12,5/);
      assert.match(text, /13/);
      assert.equal(await measured.count(), 2);
    }),
  );

  for (const lang of ["de", "en"]) {
    it(`kpis (${lang}): an anonymous visitor sees the KPI with its value, progress and status as text; no forms; axe`, { timeout: 60_000 }, () =>
      withPage(`kpis-anonymous-${lang}`, lang, async (page) => {
        await page.goto(projectPath());
        await page.getByRole("heading", { level: 2, name: dict[lang].projectKpis.heading }).waitFor();
        await settle(page);
        const row = kpiRow(page);
        await row.waitFor();
        const status = row.locator("[data-status]");
        const text = (await status.textContent()) ?? "";
        assert.ok(statuses(lang).some((s) => text.includes(s)), `status text in ${lang}: ${text}`);
        assert.equal(await status.locator("[aria-hidden=true]").count(), 1, "a shape beside the text");
        assert.match(await row.textContent(), /13/);
        assert.equal(await page.getByRole("button", { name: dict[lang].projectKpis.create }).count(), 0);
        assert.equal(await page.getByRole("button", { name: dict[lang].projectKpis.record }).count(), 0);
        await axe(page, `project page with KPIs (${lang})`);
      }),
    );
  }

  it("kpis: a resident sees the KPIs but no forms, and the API refuses a KPI from them", { timeout: 60_000 }, async () => {
    const resident = await t.freshUser("Rosa Kennzahl");
    const res = await fetch(`${t.server.base}/api/v1/projects/${t.demoProject.slug}/kpis`, {
      method: "POST",
      headers: { "X-Requested-With": "digitalrat", "Content-Type": "application/json", Authorization: `Bearer ${resident.token}` },
      body: JSON.stringify({ name: "Nein", direction: "increase", baseline: { value: 1, date: "2025-01-01" }, target: { value: 2, date: "2026-01-01" } }),
    });
    assert.equal(res.status, 403);
    await withPage("kpis-resident", "de", async (page) => {
      await login(page, resident.email, "de", resident.password);
      await openProject(page);
      await kpiRow(page).waitFor();
      assert.equal(await page.getByRole("button", { name: de.projectKpis.create }).count(), 0);
      assert.equal(await page.getByRole("button", { name: de.projectKpis.record }).count(), 0);
      assert.equal(await page.locator("form.kpi-create, form.kpi-record").count(), 0);
    });
  });
  // The KPI's id, read from the project's list (the official's test created it).
  const kpiOf = async () => {
    const r = await (await fetch(`${t.server.base}/api/v1/projects/${t.demoProject.slug}/kpis`)).json();
    const k = r.items.find((x) => x.name === name);
    assert.ok(k, `the KPI ${name} exists`);
    return k;
  };

  it("kpis: the official edits the KPI's target — focus into the form and back, axe de/en, a 412 keeps the typed value — and the KPI page shows the new target", { timeout: 120_000 }, () =>
    withPage("kpis-edit", "de", async (page) => {
      await login(page, "official@example.org", "de");
      await openProject(page);
      const k = await kpiOf();
      const open = page.getByRole("button", { name: `${de.projectKpis.edit.open} ${name}` });
      await open.click();
      const form = page.locator("form.kpi-edit");
      await form.getByRole("heading", { level: 3, name: de.projectKpis.edit.heading.replace("{{name}}", name) }).waitFor();
      await page.waitForFunction(() => document.activeElement?.id === "kpi-edit-name"); // focus moves into the form
      assert.equal(await page.locator("#kpi-edit-name").inputValue(), name, "prefilled");
      assert.equal(await page.locator("#kpi-edit-target-value").inputValue(), "60");
      assert.equal(await page.locator("#kpi-edit-target-date").inputValue(), "2028-12-31");
      assert.equal(await page.locator("#kpi-edit-principle").inputValue(), "citizen_centred");
      await axe(page, "KPI edit form (de)");
      await page.getByRole("button", { name: "English" }).click();
      await form.getByRole("heading", { level: 3, name: en.projectKpis.edit.heading.replace("{{name}}", name) }).waitFor();
      await axe(page, "KPI edit form (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await form.getByRole("heading", { level: 3, name: de.projectKpis.edit.heading.replace("{{name}}", name) }).waitFor();

      // Meanwhile an admin changes the description: the form's version is stale.
      const admin = await apiLogin("admin@example.org");
      const res = await fetch(`${t.server.base}/api/v1/kpis/${k.id}`, {
        method: "PATCH",
        headers: { "X-Requested-With": "digitalrat", "Content-Type": "application/json", Authorization: `Bearer ${admin}`, "If-Match": String(k.version) },
        body: JSON.stringify({ description: "Anteil der online gebuchten Termine (präzisiert)." }),
      });
      assert.equal(res.status, 200, await res.text());

      await page.locator("#kpi-edit-target-value").fill("70");
      await form.getByRole("button", { name: de.projectKpis.edit.save }).click();
      await page.getByTestId("kpi-edit-conflict").waitFor();
      assert.equal(await page.locator("#kpi-edit-target-value").inputValue(), "70", "what the official typed stays");
      assert.equal(await page.locator("#kpi-edit-description").inputValue(), "Anteil der online gebuchten Termine (präzisiert).", "the rest is the new state");
      assert.match(await page.getByTestId("kpi-edit-conflict").textContent(), new RegExp(de.projectKpis.edit.field.description));
      await form.getByRole("button", { name: de.projectKpis.edit.save }).click();
      await page.getByText(de.projectKpis.edit.saved.replace("{{name}}", name)).waitFor();
      assert.equal(await form.count(), 0, "the form is closed");
      await page.waitForFunction((id) => document.activeElement?.id === id, `kpi-edit-open-${k.id}`); // focus back on the button
      await page.waitForFunction(
        ([n]) => [...document.querySelectorAll("[data-testid=kpi-table] tbody tr")].some((r) => r.textContent.includes(n) && r.textContent.includes("70 %")),
        [name],
      );
      const after = await kpiOf();
      assert.equal(after.target.value, 70);
      assert.equal(after.version, k.version + 2);

      // Cancel also returns the focus to the button.
      await open.click();
      await page.waitForFunction(() => document.activeElement?.id === "kpi-edit-name");
      await form.getByRole("button", { name: de.form.cancel }).click();
      await page.waitForFunction((id) => document.activeElement?.id === id, `kpi-edit-open-${k.id}`);

      await kpiRow(page).getByRole("link", { name }).click();
      await page.getByRole("heading", { level: 1, name }).waitFor();
      await page.waitForFunction(() => /70\s%/.test(document.querySelector("[data-testid=kpi-facts]")?.textContent ?? ""));
    }),
  );

  it("kpis: the cockpit and the KPI's page follow, without a reload, a measurement the official records in a second browser context", { timeout: 120_000 }, () =>
    withPage("cockpit-live", "de", async (cockpit) => {
      await cockpit.goto(`${t.server.base}/cockpit`);
      await cockpit.getByRole("heading", { level: 1, name: de.cockpit.title }).waitFor();
      await settle(cockpit);
      const reachedRow = cockpit.getByTestId("cockpit-kpi-status").locator("tr", { has: cockpit.locator("th", { hasText: de.cockpit.kpiStatus.reached }) });
      const count = async () => Number((await reachedRow.locator("td").last().textContent()).replace(/\D/g, ""));
      const before = await count();
      await cockpit.evaluate(() => (window.__sameDocument = true));
      assert.equal(await cockpit.getByTestId("cockpit-live-status").textContent(), "");
      // The KPI's own page, open in a second tab, follows too.
      const k = await kpiOf();
      const kpiPage = await cockpit.context().newPage();
      await kpiPage.goto(`${t.server.base}/cockpit/kennzahlen/${k.id}`);
      await kpiPage.getByRole("heading", { level: 1, name }).waitFor();
      await settle(kpiPage);
      const rowsBefore = await kpiPage.getByTestId("kpi-measurements").locator("tbody tr").count();
      await kpiPage.evaluate(() => (window.__sameDocument = true));

      // The official records a figure above the target (70): the KPI reaches it.
      await withPage("kpis-record-live", "de", async (page) => {
        await login(page, "official@example.org", "de");
        await openProject(page);
        await page.getByRole("button", { name: de.projectKpis.record }).click();
        const rec = page.locator("form.kpi-record");
        await page.locator("#m-kpi").selectOption({ label: name });
        await page.locator("#m-value").fill("75");
        await page.locator("#m-source").fill("Terminverwaltung, Jahresauswertung");
        await rec.getByRole("button", { name: de.projectKpis.form.saveMeasurement }).click();
        await page.getByText(de.projectKpis.recorded.replace("{{name}}", name)).waitFor();
      });

      await cockpit.waitForFunction(
        ([n, b]) => {
          const row = [...document.querySelectorAll("[data-testid=cockpit-kpi-status] tr")].find((r) => r.querySelector("th")?.textContent?.includes(n));
          return Number((row?.querySelector("td:last-child")?.textContent ?? "").replace(/\D/g, "")) === b + 1;
        },
        [de.cockpit.kpiStatus.reached, before],
      );
      await cockpit.waitForFunction(() => (document.querySelector("[data-testid=cockpit-live-status]")?.textContent ?? "") !== "");
      assert.equal(await count(), before + 1, "one more KPI reached its target");
      assert.equal(await cockpit.evaluate(() => window.__sameDocument), true, "no reload");
      assert.match(await cockpit.getByTestId("cockpit-live-status").textContent(), new RegExp(de.cockpit.live.updated.split(" (")[0]));
      await kpiPage.waitForFunction((n) => document.querySelectorAll("[data-testid=kpi-measurements] tbody tr").length === n, rowsBefore + 1);
      assert.match(await kpiPage.getByTestId("kpi-measurements").textContent(), /75/);
      await kpiPage.getByTestId("kpi-facts").getByText(de.cockpit.kpiStatus.reached).waitFor();
      assert.equal(await kpiPage.evaluate(() => window.__sameDocument), true, "no reload of the KPI page");
    }),
  );
};
