// A 1,000-comment thread as a reader meets it (issue 14, goal 5): a project with 1,000 comments (800
// top-level, 200 replies; seeded over the API as analogue contributions and official responses, which the
// comment rate limit does not cover). It measures and PRINTS ("[bigthread <backend>] …"):
// - navigation → the first comment of the thread rendered, visible and clickable (its vote button enabled),
//   in a fresh browser context (cold HTTP cache, logged in) at 1280 px and at 360 px, then once more warm;
// - a click on a vote → aria-pressed and the count on the button changed;
// - scrolling through the whole thread the way a reader does (the "more" button whenever it comes into view):
//   every frame's duration (requestAnimationFrame deltas) and the long animation frames / long tasks Chromium
//   reports;
// and checks the page with everything loaded with axe. Goals: ≤ 1 s (1280 px), ≤ 1.5 s (360 px), ≤ 100 ms,
// no frame over 100 ms. Only generous bounds are asserted (the machine running the tests may be loaded).
// It runs on SQLite only: it measures the browser side (the server's figures are the Go benchmarks'), and the
// suite's time matters (about 30 s here).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it } from "node:test";

/** The goals and the bounds asserted (5× the goal, 10× for a single frame). */
const goal = { first1280: 1000, first360: 1500, vote: 100, frame: 100 };
const bound = { first1280: 5 * goal.first1280, first360: 5 * goal.first360, vote: 5 * goal.vote, frame: 10 * goal.frame };

