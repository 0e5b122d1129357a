import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import "./app/styles.css";
import { ready } from "./i18n";
import { App } from "./app/App";
import { getRouter } from "./app/router";
import { markSession } from "./app/firstPageCookies";
import { session } from "./lib/api/client";

const signedIn = () => markSession(session.getUser() !== null || session.isRestoring());
session.subscribe(signedIn);
void session.restore().then(signedIn, signedIn);

// index.html shows the shell (header, footer) until React renders. The first render waits for the first
// page's lazy code and the texts (English texts load first when English is the language), so the shell
// is replaced by the page and not by an empty frame.
// The router (and with it the first page's navigation) starts in the next task: see getRouter.
const routerReady = new Promise<void>((resolve) =>
  setTimeout(() => {
    const router = getRouter();
    if (router.state.initialized) return resolve();
    const stop = router.subscribe((s) => {
      if (!s.initialized) return;
      stop();
      resolve();
    });
  }),
);
// The full stylesheet loads as media="print" (it does not hold back the shell's first paint: the shell has
// its critical CSS inline, see scripts/first-page.mjs); it applies from here on, before React renders.
const styles = new Promise<void>((resolve) => {
  const full = document.querySelector<HTMLLinkElement>("link[data-full-css]");
  if (!full) return resolve(); // the dev server injects the CSS itself
  full.media = "all";
  if (full.sheet) return resolve();
  full.addEventListener("load", () => resolve(), { once: true });
  full.addEventListener("error", () => resolve(), { once: true });
});
// The first render is a transition: React renders in slices of a few milliseconds and yields between
// them, so a slow phone stays responsive while the page is built (the shell stays until the commit).
void Promise.all([ready, routerReady, styles]).then(() => {
  const root = createRoot(document.getElementById("root")!);
  startTransition(() =>
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
});
