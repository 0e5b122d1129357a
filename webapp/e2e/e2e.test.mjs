// Browser end-to-end tests: Debian's chromium, driven by playwright-core, against the real binary
// (bin/digitalrat built with the SPA) on a temporary embedded SQLite database and, when TEST_DATABASE_URL
// is set, once more on a fresh PostgreSQL database. Without /usr/bin/chromium the tests are skipped,
// unless REQUIRE_E2E=1 makes that a failure. Screenshots of failing pages go to ../e2e-artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const binary = join(repo, "bin/digitalrat");
const artifacts = join(repo, "e2e-artifacts");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const requireE2E = process.env.REQUIRE_E2E === "1";
// The texts as the app has them: the common ones and every feature's (src/features/*/i18n/), merged.
const merge = (a, b) => {
  for (const [k, v] of Object.entries(b)) a[k] = v && typeof v === "object" && a[k] && typeof a[k] === "object" ? merge(a[k], v) : v;
  return a;
};
const texts = (lng) =>
  readdirSync(join(here, "../src/features"))
    .map((f) => join(here, "../src/features", f, "i18n", `${lng}.json`))
    .filter((p) => existsSync(p))
    .reduce((all, p) => merge(all, JSON.parse(readFileSync(p, "utf8"))), JSON.parse(readFileSync(join(here, `../src/i18n/${lng}.json`), "utf8")));
const de = texts("de");
const en = texts("en");
const dict = { de, en };
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// Every axe check of the run, for the report AXE_REPORT names (LEGAL_DIR/barrierefreiheit-pruefung.json,
// shown in the accessibility statement; see README).
const axeRuns = { checks: 0, violations: 0, languages: new Set() };
function countAxe(page, result) {
  axeRuns.checks++;
  axeRuns.violations += result.violations.length;
  page.evaluate(() => document.documentElement.lang).then((l) => axeRuns.languages.add(l), () => {});
}

const demoPassword = "digitalrat-demo-2026";
const demoProject = { slug: "online-terminvergabe-buergerbuero", title: "Online-Terminvergabe für die Bürgerbüros" };
// ids of demo data, read from the API once the server runs (documents have opaque ids)
const demo = { doc: null };

// Every anonymous page, with the heading it must show in each language (path may be a function of `demo`).
const pages = [
  { name: "projects", path: "/projekte", h1: (l) => dict[l].projects.title },
  { name: "projects-filtered", path: "/projekte?status=done&principle=inclusion&sort=title", h1: (l) => dict[l].projects.title },
  { name: "project", path: `/projekte/${demoProject.slug}`, h1: () => demoProject.title },
  { name: "document", path: () => `/dokumente/${demo.doc.id}`, h1: () => demo.doc.title },
  { name: "document-v1", path: () => `/dokumente/${demo.doc.id}?version=1`, h1: () => demo.doc.title },
  { name: "register", path: "/registrieren", h1: (l) => dict[l].register.title },
  { name: "verify-email", path: "/verify-email", h1: (l) => dict[l].verify.title },
  { name: "password-forgotten", path: "/passwort-vergessen", h1: (l) => dict[l].reset.requestTitle },
  { name: "reset-password", path: "/reset-password?token=abc", h1: (l) => dict[l].reset.title },
  { name: "account-anonymous", path: "/konto", h1: (l) => dict[l].account.title },
  { name: "start", path: "/", h1: (l) => dict[l].home.title },
  { name: "login", path: "/anmelden", h1: (l) => dict[l].login.title },
  { name: "sessions", path: "/sitzungen", h1: (l) => dict[l].sessions.title },
  { name: "cockpit", path: "/cockpit", h1: (l) => dict[l].cockpit.title },
  { name: "impressum", path: "/impressum", h1: (l) => dict[l].legal.impressum.title, draft: true },
  { name: "datenschutz", path: "/datenschutz", h1: (l) => dict[l].legal.datenschutz.title, draft: true },
  { name: "barrierefreiheit", path: "/barrierefreiheit", h1: (l) => dict[l].legal.barrierefreiheit.title, draft: true },
  { name: "leichte-sprache", path: "/leichte-sprache", h1: (l) => dict[l].legal.leichteSprache.title, draft: true },
  { name: "404", path: "/gibt-es-nicht/auch-nicht", h1: (l) => dict[l].notFound.title },
];
const locales = { de: "de-DE", en: "en-US" };

// Scenario modules: every e2e/scenarios/*.mjs exports a default function that registers its tests (with
// node:test's it) against the shared harness below — one server and one browser per backend for all of them.
const scenarioDir = join(here, "scenarios");
const scenarios = existsSync(scenarioDir)
  ? await Promise.all(
      readdirSync(scenarioDir)
        .filter((f) => f.endsWith(".mjs"))
        .sort()
        .map((f) => import(join(scenarioDir, f))),
    )
  : [];

const backends = [{ name: "sqlite" }];
if (process.env.TEST_DATABASE_URL) backends.push({ name: "postgres" });

const missing = !existsSync(chromiumPath)
  ? `chromium not found at ${chromiumPath} (apt-get install -y chromium)`
  : !existsSync(binary)
    ? `${binary} is missing (run make build)`
    : null;

