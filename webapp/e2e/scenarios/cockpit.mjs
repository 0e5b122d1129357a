// The Digitalisierungscockpit (issue 13): an anonymous visitor opens /cockpit from the main navigation,
// reads the summary ("… von … Kennzahlen im Plan") and the tables beside the charts with the figures of
// GET /api/v1/cockpit, follows a KPI that is behind to its page and finds the time-series chart and the
// measurements table, where a correction (recorded through the API first) names what it corrects and the
// corrected figure names its correction. axe in German and English on both pages.
import assert from "node:assert/strict";
import { it } from "node:test";

export default (t) => {
  const { withPage, axe, settle, call, apiLogin, de, en } = t;
  const day = (d) => new Intl.DateTimeFormat("de", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${d}T00:00:00Z`));
  const fill = (s, vars) => Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);
  const num = (v) => new Intl.NumberFormat("de").format(v);

  // The demo seed writes the KPIs and their measurements after the projects: wait for them.
  async function cockpit() {
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${t.server.base}/api/v1/cockpit`);
      if (r.ok) {
        const c = await r.json();
        if (c.kpis.total >= 6 && c.kpis.most_behind.length > 0) return c;
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.fail("the demo KPIs are missing from the cockpit");
  }

  it("cockpit: the overview's summary and tables show the demo figures, a KPI page its chart and measurements; axe de/en", { timeout: 120_000 }, async () => {
    // An admin corrects the newest figure of the KPI furthest behind with the same value (its status
    // stays): the page must show both rows, linked by their texts.
    const first = await cockpit();
    const kpi = first.kpis.most_behind[0];
    const before = await (await fetch(`${t.server.base}/api/v1/kpis/${kpi.id}/measurements?limit=100`)).json();
    const wrong = before.items.find((m) => !m.corrected_by);
    assert.ok(wrong, "the demo KPI has measurements");
    const admin = await apiLogin("admin@example.org");
    await call("POST", `/api/v1/kpis/${kpi.id}/measurements`, admin, {
      value: wrong.value,
      measured_at: wrong.measured_at,
      source: wrong.source || "Korrektur",
      note: "Quelle präzisiert",
      corrects: wrong.id,
    });
    const c = await cockpit();
    const s = c.kpis.by_status;
    const summary = fill(de.cockpit.summary.kpis, {
      onPlan: s.on_track + s.reached,
      total: c.kpis.total,
      reached: s.reached,
      behind: s.behind,
      noData: s.no_data,
    });
    assert.equal(c.kpis.most_behind[0].id, kpi.id, "the correction keeps the KPI furthest behind");
    const ms = await (await fetch(`${t.server.base}/api/v1/kpis/${kpi.id}/measurements?limit=100`)).json();

    await withPage("cockpit", "de", async (page) => {
      await page.goto(t.server.base + "/");
      await page.getByRole("navigation", { name: de.app.mainNav }).getByRole("link", { name: de.nav.cockpit, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: de.cockpit.title }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/cockpit");
      assert.equal((await page.getByTestId("cockpit-summary").innerText()).trim(), summary);

      // Every chart has its table: captions, column and row headers, the API's figures.
      const tables = page.locator("main table");
      assert.ok((await tables.count()) >= 8, "the overview's tables");
      assert.equal(await page.locator("main table:not(:has(caption))").count(), 0, "every table has a caption");
      assert.equal(await page.locator("main svg.chart").count(), await page.locator(".cockpit-figure").count(), "one chart per figure");
      const statusTable = page.getByTestId("cockpit-kpi-status");
      const behindRow = statusTable.locator("tr", { has: page.locator("th", { hasText: de.cockpit.kpiStatus.behind }) });
      assert.equal((await behindRow.locator("td").innerText()).trim(), num(s.behind));
      assert.equal(await behindRow.locator("th svg.status-icon").count(), 1, "status as text and shape");
      const online = page.getByTestId("cockpit-channels").locator("tr", { has: page.locator("th", { hasText: de.cockpit.channel.online }) });
      assert.equal((await online.locator("td").innerText()).trim(), num(c.participation.by_channel.online));
      const region = page.getByRole("region", { name: de.cockpit.kpis.byStatus });
      assert.equal(await region.getAttribute("tabindex"), "0", "tables scroll in a focusable, labelled region");

      await settle(page);
      await axe(page, "cockpit (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: en.cockpit.title }).waitFor();
      await page.getByRole("heading", { level: 2, name: en.cockpit.kpis.heading }).waitFor();
      await axe(page, "cockpit (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 1, name: de.cockpit.title }).waitFor();

      // The KPI most behind, from its table to its page.
      await page.getByTestId("cockpit-most-behind").getByRole("link", { name: kpi.name, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: kpi.name }).waitFor();
      assert.equal(new URL(page.url()).pathname, `/cockpit/kennzahlen/${kpi.id}`);
      await page.getByTestId("kpi-facts").getByText(de.cockpit.kpiStatus.behind).waitFor();
      const chart = page.locator("main svg.chart--series[role=img]");
      await chart.waitFor();
      const label = await chart.evaluate((el) =>
        (el.getAttribute("aria-labelledby") ?? "")
          .split(" ")
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" "),
      );
      assert.match(label, new RegExp(kpi.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), "the chart's accessible name names the KPI");
      const valid = ms.items.filter((m) => !m.corrected_by).length;
      assert.equal(await chart.locator("circle.chart__point").count(), valid, "one point per valid measurement");
      const rows = page.getByTestId("kpi-measurements").locator("tbody tr");
      assert.equal(await rows.count(), ms.items.length, "every measurement in the table");
      const fill1 = (k) => fill(de.cockpit.kpi[k], { date: day(wrong.measured_at) });
      await rows.filter({ hasText: fill1("correctedBy") }).filter({ has: page.locator("del") }).waitFor();
      await rows.filter({ hasText: fill1("corrects") }).filter({ hasText: "Quelle präzisiert" }).waitFor();
      assert.equal(await chart.locator("path.chart__corrected").count(), 1, "the corrected figure off the line");

      await settle(page);
      await axe(page, "KPI page (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 2, name: en.cockpit.kpi.measurements }).waitFor();
      await axe(page, "KPI page (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 2, name: de.cockpit.kpi.measurements }).waitFor();

      // Printable: no navigation, the chart and the table stay. Usable from 320 px without sideways scrolling.
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".main-nav").isVisible(), false, "no navigation on paper");
      assert.equal(await chart.isVisible(), true);
      assert.equal(await page.getByTestId("kpi-measurements").isVisible(), true);
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize({ width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 320 px`);
    });
  });
};