// probe runs in every document of a measuring context: from the navigation's start (performance.now() = 0)
// it looks every frame for the first comment of the project thread that is rendered, visible and clickable,
// and keeps the time in window.__firstComment.
function probe() {
  const sel = 'section[aria-labelledby="pc-heading"] ol.comment-list--lazy > li > article.comment';
  const look = () => {
    const a = document.querySelector(sel);
    if (a && window.__firstSeen === undefined && a.getBoundingClientRect().height > 0 && a.checkVisibility()) window.__firstSeen = performance.now();
    const b = a?.querySelector(".comment__actions .votes button");
    if (window.__firstSeen !== undefined && b && !b.disabled) {
      window.__firstComment = performance.now();
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

export default (t) => {
  const { withPage, axe, login, dict, backend } = t;
  if (backend.name !== "sqlite") return;
  const log = (s) => console.log(`[bigthread ${backend.name}] ${s}`);
  const call = (...a) => t.call(...a);

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

  // seed: a project with 800 top-level comments and 200 replies (two on each of the 100 newest).
  async function seed() {
    const started = Date.now();
    const official = await t.apiLogin("official@example.org");
    const slug = `e2e-gross-${randomBytes(3).toString("hex")}`;
    const project = await call("POST", "/api/v1/projects", official, {
      slug,
      title: `Großer Faden ${slug.slice(-6)}`,
      summary: "Ein Vorhaben mit tausend Kommentaren, gemessen im Browser.",
      owner_unit: "Bürgeramt",
      status: "idea",
      principles: ["transparency"],
      expected_reach: 1000,
      effort: 2,
      comments_open: true,
    });
    const tops = await pool(
      Array.from({ length: 800 }, (_, i) => i),
      8,
      (i) =>
        call("POST", `/api/v1/projects/${slug}/contributions`, official, {
          body: `Brief ${i + 1}: Die Terminvergabe sollte auch **telefonisch** möglich bleiben, und die Bestätigung per Post kommen.`,
          channel: "letter",
          submitter_name: "Frau Beispiel",
          received_at: "2026-11-30",
        }),
    );
    const newest = tops.map((c) => c.id).sort((a, b) => Number(b) - Number(a)).slice(0, 100);
    await pool(
      newest.flatMap((id) => [0, 1].map((k) => ({ id, k }))),
      8,
      ({ id, k }) => call("POST", `/api/v1/comments/${id}/responses`, official, { body: `Antwort ${k + 1} der Verwaltung auf Brief ${id}.` }),
    );
    log(`seeded 1,000 comments (800 top-level, 200 replies) in ${Date.now() - started} ms`);
    return project;
  }

  // firstComment navigates a fresh page of context to the project and returns the time from the
  // navigation's start to the first comment visible and clickable, cold (new context) and warm (reload).
  // Each context logs in on its own (through the API, which sets its refresh cookie; the SPA's hint that a
  // session exists goes into localStorage, its dr_signed_in cookie into the jar): refresh tokens rotate, so
  // contexts cannot share one.
  async function firstComment(voter, project, width) {
    const context = await t.browser.newContext({ locale: t.locales.de, viewport: { width, height: width < 600 ? 780 : 900 } });
    context.setDefaultTimeout(15_000);
    try {
      const r = await context.request.post(`${t.server.base}/api/v1/auth/login`, {
        headers: { "X-Requested-With": "digitalrat" },
        data: { email: voter.email, password: voter.password },
      });
      assert.ok(r.ok(), `login: ${r.status()}`);
      // what the SPA leaves after a login: the hint in localStorage and the dr_signed_in cookie
      // (src/app/firstPageCookies.ts), by which the server sends a signed-in visitor's first page
      await context.addCookies([{ name: "dr_signed_in", value: "1", url: t.server.base }]);
      const page = await context.newPage();
      await page.addInitScript(() => localStorage.setItem("dr_session", "1"));
      await page.addInitScript(probe);
      const url = `${t.server.base}/projekte/${project.slug}`;
      const out = [];
      for (const run of ["cold", "warm"]) {
        if (run === "cold") await page.goto(url);
        else await page.reload();
        await page.waitForFunction(() => window.__firstComment !== undefined, null, { timeout: 30_000 }).catch(async (e) => {
          const seen = await page.evaluate(() => [window.__firstSeen, document.querySelector("main")?.innerText.slice(0, 300)]);
          throw new Error(`no clickable first comment (${run}, ${width} px; seen at ${seen[0]} ms): ${seen[1]}`, { cause: e });
        });
        // When the comment list arrived (the rest of the time is the page's chain before it, and rendering).
        out.push(
          await page.evaluate(() => {
            const list = performance.getEntriesByType("resource").find((e) => /\/api\/v1\/projects\/[^/]+\/(comments\?|overview)/.test(e.name));
            return { first: Math.round(window.__firstComment), list: list ? `${Math.round(list.startTime)}–${Math.round(list.responseEnd)}` : "?" };
          }),
        );
      }
      return out;
    } finally {
      await context.close();
    }
  }

  // voteMs clicks button and resolves when it is pressed (aria-pressed = want) and shows another count.
  const voteMs = (button, want) =>
    button.evaluate(
      (b, want) =>
        new Promise((res) => {
          const count = () => b.querySelector(".vote-count")?.textContent;
          const before = count();
          const t0 = performance.now();
          const done = () => b.getAttribute("aria-pressed") === want && count() !== before;
          const mo = new MutationObserver(() => {
            if (!done()) return;
            mo.disconnect();
            res(Math.round(performance.now() - t0));
          });
          setTimeout(() => (mo.disconnect(), res(Infinity)), 10_000);
          mo.observe(b, { attributes: true, childList: true, characterData: true, subtree: true });
          b.click();
        }),
      want,
    );

  it("bigthread: 1,000 comments — first comment at 1280/360 px, a vote, scrolling through all (figures printed)", { timeout: 240_000 }, async () => {
    const project = await seed();
    const voter = await t.freshUser("Bea Blätterin");
    await withPage("bigthread", "de", async (page) => {
      // Navigation → first comment, cold and warm, at 1280 and 360 px.
      const at1280 = await firstComment(voter, project, 1280);
      const at360 = await firstComment(voter, project, 360);
      const fmt = ([cold, warm]) => `${cold.first} ms cold (list request ${cold.list} ms), ${warm.first} ms warm (list ${warm.list} ms)`;
      log(`first comment visible and clickable after navigation (logged in): 1280 px ${fmt(at1280)}; 360 px ${fmt(at360)} (goals ${goal.first1280} / ${goal.first360} ms)`);
      const [c1280, c360] = [at1280[0].first, at360[0].first];
      assert.ok(c1280 < bound.first1280, `first comment at 1280 px after ${c1280} ms`);
      assert.ok(c360 < bound.first360, `first comment at 360 px after ${c360} ms`);

      await login(page, voter.email, "de", voter.password);
      await page.goto(`${t.server.base}/projekte/${project.slug}`);
      const thread = page.getByRole("region", { name: dict.de.comments.projectHeading });
      const items = thread.locator("ol.comment-list--lazy > li");
      await items.first().locator(":scope > article.comment").waitFor();

      // A vote on the first comment: pressed and counted, and taken back.
      const up = items.first().locator(":scope > article > .comment__actions .votes button").first();
      await up.scrollIntoViewIfNeeded();
      const vOn = await voteMs(up, "true");
      const vOff = await voteMs(up, "false");

      // Scroll through the whole thread as a reader: every frame a screen on, "more" clicked when in view.
      const scroll = await page.evaluate(async () => {
        const frames = [];
        const long = { loaf: [], task: [] };
        const obs = [];
        for (const [type, into] of [["long-animation-frame", long.loaf], ["longtask", long.task]]) {
          try {
            const o = new PerformanceObserver((l) => l.getEntries().forEach((e) => into.push(e)));
            o.observe({ type });
            obs.push(o);
          } catch {
            // not supported by this browser
          }
        }
        const moreButton = () => [...document.querySelectorAll('section[aria-labelledby="pc-heading"] .load-more button')][0];
        const count = () => document.querySelectorAll('section[aria-labelledby="pc-heading"] ol.comment-list--lazy > li').length;
        let clicks = 0;
        let last = performance.now();
        const started = last;
        const step = Math.round(window.innerHeight * 0.7);
        // A reader scrolls on until the "more" button comes into view, clicks it and waits there for the page.
        while (performance.now() - started < 120_000) {
          const b = moreButton();
          const r = b?.getBoundingClientRect();
          if (r && r.top < window.innerHeight) {
            if (r.bottom < 0) window.scrollBy({ top: r.top - window.innerHeight / 2, behavior: "instant" });
            if (!b.disabled && b.getAttribute("aria-disabled") !== "true") {
              b.click();
              clicks++;
            }
          } else {
            window.scrollBy({ top: step, behavior: "instant" });
          }
          await new Promise((res) => requestAnimationFrame(() => res()));
          const now = performance.now();
          frames.push(now - last);
          last = now;
          const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          if (atEnd && !moreButton()) break;
        }
        obs.forEach((o) => o.disconnect());
        frames.sort((a, b) => a - b);
        const q = (p) => Math.round(frames[Math.min(frames.length - 1, Math.floor(p * frames.length))]);
        return {
          ms: Math.round(performance.now() - started),
          frames: frames.length,
          p50: q(0.5),
          p95: q(0.95),
          max: Math.round(frames.at(-1)),
          over50: frames.filter((f) => f > 50).length,
          over100: frames.filter((f) => f > 100).length,
          loafMax: long.loaf.length ? Math.round(Math.max(...long.loaf.map((e) => e.duration))) : null,
          loafs: long.loaf.length,
          // The three longest animation frames: script, then style and layout, then the rest (ms).
          worst: long.loaf
            .sort((a, b) => b.duration - a.duration)
            .slice(0, 3)
            .map((e) => {
              const script = Math.round(e.scripts.reduce((s, x) => s + x.duration, 0));
              const layout = e.styleAndLayoutStart ? Math.round(e.startTime + e.duration - e.styleAndLayoutStart) : 0;
              const top = [...e.scripts].sort((a, b) => b.duration - a.duration)[0];
              return `${Math.round(e.duration)} (script ${script}${top ? ` [${top.invokerType} ${top.invoker.slice(0, 40)}]` : ""}, style+layout ${layout})`;
            })
            .join(", "),
          taskMax: long.task.length ? Math.round(Math.max(...long.task.map((e) => e.duration))) : null,
          tasks: long.task.length,
          clicks,
          items: count(),
          nodes: document.getElementsByTagName("*").length,
        };
      });
      log(
        `scrolled through ${scroll.items} top-level comments (${scroll.clicks} "more" clicks) in ${scroll.ms} ms, ${scroll.frames} frames: ` +
          `p50 ${scroll.p50} ms, p95 ${scroll.p95} ms, longest ${scroll.max} ms, ${scroll.over50} over 50 ms, ${scroll.over100} over 100 ms (goal: none over ${goal.frame} ms); ` +
          `long animation frames ${scroll.loafs} (longest ${scroll.loafMax ?? "–"} ms; worst ms: ${scroll.worst || "–"}), long tasks ${scroll.tasks} (longest ${scroll.taskMax ?? "–"} ms); ${scroll.nodes} DOM elements`,
      );
      assert.equal(scroll.items, 800, "all 800 top-level comments loaded");
      assert.ok(scroll.max < bound.frame, `a frame of ${scroll.max} ms while scrolling`);

      // A vote with all 1,000 comments loaded (the first comment again).
      await page.evaluate(() => window.scrollTo(0, 0));
      await up.scrollIntoViewIfNeeded();
      const vAll = await voteMs(up, "true");
      log(`vote reflected (pressed + count): ${vOn} ms, taken back ${vOff} ms with the first page; ${vAll} ms with all 1,000 loaded (goal ${goal.vote} ms)`);
      for (const v of [vOn, vOff, vAll]) assert.ok(v < bound.vote, `vote reflected after ${v} ms`);

      await axe(page, "project page with 1,000 comments loaded");
    });
  });
};
