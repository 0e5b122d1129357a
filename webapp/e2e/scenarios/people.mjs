// Browser scenarios of the usability pass for people (issue 10, items 4, 8, 9, 10): the account page's
// export and deletion, links to a comment, role badges, public response times.
import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";

export default (t) => {
  const { withPage, axe, login, focused, de, en } = t;

  async function call(method, path, token, body) {
    const headers = { "X-Requested-With": "digitalrat", "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch(t.server.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  const apiLogin = async (email, password = t.demoPassword) => (await call("POST", "/api/v1/auth/login", null, { email, password })).access_token;
  // freshUser registers and verifies an account through the API (demo accounts stay untouched).
  async function freshUser(name) {
    const email = `e2e-people-${randomBytes(4).toString("hex")}@example.org`;
    const password = "ein-langes-passwort-2026";
    await call("POST", "/api/v1/auth/register", null, { email, display_name: name, password });
    const mails = await (await fetch(`${t.server.base}/api/v1/test/mails?to=${encodeURIComponent(email)}`)).json();
    const token = mails.items.map((m) => m.body.match(/verify-email\?token=([\w-]+)/)?.[1]).find(Boolean);
    assert.ok(token, "no verification mail");
    await call("POST", "/api/v1/auth/verify-email", null, { token });
    return { email, password, name, token: await apiLogin(email, password) };
  }
  // shots keeps screenshots at 1280 and 360 px for checking by eye (e2e-artifacts/people-*.png).
  async function shots(page, name) {
    const dir = new URL("../../../e2e-artifacts/", import.meta.url).pathname;
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}people-${t.backend.name}-${name}-1280.png`, fullPage: true });
    await page.setViewportSize({ width: 360, height: 780 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: `${dir}people-${t.backend.name}-${name}-360.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px at 360 px on ${name}`);
  }

  it("people: account page downloads the data export and deletes the account with password confirmation", { timeout: 120_000 }, () =>
    withPage("people-account", "de", async (page) => {
      const u = await freshUser("Erika Exportprobe");
      const body = `Mein Beitrag für den Export ${randomBytes(3).toString("hex")}`;
      await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, u.token, { body });
      await login(page, u.email, "de", u.password);
      await page.getByRole("heading", { level: 2, name: de.account.export.title }).waitFor();
      await page.getByRole("heading", { level: 2, name: de.account.delete.title }).waitFor();
      await page.getByText(de.account.delete.staysComments).waitFor();
      await axe(page, "account page (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 2, name: en.account.delete.title }).waitFor();
      await axe(page, "account page (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 2, name: de.account.delete.title }).waitFor();
      await shots(page, "account");

      // The export is a JSON download with the user's own data.
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: de.account.export.button }).click()]);
      assert.match(download.suggestedFilename(), /^digitalrat-export-.*\.json$/);
      const data = JSON.parse(readFileSync(await download.path(), "utf8"));
      assert.equal(data.user.email, u.email);
      assert.ok(data.comments.some((c) => c.body === body), "the export holds the user's comment");
      await page.getByText(de.account.export.done).waitFor();

      // A wrong password fails with an error at the field; nothing is deleted.
      const pw = page.getByLabel(de.account.delete.password);
      await pw.fill("falsches-passwort-123");
      await page.getByRole("button", { name: de.account.delete.submit }).click();
      await page.locator("#acc-delete-password-error", { hasText: de.fieldErrors.wrong_password }).waitFor();
      assert.equal(await pw.getAttribute("aria-invalid"), "true");
      await axe(page, "account page with a field error");
      await call("GET", "/api/v1/me", u.token);

      // The right password deletes the account; the user is logged out and told so.
      await pw.fill(u.password);
      await page.getByRole("button", { name: de.account.delete.submit }).click();
      await page.getByRole("heading", { level: 1, name: de.account.delete.doneTitle }).waitFor();
      await page.getByText(de.account.delete.done).waitFor();
      assert.equal((await focused(page)).text, de.account.delete.doneTitle);
      await page.getByRole("link", { name: de.nav.login, exact: true }).first().waitFor();
      await axe(page, "account deleted (de)");
      const r = await fetch(`${t.server.base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "X-Requested-With": "digitalrat", "Content-Type": "application/json" },
        body: JSON.stringify({ email: u.email, password: u.password }),
      });
      assert.equal(r.status, 401, "the deleted account cannot log in");
    }),
  );
};
