// Issue 10, items 2, 3 and 7: forms in one column, the route guard, the small-screen header and tables
// that scroll instead of breaking words. Measured at 1280 and 360 px; axe in German and English.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";

export default (t) => {
  const { withPage, login, axe, settle, dict, de, demo, demoProject, demoPassword } = t;
  const shots = join(process.cwd(), "e2e-artifacts", "forms");

  // go navigates inside the SPA (keeps the in-memory session) and waits for the page's heading.
  const go = async (page, path, h1) => {
    await page.evaluate((p) => {
      history.pushState({}, "", p);
      dispatchEvent(new PopStateEvent("popstate"));
    }, path);
    await page.getByRole("heading", { level: 1, name: h1 }).waitFor();
    await settle(page);
  };
  const shot = async (page, name) => {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, `${t.backend.name}-${name}.png`), fullPage: true });
  };

  // oneColumn: every field of the form starts at the same left edge, and each takes (nearly) the form's width.
  const oneColumn = (page, selector) =>
    page.evaluate((sel) => {
      const form = document.querySelector(sel);
      if (!form) return { error: `no ${sel}` };
      const fw = form.getBoundingClientRect();
      const fields = [...form.querySelectorAll(":scope > .kern-form-input, :scope > .kern-fieldset, :scope > .kern-form-check")];
      const boxes = fields.map((f) => f.getBoundingClientRect());
      return {
        count: fields.length,
        lefts: [...new Set(boxes.map((b) => Math.round(b.left)))],
        narrowest: Math.min(...boxes.map((b) => b.width / fw.width)),
      };
    }, selector);

  // Logins are throttled per account and address (5, then 1 a minute): each test logs in once and measures
  // both widths.
  it("forms (1280 and 360 px): project, contribution, new version, user and comment forms are one column; the document editor is wide and tall; axe (de)", { timeout: 180_000 }, () =>
    withPage("forms-one-column", "de", async (page) => {
      await login(page, "admin@example.org", "de");
      for (const width of [1280, 360]) {
        await page.setViewportSize({ width, height: 900 });
        const forms = [
          ["/projekte/neu", de.projectForm.createTitle],
          [`/projekte/${demoProject.slug}/bearbeiten`, de.projectForm.editTitle.replace("{{title}}", demoProject.title)],
          [`/projekte/${demoProject.slug}/beitrag-erfassen`, de.officials.contribution.title],
          [`/dokumente/${demo.doc.id}/neue-fassung`, de.newVersion.title],
        ];
        for (const [path, h1] of forms) {
          await go(page, path, h1);
          const c = await oneColumn(page, "main form.stack-form");
          assert.ok(c.count >= 2, `${path}: fields found (${JSON.stringify(c)})`);
          assert.equal(c.lefts.length, 1, `${path}: every field starts at the same left edge (${c.lefts.join(", ")})`);
          assert.ok(c.narrowest >= 0.9, `${path}: every field takes the form's width (narrowest ${c.narrowest.toFixed(2)})`);
          await shot(page, `${path.replace(/[^a-z0-9]+/gi, "_")}-${width}`);
          if (width === 1280) await axe(page, `${path} (de)`);
        }
        // the officials' writing tool: the textarea nearly as wide as the form and at least 300 px tall
        await go(page, `/dokumente/${demo.doc.id}/neue-fassung`, de.newVersion.title);
        const editor = await page.evaluate(() => {
          const f = document.querySelector("main form").getBoundingClientRect();
          const a = document.querySelector("#v-markdown").getBoundingClientRect();
          const main = document.querySelector("main").getBoundingClientRect();
          return { ratio: a.width / f.width, height: a.height, ofMain: f.width / main.width };
        });
        assert.ok(editor.ratio >= 0.9, `editor width ${editor.ratio.toFixed(2)} of the form`);
        assert.ok(editor.height >= 300, `editor height ${editor.height} px`);
        assert.ok(editor.ofMain >= 0.85, `the editor form uses the page's width (${editor.ofMain.toFixed(2)})`);

        // user administration: a user's form
        await go(page, "/verwaltung/benutzer", de.admin.usersTitle);
        await page.locator("tbody tr a").first().click();
        await page.getByRole("heading", { level: 1, name: new RegExp(de.admin.editTitle.replace("{{name}}", "")) }).waitFor();
        const u = await oneColumn(page, "main form.stack-form");
        assert.equal(u.lefts.length, 1, `user form: one left edge (${u.lefts.join(", ")})`);

        // the comment composer on a project page
        await go(page, `/projekte/${demoProject.slug}`, demoProject.title);
        const composer = await page.evaluate(() => {
          const f = document.querySelector("form.composer");
          if (!f) return null;
          const fw = f.getBoundingClientRect().width;
          const ta = f.querySelector("textarea").getBoundingClientRect();
          const lefts = [...f.querySelectorAll(":scope > .kern-form-input, :scope > .kern-fieldset, :scope > div > .kern-fieldset")].map((e) =>
            Math.round(e.getBoundingClientRect().left),
          );
          return { ratio: ta.width / fw, lefts: [...new Set(lefts)] };
        });
        assert.ok(composer, "composer shown");
        assert.ok(composer.ratio >= 0.9, `composer textarea width ${composer.ratio.toFixed(2)} of its form`);
        assert.equal(composer.lefts.length, 1, `composer: one left edge (${composer.lefts.join(", ")})`);
        if (width === 1280) await axe(page, "project page with the composer (de)");
      }
    }),
  );

  for (const lang of ["en"]) {
    it(`forms and officials' pages (${lang}): axe has nothing to report`, { timeout: 120_000 }, () =>
      withPage("forms-axe", lang, async (page) => {
        const d = dict[lang];
        await login(page, "admin@example.org", lang);
        for (const [path, h1] of [
          ["/projekte/neu", d.projectForm.createTitle],
          [`/projekte/${demoProject.slug}/beitrag-erfassen`, d.officials.contribution.title],
          [`/dokumente/${demo.doc.id}/neue-fassung`, d.newVersion.title],
          ["/verwaltung/fragen", d.officials.title],
          ["/moderation", d.moderation.title],
        ]) {
          await go(page, path, h1);
          await axe(page, `${path} (${lang})`);
        }
        // the open menu at 360 px
        await page.setViewportSize({ width: 360, height: 780 });
        await page.getByRole("button", { name: d.nav.menu }).click();
        await axe(page, `open menu (${lang})`);
      }),
    );
  }

  it("header at 360 px: at most 120 px while closed; the menu button opens and closes by keyboard; tables at 1280 and 360 px break no word", { timeout: 120_000 }, () =>
    withPage("forms-mobile-header", "de", async (page) => {
      await page.setViewportSize({ width: 360, height: 780 });
      await login(page, "official@example.org", "de");
      const header = page.locator(".site-header");
      const closed = (await header.boundingBox()).height;
      assert.ok(closed <= 120, `header ${closed} px tall while closed`);
      const button = page.getByRole("button", { name: de.nav.menu });
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      assert.equal(await button.getAttribute("aria-controls"), "site-menu");
      const projects = page.getByRole("navigation", { name: de.app.mainNav }).getByRole("link", { name: de.nav.projects });
      assert.equal(await projects.isVisible(), false, "navigation hidden while closed");
      await shot(page, "header-closed-360");

      await button.focus();
      await page.keyboard.press("Enter");
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      await projects.waitFor({ state: "visible" });
      await page.getByRole("button", { name: "English" }).waitFor({ state: "visible" });
      await shot(page, "header-open-360");
      // Tab moves from the button into the menu; Escape closes it and gives the focus back to the button
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.closest("#site-menu") !== null), true, "Tab enters the menu");
      await page.keyboard.press("Escape");
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-controls")), "site-menu", "focus back on the menu button");
      assert.equal(await projects.isVisible(), false);
      // Space opens it again; following a link closes it
      await page.keyboard.press("Space");
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      await projects.click();
      await page.getByRole("heading", { level: 1, name: de.projects.title }).waitFor();
      assert.equal(await button.getAttribute("aria-expanded"), "false");

      // from 48em the button is gone and the navigation is shown
      await page.setViewportSize({ width: 1280, height: 900 });
      assert.equal(await button.isVisible(), false);
      assert.equal(await projects.isVisible(), true);

      await checkTables(page);
    }),
  );

  it("header at 1280 px: with a long display name the language switch stays on the header's first line", { timeout: 60_000 }, () =>
    withPage("forms-long-name", "de", async (page) => {
      const email = `e2e-forms-${randomBytes(4).toString("hex")}@example.org`;
      const password = "ein-langes-passwort-2026";
      const name = "Maximiliane Friederike Württemberg-Hohenzollern-Sigmaringen";
      const res = await fetch(`${t.server.base}/api/v1/auth/register`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Requested-With": "digitalrat" },
        body: JSON.stringify({ email, password, display_name: name }),
      });
      assert.equal(res.status, 201, await res.text());
      await login(page, email, "de", password);
      const link = page.getByRole("link", { name: de.nav.signedInAs.replace("{{name}}", name) });
      await link.waitFor();
      await page.getByRole("button", { name: "English" }).waitFor();
      // Measured at the top of the page and in one go, relative to the header: the page may have been
      // scrolled after the login (once the brand stood at y −79.5), and a scroll between two boxes skews them.
      const { lang, brand, nav, header } = await page.evaluate(
        () =>
          new Promise((resolve) => {
            window.scrollTo(0, 0);
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                const h = document.querySelector(".site-header").getBoundingClientRect();
                const rel = (el) => {
                  const r = el.getBoundingClientRect();
                  return { x: r.x - h.x, y: r.y - h.y, width: r.width, height: r.height };
                };
                resolve({ lang: rel(document.querySelector(".site-header .lang-switch")), brand: rel(document.querySelector(".brand")), nav: rel(document.querySelector(".main-nav")), header: h.height });
              }),
            );
          }),
      );
      assert.ok(lang.y < brand.y + brand.height && lang.y + lang.height > brand.y, `language switch (y ${lang.y}) beside the brand (y ${brand.y}–${brand.y + brand.height})`);
      assert.ok(lang.x > nav.x + nav.width - 1, "language switch right of the navigation");
      await shot(page, "header-long-name-1280");
      assert.ok(header <= 130, `header ${header} px tall`);
      // at 360 px the name is cut, not the page
      await page.setViewportSize({ width: 360, height: 780 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `horizontal overflow ${overflow} px`);
      void demoPassword;
    }),
  );

  // brokenWords lists the words of table cells that are split over lines (each word must be one box),
  // and checks that every table sits in a focusable, labelled wrapper that scrolls, with a caption.
  const tableCheck = (page) =>
    page.evaluate(() => {
      const broken = [];
      const problems = [];
      for (const table of document.querySelectorAll("main table")) {
        const wrap = table.closest(".kern-table-responsive");
        if (!wrap) problems.push("table without wrapper");
        else {
          if (wrap.tabIndex !== 0) problems.push("wrapper not focusable");
          if (!wrap.getAttribute("aria-label") && !wrap.getAttribute("aria-labelledby")) problems.push("wrapper without name");
          if (!["auto", "scroll"].includes(getComputedStyle(wrap).overflowX)) problems.push("wrapper does not scroll");
        }
        if (!table.querySelector("caption")?.textContent?.trim()) problems.push("table without caption");
        for (const cell of table.querySelectorAll("th, td")) {
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = n.textContent ?? "";
            // a line may end after a hyphen ("online-|terminvergabe"): each hyphen-joined part is a word here
            for (const m of text.matchAll(/[^\s-]+-?/g)) {
              const r = document.createRange();
              r.setStart(n, m.index);
              r.setEnd(n, m.index + m[0].length);
              const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
              if (lines.size > 1) broken.push(m[0]);
            }
          }
        }
      }
      return { tables: document.querySelectorAll("main table").length, broken, problems };
    });

  // checkTables: /verwaltung/fragen and the project history at 1280 and 360 px.
  async function checkTables(page) {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 780 });
      await go(page, "/verwaltung/fragen", de.officials.title);
      const q = await tableCheck(page);
      assert.ok(q.tables >= 1, "response-time table shown");
      assert.deepEqual(q.problems, []);
      assert.deepEqual(q.broken, [], `words broken mid-word in /verwaltung/fragen at ${width} px`);
      await shot(page, `questions-${width}`);
      await go(page, `/projekte/${demoProject.slug}`, demoProject.title);
      await page.locator("#history-heading").waitFor();
      await settle(page);
      const h = await tableCheck(page);
      assert.deepEqual(h.problems, []);
      assert.deepEqual(h.broken, [], `words broken mid-word in the project history at ${width} px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page overflows by ${overflow} px`);
      mkdirSync(shots, { recursive: true });
      await page.locator("section.history").screenshot({ path: join(shots, `${t.backend.name}-history-${width}.png`) });
    }
  }

  it("route guard: a resident is told at once who may do the work of each guarded page; anonymous visitors get a login link that returns", { timeout: 120_000 }, () =>
    withPage("forms-guard", "de", async (page) => {
      // anonymous: the login link carries the way back
      await page.goto(t.server.base + "/projekte/neu");
      await page.getByText(de.guard.loginNeeded).waitFor();
      const href = await page.getByRole("link", { name: de.guard.login }).getAttribute("href");
      assert.equal(href, "/anmelden?next=%2Fprojekte%2Fneu");
      assert.equal(await page.locator("main form").count(), 0);
      await axe(page, "guard, anonymous");
      await page.getByRole("link", { name: de.guard.login }).click();
      await page.getByLabel(de.login.email).fill("resident@example.org");
      await page.getByLabel(de.login.password, { exact: true }).fill(demoPassword);
      await page.getByRole("button", { name: de.login.submit }).click();
      // back on the page, now as a resident: who may do this
      await page.getByRole("heading", { level: 1, name: de.projectForm.createTitle }).waitFor();
      await page.getByText(de.projectForm.notAllowed).waitFor();
      assert.equal(new URL(page.url()).pathname, "/projekte/neu");

      const guarded = [
        [`/projekte/${demoProject.slug}/bearbeiten`, de.projectForm.notAllowed],
        [`/projekte/${demoProject.slug}/beitrag-erfassen`, de.officials.contribution.onlyOwners],
        [`/dokumente/${demo.doc.id}/neue-fassung`, de.newVersion.notAllowed],
        ["/verwaltung/benutzer", de.admin.onlyAdmins],
        ["/moderation", de.moderation.onlyModerators],
        ["/verwaltung/fragen", de.officials.onlyOfficials],
      ];
      for (const [path, who] of guarded) {
        await page.evaluate((p) => {
          history.pushState({}, "", p);
          dispatchEvent(new PopStateEvent("popstate"));
        }, path);
        await page.getByText(who).waitFor();
        await settle(page);
        assert.equal(await page.locator("main form, main textarea, main table").count(), 0, `${path}: no form for a resident`);
      }
      await axe(page, "guard, resident");
      // the resident's project page offers neither editing nor recording contributions
      await page.goto(t.server.base + `/projekte/${demoProject.slug}`);
      await page.getByRole("heading", { level: 1, name: demoProject.title }).waitFor();
      assert.equal(await page.getByRole("link", { name: de.project.edit }).count(), 0);
      assert.equal(await page.locator('a[href$="/beitrag-erfassen"]').count(), 0);
      // and the header offers no moderation, questions or users entries
      const nav = page.getByRole("navigation", { name: de.app.mainNav });
      for (const label of [de.moderation.nav, de.officials.nav, de.nav.users]) assert.equal(await nav.getByRole("link", { name: label, exact: true }).count(), 0, label);
    }),
  );
};
