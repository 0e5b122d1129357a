// Unit tests of the build steps behind the first page (scripts/first-page.mjs, critical-css.mjs,
// purge-kern.mjs). Run with `npm run lint`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { criticalCss } from "./critical-css.mjs";
import { fillShell, loadAfterFirstPaint, mergeTexts, readBundleDeps } from "./first-page.mjs";
import { keepsSelector } from "./purge-kern.mjs";

test("fillShell puts texts in, escaped, and refuses a missing key", () => {
  const texts = { app: { name: "A & B", tagline: 'say "hi"' } };
  assert.equal(fillShell('<html lang="{{lang}}"><b>{{app.name}}</b><i title="{{app.tagline}}">{{year}}</i>', texts, "en", 2026), '<html lang="en"><b>A &amp; B</b><i title="say &quot;hi&quot;">2026</i>');
  assert.throws(() => fillShell("{{app.missing}}", texts, "de"), /no text app.missing in de/);
});

test("loadAfterFirstPaint moves the entry and its modulepreloads into an inline module at the end of the body", () => {
  const html =
    '<head>\n<script type="module" crossorigin src="/assets/index-1.js"></script>\n<link rel="modulepreload" crossorigin href="/assets/a-1.js">\n' +
    '<link rel="stylesheet" crossorigin href="/assets/index-1.css">\n</head><body><div id="root"></div></body>';
  const { html: out, entry, modules } = loadAfterFirstPaint(html);
  assert.equal(entry, "/assets/index-1.js");
  assert.deepEqual(modules, ["/assets/a-1.js"]);
  assert.doesNotMatch(out, /src="\/assets\/index-1.js"|<link rel="modulepreload"/);
  assert.match(out, /<link rel="stylesheet" crossorigin href="\/assets\/index-1.css">/);
  const m = /<div id="root"><\/div><script type="module">(.*)<\/script>\n  <\/body>$/.exec(out);
  assert.ok(m, out);
  assert.match(m[1], /^const d=document;if\(!d.querySelector\("script\[data-entry\]"\)\)/);
  assert.match(m[1], /\["\/assets\/a-1.js"\]\.forEach\(a\);import\("\/assets\/index-1.js"\)/);
  assert.match(m[1], /getElementById\("first-page-modules"\)/);
  assert.match(m[1], /import\("\/assets\/index-1.js"\)/);
  assert.match(m[1], /requestAnimationFrame/);
  assert.throws(() => loadAfterFirstPaint("<html></html>"), /no entry/);
});

test("mergeTexts merges objects deeply, the later bundle's texts win, arrays whole", () => {
  assert.deepEqual(mergeTexts({ a: { x: "1", y: "2" }, l: ["a", "b"] }, { a: { y: "3", z: "4" }, l: ["c"] }), { a: { x: "1", y: "3", z: "4" }, l: ["c"] });
  assert.equal(fillShell("{{home.intro.1}}", { home: { intro: ["a", "b"] } }, "de"), "b");
});

test("readBundleDeps reads the list of src/i18n/index.ts", () => {
  const deps = readBundleDeps(readFileSync(new URL("../src/i18n/index.ts", import.meta.url), "utf8"));
  assert.ok(deps.home.includes("projects"));
  assert.ok(Array.isArray(deps.projects));
});

test("keepsSelector keeps used classes, prefixes of run-time names, and selectors without kern classes", () => {
  const used = new Set(["kern-btn", "kern-btn--", "kern-link"]);
  const prefixes = ["kern-btn--"];
  assert.equal(keepsSelector(".kern-btn", used, prefixes), true);
  assert.equal(keepsSelector(".kern-btn--primary:hover", used, prefixes), true);
  assert.equal(keepsSelector(":root", used, prefixes), true);
  assert.equal(keepsSelector(".kern-card .kern-link", used, prefixes), false);
  assert.equal(keepsSelector(".kern-dialog", used, prefixes), false);
});

test("criticalCss keeps the rules that can match the shell, the custom properties they use and the font faces", () => {
  const css =
    ":root{--a:red;--b:var(--c);--c:1px;--unused:0}" +
    "@font-face{font-family:F;src:url(/f.woff2)}" +
    ".brand{color:var(--a);border-width:var(--b)}" +
    ".card{color:blue}" +
    "@media (min-width:48em){.brand{flex:none}.card{flex:1}}" +
    "@keyframes spin{to{transform:rotate(1turn)}}" +
    "a:hover{color:var(--a)}table td{padding:0}";
  const out = criticalCss(css, '<div class="app"><a class="brand" href="/">x</a></div>');
  assert.match(out, /\.brand\{color:var\(--a\)/);
  assert.match(out, /--a:red/);
  assert.match(out, /--b:var\(--c\)/);
  assert.match(out, /--c:1px/);
  assert.match(out, /@media \(min-width:48em\)\{\.brand\{flex:none\}\}/);
  assert.match(out, /a:hover/);
  assert.match(out, /@font-face\{font-family:F;src:url\(\/f.woff2\)\}/);
  assert.doesNotMatch(out, /--unused|\.card|keyframes|table/);
});