if (missing) {
  if (requireE2E) {
    it("browser e2e prerequisites", () => assert.fail(`REQUIRE_E2E=1 but ${missing}`));
  } else {
    it("browser e2e tests", { skip: `SKIPPED: ${missing}; set REQUIRE_E2E=1 to make this a failure` }, () => {});
  }
} else {
  for (const backend of backends) describe(`e2e on ${backend.name}`, () => suite(backend));
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// startServer runs the binary on a fresh database and resolves when /readyz answers 200.
async function startServer(backend) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "digitalrat-e2e-"));
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    HTTP_ADDR: `127.0.0.1:${port}`,
    PUBLIC_URL: base,
    DEMO_DATA: "true",
    TEST_MAIL_API: "true",
    LOG_LEVEL: "info", // the log is kept beside the screenshot of a failing test
    // Every scenario comes from 127.0.0.1 and several log in as the same demo account: the login and
    // registration limits (proved by the Go tests) are raised so the suite's order cannot trip them.
    RATE_LOGIN_ACCOUNT: "100/5m",
    RATE_LOGIN_ADDRESS: "1000/2m",
    RATE_REGISTER: "1000/10m",
    DATABASE_URL: "",
  };
  let dbName = null;
  if (backend.name === "postgres") {
    dbName = `digitalrat_e2e_${Date.now()}_${process.pid}`;
    psql(process.env.TEST_DATABASE_URL, `CREATE DATABASE ${dbName}`);
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = `/${dbName}`;
    env.DATABASE_URL = u.toString();
    env.JWT_SECRET = randomBytes(32).toString("hex");
  }
  const proc = spawn(binary, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const exited = new Promise((res) => proc.once("exit", res));
  proc.once("exit", (code, sig) => (log += `\n[server exited: code ${code}, signal ${sig}]\n`));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`server not ready within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    log: () => log,
    async stop() {
      proc.kill("SIGTERM");
      const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(t);
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) psql(process.env.TEST_DATABASE_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

function psql(url, sql) {
  execFileSync("psql", [url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql], { stdio: ["ignore", "ignore", "inherit"] });
}

function suite(backend) {
  let server;
  let browser;

  before(async () => {
    server = await startServer(backend);
    // A demo document with two versions, so the page shows the version switcher and change marks.
    // The demo data may still be seeding right after /readyz: wait for it (on every backend: the first
    // backend's document must not let the second start before its seed is done).
    demo.doc = null;
    for (let i = 0; i < 100 && !demo.doc; i++) {
      const r = await fetch(`${server.base}/api/v1/projects/${demoProject.slug}/documents`);
      const docs = r.ok ? await r.json() : { items: [] };
      demo.doc = docs.items.find((d) => d.latest_version >= 2) ?? null;
      if (!demo.doc) await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(demo.doc, "the demo data has no document with two versions");
    // The seed goes on after the documents (polls, KPIs, live events that refresh open pages): wait for its
    // end, so no scenario works on a page the seeding still changes.
    for (let i = 0; i < 600 && !/demo data (created|skipped)/.test(server.log()); i++) await new Promise((res) => setTimeout(res, 100));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--headless",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-quic",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (process.env.AXE_REPORT && axeRuns.checks > 0) {
      const { version } = JSON.parse(readFileSync(join(here, "../node_modules/axe-core/package.json"), "utf8"));
      const report = {
        date: new Date().toISOString().slice(0, 10),
        tool: `axe-core ${version} in Chromium (webapp/e2e)`,
        standard: "WCAG 2.1 A/AA",
        checks: axeRuns.checks,
        violations: axeRuns.violations,
        languages: [...axeRuns.languages].sort(),
      };
      writeFileSync(process.env.AXE_REPORT, `${JSON.stringify(report, null, 2)}\n`);
    }
  });

  // withPage opens a fresh page in a browser context with the locale of lang, watches for requests to
  // other origins and for console errors (CSP violations among them), and keeps a screenshot on failure.
  async function withPage(name, lang, fn) {
    const context = await browser.newContext({ locale: locales[lang], viewport: { width: 1280, height: 900 } });
    // Playwright's waits give up well before the test's own timeout, so a failure still gets its screenshot.
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const foreign = [];
    const consoleErrors = [];
    page.on("request", (r) => {
      const u = new URL(r.url());
      if (u.protocol === "data:" || u.protocol === "blob:") return;
      if (u.origin !== server.base) foreign.push(r.url());
    });
    const failed = [];
    page.on("response", (r) => {
      // API answers may be errors (the projects API may be missing); the app's own files never.
      if (r.status() >= 400 && !new URL(r.url()).pathname.startsWith("/api/")) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on("console", (m) => {
      // Chromium logs API error statuses as "Failed to load resource"; the response check above covers those.
      const apiStatus = m.text().startsWith("Failed to load resource") && (m.location().url ?? "").includes("/api/");
      if (m.type() === "error" && !apiStatus) consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) =>
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"}`),
      );
    });
    try {
      await fn(page);
      assert.deepEqual(foreign, [], "requests left the origin");
      assert.deepEqual(failed, [], "the app's own files failed to load");
      assert.deepEqual(consoleErrors, [], "console errors (CSP violations?)");
    } catch (err) {
      mkdirSync(artifacts, { recursive: true });
      const file = join(artifacts, `${backend.name}-${name}-${lang}`.replace(/[^a-z0-9-]+/gi, "_"));
      await page.screenshot({ path: `${file}.png`, fullPage: true }).catch(() => {});
      writeFileSync(`${file}.log`, `${err.stack ?? err}\n\nserver log:\n${server.log()}`);
      throw err;
    } finally {
      await context.close();
    }
  }

  async function settle(page) {
    await page.waitForLoadState("networkidle");
    // Lists end in a list, an empty note or an error note, never in "loading".
    await page.waitForFunction(() => ![...document.querySelectorAll("main [role=status]")].some((e) => /lade|Loading/i.test(e.textContent ?? "")));
  }

  // axe checks the page as it is now (WCAG 2.1 A/AA) and fails with every violation listed.
  async function axe(page, what) {
    await settle(page);
    const result = await new AxeBuilder({ page }).withTags(axeTags).analyze();
    countAxe(page, result);
    const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    assert.deepEqual(summary, [], `axe violations on ${what}`);
  }

  // login logs in through the form and lands on the account page.
  async function login(page, email, lang = "de", password = demoPassword) {
    await page.goto(server.base + "/anmelden");
    await page.getByLabel(dict[lang].login.email).fill(email);
    await page.getByLabel(dict[lang].login.password, { exact: true }).fill(password);
    await page.getByRole("button", { name: dict[lang].login.submit }).click();
    await page.getByRole("heading", { level: 1, name: dict[lang].account.title }).waitFor();
  }

  const focused = (page) =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { text: el?.textContent?.trim() ?? "", id: el?.id ?? "", tag: el?.tagName ?? "" };
    });

  for (const p of pages) {
    for (const lang of ["de", "en"]) {
      it(`${p.name} (${lang}): loads, is accessible (axe ${axeTags.join(", ")}), stays on the origin`, { timeout: 60_000 }, () =>
        withPage(p.name, lang, async (page) => {
          const res = await page.goto(server.base + (typeof p.path === "function" ? p.path() : p.path));
          assert.equal(res.status(), 200);
          await page.getByRole("heading", { level: 1, name: p.h1(lang) }).waitFor();
          await settle(page);
          assert.equal(await page.getAttribute("html", "lang"), lang);
          assert.equal(await page.locator("main").count(), 1);
          if (p.draft) await page.getByText(dict[lang].app.draft).waitFor();
          if (p.name === "barrierefreiheit") {
            const href = await page.getByRole("link", { name: dict[lang].legal.barrierefreiheit.feedbackLink }).getAttribute("href");
            assert.match(href, /^mailto:/);
          }
          const result = await new AxeBuilder({ page }).withTags(axeTags).analyze();
          countAxe(page, result);
          const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
          assert.deepEqual(summary, [], "axe violations");
          // Usable from 320 px: no horizontal scrolling.
          await page.setViewportSize({ width: 320, height: 640 });
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 320 px`);
        }),
      );
    }
  }

  it("language switch: German to English and back, lang on <html>", { timeout: 60_000 }, () =>
    withPage("language-switch", "de", async (page) => {
      await page.goto(server.base + "/impressum");
      await page.getByRole("heading", { level: 1, name: de.legal.impressum.title }).waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: en.legal.impressum.title }).waitFor();
      await page.waitForFunction(() => document.documentElement.lang === "en", null, { timeout: 5_000 });
      await page.reload(); // the choice is remembered
      await page.getByRole("heading", { level: 1, name: en.legal.impressum.title }).waitFor();
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 1, name: de.legal.impressum.title }).waitFor();
      await page.waitForFunction(() => document.documentElement.lang === "de", null, { timeout: 5_000 });
    }),
  );

  it("keyboard only: skip link, header navigation, legal pages in the footer", { timeout: 60_000 }, () =>
    withPage("keyboard", "de", async (page) => {
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return { text: el?.textContent?.trim() ?? "", id: el?.id ?? "", cls: el?.className ?? "", tag: el?.tagName ?? "" };
        });
      await page.goto(server.base + "/");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await settle(page);

      await page.keyboard.press("Tab");
      assert.equal((await focused()).text, de.app.skipLink, "first Tab reaches the skip link");
      const box = await page.locator(".skip-link").boundingBox();
      assert.ok(box && box.y >= 0, "the focused skip link is visible");
      await page.keyboard.press("Enter");
      assert.equal((await focused()).id, "main", "the skip link moves focus to main");

      // From the top again: Tab through the header navigation to the legal pages in the footer.
      await page.goto(server.base + "/");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await settle(page);
      const order = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const f = await focused();
        order.push(f.text);
        if (f.text === de.footer.impressum) break;
      }
      for (const want of [de.app.skipLink, de.nav.home, de.nav.login, "English", de.footer.impressum]) {
        assert.ok(order.includes(want), `Tab order ${JSON.stringify(order)} lacks ${want}`);
      }
      assert.ok(order.indexOf(de.nav.home) < order.indexOf(de.footer.impressum), "header before footer");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: de.legal.impressum.title }).waitFor();
      assert.equal(new URL(page.url()).pathname, "/impressum");
      assert.equal((await focused()).id, "main", "after navigating, focus is on the new content");

      for (let i = 0; i < 60 && (await focused()).text !== de.footer.barrierefreiheit; i++) await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: de.legal.barrierefreiheit.title }).waitFor();
    }),
  );

  it("login: errors from the server are shown through i18n, never as raw text", { timeout: 60_000 }, () =>
    withPage("login-error", "de", async (page) => {
      await page.goto(server.base + "/anmelden");
      await page.getByLabel(de.login.email).fill("niemand@example.org");
      await page.getByLabel(de.login.password).fill("falsches-passwort-123");
      await page.getByRole("button", { name: de.login.submit }).click();
      const alert = page.getByRole("alert");
      await alert.waitFor();
      const text = (await alert.textContent()) ?? "";
      const known = Object.values(de.errors);
      assert.ok(known.some((m) => text.includes(m)), `alert text ${JSON.stringify(text)} is not an i18n error message`);
      const result = await new AxeBuilder({ page }).withTags(axeTags).analyze();
      assert.deepEqual(result.violations.map((v) => v.id), [], "axe violations with the error shown");
    }),
  );

  it("register → verify by the mailed link → log in → account → filter projects → deep link to a paragraph", { timeout: 90_000 }, () =>
    withPage("register-flow", "de", async (page) => {
      const email = `e2e-${randomBytes(4).toString("hex")}@example.org`;
      await page.goto(server.base + "/registrieren");
      await page.getByLabel(de.login.email).fill(email);
      await page.getByLabel(de.register.name).fill("Erika E2E");
      await page.getByLabel(de.login.password).fill("kurz");
      await page.getByRole("button", { name: de.register.submit }).click();
      // The server's field error is shown next to the field and tied to it.
      await page.locator("#reg-password-error").waitFor();
      assert.equal(await page.getAttribute("#reg-password", "aria-invalid"), "true");
      assert.match(await page.getAttribute("#reg-password", "aria-describedby"), /reg-password-error/);
      await axe(page, "register with field errors");
      await page.getByLabel(de.login.password).fill("ein-langes-passwort-2026");
      await page.getByRole("button", { name: de.register.submit }).click();
      await page.getByText(de.register.success.split("{{")[0].trim()).waitFor();

      const mails = await (await fetch(`${server.base}/api/v1/test/mails?to=${encodeURIComponent(email)}`)).json();
      const link = mails.items.map((m) => m.body.match(/https?:\/\/\S+\/verify-email\?token=[\w-]+/)?.[0]).find(Boolean);
      assert.ok(link, `no verification link in ${JSON.stringify(mails.items.map((m) => m.body))}`);
      await page.goto(link);
      await page.getByText(de.verify.success).waitFor();
      await axe(page, "verify-email success");

      await page.goto(server.base + "/anmelden");
      await page.getByLabel(de.login.email).fill(email);
      await page.getByLabel(de.login.password, { exact: true }).fill("ein-langes-passwort-2026");
      await page.getByRole("button", { name: de.login.submit }).click();
      await page.getByRole("heading", { level: 1, name: de.account.title }).waitFor();
      await page.getByText(`${email} (${de.account.verified})`).waitFor();
      await axe(page, "account");
      await page.locator("#acc-name").fill("Erika Beispiel");
      await page.locator("form", { has: page.locator("#acc-name") }).getByRole("button", { name: de.form.save }).click();
      await page.getByText(de.account.saved).waitFor();
      await page.getByRole("link", { name: de.nav.signedInAs.replace("{{name}}", "Erika Beispiel") }).waitFor();

      // Filters end up in the URL and survive a reload.
      await page.getByRole("link", { name: de.nav.projects, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: de.projects.title }).waitFor();
      await page.getByLabel(de.projects.filter.status).selectOption("done");
      await page.getByLabel(de.projects.filter.owner).selectOption("Bürgeramt");
      await page.getByLabel(de.projects.filter.sort).selectOption("title");
      await page.getByRole("button", { name: de.projects.filter.apply }).click();
      await page.waitForURL(/status=done/);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get("owner"), "Bürgeramt");
      assert.equal(url.searchParams.get("sort"), "title");
      await page.getByRole("link", { name: demoProject.title }).waitFor();
      await page.reload();
      await page.getByRole("link", { name: demoProject.title }).waitFor();
      assert.equal(await page.getByLabel(de.projects.filter.status).inputValue(), "done");
      const titles = await page.locator(".project-card h3").allTextContents();
      assert.ok(titles.length >= 1, "filtered list is empty");
      await axe(page, "filtered project list");

      // A deep link to a paragraph scrolls to it and focuses it; changed blocks carry a text label.
      const doc = await (await fetch(`${server.base}/api/v1/documents/${demo.doc.id}`)).json();
      const block = doc.blocks[Math.min(3, doc.blocks.length - 1)];
      await page.goto(`${server.base}/dokumente/${demo.doc.id}#block-${block.block_id}`);
      await page.getByRole("heading", { level: 1, name: demo.doc.title }).waitFor();
      await page.waitForFunction((id) => document.activeElement?.id === id, `block-${block.block_id}`);
      if (doc.version > 1 && doc.blocks.some((b) => b.changed)) {
        assert.ok((await page.locator(".changed-mark").count()) >= 1, "no 'geändert' label on changed blocks");
        assert.equal(await page.locator(".changed-mark").first().textContent(), de.document.changed);
        await page.getByRole("link", { name: de.document.versionN.replace("{{n}}", "1") }).click();
        await page.waitForURL(/version=1/);
        await page.getByText(de.document.olderVersion).waitFor();
        assert.equal(await page.locator(".changed-mark").count(), 0, "version 1 has no change marks");
      }
      await axe(page, "document");
    }),
  );

  it("an official edits a project; a second editor of the same project gets the conflict and reapplies", { timeout: 90_000 }, () =>
    withPage("edit-conflict", "de", async (page) => {
      const other = await page.context().browser().newContext({ locale: "de-DE" });
      other.setDefaultTimeout(15_000);
      try {
        const page2 = await other.newPage();
        await login(page, "official@example.org");
        await login(page2, "official@example.org");
        const slug = "mobiles-buergerbuero";
        for (const p of [page, page2]) {
          await p.goto(`${server.base}/projekte/${slug}`);
          await p.getByRole("link", { name: de.project.edit }).click();
          await p.getByLabel(de.field.title).waitFor();
        }
        await axe(page, "project edit form");
        const newTitle = `Mobiles Bürgerbüro (geändert ${Date.now()})`;
        await page.getByLabel(de.field.title).fill(newTitle);
        await page.getByRole("button", { name: de.form.save }).click();
        await page.getByRole("heading", { level: 1, name: newTitle }).waitFor();
        await page.getByRole("cell", { name: newTitle }).first().waitFor(); // the history shows the change
        await axe(page, "project page after edit");

        // The second browser still edits the old version.
        const summary = "Eine neue Kurzbeschreibung aus dem zweiten Browser.";
        await page2.getByLabel(de.field.summary).fill(summary);
        await page2.getByRole("button", { name: de.form.save }).click();
        await page2.getByRole("heading", { name: de.conflict.heading }).waitFor();
        await page2.getByText(de.conflict.text).waitFor();
        await axe(page2, "conflict message");
        await page2.getByRole("button", { name: de.conflict.reload }).click();
        await page2.getByText(de.conflict.theirs).waitFor();
        await page2.locator(".conflict-fields li", { hasText: de.field.title }).waitFor();
        assert.equal(await page2.getByLabel(de.field.summary).inputValue(), summary, "the user's edit is kept");
        assert.equal(await page2.getByLabel(de.field.title).inputValue(), newTitle, "the other change is loaded");
        await page2.getByRole("button", { name: de.form.save }).click();
        await page2.getByRole("heading", { level: 1, name: newTitle }).waitFor();
        await page2.getByText(summary).first().waitFor();
      } finally {
        await other.close();
      }
    }),
  );

  it("an official publishes a new document version; the changed paragraph is marked", { timeout: 90_000 }, () =>
    withPage("new-version", "en", async (page) => {
      await login(page, "official@example.org", "en");
      const docs = await (await fetch(`${server.base}/api/v1/projects/online-wohnsitzanmeldung/documents`)).json();
      const d = docs.items[0];
      await page.goto(`${server.base}/dokumente/${d.id}`);
      await page.getByRole("link", { name: en.document.newVersion }).click();
      await page.getByRole("heading", { level: 1, name: en.newVersion.title }).waitFor();
      const area = page.getByLabel(en.newVersion.markdown);
      await area.fill(`${await area.inputValue()}\n\nA paragraph added by the e2e test.`);
      await page.getByLabel(en.newVersion.note).fill("e2e addition");
      await page.getByRole("button", { name: en.newVersion.showPreview }).click();
      await page.getByText("A paragraph added by the e2e test.").first().waitFor();
      await axe(page, "new version with preview");
      await page.getByRole("button", { name: en.newVersion.publish }).click();
      await page.getByRole("heading", { level: 1, name: d.title }).waitFor();
      const mark = page.locator(".doc-block--changed", { hasText: "A paragraph added by the e2e test." });
      await mark.waitFor();
      assert.equal(await mark.locator(".changed-mark").textContent(), en.document.changed);
      await axe(page, "document with the new version");
    }),
  );

  it("an admin searches users and changes roles", { timeout: 90_000 }, () =>
    withPage("admin-users", "en", async (page) => {
      await login(page, "admin@example.org", "en");
      await page.getByRole("link", { name: en.nav.users, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: en.admin.usersTitle }).waitFor();
      await axe(page, "user list");
      await page.getByRole("searchbox", { name: en.admin.search }).fill("resident@");
      await page.getByRole("main").getByRole("button", { name: en.admin.searchSubmit }).click();
      await page.waitForURL(/q=resident/);
      // the unfiltered list, which has resident@ too, may still show (the router's navigation is a
      // transition), then "loading": wait for the filtered table itself
      await page.waitForFunction(() => {
        const rows = document.querySelectorAll("tbody tr");
        return rows.length === 1 && rows[0].textContent.includes("resident@example.org");
      });
      assert.equal(await page.locator("tbody tr").count(), 1);
      await page.locator("tbody tr a").click();
      await page.getByRole("checkbox", { name: en.role.council }).check();
      await page.getByRole("button", { name: en.form.save }).click();
      // council needs an affiliation: the field error is shown beside the select
      await page.locator("#u-affiliation-error").waitFor();
      await axe(page, "user form with field error");
      await page.getByLabel(en.field.affiliation).selectOption("science");
      await page.getByRole("button", { name: en.form.save }).click();
      await page.getByText(en.account.saved).waitFor();
      await page.getByRole("link", { name: en.admin.back }).click();
      await page.locator("tbody tr", { hasText: "resident@example.org" }).getByText(en.role.council).waitFor();
    }),
  );

  it("keyboard only: projects, filter, project page, document", { timeout: 90_000 }, () =>
    withPage("keyboard-projects", "de", async (page) => {
      await page.goto(server.base + "/");
      await page.getByRole("heading", { level: 1 }).waitFor();
      await settle(page);
      const tabTo = async (pred, what) => {
        for (let i = 0; i < 80; i++) {
          await page.keyboard.press("Tab");
          if (pred(await focused(page))) return;
        }
        assert.fail(`Tab never reached ${what}`);
      };
      await tabTo((f) => f.text === de.nav.projects, "the projects link");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: de.projects.title }).waitFor();
      await settle(page);
      await tabTo((f) => f.id === "filter-q", "the keyword field");
      await page.keyboard.type("Termin");
      await page.keyboard.press("Enter");
      await page.waitForURL(/q=Termin/);
      await page.getByRole("link", { name: demoProject.title }).waitFor();
      await tabTo((f) => f.text === demoProject.title, "the project link");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: demoProject.title }).waitFor();
      await settle(page);
      await tabTo((f) => f.tag === "A" && f.text === demo.doc.title, "a document link");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: demo.doc.title }).waitFor();
      await settle(page);
      await tabTo((f) => f.text === de.document.blockLink, "a paragraph link");
      await page.keyboard.press("Enter");
      await page.waitForURL(/#block-/);
    }),
  );

  // The moderation scenarios use call, apiLogin and freshUser (below): logins are rate-limited per account, so
  // moderator@, council@ and official@ log in once each; the author is a fresh account.
  const author = { user: null };
  const tabUntil = async (page, pred, what, key = "Tab") => {
    for (let i = 0; i < 80; i++) {
      if (pred(await focused(page))) return;
      await page.keyboard.press(key);
    }
    assert.fail(`Tab never reached ${what}`);
  };
  // axeBoth checks the page in German, switches to English, checks again and switches back.
  async function axeBoth(page, what, h1) {
    await axe(page, `${what} (de)`);
    await page.getByRole("button", { name: "English" }).click();
    if (h1) await page.getByRole("heading", { level: 1, name: h1 }).waitFor();
    await axe(page, `${what} (en)`);
    await page.getByRole("button", { name: "Deutsch" }).click();
  }

  it("moderation: flagged comments arrive live in the queue, hide and bulk approve by keyboard, public log, the author's notifications", { timeout: 120_000 }, () =>
    withPage("moderation", "de", async (page) => {
      author.user = await freshUser("Mona Moderationstest");
      const council = await apiLogin("council@example.org");
      const post = (body) => call("POST", `/api/v1/projects/${demoProject.slug}/comments`, author.user.token, { body });
      const c1 = await post("Ein Beitrag, der gemeldet und ausgeblendet wird.");
      const c2 = await post("Ein Beitrag, der gemeldet und wieder freigegeben wird.");
      await call("POST", `/api/v1/comments/${c1.id}/flags`, council, { reason: "spam" });

      // Live events are not replayed to a fresh subscription: flag c2 only once the queue listens.
      const listening = new Promise((res) =>
        page.on("websocket", (ws) =>
          ws.on("framereceived", (f) => {
            const m = String(f.payload);
            if (m.includes('"subscribed"') && m.includes('"moderation"')) res();
          }),
        ),
      );
      await login(page, "moderator@example.org");
      await page.getByRole("link", { name: de.moderation.nav, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: de.moderation.title }).waitFor();
      const heading = (id, l = de) => page.getByRole("heading", { name: l.moderation.itemHeading.replace("{{id}}", id).replace("{{project}}", demoProject.title) });
      await heading(c1.id).waitFor();
      await listening;
      // A comment flagged while the page is open appears live.
      await call("POST", `/api/v1/comments/${c2.id}/flags`, council, { reason: "off_topic", text: "" });
      await heading(c2.id).waitFor();
      await page.getByText(de.moderation.newItem.replace("{{id}}", c2.id)).first().waitFor({ state: "attached" });
      await axeBoth(page, "moderation queue", en.moderation.title);

      // Keyboard only: open the hide form of c1, keep the first reason, Tab to the submit button, Enter.
      const item1 = page.locator("li.queue-item", { has: heading(c1.id) });
      await item1.getByRole("button", { name: de.moderation.action.hide }).focus();
      await page.keyboard.press("Enter");
      assert.equal((await focused(page)).id, `q-${c1.id}-reason`, "the reason select gets the focus");
      await tabUntil(page, (f) => f.text === de.moderation.hideForm.submit, "the hide button");
      await page.keyboard.press("Enter");
      await heading(c1.id).waitFor({ state: "detached" });
      await page.getByText(de.moderation.done.hide.replace("{{id}}", c1.id)).first().waitFor({ state: "attached" });
      assert.equal((await focused(page)).id, "queue-heading", "focus stays in the queue");

      // Select c2 with the space bar, then bulk approve with Enter.
      await page.getByRole("checkbox", { name: de.moderation.action.select.replace("{{id}}", c2.id) }).focus();
      await page.keyboard.press("Space");
      await tabUntil(page, (f) => f.text === de.moderation.bulk.submit_one.replace("{{count}}", "1"), "the bulk approve button", "Shift+Tab");
      await page.keyboard.press("Enter");
      await heading(c2.id).waitFor({ state: "detached" });
      await page.getByText(de.moderation.bulk.done.replace("{{approved}}", "1").replace("{{skipped}}", "0")).first().waitFor({ state: "attached" });

      // The public log shows both actions, with role and reason but no names.
      await page.getByRole("link", { name: de.moderation.logLink }).click();
      await page.getByRole("heading", { level: 1, name: de.moderation.log.title }).waitFor();
      // c1 is hidden (its log entry is not linked), c2 approved and public (linked to the comment).
      const row1 = page.locator("tbody tr", { has: page.getByRole("cell", { name: de.moderation.log.commentNoLink.replace("{{id}}", c1.id), exact: true }) });
      await row1.getByRole("cell", { name: de.moderation.log.actions.hide, exact: true }).waitFor();
      await row1.getByRole("cell", { name: de.moderation.hideReason.spam, exact: true }).waitFor();
      await row1.getByRole("cell", { name: de.moderation.log.roles.moderator, exact: true }).waitFor();
      await page.locator("tbody tr", { has: page.getByRole("link", { name: de.moderation.log.commentLink.replace("{{id}}", c2.id), exact: true }) }).getByRole("cell", { name: de.moderation.log.actions.approve, exact: true }).waitFor();
      assert.equal(await page.getByText("Jonas Richter").count(), 1, "the log names nobody (only the header shows the moderator)");
      await axeBoth(page, "moderation log", en.moderation.log.title);

      // The author sees the notification of the hiding (approving a published comment notifies nobody), the
      // count in the header, and marks all read.
      const other = await page.context().browser().newContext({ locale: "de-DE" });
      other.setDefaultTimeout(15_000);
      try {
        const p2 = await other.newPage();
        await login(p2, author.user.email, "de", author.user.password);
        await p2.getByRole("link", { name: new RegExp(`^${de.notifications.nav} \\(1\\s*${de.notifications.unreadSr}`) }).click();
        await p2.getByRole("heading", { level: 1, name: de.notifications.title }).waitFor();
        await p2.getByText(de.notifications.type.comment_hidden.replace("{{reason}}", de.moderation.hideReason.spam)).waitFor();
        await axeBoth(p2, "notifications", en.notifications.title);
        await p2.getByRole("button", { name: de.notifications.markAll }).click();
        await p2.getByRole("link", { name: de.notifications.nav, exact: true }).waitFor();
        assert.equal(await p2.getByRole("button", { name: new RegExp(`^${de.notifications.markOne}:`) }).count(), 0, "nothing left to mark");
      } finally {
        await other.close();
      }
    }),
  );

  it("an official takes an open question, sees response times and records a letter", { timeout: 120_000 }, () =>
    withPage("officials", "de", async (page) => {
      const asker = author.user ?? (await freshUser("Frieda Fragestellerin"));
      const q = await call("POST", `/api/v1/projects/${demoProject.slug}/comments`, asker.token, { body: "Wann kommt die Terminvergabe?", kind: "question" });
      await login(page, "official@example.org");
      await page.getByRole("link", { name: de.officials.nav, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: de.officials.title }).waitFor();
      await page.getByRole("rowheader", { name: de.officials.times.overall }).waitFor();
      await page.getByText("Wann kommt die Terminvergabe?").waitFor();
      await axeBoth(page, "open questions", en.officials.title);
      const item = page.locator("li.question", { hasText: "Wann kommt die Terminvergabe?" });
      await item.getByRole("button", { name: de.officials.take }).focus();
      await page.keyboard.press("Enter");
      await item.getByText(de.officials.taken).waitFor();
      await item.getByText(de.officials.questionStatus.in_progress.replace("{{name}}", "Petra Lehmann")).waitFor();
      const taken = await call("GET", `/api/v1/comments/${q.id}`, null);
      assert.equal(taken.question_status, "in_progress");

      await page.getByRole("link", { name: de.officials.contributions.link.replace("{{title}}", demoProject.title) }).click();
      await page.getByRole("heading", { level: 1, name: de.officials.contribution.title }).waitFor();
      await axeBoth(page, "contribution form", en.officials.contribution.title);
      await page.getByLabel(de.officials.contribution.body).fill("Per Brief: Bitte auch Termine am Samstag anbieten.");
      await page.getByLabel(de.officials.contribution.channel).selectOption("letter");
      await page.getByRole("button", { name: de.officials.contribution.submit }).click();
      await page.getByText(de.officials.contribution.success).waitFor();
      await axe(page, "contribution recorded");
      const list = await call("GET", `/api/v1/projects/${demoProject.slug}/comments?limit=100`, null);
      const rec = list.items.find((c) => c.body.includes("Termine am Samstag"));
      assert.ok(rec, "the contribution is published");
      assert.equal(rec.channel, "letter");
      assert.equal(rec.submitter_name, "anonym");
      await page.getByRole("link", { name: de.officials.contribution.back }).first().click();
      await page.getByRole("heading", { level: 1, name: demoProject.title }).waitFor();
    }),
  );

  // Threads (one more login each of moderator@ and official@; the residents are fresh accounts).
  const premod = { slug: "open-data-portal", title: "Open-Data-Portal der Stadt" };
  async function newContext(lang) {
    const ctx = await browser.newContext({ locale: locales[lang], viewport: { width: 1280, height: 900 } });
    ctx.setDefaultTimeout(15_000);
    return ctx;
  }
  const liveOpen = (page, l = de) => page.getByText(`${l.live.label}: ${l.live.open}`).waitFor();

  it("pre-moderation: the author sees 'wartet auf Freigabe', a moderator approves in the queue, an anonymous browser sees it appear live; axe de/en", { timeout: 120_000 }, () =>
    withPage("threads-premod", "de", async (a) => {
      const resident = await freshUser("Paula Prüfstand");
      const ctxC = await newContext("de");
      const ctxM = await newContext("de");
      try {
        const c = await ctxC.newPage();
        await c.goto(`${server.base}/projekte/${premod.slug}`);
        await liveOpen(c);
        await login(a, resident.email, "de", resident.password);
        await a.goto(`${server.base}/projekte/${premod.slug}`);
        await liveOpen(a);
        const text = `Vormoderiert ${randomBytes(3).toString("hex")}`;
        await a.getByRole("textbox", { name: de.comments.yourComment }).fill(text);
        await a.getByRole("button", { name: de.comments.submit }).click();
        const mine = a.locator("article.comment", { hasText: text }).first();
        await mine.getByText(de.threads.pending, { exact: true }).waitFor();
        await axeBoth(a, "project page with a pending comment", premod.title);

        const own = await call("GET", `/api/v1/projects/${premod.slug}/comments?limit=100`, resident.token);
        const pending = own.items.find((x) => x.body.includes(text));
        assert.equal(pending?.status, "pending");
        const anon = await call("GET", `/api/v1/projects/${premod.slug}/comments?limit=100`, null);
        assert.ok(!anon.items.some((x) => x.id === pending.id), "a pending comment leaked to anonymous readers");

        const m = await ctxM.newPage();
        await login(m, "moderator@example.org");
        await m.goto(`${server.base}/moderation`);
        const item = m.locator("li.queue-item", {
          has: m.getByRole("heading", { name: de.moderation.itemHeading.replace("{{id}}", pending.id).replace("{{project}}", premod.title) }),
        });
        await item.getByRole("button", { name: de.moderation.action.approve, exact: true }).click();
        await item.waitFor({ state: "detached" });

        // The anonymous reader gets it live (behind the "show new" button), the author's mark goes away.
        await c.getByRole("button", { name: n(de.comments.showNew_one, 1) }).click();
        await c.locator("article.comment", { hasText: text }).first().waitFor();
        await mine.getByText(de.threads.pending, { exact: true }).waitFor({ state: "detached" });
      } finally {
        await ctxC.close();
        await ctxM.close();
      }
    }),
  );

  it("official response: a resident asks, official@ answers with 'Offiziell antworten', the asker sees 'Offizielle Antwort · Bürgeramt' live; flag dialog; axe de/en", { timeout: 120_000 }, () =>
    withPage("threads-official", "de", async (q) => {
      const asker = await freshUser("Quentin Fragesteller");
      const ctxO = await newContext("de");
      try {
        await login(q, asker.email, "de", asker.password);
        await q.goto(`${server.base}/projekte/${demoProject.slug}`);
        await liveOpen(q);
        const text = `Wer beantwortet das? ${randomBytes(3).toString("hex")}`;
        await q.getByRole("textbox", { name: de.comments.yourComment }).fill(text);
        await q.getByRole("radio", { name: de.comments.kind.question }).check();
        await q.getByRole("button", { name: de.comments.submit }).click();
        const question = q.locator("article.comment", { hasText: text }).first();
        await question.getByText(de.threads.questionStatus.open, { exact: true }).waitFor();

        const o = await ctxO.newPage();
        await login(o, "official@example.org");
        await o.goto(`${server.base}/projekte/${demoProject.slug}`);
        await o.getByRole("link", { name: de.officials.contributions.link.replace("{{title}}", demoProject.title) }).waitFor();
        const oq = o.locator("article.comment", { hasText: text }).first();
        await oq.getByRole("button", { name: de.threads.respond }).click();
        const answer = `Das Bürgeramt antwortet ${randomBytes(3).toString("hex")}`;
        await o.getByRole("textbox", { name: de.threads.respondLabel }).fill(answer);
        await o.getByRole("button", { name: de.threads.respondSubmit }).click();
        await oq.locator("article.comment--official", { hasText: answer }).waitFor();

        // The asker's browser: the response under the question, live, and the question answered.
        const resp = question.locator("article.comment--official", { hasText: answer });
        await resp.getByText(de.threads.official.replace("{{department}}", "Bürgeramt")).waitFor();
        await question.getByText(de.threads.questionStatus.answered, { exact: true }).first().waitFor();

        // Flag dialog on the response: focus on the first reason, "other" needs text, Cancel returns the focus.
        const flagBtn = resp.getByRole("button", { name: de.threads.flag.openLabel.replace("{{name}}", "Petra Lehmann") });
        await flagBtn.click();
        assert.equal((await focused(q)).id.endsWith("-spam"), true, "the first reason has the focus");
        await axeBoth(q, "project page with an official response and the flag dialog", demoProject.title);
        await resp.getByRole("button", { name: de.form.cancel }).click();
        assert.equal(await flagBtn.evaluate((el) => el === document.activeElement), true, "the focus went back to the flag button");
      } finally {
        await ctxO.close();
      }
    }),
  );

  for (const width of [1280, 360]) {
    it(`the paragraph comment buttons are text buttons on one line at ${width} px`, { timeout: 60_000 }, () =>
      withPage(`block-button-${width}`, "de", async (page) => {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(server.base + `/dokumente/${demo.doc.id}`);
        await page.getByRole("heading", { level: 1, name: demo.doc.title }).waitFor();
        const button = page.locator("button.block-comments").first();
        await button.waitFor();
        const box = await button.boundingBox();
        const label = await button.locator(".kern-label").evaluate((el) => {
          const r = document.createRange();
          r.selectNodeContents(el.firstChild ?? el);
          return { lines: r.getClientRects().length };
        });
        assert.ok(box.width > 80, `button is ${box.width} px wide`);
        assert.ok(box.height < 80, `button is ${box.height} px tall`);
        assert.equal(label.lines, 1, "the label stays on one line");
      }),
    );
  }

  it("a resident opening the new-version page is told at once that only the responsible office may publish (no editor)", { timeout: 60_000 }, () =>
    withPage("new-version-resident", "de", async (page) => {
      await login(page, "resident@example.org", "de");
      await page.evaluate((p) => {
        history.pushState({}, "", p);
        dispatchEvent(new PopStateEvent("popstate"));
      }, `/dokumente/${demo.doc.id}/neue-fassung`);
      await page.getByText(de.newVersion.notAllowed).waitFor();
      assert.equal(await page.locator("textarea").count(), 0, "no editor for a resident");
      // and the document page offers no link to it
      await page.goto(server.base + `/dokumente/${demo.doc.id}`);
      await page.getByRole("heading", { level: 1, name: demo.doc.title }).waitFor();
      assert.equal(await page.getByRole("link", { name: de.document.newVersion }).count(), 0);
      await axe(page, "document as resident");
    }),
  );

  for (const lang of ["de", "en"]) {
    it(`logged-in pages (${lang}): account, project forms, new version, user admin — axe on each`, { timeout: 90_000 }, () =>
      withPage("logged-in-pages", lang, async (page) => {
        const t = dict[lang];
        await login(page, "admin@example.org", lang);
        await axe(page, "account");
        const visits = [
          ["/projekte/neu", t.projectForm.createTitle],
          [`/projekte/${demoProject.slug}/bearbeiten`, t.projectForm.editTitle.replace("{{title}}", demoProject.title)],
          [`/dokumente/${demo.doc.id}/neue-fassung`, t.newVersion.title],
          ["/verwaltung/benutzer", t.admin.usersTitle],
        ];
        for (const [path, h1] of visits) {
          // client-side navigation keeps the in-memory token (a reload would restore it by refresh)
          await page.evaluate((p) => {
            history.pushState({}, "", p);
            dispatchEvent(new PopStateEvent("popstate"));
          }, path);
          await page.getByRole("heading", { level: 1, name: h1 }).waitFor();
          await axe(page, path);
        }
        await page.locator("tbody tr a").first().click();
        await page.getByRole("heading", { level: 1, name: new RegExp(t.admin.editTitle.replace("{{name}}", "")) }).waitFor();
        await axe(page, "user edit form");
        // an empty title is refused by the server; the error sits next to the field
        await page.evaluate(() => {
          history.pushState({}, "", "/projekte/neu");
          dispatchEvent(new PopStateEvent("popstate"));
        });
        await page.getByRole("button", { name: t.form.save }).click();
        await page.locator("#p-title-error").waitFor();
        assert.equal(await page.getAttribute("#p-title", "aria-invalid"), "true");
        await axe(page, "project form with field errors");
      }),
    );
  }
  // The live region's text (polite, never focused).
  const liveText = (page) => page.evaluate(() => [...document.querySelectorAll("[data-testid=comments-live]")].map((e) => e.textContent).join(" "));
  const n = (s, count) => s.replace("{{count}}", String(count));

  it("comments live: A writes, B sees it within 2 s without losing focus or scroll and hears it; reply, vote, edit, delete; axe de/en", { timeout: 120_000 }, () =>
    withPage("comments-live", "de", async (a) => {
      const ctxB = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
      ctxB.setDefaultTimeout(15_000);
      try {
        const b = await ctxB.newPage();
        const slug = "digitale-buergerbeteiligung";
        await login(a, "resident@example.org");
        await login(b, "council@example.org", "en");
        await a.goto(`${server.base}/projekte/${slug}`);
        await b.goto(`${server.base}/projekte/${slug}`);
        await a.getByText(`${de.live.label}: ${de.live.open}`).waitFor();
        await b.getByText(`${en.live.label}: ${en.live.open}`).waitFor();
        await b.getByText(en.comments.none).waitFor();

        // B reads further down with the focus on the sort select.
        await b.getByLabel(en.comments.sort).focus();
        await b.evaluate(() => window.scrollTo(0, 300));
        const scrollBefore = await b.evaluate(() => window.scrollY);

        const text = `Live-Kommentar ${randomBytes(3).toString("hex")}`;
        await a.getByRole("textbox", { name: de.comments.yourComment }).fill(text);
        await a.getByRole("radio", { name: de.comments.stance.pro }).check();
        await a.getByRole("button", { name: de.newVersion.showPreview }).click();
        await a.locator(".composer .preview p", { hasText: text }).waitFor(); // the server's preview
        await a.getByRole("button", { name: de.comments.submit }).click();
        await a.locator("article.comment", { hasText: text }).waitFor();
        await b.getByRole("button", { name: n(en.comments.showNew_one, 1) }).waitFor({ timeout: 2_000 });
        await b.waitForFunction((want) => [...document.querySelectorAll("[data-testid=comments-live]")].some((e) => e.textContent === want), n(en.comments.newAnnounce_one, 1), { timeout: 2_000 });
        assert.equal((await focused(b)).id, "pc-sort", "the new comment took the focus");
        assert.equal(await b.evaluate(() => window.scrollY), scrollBefore, "the new comment moved the page");
        await b.getByRole("button", { name: n(en.comments.showNew_one, 1) }).click();
        const cb = b.locator("article.comment", { hasText: text }).first();
        await cb.waitFor();
        await cb.getByText(en.comments.stance.pro).waitFor();

        // B agrees: aria-pressed on B, the count reaches A live (A, the author, sees counts, not buttons).
        await cb.getByRole("button", { name: `${en.comments.up} 0`, exact: true }).click();
        await cb.getByRole("button", { name: `${en.comments.up} 1`, exact: true, pressed: true }).waitFor();
        const ca = a.locator("article.comment", { hasText: text }).first();
        await ca.locator(".votes", { hasText: n(de.comments.upCount_one, 1) }).waitFor({ timeout: 2_000 });
        assert.equal(await ca.getByRole("button", { name: `${de.comments.up} 1`, exact: true }).count(), 0, "the author got a vote button");

        // B replies; the reply appears in A's thread and is announced.
        const reply = `Antwort ${randomBytes(3).toString("hex")}`;
        await cb.getByRole("button", { name: en.comments.reply }).first().click();
        await b.getByRole("textbox", { name: en.comments.yourReply }).fill(reply);
        await b.getByRole("button", { name: en.comments.submitReply }).click();
        await b.locator("article.comment", { hasText: reply }).last().waitFor();
        await ca.locator("article.comment", { hasText: reply }).waitFor({ timeout: 2_000 });
        await a.waitForFunction((want) => [...document.querySelectorAll("[data-testid=comments-live]")].some((e) => e.textContent === want), n(de.comments.newAnnounce_one, 1), { timeout: 2_000 });
        await axe(a, "project page with a thread (de)");
        await axe(b, "project page with a thread (en)");
        await a.setViewportSize({ width: 320, height: 640 });
        const overflow = await a.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 320 px with the composer and a thread`);
        await a.setViewportSize({ width: 1280, height: 900 });

        // A edits within the window: B sees the new text marked as edited.
        await ca.getByRole("button", { name: de.comments.edit }).first().click();
        await a.getByRole("textbox", { name: de.comments.editLabel }).fill(`${text} (ergänzt)`);
        await a.getByRole("button", { name: de.form.save }).click();
        await cb.getByText(`${text} (ergänzt)`).waitFor({ timeout: 2_000 });
        await cb.getByText(`(${en.comments.edited})`).first().waitFor();

        // A deletes: a tombstone on both sides, the reply stays.
        await ca.getByRole("button", { name: de.comments.delete }).first().click();
        await a.getByRole("button", { name: de.comments.deleteConfirm }).click();
        await a.getByText(de.comments.deleted).waitFor();
        await b.getByText(en.comments.deleted).waitFor({ timeout: 2_000 });
        await b.locator("article.comment", { hasText: reply }).last().waitFor();
        assert.equal(await b.getByText(text).count(), 0, "the deleted text is gone");
      } finally {
        await ctxB.close();
      }
    }),
  );

  it("block comments, keyboard only: the count beside the paragraph, the thread, live for an anonymous reader; earlier versions marked", { timeout: 120_000 }, () =>
    withPage("block-comments", "de", async (a) => {
      const ctxB = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 } });
      ctxB.setDefaultTimeout(15_000);
      try {
        const b = await ctxB.newPage();
        const latest = await (await fetch(`${server.base}/api/v1/documents/${demo.doc.id}`)).json();
        const block = latest.blocks[0];
        await login(a, "resident@example.org");
        await a.goto(`${server.base}/dokumente/${demo.doc.id}`);
        await b.goto(`${server.base}/dokumente/${demo.doc.id}`);
        await a.getByRole("heading", { level: 1, name: demo.doc.title }).waitFor();
        await settle(a);
        await b.getByText(`${en.live.label}: ${en.live.open}`).waitFor();
        const before = Number((await a.locator(`#block-${block.block_id} .block-comments`).textContent()).match(/^\d+/)?.[0] ?? 0);

        // Keyboard only: Tab to the first paragraph's comment button, open the thread, write, publish.
        const tabTo = async (pred, what) => {
          for (let i = 0; i < 80; i++) {
            await a.keyboard.press("Tab");
            if (pred(await focused(a))) return;
          }
          assert.fail(`Tab never reached ${what}`);
        };
        const label = before > 0 ? n(de.comments.blockCount_other, before) : de.comments.blockComment;
        await tabTo((f) => f.tag === "BUTTON" && f.text.startsWith(label), "the comment button of the first paragraph");
        await a.keyboard.press("Enter");
        const composer = `b-${block.block_id}-new-body`;
        await tabTo((f) => f.id === composer, "the composer");
        const text = `Absatzkommentar ${randomBytes(3).toString("hex")}`;
        await a.keyboard.type(text);
        await tabTo((f) => f.tag === "BUTTON" && f.text === de.comments.submit, "the submit button");
        await a.keyboard.press("Enter");
        await a.locator(`#thread-${block.block_id} article.comment`, { hasText: text }).waitFor();
        await a.locator(`#block-${block.block_id} .block-comments`, { hasText: n(before + 1 === 1 ? de.comments.blockCount_one : de.comments.blockCount_other, before + 1) }).waitFor();
        assert.equal((await focused(a)).id, composer, "focus stays in the composer");
        await axe(a, "document with an open thread (de)");

        // The anonymous reader's count follows live; opening the thread shows the comment, no composer.
        const bb = b.locator(`#block-${block.block_id} .block-comments`);
        await bb.getByText(n(before + 1 === 1 ? en.comments.blockCount_one : en.comments.blockCount_other, before + 1)).waitFor({ timeout: 2_000 });
        await bb.click();
        await b.locator(`#thread-${block.block_id} article.comment`, { hasText: text }).waitFor();
        await b.locator(`#thread-${block.block_id}`).getByText(en.comments.loginToWrite).waitFor();
        await axe(b, "document with an open thread (en, anonymous)");

        // A comment on a paragraph that the newest version no longer has is marked as such.
        const v1 = await (await fetch(`${server.base}/api/v1/documents/${demo.doc.id}?version=1`)).json();
        const gone = v1.blocks.find((x) => !latest.blocks.some((y) => y.block_id === x.block_id));
        if (gone) {
          await a.goto(`${server.base}/dokumente/${demo.doc.id}?version=1`);
          await a.locator(`#block-${gone.block_id} .block-comments`).click();
          await a.locator(`#thread-${gone.block_id}`).getByRole("textbox", { name: de.comments.yourComment }).fill("Zur alten Fassung");
          await a.locator(`#thread-${gone.block_id}`).getByRole("button", { name: de.comments.submit }).click();
          await a.locator(`#thread-${gone.block_id} article.comment`, { hasText: "Zur alten Fassung" }).getByText(de.comments.earlierVersion).waitFor();
        }
      } finally {
        await ctxB.close();
      }
    }),
  );

  // call sends one JSON request to the API (with the CSRF header) and fails the test on an error status.
  async function call(method, path, token, body) {
    const headers = { "X-Requested-With": "digitalrat", "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(server.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  const apiLogin = async (email, password = demoPassword) => (await call("POST", "/api/v1/auth/login", null, { email, password })).access_token;
  // freshUser registers and verifies an account through the API, so a scenario needs no demo account whose
  // roles or state another scenario may have changed.
  async function freshUser(name) {
    const email = `e2e-${randomBytes(4).toString("hex")}@example.org`;
    const password = "ein-langes-passwort-2026";
    await call("POST", "/api/v1/auth/register", null, { email, display_name: name, password });
    const mails = await (await fetch(`${server.base}/api/v1/test/mails?to=${encodeURIComponent(email)}`)).json();
    const token = mails.items.map((m) => m.body.match(/verify-email\?token=([\w-]+)/)?.[1]).find(Boolean);
    assert.ok(token, "no verification mail");
    await call("POST", "/api/v1/auth/verify-email", null, { token });
    return { email, password, name, token: await apiLogin(email, password) };
  }

  // The harness the scenario modules get: server and browser are there once before() has run.
  const harness = {
    backend,
    get server() {
      return server;
    },
    get browser() {
      return browser;
    },
    withPage,
    settle,
    axe,
    login,
    focused,
    call,
    apiLogin,
    freshUser,
    dict,
    de,
    en,
    demo,
    demoProject,
    demoPassword,
    locales,
  };
  for (const s of scenarios) s.default(harness);
}
