// Search (issue 13): a resident finds a paragraph of a document through the header's search field and the
// search page, filters by type, reads the marked snippet and follows the hit to the paragraph, which is
// focused. A comment with markup is found and its snippet shows the markup as text. axe in German and English
// on the results.
import assert from "node:assert/strict";
import { it } from "node:test";

export default (t) => {
  const { withPage, login, axe, settle, call, apiLogin, freshUser, de, en, demoProject } = t;
  const fill = (s, vars) => Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, v), s);

  it("search: a resident searches, filters by type and jumps to the paragraph; axe de/en", { timeout: 180_000 }, async () => {
    const admin = await apiLogin("admin@example.org");
    const word = `Quartiersgarage${Date.now() % 100000}`; // one token, unique per run
    const doc = await call("POST", `/api/v1/projects/${demoProject.slug}/documents`, admin, {
      kind: "concept",
      title: "Suchkonzept",
      markdown: `Erster Absatz ohne den Begriff.\n\nZweiter Absatz: die ${word} am Altmarkt.`,
    });
    const resident = await freshUser("Sina Suchend");
    await call("POST", `/api/v1/projects/${demoProject.slug}/comments`, resident.token, { body: `Die ${word} braucht <b>Fahrradbügel</b>.` });

    await withPage("search", "de", async (page) => {
      await login(page, resident.email, "de", resident.password);
      // The header's search field (on every page) opens the search page with the words.
      const header = page.getByRole("search", { name: de.nav.searchSite, exact: true });
      await header.getByLabel(de.nav.searchWords).fill(word);
      await header.getByLabel(de.nav.searchWords).press("Enter");
      await page.getByRole("heading", { level: 1, name: de.search.title }).waitFor();
      const form = page.getByRole("search", { name: de.search.formLabel, exact: true });
      assert.equal(await form.getByLabel(de.search.q, { exact: true }).inputValue(), word);
      assert.equal(await header.getByLabel(de.nav.searchWords).inputValue(), "", "the header field is emptied");
      const count = page.getByTestId("search-count");
      await count.filter({ hasText: fill(de.search.shown_other, { count: "2", q: word }) }).waitFor({ timeout: 10_000 });
      assert.equal(await count.getAttribute("aria-live"), "polite");
      // The comment's markup never becomes markup in the snippet (SQLite shows it as text, PostgreSQL's
      // ts_headline leaves tags out); the match is marked.
      const comment = page.locator(".search-result", { hasText: de.search.type.comment });
      assert.match(await comment.locator(".search-result__snippet").innerText(), /Fahrradbügel/);
      assert.equal(await comment.locator(".search-result__snippet b").count(), 0, "no markup from the text");
      assert.ok((await page.locator(".search-result__snippet mark").count()) >= 2, "matches marked");
      await settle(page);
      await axe(page, "search results (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: en.search.title }).waitFor();
      await axe(page, "search results (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 1, name: de.search.title }).waitFor();

      // Only documents: one hit, which leads to the paragraph that holds the word.
      await page.getByLabel(de.search.type.document).check();
      await form.getByRole("button", { name: de.search.submit }).click();
      await count.filter({ hasText: fill(de.search.shown_one, { count: "1", q: word }) }).waitFor({ timeout: 10_000 });
      assert.match(page.url(), /type=document/);
      await page.getByRole("link", { name: "Suchkonzept" }).click();
      await page.waitForURL(new RegExp(`/dokumente/${doc.id}#block-`));
      await page.getByRole("heading", { level: 1, name: "Suchkonzept" }).waitFor();
      const focused = page.locator(":focus");
      await focused.filter({ hasText: word }).waitFor({ timeout: 10_000 });
    });
  });
};
