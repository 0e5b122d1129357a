// Cross-site request forgery against login and logout, in a real browser: a page on another origin (a
// tiny HTTP server on another port and host name) submits `<form enctype="text/plain">` posts whose body
// is valid JSON. The server must refuse both (no CSRF header, not JSON), and the victim's session must
// be unaffected: still logged in, as themself. Runs against bin/digitalrat on a fresh SQLite database;
// skipped without /usr/bin/chromium unless REQUIRE_E2E=1.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const binary = join(resolve(here, "../.."), "bin/digitalrat");
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const missing = !existsSync(chromiumPath) ? `chromium not found at ${chromiumPath}` : !existsSync(binary) ? `${binary} is missing (run make build)` : null;

const password = "ein-langes-passwort-2026";
const victim = { email: "victim@example.org", display_name: "Vera Victim", password };
const attacker = { email: "attacker@example.org", display_name: "Arno Attacker", password };

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

// textPlainForm is an auto-submitting form whose text/plain body reads `<name>=<value>`: with the name
// `{"email":…,"password":…,"x":"` and the value `"}` that is a JSON object.
function textPlainForm(action, json) {
  const name = JSON.stringify(json).slice(0, -1) + ',"x":"';
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<!doctype html><title>cute cats</title>
<form method="POST" action="${esc(action)}" enctype="text/plain"><input type="hidden" name="${esc(name)}" value='"}'></form>
<script>document.forms[0].submit()</script>`;
}

if (missing) {
  if (process.env.REQUIRE_E2E === "1") it("csrf e2e prerequisites", () => assert.fail(`REQUIRE_E2E=1 but ${missing}`));
  else it("csrf e2e", { skip: `SKIPPED: ${missing}` }, () => {});
} else {
  describe("cross-site forms cannot log in or out", () => {
    let proc, dataDir, base, evil, evilServer, browser;
    const log = [];

    before(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      dataDir = mkdtempSync(join(tmpdir(), "digitalrat-csrf-"));
      proc = spawn(binary, ["serve"], {
        env: { ...process.env, DATA_DIR: dataDir, HTTP_ADDR: `127.0.0.1:${port}`, PUBLIC_URL: base, DATABASE_URL: "", DEMO_DATA: "false" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      proc.stdout.on("data", (d) => log.push(String(d)));
      proc.stderr.on("data", (d) => log.push(String(d)));
      for (const deadline = Date.now() + 60_000; ; ) {
        try {
          if ((await fetch(`${base}/readyz`)).status === 200) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`server not ready:\n${log.join("")}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const u of [victim, attacker]) {
        const r = await fetch(`${base}/api/v1/auth/register`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Requested-With": "digitalrat" },
          body: JSON.stringify(u),
        });
        assert.equal(r.status, 201, await r.text());
      }
      // The attacker's site: another host name and port, so another site, not only another origin.
      const evilPort = await freePort();
      evil = `http://localhost:${evilPort}`;
      evilServer = http.createServer((req, res) => {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        if (req.url === "/login") res.end(textPlainForm(`${base}/api/v1/auth/login`, { email: attacker.email, password }));
        else if (req.url === "/logout") res.end(textPlainForm(`${base}/api/v1/auth/logout`, { bye: "bye" }));
        else res.end("<!doctype html><title>evil</title>");
      });
      await new Promise((r) => evilServer.listen(evilPort, "127.0.0.1", r));
      browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
    });

    after(async () => {
      await browser?.close();
      evilServer?.close();
      if (proc) {
        proc.kill("SIGTERM");
        await new Promise((r) => (proc.exitCode !== null ? r() : proc.once("exit", r)));
      }
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    // whoAmI refreshes with the browser's cookie, from a page on the app's origin, as the SPA does.
    async function whoAmI(page) {
      await page.goto(`${base}/healthz`);
      return page.evaluate(async () => {
        const r = await fetch("/api/v1/auth/refresh", { method: "POST", headers: { "X-Requested-With": "digitalrat" } });
        return { status: r.status, email: r.ok ? (await r.json()).user.email : null };
      });
    }

    async function submitFrom(page, path, apiPath) {
      const answered = page.waitForResponse((r) => r.url() === `${base}${apiPath}` && r.request().method() === "POST");
      await page.goto(`${evil}${path}`);
      const res = await answered;
      const body = res.request().postData() ?? "";
      assert.equal(res.request().headers()["content-type"], "text/plain", "the form did not post text/plain");
      return { status: res.status(), body };
    }

    it("a text/plain form on another site cannot log the victim into the attacker's account", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/healthz`);
      const login = await page.evaluate(async (v) => {
        const r = await fetch("/api/v1/auth/login", {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-Requested-With": "digitalrat" },
          body: JSON.stringify({ email: v.email, password: v.password }),
        });
        return r.status;
      }, victim);
      assert.equal(login, 200);

      const forged = await submitFrom(page, "/login", "/api/v1/auth/login");
      assert.ok(JSON.parse(forged.body).email === attacker.email, `the forged body is JSON: ${forged.body}`);
      assert.ok([403, 415].includes(forged.status), `forged login answered ${forged.status}`);
      const me = await whoAmI(page);
      assert.deepEqual(me, { status: 200, email: victim.email });
      await context.close();
    });

    it("a text/plain form on another site cannot log the victim out", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${base}/healthz`);
      assert.equal(
        await page.evaluate(async (v) => {
          const r = await fetch("/api/v1/auth/login", {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-Requested-With": "digitalrat" },
            body: JSON.stringify({ email: v.email, password: v.password }),
          });
          return r.status;
        }, victim),
        200,
      );
      const forged = await submitFrom(page, "/logout", "/api/v1/auth/logout");
      assert.equal(forged.status, 403, `forged logout answered ${forged.status}`);
      const me = await whoAmI(page);
      assert.deepEqual(me, { status: 200, email: victim.email });
      await context.close();
    });
  });
}
