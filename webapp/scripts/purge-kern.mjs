// A PostCSS plugin (vite.config.ts) that keeps of KERN-UX's stylesheet only the rules the app can use: a
// selector naming a kern-* class that appears nowhere in src/ or index.html is dropped, and a rule without
// selectors left goes with it. KERN ships every component (340 KB, 42 KB gzipped, most of it unused, all of
// it render-blocking); the app's own rules (styles.css, fonts.css) are left alone.
//
// Class names built at run time must show their fixed part in the source as a prefix ending in "-":
// `kern-btn--${variant}` keeps every .kern-btn--… class. Everything else is matched as a whole word.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** usedKernClasses scans the files under dirs (and the single files) for kern-* words. */
export function usedKernClasses(paths) {
  const words = new Set();
  const scan = (p) => {
    if (statSync(p).isDirectory()) {
      for (const n of readdirSync(p)) scan(join(p, n));
      return;
    }
    if (!/\.(tsx?|css|html)$/.test(p) || /\.test\.tsx?$/.test(p)) return;
    for (const m of readFileSync(p, "utf8").matchAll(/kern-[A-Za-z0-9_-]+/g)) words.add(m[0]);
  };
  for (const p of paths) scan(p);
  return words;
}

/** keepsSelector reports whether every kern-* class of selector is used (exactly, or through a prefix). */
export function keepsSelector(selector, used, prefixes) {
  for (const m of selector.matchAll(/\.(kern-[A-Za-z0-9_-]+)/g)) {
    const cls = m[1];
    if (!used.has(cls) && !prefixes.some((p) => cls.startsWith(p))) return false;
  }
  return true;
}

/** purgeKern is the PostCSS plugin; root is the webapp directory. */
export function purgeKern(root = process.cwd()) {
  const used = usedKernClasses([resolve(root, "src"), resolve(root, "index.html")]);
  const prefixes = [...used].filter((w) => w.endsWith("-"));
  return {
    postcssPlugin: "digitalrat-purge-kern",
    OnceExit(css) {
      css.walkRules((rule) => {
        if (!rule.source?.input.file?.includes("@kern-ux")) return;
        if (rule.parent?.type === "atrule" && /keyframes$/i.test(rule.parent.name)) return;
        const keep = rule.selectors.filter((s) => keepsSelector(s, used, prefixes));
        if (keep.length === 0) rule.remove();
        else if (keep.length < rule.selectors.length) rule.selectors = keep;
      });
      // at-rules (@media, @supports, @layer) left empty, innermost first
      for (let removed = true; removed; ) {
        removed = false;
        css.walkAtRules((at) => {
          if (at.nodes && at.nodes.length === 0) {
            at.remove();
            removed = true;
          }
        });
      }
    },
  };
}
purgeKern.postcss = true;
