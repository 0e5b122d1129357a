// The Vite plugin behind the first page (see README, `make lighthouse`):
//
// - index.html holds the shell of every page with {{key}} placeholders for texts of src/i18n/<lang>.json
//   ({{lang}} is the language, {{year}} the build's year). The German shell is index.html, the English one
//   is emitted as index.en.html.
// - The shell paints before any other file has loaded: the rules of the stylesheet that apply to it are
//   inlined (scripts/critical-css.mjs; the server allows them by hash in its CSP), and the stylesheet's
//   <link> gets media="print", so it no longer holds back the shell's first paint: main.tsx switches it to
//   all media and renders React once it has loaded.
// - first-page.json lists, for the pages people land on (route keys of api/spa_firstpage.go), the
//   JavaScript files the page needs beyond what index.html loads already: the page's lazy chunk with its
//   static imports, and its text bundles per language (src/i18n withBundles, with bundleDeps). The server
//   adds them to index.html as <link rel="modulepreload">, so they load alongside the main JavaScript
//   instead of after it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { criticalCss } from "./critical-css.mjs";

/** routes maps a route key to the page module and the text bundle the router loads with it (router.tsx). */
export const routes = {
  home: { module: "src/features/home/components/HomePage.tsx", bundle: "home" },
  projects: { module: "src/features/projects/components/ProjectListPage.tsx", bundle: "projects" },
  project: { module: "src/features/projects/components/ProjectPage.tsx", bundle: "projects" },
  document: { module: "src/features/documents/components/DocumentPage.tsx", bundle: "documents" },
};

const languages = ["de", "en"];

/** fillShell replaces every {{key}} of html by the text at that dotted path of texts; a missing key throws. */
export function fillShell(html, texts, lang, year = new Date().getFullYear()) {
  return html.replace(/\{\{([\w.]+)\}\}/g, (_, key) => {
    if (key === "lang") return lang;
    if (key === "year") return String(year);
    const v = key.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), texts);
    if (typeof v !== "string") throw new Error(`first-page: no text ${key} in ${lang}`);
    return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  });
}

/**
 * loadAfterFirstPaint takes the entry script and Vite's modulepreload links out of the head and puts in
 * their place, at the end of the body, a small inline module that starts them once the shell has painted:
 * for an anonymous visitor the shell is the page's first view (its header is in it, see
 * api/spa_firstpage.go), so its first paint neither waits for the scripts to be compiled nor shares the
 * network with them, and the preloaded fonts and API answers go first. The inline module also preloads the
 * modules the server lists for the requested page (<script type="application/json"
 * id="first-page-modules">), so everything still loads in parallel. For a signed-in visitor, whose page
 * differs from the anonymous shell, the server puts the entry script and all modulepreloads into the head
 * (with data-entry): then the inline module does nothing. The server allows the inline module by its hash
 * in the CSP. It returns the page and what it took out: the entry's address and the modules it preloaded.
 */
export function loadAfterFirstPaint(html) {
  const entry = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(html);
  if (!entry) throw new Error("first-page: no entry <script type=module> in index.html");
  const preloads = [...html.matchAll(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
  let out = html.replace(entry[0], "");
  for (const m of preloads) out = out.replace(m[0], "");
  const modules = preloads.map((m) => m[1]);
  // The main JavaScript's modules and the entry first, then the page's modules, six per task: starting a
  // fetch costs the main thread a millisecond or more on a slow phone, and a project page has fourteen with its texts.
  const loader =
    `const d=document;if(!d.querySelector("script[data-entry]")){const l=d.getElementById("first-page-modules"),p=l?JSON.parse(l.textContent):[],` +
    `a=h=>{const e=d.createElement("link");e.rel="modulepreload";e.crossOrigin="";e.href=h;d.head.append(e)},` +
    `b=i=>{p.slice(i,i+6).forEach(a);if(i+6<p.length)setTimeout(()=>b(i+6))};` +
    `let s=()=>{s=()=>{};${JSON.stringify(modules)}.forEach(a);import(${JSON.stringify(entry[1])});setTimeout(()=>b(0))};` +
    // after the frame that paints the shell; a background tab paints no frames, so a timer starts it there
    `requestAnimationFrame(()=>setTimeout(()=>s()));setTimeout(()=>s(),1000)}`;
  if (!out.includes("</body>")) throw new Error("first-page: no </body> in index.html");
  return { html: out.replace("</body>", `<script type="module">${loader}</script>\n  </body>`), entry: entry[1], modules };
}

/** mergeTexts merges text bundles as the SPA does (addResourceBundle, deep, overwriting): objects deeply, b's texts win. */
export function mergeTexts(a, b) {
  const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? mergeTexts(out[k], v) : v;
  return out;
}

/** readBundleDeps reads bundleDeps from src/i18n/index.ts, so the two lists cannot drift apart. */
export function readBundleDeps(source) {
  const m = /export const bundleDeps[^=]*=\s*(\{[\s\S]*?\n\});/.exec(source);
  if (!m) throw new Error("first-page: bundleDeps not found in src/i18n/index.ts");
  return JSON.parse(m[1].replace(/(\w+):/g, '"$1":').replace(/,(\s*[}\]])/g, "$1"));
}

