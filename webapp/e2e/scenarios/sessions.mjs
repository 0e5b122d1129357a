// Sessions (issue 12): a moderator opens a public session and runs it by keyboard while two council members
// (council@ and a fresh account made council by the admin) and an anonymous visitor follow in their own
// browsers: the start, the item called up, a check-in, a request to speak and the call of the speaker reach
// every page live. axe in German and English in the live state. A non-public session is the not-found page
// for an anonymous visitor. A second run uses the keyboard alone (Tab, Shift+Tab, Enter, Space and typing):
// the moderator adds an item, moves it up, calls it up, calls a speaker, writes notes and a decision and closes
// the session, with axe in both languages in every state; a council member switches the OParl consent on.
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

  // tabTo presses Tab (or Shift+Tab) until the focused element matches, failing after `max` presses.
  async function tabTo(page, pred, what, { back = false, max = 250 } = {}) {
    for (let i = 0; i < max; i++) {
      const f = await t.focused(page);
      if (pred(f)) return f;
      await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    }
    assert.fail(`${back ? "Shift+Tab" : "Tab"} never reached ${what}`);
  }
  const textIs = (s) => (f) => f.text === s;
  const idIs = (s) => (f) => f.id === s;
  // keyLanguage switches the language with the keyboard (the switch is in the header, before everything).
  async function keyLanguage(page, to) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator("#main").focus();
    await tabTo(page, textIs(to), `the language switch (${to})`, { back: true });
    await page.keyboard.press("Enter");
  }
  async function keyAxeBoth(page, what) {
    await axe(page, `${what} (de)`);
    await keyLanguage(page, "English");
    await page.getByRole("heading", { level: 2, name: en.sessions.room.agenda }).waitFor();
    await axe(page, `${what} (en)`);
    await keyLanguage(page, "Deutsch");
    await page.getByRole("heading", { level: 2, name: de.sessions.room.agenda }).waitFor();
  }
  // keyLogin logs in through the form by keyboard.
  async function keyLogin(page, email, password = t.demoPassword) {
    await page.goto(t.server.base + "/anmelden");
    await page.getByRole("heading", { level: 1, name: de.login.title }).waitFor();
    await tabTo(page, idIs("login-email"), "the email field");
    await page.keyboard.type(email);
    await tabTo(page, idIs("login-password"), "the password field");
    await page.keyboard.type(password);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: de.account.title }).waitFor();
  }

  it("sessions: keyboard only — the moderator adds an item, moves it up, calls it up, calls the next speaker, writes notes and a decision and closes; axe in German and English while scheduled, live and closed", { timeout: 240_000 }, async () => {
    const mod = await apiLogin("moderator@example.org");
    const admin = await apiLogin("admin@example.org");
    const member = await freshUser("Konrad Tastatur");
    const me = await call("GET", "/api/v1/me", member.token);
    await call("PATCH", `/api/v1/users/${me.id}`, admin, { roles: ["resident", "council"], affiliation: "business" });
    const memberToken = await apiLogin(member.email, member.password);

    const title = `Tastatursitzung ${Date.now()}`;
    const s = await call("POST", "/api/v1/sessions", mod, { title, starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: "Rathaus, Plenarsaal", visibility: "public" });
    await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: "Eröffnung" });
    await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: "Bericht der Verwaltung" });
    const itemTitle = "Open-Data-Portal";
    const note = "Nachfrage zum Zeitplan aufnehmen";
    const decision = "Der Digitalrat empfiehlt, das Portal 2027 zu starten.";

    await withPage("sessions-keyboard", "de", async (m) => {
      await keyLogin(m, "moderator@example.org");
      await m.goto(roomPath(s.id));
      await m.getByRole("heading", { level: 1, name: title }).waitFor();
      await settle(m);
      await keyAxeBoth(m, "session room by keyboard, scheduled");

      // A new item: title, description and the confidential flag (Space), added with Enter.
      await tabTo(m, idIs("agenda-item-title"), "the new item's title");
      await m.keyboard.type(itemTitle);
      await m.keyboard.press("Tab");
      assert.equal((await t.focused(m)).id, "agenda-item-description");
      await m.keyboard.type("Stand und nächste Schritte");
      await tabTo(m, idIs("agenda-item-confidential"), "the confidential checkbox");
      await m.keyboard.press("Space");
      assert.equal(await m.locator("#agenda-item-confidential").isChecked(), true);
      await m.keyboard.press("Space");
      assert.equal(await m.locator("#agenda-item-confidential").isChecked(), false, "Space toggles the flag back");
      await tabTo(m, textIs(de.sessions.console.addItemSubmit), "the add button");
      await m.keyboard.press("Enter");
      await m.getByRole("status").filter({ hasText: fill(de.sessions.console.itemAdded, { title: itemTitle }) }).waitFor();
      const items = () => m.locator(".session-agenda__title").allTextContents();
      await m.locator(".session-agenda__title", { hasText: itemTitle }).waitFor();
      assert.deepEqual(await items(), ["Eröffnung", "Bericht der Verwaltung", itemTitle]);

      // Move it up: the new position is announced politely and the keyboard stays on the item's button.
      const up = `${de.sessions.console.moveUp}: ${itemTitle}`;
      await tabTo(m, textIs(up), "move up", { back: true });
      await m.keyboard.press("Enter");
      await m.getByTestId("agenda-announcement").filter({ hasText: fill(de.sessions.console.movedTo, { title: itemTitle, position: "2", total: "3" }) }).waitFor({ state: "attached" });
      assert.equal(await m.getByTestId("agenda-announcement").getAttribute("aria-live"), "polite");
      assert.deepEqual(await items(), ["Eröffnung", itemTitle, "Bericht der Verwaltung"]);
      await m.waitForFunction((name) => document.activeElement?.textContent === name, up);
      const agenda = await call("GET", `/api/v1/sessions/${s.id}/agenda`, mod);
      assert.deepEqual(agenda.items.map((x) => x.title), ["Eröffnung", itemTitle, "Bericht der Verwaltung"], "the order is stored");
      const item = agenda.items[1];

      // The session's speaking time: two minutes.
      await tabTo(m, idIs("session-seconds"), "the session's speaking time");
      await m.keyboard.press("Control+A");
      await m.keyboard.type("120");
      await m.keyboard.press("Enter");
      await m.getByRole("status").filter({ hasText: de.sessions.console.speakingTimeSaved }).waitFor();
      assert.equal((await t.focused(m)).id, "session-seconds", "the keyboard stays in the field");
      assert.equal((await call("GET", `/api/v1/sessions/${s.id}`, mod)).speaking_time_seconds, 120);

      // Start, then call the item up.
      await tabTo(m, textIs(de.sessions.console.start), "start");
      await m.keyboard.press("Enter");
      await stateIs(m, de.sessions.state.live);
      await m.waitForFunction(() => document.activeElement?.id === "console-heading");
      await tabTo(m, textIs(fill(de.sessions.console.activate, { title: itemTitle })), "call up the item", { back: true });
      await m.keyboard.press("Enter");
      await activeIs(m, itemTitle);

      // The member checks in and asks to speak (API); the moderator calls them by keyboard and ends the speech.
      await call("POST", `/api/v1/sessions/${s.id}/attendance`, memberToken, {});
      await call("POST", `/api/v1/sessions/${s.id}/agenda-items/${item.id}/speakers`, memberToken, { kind: "speech" });
      await m.locator(".session-speakers__waiting li", { hasText: member.name }).waitFor({ timeout: 10_000 });
      await tabTo(m, textIs(de.sessions.console.next), "call the next speaker");
      await m.keyboard.press("Enter");
      await speakerIs(m, member.name);
      await keyAxeBoth(m, "session room by keyboard, live, a speech running");
      await tabTo(m, textIs(fill(de.sessions.console.end, { name: member.name })), "end the speech");
      await m.keyboard.press("Enter");
      await m.getByTestId("current-speaker").filter({ hasText: de.sessions.room.nobodySpeaking }).waitFor({ timeout: 10_000 });

      // Notes and the decision on the item in discussion.
      await tabTo(m, idIs("item-notes"), "the notes");
      await m.keyboard.type(note);
      await m.keyboard.press("Tab");
      assert.equal((await t.focused(m)).id, "item-decision");
      await m.keyboard.type(decision);
      await tabTo(m, textIs(de.sessions.console.saveNotes), "save the notes");
      await m.keyboard.press("Enter");
      await m.getByRole("status").filter({ hasText: de.sessions.console.notesSaved }).waitFor();
      const saved = (await call("GET", `/api/v1/sessions/${s.id}/agenda`, mod)).items.find((x) => x.id === item.id);
      assert.equal(saved.notes, note);
      assert.equal(saved.decision, decision);
      await m.locator("li[aria-current=true]", { hasText: decision }).waitFor();

      // Close: the console goes away and the keyboard moves on to the minutes; axe in both languages.
      await tabTo(m, textIs(de.sessions.console.close), "close");
      await m.keyboard.press("Enter");
      await stateIs(m, de.sessions.state.closed);
      await m.waitForFunction(() => document.activeElement?.id === "minutes-heading");
      await m.getByRole("heading", { level: 3, name: de.sessions.minutes.editor }).waitFor({ timeout: 10_000 });
      await keyAxeBoth(m, "session room by keyboard, closed");
    });
  });

  it("sessions: an agenda item changed by someone else meanwhile (412) reloads and tells the moderator; a second save goes through", { timeout: 90_000 }, async () => {
    const mod = await apiLogin("moderator@example.org");
    const s = await call("POST", "/api/v1/sessions", mod, { title: `Konfliktsitzung ${Date.now()}`, starts_at: new Date(Date.now() + 3_600_000).toISOString(), location: "Rathaus", visibility: "public" });
    const it1 = await call("POST", `/api/v1/sessions/${s.id}/agenda-items`, mod, { title: "Haushalt" });
    await withPage("sessions-stale", "de", async (m) => {
      // Without live events the other change stays unseen until the save: the 412 is certain.
      await m.routeWebSocket(/\/api\/v1\/live/, () => {});
      await login(m, "moderator@example.org");
      await openRoom(m, s.id, s.title);
      await tabTo(m, textIs(`${de.sessions.console.edit}: Haushalt`), "edit the item");
      await m.keyboard.press("Enter");
      await m.waitForFunction((id) => document.activeElement?.id === id, `edit-${it1.id}-title`);
      // Meanwhile someone else changes the item.
      const r = await fetch(`${t.server.base}/api/v1/sessions/${s.id}/agenda-items/${it1.id}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${mod}`, "Content-Type": "application/json", "X-Requested-With": "digitalrat", "If-Match": String(it1.version) },
        body: JSON.stringify({ description: "Von anderer Hand" }),
      });
      assert.equal(r.status, 200, await r.text());
      await m.keyboard.press("End");
      await m.keyboard.type(" 2027");
      await m.keyboard.press("Enter");
      await m.getByRole("alert").filter({ hasText: de.sessions.console.stale }).waitFor();
      assert.equal(await m.locator(`#edit-${it1.id}-title`).inputValue(), "Haushalt 2027", "the input is kept");
      await axe(m, "agenda item form after a 412");
      await m.locator(`#edit-${it1.id}-title`).press("Enter");
      await m.getByRole("status").filter({ hasText: fill(de.sessions.console.itemSaved, { title: "Haushalt 2027" }) }).waitFor();
      await m.locator(".session-agenda__title", { hasText: "Haushalt 2027" }).waitFor();
      // Only the typed field went over: the other hand's description stays.
      await m.locator(".session-agenda__item", { hasText: "Von anderer Hand" }).waitFor();
      await m.waitForFunction((id) => document.activeElement?.id === id, `agenda-edit-${it1.id}`);
    });
  });

  it("account: a council member switches the OParl consent on by keyboard; a reload shows it; axe in German and English", { timeout: 90_000 }, async () => {
    const admin = await apiLogin("admin@example.org");
    const member = await freshUser("Olga Offenheit");
    const me = await call("GET", "/api/v1/me", member.token);
    assert.equal(me.oparl_consent, false);
    await call("PATCH", `/api/v1/users/${me.id}`, admin, { roles: ["resident", "council"], affiliation: "civil_society" });
    await withPage("account-oparl", "de", async (page) => {
      await keyLogin(page, member.email, member.password);
      const sw = page.getByRole("switch", { name: de.account.oparl.label });
      await sw.waitFor();
      assert.equal(await sw.isChecked(), false);
      assert.match((await page.locator("#oparl-consent-hint").textContent()) ?? "", /Anzeigename und Ihre Zugehörigkeit/);
      await axe(page, "account with the OParl switch (de)");
      await tabTo(page, idIs("oparl-consent"), "the OParl switch");
      await page.keyboard.press("Space");
      await page.getByTestId("oparl-status").filter({ hasText: de.account.oparl.on }).waitFor();
      assert.equal(await sw.isChecked(), true);
      assert.equal((await call("GET", "/api/v1/me", await apiLogin(member.email, member.password))).oparl_consent, true, "stored");
      await page.reload();
      await page.getByRole("heading", { level: 1, name: de.account.title }).waitFor();
      await sw.waitFor();
      await page.waitForFunction(() => document.querySelector("#oparl-consent")?.checked === true);
      await keyLanguage(page, "English");
      await page.getByRole("switch", { name: en.account.oparl.label }).waitFor();
      await axe(page, "account with the OParl switch on (en)");
      await keyLanguage(page, "Deutsch");
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
