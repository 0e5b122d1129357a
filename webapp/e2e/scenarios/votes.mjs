// Supports and polls (issue 11): a resident supports the demo project and votes by keyboard in its public
// poll while a second, anonymous browser sees the support count and the tally move live; council@ votes in
// the council poll, in which a resident has no vote form and the API answers 403 not_eligible.
import assert from "node:assert/strict";
import { it } from "node:test";

const publicQuestion = "Welche Funktion soll zuerst kommen?";
const councilQuestion = "Empfiehlt der Digitalrat, das Vorhaben zu priorisieren?";

export default (t) => {
  const { withPage, login, axe, settle, de } = t;
  const projectPath = () => `${t.server.base}/projekte/${t.demoProject.slug}`;

  // The demo seed opens its polls after the projects: wait for them.
  async function demoPoll(question) {
    for (let i = 0; i < 100; i++) {
      const r = await fetch(`${t.server.base}/api/v1/polls?subject=project:${t.demoProject.slug}`);
      const p = r.ok ? (await r.json()).items.find((x) => x.question === question) : undefined;
      if (p) return p;
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.fail(`the demo poll "${question}" is missing`);
  }

  const pollCard = (page, question) => page.locator("li.poll", { has: page.getByRole("heading", { level: 3, name: question }) });
  const number = (s) => Number((s ?? "").replace(/[^0-9]/g, ""));
  const supportCount = async (page) => number(await page.locator(".support__count").first().textContent());
  // The results table's row of an option: its count is the first cell.
  const tally = async (page, question, option) =>
    number(await pollCard(page, question).locator("tbody tr", { has: page.locator("th", { hasText: option }) }).locator("td").first().textContent());

  // voteByKeyboard picks the option with the arrow keys (index in the radio group) and submits with Enter.
  async function voteByKeyboard(page, card, index) {
    await card.locator("input[type=radio]").first().focus();
    await page.keyboard.press("Space");
    for (let i = 0; i < index; i++) await page.keyboard.press("ArrowDown");
    assert.equal(await card.locator("input[type=radio]").nth(index).isChecked(), true);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), de.polls.submit);
    await page.keyboard.press("Enter");
    await card.getByText(de.polls.voted).waitFor();
  }

  it("votes: a resident supports and votes by keyboard; a second browser sees count and tally move live", { timeout: 120_000 }, async () => {
    await demoPoll(publicQuestion);
    const resident = await t.freshUser("Vera Votum");
    await withPage("votes-watcher", "de", async (watch) => {
      await watch.goto(projectPath());
      await watch.getByRole("heading", { level: 1, name: t.demoProject.title }).waitFor();
      await pollCard(watch, publicQuestion).locator("tbody tr").first().waitFor();
      await settle(watch);
      const supports0 = await supportCount(watch);
      const option = "Anträge digital einreichen";
      const tally0 = await tally(watch, publicQuestion, option);

      await withPage("votes-resident", "de", async (page) => {
        await login(page, resident.email, "de", resident.password);
        await page.goto(projectPath());
        await page.getByRole("heading", { level: 1, name: t.demoProject.title }).waitFor();
        await settle(page);
        const support = page.getByRole("button", { name: new RegExp(`^${de.support.button}`) }).first();
        assert.equal(await support.getAttribute("aria-pressed"), "false");
        await support.click();
        await page.waitForFunction(() => document.querySelector(".support__button")?.getAttribute("aria-pressed") === "true");
        await page.getByText(de.support.mine).waitFor();
        // The anonymous watcher's count moves without a reload.
        await watch.waitForFunction(
          (n) => Number((document.querySelector(".support__count")?.textContent ?? "").replace(/[^0-9]/g, "")) === n,
          supports0 + 1,
          { timeout: 10_000 },
        );

        const card = pollCard(page, publicQuestion);
        await voteByKeyboard(page, card, 1);
        assert.equal(await card.locator("input[type=radio]").count(), 0, "no vote form after voting");
        await axe(page, "project page after supporting and voting");
      });
      // The tally row of the chosen option moved by one for the watcher, live.
      await watch.waitForFunction(
        ([q, o, n]) => {
          const card = [...document.querySelectorAll("li.poll")].find((li) => li.querySelector("h3")?.textContent === q);
          const row = [...(card?.querySelectorAll("tbody tr") ?? [])].find((tr) => tr.querySelector("th")?.textContent === o);
          return Number((row?.querySelector("td")?.textContent ?? "").replace(/[^0-9]/g, "")) === n;
        },
        [publicQuestion, option, tally0 + 1],
        { timeout: 10_000 },
      );
    });
  });

  it("votes: council@ votes in the council poll; a resident has no vote form there and the API says not_eligible", { timeout: 120_000 }, async () => {
    const poll = await demoPoll(councilQuestion);
    const resident = await t.freshUser("Rolf Ohnestimme");
    const r = await fetch(`${t.server.base}/api/v1/polls/${poll.id}/ballots`, {
      method: "POST",
      headers: { "X-Requested-With": "digitalrat", "Content-Type": "application/json", Authorization: `Bearer ${resident.token}` },
      body: JSON.stringify({ choices: [poll.options[0].id] }),
    });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).code, "not_eligible");

    await withPage("votes-council-resident", "de", async (page) => {
      await login(page, resident.email, "de", resident.password);
      await page.goto(projectPath());
      const card = pollCard(page, councilQuestion);
      await card.getByText(de.polls.councilOnly).waitFor();
      assert.equal(await card.locator("input").count(), 0, "a resident gets no vote form in a council poll");
    });
    await withPage("votes-council", "de", async (page) => {
      await login(page, "council@example.org");
      await page.goto(projectPath());
      const card = pollCard(page, councilQuestion);
      await card.locator("fieldset legend", { hasText: councilQuestion }).waitFor();
      const yes0 = await tally(page, councilQuestion, de.polls.yes);
      await voteByKeyboard(page, card, 0);
      await page.waitForFunction(
        ([q, o, n]) => {
          const card = [...document.querySelectorAll("li.poll")].find((li) => li.querySelector("h3")?.textContent === q);
          const row = [...(card?.querySelectorAll("tbody tr") ?? [])].find((tr) => tr.querySelector("th")?.textContent === o);
          return Number((row?.querySelector("td")?.textContent ?? "").replace(/[^0-9]/g, "")) === n;
        },
        [councilQuestion, de.polls.yes, yes0 + 1],
        { timeout: 10_000 },
      );
      await axe(page, "project page after the council's vote");
    });
  });
};
