// Large threads (issue 10, items 5 and 6): a project with 1,000 comments (seeded over the API as analogue
// contributions and responses of an official, which the comment rate limit does not cover) shows its counts, keeps the
// DOM bounded after loading every page, collapses long reply chains, lists its paragraph discussions, and
// a vote flips only its button. Figures are printed, not asserted (no timing limits); votes are checked at
// 360 px (one row, pressed state more than colour).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { it } from "node:test";

export default (t) => {
  const { withPage, settle, axe, login, dict, demoPassword, backend } = t;

  async function call(method, path, token, body) {
    const headers = { "X-Requested-With": "digitalrat", "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(t.server.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  // pool runs fn over items with a few requests in flight.
  async function pool(items, n, fn) {
    const out = new Array(items.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (next < items.length) {
          const i = next++;
          out[i] = await fn(items[i], i);
        }
      }),
    );
    return out;
  }

  const seeded = { project: null, doc: null, block: null, voter: null };
  // seed creates the project with 1,000 comments once per backend: 399 top-level, 600 replies (six each
  // on the 100 newest), and one on a document paragraph.
  async function seed() {
    if (seeded.project) return seeded;
    const started = Date.now();
    const official = (await call("POST", "/api/v1/auth/login", null, { email: "official@example.org", password: demoPassword })).access_token;
    const slug = `e2e-faden-${randomBytes(3).toString("hex")}`;
    const project = await call("POST", "/api/v1/projects", official, {
      slug,
      title: `Langer Faden ${slug.slice(-6)}`,
      summary: "Ein Vorhaben mit tausend Kommentaren.",
      owner_unit: "Bürgeramt",
      status: "idea",
      principles: ["transparency"],
      expected_reach: 1000,
      effort: 2,
      comments_open: true,
    });
    const doc = await call("POST", `/api/v1/projects/${slug}/documents`, official, {
      kind: "concept",
      title: "Konzept Langer Faden",
      markdown: "# Konzept\n\nErster Absatz über die Terminvergabe.\n\nZweiter Absatz über Barrierefreiheit und Leichte Sprache.\n",
    });
    const block = doc.blocks.find((b) => b.kind === "paragraph" && b.html.includes("Zweiter")).block_id;
    const letter = (body, extra = {}) =>
      call("POST", `/api/v1/projects/${slug}/contributions`, official, { body, channel: "letter", submitter_name: "Frau Beispiel", received_at: "2026-11-30", ...extra });
    await letter("Zum zweiten Absatz: bitte auch in Leichter Sprache.", { document_id: doc.id, version: doc.version, block_id: block });
    const tops = await pool(
      Array.from({ length: 399 }, (_, i) => i),
      6,
      (i) => letter(`Brief Nummer ${i + 1}: Die Terminvergabe sollte auch **telefonisch** möglich bleiben.`),
    );
    const newest = tops.map((c) => c.id).sort((a, b) => Number(b) - Number(a)).slice(0, 100);
    await pool(
      newest.flatMap((id) => Array.from({ length: 6 }, (_, k) => ({ id, k }))),
      6,
      ({ id, k }) => call("POST", `/api/v1/comments/${id}/responses`, official, { body: `Antwort ${k + 1} der Verwaltung auf Brief ${id}.` }),
    );
    // A voter: a fresh verified account (demo logins are rate-limited per account).
    const email = `e2e-threads-${randomBytes(4).toString("hex")}@example.org`;
    const password = "ein-langes-passwort-2026";
    await call("POST", "/api/v1/auth/register", null, { email, display_name: "Vera Votum", password });
    const mails = await (await fetch(`${t.server.base}/api/v1/test/mails?to=${encodeURIComponent(email)}`)).json();
    const token = mails.items.map((m) => m.body.match(/verify-email\?token=([\w-]+)/)?.[1]).find(Boolean);
    await call("POST", "/api/v1/auth/verify-email", null, { token });
    Object.assign(seeded, { project, doc, block, voter: { email, password } });
    console.log(`[threads ${backend.name}] seeded 1,000 comments in ${Date.now() - started} ms`);
    return seeded;
  }

  const domNodes = (page) => page.evaluate(() => document.getElementsByTagName("*").length);
  const shoot = async (page, name) => {
    const dir = fileURLToPath(new URL("../../../e2e-artifacts/", import.meta.url));
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}threads-${backend.name}-${name}.png` });
  };

  it("threads: 1,000 comments — counts, 50 per page, bounded DOM, collapsed replies, a cheap vote", { timeout: 240_000 }, async () => {
    const s = await seed();
    const de = dict.de;
    await withPage("threads-large", "de", async (page) => {
      await login(page, s.voter.email, "de", s.voter.password);
      await page.goto(`${t.server.base}/projekte/${s.project.slug}`);
      await page.getByRole("heading", { level: 1, name: s.project.title }).waitFor();
      await settle(page);
      // Counts from the server: the project (all 1,000) and its paragraph discussions.
      await page.getByTestId("project-comment-count").getByText("1000 Kommentare").waitFor();
      const disc = page.getByRole("region", { name: de.discussions.heading });
      await disc.getByRole("link", { name: /Konzept Langer Faden, Absatz 3: Zweiter Absatz/ }).waitFor();
      await disc.getByText("(1 Kommentar)").waitFor();

      const thread = page.getByRole("region", { name: de.comments.projectHeading });
      const topLevel = thread.locator("ol.comment-list--lazy > li");
      assert.equal(await topLevel.count(), 50, "50 top-level comments per page");
      const first = await domNodes(page);
      let clicks = 0;
      const more = thread.getByRole("button", { name: de.comments.more });
      while (await more.count()) {
        await more.click();
        clicks++;
        await page.waitForFunction((n) => document.querySelectorAll("ol.comment-list--lazy > li").length > n, 50 * clicks);
      }
      await settle(page);
      assert.equal(await topLevel.count(), 399);
      assert.equal(clicks, 7, "399 top-level comments are 8 pages");
      const nodes = await domNodes(page);
      console.log(`[threads ${backend.name}] DOM elements: ${first} after the first page, ${nodes} after all ${clicks + 1} pages (${clicks} "load more" clicks)`);
      assert.ok(nodes < 8000, `DOM elements ${nodes} ≥ 8,000`);

      // Scroll through the whole thread: the window moves, the DOM stays bounded.
      const stalls = await page.evaluate(async () => {
        const gaps = [];
        let last = performance.now();
        for (let y = 0; y < document.body.scrollHeight; y += 600) {
          window.scrollTo(0, y);
          await new Promise((r) => requestAnimationFrame(() => r()));
          const now = performance.now();
          gaps.push(now - last);
          last = now;
        }
        return { max: Math.round(Math.max(...gaps)), frames: gaps.length, nodes: document.getElementsByTagName("*").length };
      });
      console.log(`[threads ${backend.name}] scrolled through in ${stalls.frames} steps: longest frame ${stalls.max} ms, ${stalls.nodes} DOM elements at the end`);
      assert.ok(stalls.nodes < 8000, `DOM elements after scrolling ${stalls.nodes}`);
      await page.evaluate(() => window.scrollTo(0, 0));

      // Long reply chains: three replies, then "3 weitere Antworten anzeigen".
      const firstItem = topLevel.first();
      await firstItem.locator("ol.comment-list--replies > li").nth(2).waitFor();
      assert.equal(await firstItem.locator("ol.comment-list--replies > li").count(), 3);
      await firstItem.getByRole("button", { name: de.comments.moreReplies_other.replace("{{count}}", "3") }).click();
      await firstItem.locator("ol.comment-list--replies > li").nth(5).waitFor();

      // A vote flips its button without re-rendering the thread.
      const up = firstItem.locator(":scope > article > .comment__actions .votes button").first();
      assert.equal(await up.getAttribute("aria-pressed"), "false");
      assert.equal((await up.locator(".vote__mark").textContent()).trim(), "+");
      const ms = await up.evaluate(
        (b) =>
          new Promise((res) => {
            const t0 = performance.now();
            const mo = new MutationObserver(() => {
              if (b.getAttribute("aria-pressed") === "true") {
                mo.disconnect();
                res(Math.round(performance.now() - t0));
              }
            });
            mo.observe(b, { attributes: true });
            b.click();
          }),
      );
      console.log(`[threads ${backend.name}] vote: aria-pressed flipped ${ms} ms after the click (1,000 comments loaded)`);
      assert.equal(await up.getAttribute("aria-pressed"), "true");
      // Pressed is more than a colour: a check mark instead of "+", and a filled button.
      assert.equal((await up.locator(".vote__mark").textContent()).trim(), "✓");
      assert.match((await up.getAttribute("class")) ?? "", /kern-btn--primary/);
      await up.getByText("1", { exact: true }).waitFor();

      await shoot(page, "project-1280");
      await axe(page, "project page with 1,000 comments (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 2, name: dict.en.discussions.heading }).waitFor();
      await page.getByTestId("project-comment-count").getByText("1000 comments").waitFor();
      await axe(page, "project page with 1,000 comments (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 2, name: de.discussions.heading }).waitFor();

      // At 360 px the vote buttons and their counts stay on one row.
      await page.setViewportSize({ width: 360, height: 780 });
      await up.scrollIntoViewIfNeeded();
      const votes = firstItem.locator(":scope > article > .comment__actions .votes button");
      const [a, b] = [await votes.nth(0).boundingBox(), await votes.nth(1).boundingBox()];
      assert.equal(Math.round(a.y), Math.round(b.y), "both vote buttons on one row at 360 px");
      const reply = firstItem.locator("ol.comment-list--replies > li").first().locator(".votes button");
      const [ra, rb] = [await reply.nth(0).boundingBox(), await reply.nth(1).boundingBox()];
      assert.equal(Math.round(ra.y), Math.round(rb.y), "a reply's vote buttons on one row at 360 px");
      // … and inside their comment (not cut off).
      for (const [btn, art] of [
        [b, await firstItem.locator(":scope > article").boundingBox()],
        [rb, await firstItem.locator("ol.comment-list--replies > li").first().locator(":scope > article").boundingBox()],
      ]) {
        assert.ok(btn.x + btn.width <= art.x + art.width, `vote button ends at ${btn.x + btn.width}, its comment at ${art.x + art.width}`);
      }
      assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "no horizontal scrolling at 360 px");
      await shoot(page, "project-360");

      // The paragraph discussion links to the paragraph, whose thread opens.
      await page.setViewportSize({ width: 1280, height: 900 });
      await disc.getByRole("link", { name: /Absatz 3/ }).click();
      await page.waitForURL(/\/dokumente\/.+#block-/);
      await page.getByText("Zum zweiten Absatz: bitte auch in Leichter Sprache.").waitFor();
    });
  });

  it("threads: project cards show comment counts (de, en)", { timeout: 240_000 }, async () => {
    const s = await seed();
    for (const lang of ["de", "en"]) {
      await withPage("threads-cards", lang, async (page) => {
        await page.goto(`${t.server.base}/projekte?q=${encodeURIComponent(s.project.title)}`);
        await settle(page);
        const card = page.locator(".project-card").filter({ hasText: s.project.title });
        await card.getByText(lang === "de" ? "1000 Kommentare" : "1000 comments").waitFor();
        await axe(page, `project list with counts (${lang})`);
        await page.setViewportSize({ width: 360, height: 780 });
        await shoot(page, `cards-360-${lang}`);
      });
    }
  });
};