/** firstPage is the plugin (see the file comment). */
export function firstPage(root = process.cwd()) {
  // the common texts and those of the features whose page headers the shell holds as templates
  const read = (file) => JSON.parse(readFileSync(resolve(root, file), "utf8"));
  const texts = Object.fromEntries(
    languages.map((l) => [l, [`src/i18n/${l}.json`, ...["home", "projects", "documents"].map((f) => `src/features/${f}/i18n/${l}.json`)].map(read).reduce(mergeTexts)]),
  );
  for (const l of languages) {
    const intro = texts[l].home?.intro;
    if (!Array.isArray(intro) || intro.length !== 2) throw new Error(`first-page: index.html's first-view-home template shows 2 paragraphs of home.intro, ${l} has ${intro?.length}`);
  }
  let template = "";
  return {
    name: "digitalrat-first-page",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        template = html;
        return fillShell(html, texts.de, "de");
      },
    },
    // after Vite's own generateBundle, which writes index.html (and calls transformIndexHtml above)
    generateBundle: { order: "post", handler: generate },
  };

  function generate(_options, bundle) {
      if (!template) return; // not an HTML build (e.g. vitest)
      const entry = Object.values(bundle).find((c) => c.type === "chunk" && c.isEntry);
    if (!entry) throw new Error("first-page: no entry chunk");
    const index = bundle["index.html"];
    const cssFiles = [...(entry.viteMetadata?.importedCss ?? [])];
    if (!index || index.type !== "asset" || cssFiles.length !== 1) throw new Error(`first-page: expected index.html and one stylesheet, found ${cssFiles.length}`);
    const cssAsset = bundle[cssFiles[0]];
    const link = new RegExp(`\\s*<link rel="stylesheet"[^>]*href="/${cssFiles[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>`);
    const de = String(index.source);
    const m = link.exec(de);
    if (!m) throw new Error(`first-page: no <link> of ${cssFiles[0]} in index.html`);
    const critical = `<style>${criticalCss(String(cssAsset.source), de)}</style>`;
    // media="print": loaded without holding back the first paint; main.tsx switches it to all media.
    const full = m[0].trim().replace("<link ", '<link media="print" data-full-css ');
    // The critical rules come first: the full stylesheet after them holds the same rules in their own
    // order, so once it applies the cascade is exactly that of the stylesheet alone.
    const finish = (html) => loadAfterFirstPaint(html.replace(link, `\n    ${critical}\n    ${full}`));
    const shell = finish(de);
    index.source = shell.html;
    this.emitFile({ type: "asset", fileName: "index.en.html", source: finish(fillShell(template, texts.en, "en")).html });

      const chunks = Object.values(bundle).filter((c) => c.type === "chunk");
      const byFacade = (suffix) => chunks.find((c) => c.facadeModuleId?.replaceAll("\\", "/").endsWith("/" + suffix));
      const closure = (start) => {
        const seen = new Set();
        const walk = (file) => {
          if (seen.has(file)) return;
          seen.add(file);
          for (const i of bundle[file]?.imports ?? []) walk(i);
        };
        walk(start);
        return seen;
      };
      const initial = closure(entry.fileName);
      const deps = readBundleDeps(readFileSync(resolve(root, "src/i18n/index.ts"), "utf8"));
      const textFiles = (lang, names) =>
        names.flatMap((n) => {
          const c = byFacade(n === "common" ? `src/i18n/${lang}.json` : `src/features/${n}/i18n/${lang}.json`);
          if (!c) {
            if (n === "common" && lang === "de") return []; // German common texts are in the main bundle
            throw new Error(`first-page: no chunk for the ${lang} texts of ${n}`);
          }
          return [...closure(c.fileName)].filter((f) => !initial.has(f));
        });
      const out = {};
      for (const [key, r] of Object.entries(routes)) {
        const page = byFacade(r.module);
        if (!page) throw new Error(`first-page: no chunk for ${r.module}`);
        const names = ["common", r.bundle, ...(deps[r.bundle] ?? [])];
        out[key] = {
          modules: [...closure(page.fileName)].filter((f) => !initial.has(f)).map((f) => "/" + f),
          ...Object.fromEntries(languages.map((l) => [l, [...new Set(textFiles(l, names))].map((f) => "/" + f)])),
        };
      }
      // for signed-in visitors: the entry and its modules, which the server puts into the head
      out.entry = { src: shell.entry, modules: shell.modules, de: [], en: [] };
      this.emitFile({ type: "asset", fileName: "first-page.json", source: JSON.stringify(out, null, 1) + "\n" });
  }
}
