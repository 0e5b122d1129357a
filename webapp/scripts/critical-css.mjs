// Critical CSS of the shell (scripts/first-page.mjs): the rules of the built stylesheet that can apply to
// the shell's markup, inlined into index.html, so that the shell paints as soon as the HTML is there and
// looks as it will once the full stylesheet (loaded without blocking the paint) applies: the same rules,
// so nothing in the shell moves then but for the change from the fallback font to Fira Sans.
import postcss from "postcss";

/** shellVocabulary lists the classes and element names of html. */
export function shellVocabulary(html) {
  const classes = new Set();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) for (const c of m[1].split(/\s+/)) if (c) classes.add(c);
  const elements = new Set(["html", "body", "*"]);
  for (const m of html.matchAll(/<([a-z][a-z0-9]*)[\s>/]/g)) elements.add(m[1]);
  return { classes, elements };
}

// A selector can match in the shell when every class and element name in it occurs there. Pseudo-classes
// and attributes are not judged (a :hover rule of a shell class stays).
function mayMatch(selector, { classes, elements }) {
  const plain = selector.replace(/\[[^\]]*\]/g, "[]").replace(/::?[\w-]+(\([^)]*\))?/g, "");
  for (const m of plain.matchAll(/\.([\w-]+)/g)) if (!classes.has(m[1])) return false;
  for (const m of plain.matchAll(/(?:^|[\s>+~(,])([a-z][a-z0-9]*)/g)) if (!elements.has(m[1])) return false;
  return true;
}

/** criticalCss returns the rules of css that may apply to html, with the custom properties they use. */
export function criticalCss(css, html) {
  const vocab = shellVocabulary(html);
  const root = postcss.parse(css);
  // custom property declarations (in rules that define nothing but them: :root and theme scopes)
  const isVarScope = (rule) => rule.nodes.every((d) => d.type !== "decl" || d.prop.startsWith("--"));
  root.walkRules((rule) => {
    if (rule.parent?.type === "atrule" && /keyframes$/i.test(rule.parent.name)) return;
    if (isVarScope(rule)) return;
    const keep = rule.selectors.filter((s) => mayMatch(s, vocab));
    if (keep.length === 0) rule.remove();
    else rule.selectors = keep;
  });
  // The web fonts stay (font-display: swap: text paints at once in the fallback font and swaps when the
  // face arrives): with the preloaded faces there by the first paint, the shell's text has the size React's
  // will have, so the page's largest paint is the shell's (a project page's summary) and not React's copy.
  root.walkAtRules((at) => {
    if (/keyframes$/i.test(at.name)) at.remove();
  });
  // The custom properties the kept rules use, and the ones those use, transitively.
  const defs = new Map();
  root.walkRules((rule) => {
    if (!isVarScope(rule)) return;
    rule.walkDecls(/^--/, (d) => defs.set(d.prop, [...(defs.get(d.prop) ?? []), d.value]));
  });
  const needed = new Set();
  const use = (value) => {
    for (const m of value.matchAll(/var\(\s*(--[\w-]+)/g)) {
      if (needed.has(m[1])) continue;
      needed.add(m[1]);
      for (const v of defs.get(m[1]) ?? []) use(v);
    }
  };
  root.walkRules((rule) => {
    if (!isVarScope(rule)) rule.walkDecls((d) => use(d.value));
  });
  root.walkRules((rule) => {
    if (!isVarScope(rule)) return;
    rule.walkDecls(/^--/, (d) => {
      if (!needed.has(d.prop)) d.remove();
    });
    if (rule.nodes.length === 0) rule.remove();
  });
  for (let removed = true; removed; ) {
    removed = false;
    root.walkAtRules((at) => {
      if (at.nodes && at.nodes.length === 0) {
        at.remove();
        removed = true;
      }
    });
  }
  root.walkComments((c) => c.remove());
  return root.toString().replace(/\n\s*/g, "").replace(/<\/style/gi, "<\\/style");
}
