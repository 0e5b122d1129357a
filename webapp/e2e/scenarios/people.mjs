// Browser scenarios of the usability pass for people (issue 10, items 4, 8, 9, 10): the account page's
// export and deletion, links to a comment, role badges, public response times.
import { it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";

export default (t) => {
  const { withPage, axe, login, focused, de, en } = t;

  const { call, apiLogin, freshUser } = t;
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

  it("people: a notification links to the comment itself; the page scrolls to it, focuses and marks it, also deep in a thread and on a paragraph", { timeout: 120_000 }, () =>
    withPage("people-links", "de", async (page) => {
      const a = await freshUser("Lina Linkprobe");
      const official = await apiLogin("official@example.org");
      const post = (tok, body, extra = {}) => call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, tok, { body, ...extra });
      // A chain six deep: the last reply is not in the loaded thread (three levels), so the page fetches it.
      let parent = null;
      const chain = [];
      for (let i = 0; i < 6; i++) {
        const c = await post(i % 2 ? official : a.token, `Kettenbeitrag ${i}`, parent ? { parent_id: parent } : {});
        chain.push(c);
        parent = c.id;
      }
      const deep = chain[5];
      // A paragraph comment with an answer.
      const doc = await call("GET", `/api/v1/documents/${t.demo.doc.id}`);
      const block = doc.blocks[0].block_id;
      const onBlock = await post(a.token, "Zum ersten Absatz", { document_id: doc.id, version: doc.version, block_id: block });
      const blockReply = await post(official, "Antwort am Absatz", { parent_id: onBlock.id });

      await login(page, a.email, "de", a.password);
      await page.goto(t.server.base + "/benachrichtigungen");
      await page.getByRole("heading", { level: 1, name: de.notifications.title }).waitFor();
      const links = page.getByRole("link", { name: de.notifications.toComment, exact: true });
      await links.first().waitFor();
      assert.equal(await links.first().getAttribute("href"), `/dokumente/${doc.id}#comment-${blockReply.id}`);
      assert.equal(await links.nth(1).getAttribute("href"), `/projekte/${t.demoProject.slug}#comment-${deep.id}`);
      // The replier's role badge in text beside the name.
      await page.locator(".notification .role-badge", { hasText: de.badge.officialWith.replace("{{department}}", "Bürgeramt") }).first().waitFor();
      await axe(page, "notifications with comment links");

      // The deep reply: fetched and shown above the thread, focused and marked in text.
      await links.nth(1).click();
      await page.waitForURL(new RegExp(`#comment-${deep.id}$`));
      const target = page.locator(`#pc-c-${deep.id}`);
      await target.waitFor();
      await page.waitForFunction((id) => document.activeElement?.id === id, `pc-c-${deep.id}`);
      await target.getByText(de.comments.linked, { exact: true }).waitFor();
      assert.match(await target.getAttribute("class"), /comment--linked/);
      assert.ok(await target.evaluate((el) => getComputedStyle(el).outlineStyle !== "none"), "the linked comment has an outline");
      // In view (the page may still load parts above it; the app brings it back into view once).
      await page.waitForFunction((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return r.top < window.innerHeight && r.bottom > 0;
      }, `pc-c-${deep.id}`);
      await axe(page, "project page with a linked comment (de)");
      await page.getByRole("button", { name: "English" }).click();
      await target.getByText(en.comments.linked, { exact: true }).waitFor();
      await axe(page, "project page with a linked comment (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await shots(page, "linked-comment");

      // A comment in the loaded thread: marked in place.
      await page.goto(`${t.server.base}/projekte/${t.demoProject.slug}#comment-${chain[1].id}`);
      await page.waitForFunction((id) => document.activeElement?.id === id, `pc-c-${chain[1].id}`);
      await page.locator(`#pc-c-${chain[1].id}`).getByText(de.comments.linked, { exact: true }).first().waitFor();

      // The paragraph comment: the document page opens the paragraph's thread and lands on the reply.
      await page.goto(t.server.base + "/benachrichtigungen");
      await links.first().click();
      await page.waitForURL(new RegExp(`/dokumente/${doc.id}#comment-${blockReply.id}$`));
      await page.waitForFunction((id) => document.activeElement?.id === id, `b-${block}-c-${blockReply.id}`);
      await page.locator(`#b-${block}-c-${blockReply.id}`).getByText(de.comments.linked, { exact: true }).waitFor();
      await axe(page, "document page with a linked comment");
    }),
  );

  it("people: the public moderation log links public comments only; the officials' list links to the question and names projects by title", { timeout: 120_000 }, () =>
    withPage("people-log", "de", async (page) => {
      const a = await freshUser("Paul Protokoll");
      const mod = await apiLogin("moderator@example.org");
      const shown = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Bleibt sichtbar" });
      const gone = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Wird ausgeblendet" });
      await call("POST", `/api/v1/comments/${gone.id}/moderation`, mod, { action: "hide", reason: "off_topic" });
      const question = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Wann geht es los?", kind: "question" });
      await page.goto(t.server.base + "/moderation/protokoll");
      await page.getByRole("heading", { level: 1, name: de.moderation.log.title }).waitFor();
      await page.getByText(de.moderation.log.commentNoLink.replace("{{id}}", gone.id), { exact: true }).waitFor();
      assert.equal(await page.getByRole("link", { name: de.moderation.log.commentLink.replace("{{id}}", gone.id), exact: true }).count(), 0);
      await axe(page, "moderation log");

      await login(page, "official@example.org");
      await page.goto(t.server.base + "/verwaltung/fragen");
      await page.getByRole("heading", { level: 1, name: de.officials.title }).waitFor();
      const link = page.locator(`a[href="/projekte/${t.demoProject.slug}#comment-${question.id}"]`);
      await link.waitFor();
      await page.getByRole("region", { name: de.officials.times.title }).first().getByRole("link", { name: t.demoProject.title }).waitFor();
      await axe(page, "officials' questions");
      await link.click();
      await page.waitForFunction((id) => document.activeElement?.id === id, `pc-c-${question.id}`);
    }),
  );

  it("people: role badges in a thread for council@ and official@ comments, in German and English", { timeout: 120_000 }, () =>
    withPage("people-badges", "de", async (page) => {
      const a = await freshUser("Bea Badgeprobe");
      const council = await apiLogin("council@example.org");
      const official = await apiLogin("official@example.org");
      const top = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Frage an Rat und Amt" });
      const rc = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, council, { body: "Antwort des Rats", parent_id: top.id });
      const ro = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, official, { body: "Antwort des Amts", parent_id: top.id });
      await page.goto(`${t.server.base}/projekte/${t.demoProject.slug}#comment-${top.id}`);
      const councilText = (l) => l.badge.councilWith.replace("{{affiliation}}", l.affiliation.science);
      const officialText = (l) => l.badge.officialWith.replace("{{department}}", "Bürgeramt");
      await page.locator(`#pc-c-${rc.id} .comment__meta .role-badge`, { hasText: councilText(de) }).waitFor();
      await page.locator(`#pc-c-${ro.id} .comment__meta .role-badge`, { hasText: officialText(de) }).waitFor();
      assert.equal(await page.locator(`#pc-c-${top.id} > .comment__meta .role-badge`).count(), 0, "a resident has no badge");
      await axe(page, "thread with badges (de)");
      await shots(page, "badges");
      await page.getByRole("button", { name: "English" }).click();
      await page.locator(`#pc-c-${rc.id} .comment__meta .role-badge`, { hasText: councilText(en) }).waitFor();
      await page.locator(`#pc-c-${ro.id} .comment__meta .role-badge`, { hasText: officialText(en) }).waitFor();
      await axe(page, "thread with badges (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
    }),
  );

  it("people: public response times for an anonymous reader, on the project page and on /antwortzeiten from the footer", { timeout: 120_000 }, () =>
    withPage("people-times", "de", async (page) => {
      const a = await freshUser("Fritz Fragesteller");
      const official = await apiLogin("official@example.org");
      const q = await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Wie lange dauert es?", kind: "question" });
      await call("POST", `/api/v1/comments/${q.id}/responses`, official, { body: "Zwei Wochen." });
      await call("POST", `/api/v1/projects/${t.demoProject.slug}/comments`, a.token, { body: "Und noch eine offene Frage?", kind: "question" });
      const figures = await call("GET", `/api/v1/response-times?project=${t.demoProject.slug}`);
      assert.ok(figures.answered >= 1 && figures.open >= 1, JSON.stringify(figures));

      await page.goto(`${t.server.base}/projekte/${t.demoProject.slug}`);
      const section = page.getByRole("region", { name: de.accountability.projectTitle });
      await section.waitFor();
      const counts = de.accountability.countsValue
        .replace("{{questions}}", figures.questions)
        .replace("{{answered}}", figures.answered)
        .replace("{{open}}", figures.open);
      await section.getByText(counts).waitFor();
      await section.getByText(de.accountability.median).waitFor();
      await axe(page, "project page with response times (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("region", { name: en.accountability.projectTitle }).getByText(en.accountability.within14).waitFor();
      await axe(page, "project page with response times (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();

      await page.getByRole("link", { name: de.footer.responseTimes }).click();
      await page.getByRole("heading", { level: 1, name: de.accountability.title }).waitFor();
      const dept = page.getByRole("region", { name: de.accountability.byDepartment }).first();
      await dept.getByRole("rowheader", { name: "Bürgeramt" }).waitFor();
      await page.getByRole("region", { name: de.accountability.byProject }).first().getByRole("link", { name: t.demoProject.title }).waitFor();
      assert.equal(await page.getByText("Fritz Fragesteller").count(), 0, "no names of residents");
      await axe(page, "response times (de)");
      await shots(page, "response-times");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: en.accountability.title }).waitFor();
      await axe(page, "response times (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
    }),
  );
};
