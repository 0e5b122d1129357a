// Browser end-to-end tests: Debian's chromium, driven by playwright-core, against the real binary
// (bin/digitalrat built with the SPA) on a temporary embedded SQLite database and, when TEST_DATABASE_URL
// is set, once more on a fresh PostgreSQL database. Without /usr/bin/chromium the tests are skipped,
// unless REQUIRE_E2E=1 makes that a failure. Screenshots of failing pages go to ../e2e-artifacts/.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const de = JSON.parse(readFileSync(join(here, "../src/i18n/de.json"), "utf8"));
const en = JSON.parse(readFileSync(join(here, "../src/i18n/en.json"), "utf8"));
const dict = { de, en };
const axeTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

// Every page of this stage, with the heading it must show in each language.
const pages = [
  { name: "start", path: "/", h1: (l) => dict[l].home.title },
  { name: "login", path: "/anmelden", h1: (l) => dict[l].login.title },
  { name: "impressum", path: "/impressum", h1: (l) => dict[l].legal.impressum.title, draft: true },
  { name: "datenschutz", path: "/datenschutz", h1: (l) => dict[l].legal.datenschutz.title, draft: true },
  { name: "barrierefreiheit", path: "/barrierefreiheit", h1: (l) => dict[l].legal.barrierefreiheit.title, draft: true },
  { name: "leichte-sprache", path: "/leichte-sprache", h1: (l) => dict[l].legal.leichteSprache.title, draft: true },
  { name: "404", path: "/gibt-es-nicht/auch-nicht", h1: (l) => dict[l].notFound.title },
];
const locales = { de: "de-DE", en: "en-US" };

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
    // The start page's project list ends in a list, an empty note or an error note, never in "loading".
    await page.waitForFunction(() => !document.querySelector("main [role=status]")?.textContent?.match(/lade|Loading/i));
  }

  for (const p of pages) {
    for (const lang of ["de", "en"]) {
      it(`${p.name} (${lang}): loads, is accessible (axe ${axeTags.join(", ")}), stays on the origin`, { timeout: 60_000 }, () =>
        withPage(p.name, lang, async (page) => {
          const res = await page.goto(server.base + p.path);
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
      assert.equal(await page.getAttribute("html", "lang"), "en");
      await page.reload(); // the choice is remembered
      await page.getByRole("heading", { level: 1, name: en.legal.impressum.title }).waitFor();
      await page.getByRole("button", { name: "Deutsch" }).click();
      assert.equal(await page.getAttribute("html", "lang"), "de");
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
}
