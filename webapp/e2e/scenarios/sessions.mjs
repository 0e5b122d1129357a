// Sessions (issue 12): a moderator opens a public session and runs it by keyboard while two council members
// (council@ and a fresh account made council by the admin) and an anonymous visitor follow in their own
// browsers: the start, the item called up, a check-in, a request to speak and the call of the speaker reach
// every page live. axe in German and English in the live state. A non-public session is the not-found page
// for an anonymous visitor.
import assert from "node:assert/strict";
import { it } from "node:test";

export default (t) => {
  const { withPage, login, axe, settle, call, apiLogin, freshUser, de, en } = t;
  const roomPath = (id) => `${t.server.base}/sitzungen/${id}`;
  const fill = (s, vars) => Object.entries(vars).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, v), s);

  async function openRoom(page, id, title) {
    await page.goto(roomPath(id));
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await settle(page);
  }
  const stateIs = (page, label) => page.getByTestId("session-state").filter({ hasText: label }).waitFor({ timeout: 10_000 });
  const activeIs = (page, title) => page.locator('li[aria-current="true"]', { hasText: title }).waitFor({ timeout: 10_000 });
  const presentIs = (page, n) =>
    page.getByTestId("session-attendance").filter({ hasText: fill(de.sessions.room.present, { present: String(n), size: "" }).split(" von")[0] + " von" }).waitFor({ timeout: 10_000 });
  const speakerIs = (page, name) => page.getByTestId("current-speaker").filter({ hasText: name }).waitFor({ timeout: 10_000 });

  // pressOn focuses a button by its name and presses Enter: the console is operable by keyboard alone.
  async function pressOn(page, name) {
    const b = page.getByRole("button", { name, exact: true });
    await b.focus();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), "BUTTON");
    await page.keyboard.press("Enter");
  }

  // axeBoth checks the room in German, switches to English, checks again and switches back.
  async function axeBoth(page, what) {
    await axe(page, `${what} (de)`);
    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 2, name: en.sessions.room.agenda }).waitFor();
    await axe(page, `${what} (en)`);
    await page.getByRole("button", { name: "Deutsch" }).click();
    await page.getByRole("heading", { level: 2, name: de.sessions.room.agenda }).waitFor();
  }

  it("sessions: a moderator runs a public session by keyboard; two council members and an anonymous visitor follow live", { timeout: 240_000 }, async () => {
    const mod = await apiLogin("moderator@example.org");
    const admin = await apiLogin("admin@example.org");
    const member = await freshUser("Ruth Ratsmitglied");
    const me = await call("GET", "/api/v1/me", member.token);
    await call("PATCH", `/api/v1/users/${me.id}`, admin, { roles: ["resident", "council"], affiliation: "science" });

    const title = `Sitzung des Digitalrats ${Date.now()}`;
    const s = await call("POST", "/api/v1/sessions", mod, {
      title,
      starts_at: new Date(Date.now() + 3_600_000).toISOString(),
      location: "Rathaus, Großer Saal",
      visibility: "public",
    });
    await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: "Begrüßung und Tagesordnung" });
    const itemTitle = "Digitale Bürgerdienste";
    await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: itemTitle });
    const secretText = "Vertrauliche Beschreibung der Personalie";
    await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: "Personalangelegenheit", description: secretText, confidential: true });

    await withPage("sessions-anonymous", "de", async (anon) => {
      // The anonymous visitor finds the session through the main navigation.
      await anon.goto(t.server.base + "/");
      await anon.getByRole("link", { name: de.nav.sessions, exact: true }).click();
      await anon.getByRole("heading", { level: 1, name: de.sessions.title }).waitFor();
      await anon.getByRole("link", { name: title }).click();
      await anon.getByRole("heading", { level: 1, name: title }).waitFor();
      await settle(anon);
      await stateIs(anon, de.sessions.state.scheduled);
      assert.equal(await anon.getByRole("button", { name: de.sessions.room.checkIn }).count(), 0, "no check-in for a visitor");
      assert.equal(await anon.getByRole("heading", { name: de.sessions.console.heading }).count(), 0, "no console for a visitor");

      await withPage("sessions-council", "de", async (council) => {
        await login(council, "council@example.org");
        await openRoom(council, s.id, title);
        await withPage("sessions-member", "de", async (mem) => {
          await login(mem, member.email, "de", member.password);
          await openRoom(mem, s.id, title);
          await withPage("sessions-moderator", "de", async (m) => {
            await login(m, "moderator@example.org");
            await openRoom(m, s.id, title);
            await m.getByRole("heading", { level: 2, name: de.sessions.console.heading }).waitFor();
            await axe(m, "session room, scheduled, moderator");

            // Start by keyboard: everyone sees the session live.
            await pressOn(m, de.sessions.console.start);
            for (const p of [m, anon, council, mem]) await stateIs(p, de.sessions.state.live);
            // The start button is gone; the keyboard stays in the console.
            await m.waitForFunction(() => document.activeElement?.id === "console-heading");

            // Call up the second item by keyboard: all see it marked (text and aria-current).
            await pressOn(m, fill(de.sessions.console.activate, { title: itemTitle }));
            for (const p of [m, anon, council, mem]) await activeIs(p, itemTitle);
            assert.match(await anon.locator('li[aria-current="true"]').textContent(), new RegExp(de.sessions.room.activeItem));

            // The member checks in: the attendance moves for everyone.
            await pressOn(mem, de.sessions.room.checkIn);
            await mem.getByText(de.sessions.room.youArePresent).waitFor();
            for (const p of [m, anon, council, mem]) await presentIs(p, 1);

            // The member asks to speak (Pro); the request shows up for everyone.
            await mem.getByLabel(de.sessions.room.kindLabel).selectOption("pro");
            await pressOn(mem, de.sessions.room.request);
            await mem.getByText(de.sessions.room.youWait).waitFor();
            for (const p of [m, anon, council]) await p.locator(".session-speakers__waiting li", { hasText: member.name }).waitFor({ timeout: 10_000 });
            // council@ may ask too (the server says so); a visitor may not.
            await council.getByRole("button", { name: de.sessions.room.request, exact: true }).waitFor();
            assert.equal(await anon.getByRole("button", { name: de.sessions.room.request, exact: true }).count(), 0);

            // The moderator calls the next speaker by keyboard: everyone sees the member speaking, with a timer,
            // and the polite live region names the speaker once.
            await pressOn(m, de.sessions.console.next);
            for (const p of [m, anon, council, mem]) await speakerIs(p, member.name);
            assert.match(await anon.getByTestId("speech-timer").textContent(), /\d\d:\d\d/);
            await anon.getByTestId("speaker-announcement").filter({ hasText: member.name }).waitFor({ state: "attached" });
            assert.equal(await anon.getByTestId("speaker-announcement").getAttribute("aria-live"), "polite");

            await axeBoth(anon, "session room, live, anonymous");
            await axeBoth(m, "session room, live, moderator");
            await axeBoth(mem, "session room, live, speaking member");

            // council@ checks in too; the moderator opens a named council vote on the item by keyboard; both
            // present members vote; the moderator closes it and the anonymous visitor sees the result.
            await pressOn(council, de.sessions.room.checkIn);
            for (const p of [m, anon]) await presentIs(p, 2);
            const question = "Empfiehlt der Digitalrat die digitalen Bürgerdienste?";
            await m.getByLabel(de.polls.question, { exact: true }).fill(question);
            await pressOn(m, de.polls.openNow);
            const card = (p) => p.locator("li.poll", { has: p.getByRole("heading", { level: 3, name: question }) });
            for (const [p, choice] of [[mem, 0], [council, 1]]) {
              await card(p).locator("fieldset legend", { hasText: question }).waitFor({ timeout: 10_000 });
              await card(p).locator("input[type=radio]").nth(choice).check();
              await pressOn(p, de.polls.submit);
              await card(p).getByText(de.polls.voted).waitFor();
            }
            assert.equal(await card(anon).locator("input").count(), 0, "no vote form for a visitor");
            // The close button carries screen-reader text; it is sized by its label, on one line.
            const closeButton = m.getByRole("button", { name: new RegExp(`^${de.polls.close}`) });
            const box = await closeButton.boundingBox();
            assert.ok(box && box.width > 100 && box.height < 80, `close button ${JSON.stringify(box)}`);
            await closeButton.focus();
            await m.keyboard.press("Enter");
            await card(anon).getByRole("heading", { level: 4, name: de.polls.resultFinal }).waitFor({ timeout: 10_000 });
            const cells = async (p, option) => p.locator("li.poll tbody tr", { has: p.locator("th", { hasText: option }) }).first().locator("td").first().textContent();
            assert.equal(await cells(anon, de.polls.yes), "1");
            assert.equal(await cells(anon, de.polls.no), "1");
            await card(anon).getByRole("rowheader", { name: member.name }).waitFor();

            // A resident asks a question; the moderator approves it by keyboard; it appears for everyone live.
            const asker = await freshUser("Quirin Fragesteller");
            const qtext = `Wann kommt die Online-Anmeldung? ${Date.now()}`;
            await call("POST", `/api/v1/sessions/${s.id}/questions`, asker.token, { body: qtext });
            await m.getByText(qtext).waitFor({ timeout: 15_000 });
            assert.equal(await anon.getByText(qtext).count(), 0, "a pending question is not public");
            await pressOn(m, fill(de.sessions.questions.approve, { name: asker.name }));
            await anon.getByTestId("approved-questions").filter({ hasText: qtext }).waitFor({ timeout: 10_000 });
            await axeBoth(m, "session room with a closed vote and a question, moderator");

            // The moderator closes the session and publishes the generated minutes by keyboard; the visitor
            // reads them: attendance, the item, the speaker, the vote's result, the question — and of the
            // confidential item only its title; council@ reads the internal version with it.
            await pressOn(m, de.sessions.console.close);
            for (const p of [m, anon]) await stateIs(p, de.sessions.state.closed);
            await m.getByRole("heading", { level: 3, name: de.sessions.minutes.editor }).waitFor({ timeout: 10_000 });
            await axe(m, "minutes editor (de)");
            await pressOn(m, de.sessions.minutes.publish);
            await m.getByTestId("minutes-version").waitFor({ timeout: 10_000 });
            await anon.reload();
            const text = anon.locator(".session-minutes__text");
            await text.waitFor({ timeout: 10_000 });
            const minutes = (await text.textContent()) ?? "";
            for (const want of [member.name, itemTitle, "Ja 1", qtext, "Personalangelegenheit"]) {
              assert.ok(minutes.includes(want), `public minutes lack ${want}:\n${minutes}`);
            }
            assert.ok(!minutes.includes(secretText), "the confidential item's text is in the public minutes");
            await axeBoth(anon, "published minutes, anonymous");
            await council.reload();
            await council.getByLabel(de.sessions.minutes.which).selectOption("internal");
            await council.locator(".session-minutes__text", { hasText: secretText }).waitFor();
          });
        });
      });
    });
  });

  it("sessions: a non-public session is the not-found page for an anonymous visitor and visible to council", { timeout: 60_000 }, async () => {
    const mod = await apiLogin("moderator@example.org");
    const title = `Nichtöffentliche Sitzung ${Date.now()}`;
    const s = await call("POST", "/api/v1/sessions", mod, {
      title,
      starts_at: new Date(Date.now() + 7_200_000).toISOString(),
      location: "Rathaus, Zimmer 2",
      visibility: "non_public",
    });
    await withPage("sessions-non-public", "de", async (page) => {
      await page.goto(roomPath(s.id));
      await page.getByRole("heading", { level: 1, name: de.notFound.title }).waitFor();
      assert.equal(await page.getByText(title).count(), 0, "the title never shows");
      await axe(page, "non-public session, anonymous");
    });
    const council = await apiLogin("council@example.org");
    assert.equal((await call("GET", `/api/v1/sessions/${s.id}`, council)).title, title, "council sees the non-public session");
  });

  it("sessions: a moderator schedules a session through the form on /sitzungen and lands in its room", { timeout: 90_000 }, () =>
    withPage("sessions-create", "de", async (page) => {
      await login(page, "moderator@example.org");
      await page.getByRole("link", { name: de.nav.sessions, exact: true }).click();
      await page.getByRole("heading", { level: 1, name: de.sessions.title }).waitFor();
      await page.getByRole("heading", { level: 2, name: de.sessions.create.heading }).waitFor();
      await axe(page, "sessions list with the form (de)");
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: en.sessions.title }).waitFor();
      await axe(page, "sessions list with the form (en)");
      await page.getByRole("button", { name: "Deutsch" }).click();
      await page.getByRole("heading", { level: 1, name: de.sessions.title }).waitFor();

      // An http address is refused, naming the field.
      const title = `Formularsitzung ${Date.now()}`;
      await page.getByLabel(de.sessions.create.title).fill(title);
      await page.getByLabel(de.sessions.create.startsAt).fill("2027-01-15T18:00");
      await page.getByLabel(de.sessions.create.onlineUrl).fill("http://example.org/raum");
      await page.getByRole("button", { name: de.sessions.create.submit }).click();
      await page.locator("#session-online-url[aria-invalid=true]").waitFor();
      await axe(page, "session form with an error");
      await page.getByLabel(de.sessions.create.onlineUrl).fill("https://example.org/raum");
      await page.getByLabel(de.sessions.create.location).fill("Rathaus, Kleiner Saal");
      await page.getByRole("button", { name: de.sessions.create.submit }).click();
      await page.getByRole("heading", { level: 1, name: title }).waitFor();
      await page.getByTestId("session-state").filter({ hasText: de.sessions.state.scheduled }).waitFor();
      await page.getByRole("link", { name: de.sessions.room.onlineLink }).waitFor();
    }),
  );
};
