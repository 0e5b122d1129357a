// Writes the Fira Sans faces the app uses as woff2 subsets (Latin + German + the punctuation, symbols and
// arrows the texts use) into src/assets/fonts, from the full files @kern-ux/native ships (130–150 KB each).
// The generated files are committed; run `node scripts/subset-fonts.mjs` again after a KERN-UX update or
// when texts need characters outside UNICODE_RANGE (src/app/fonts.css must then name the same range:
// characters outside it are drawn with the fallback font).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import subsetFont from "subset-font";

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, "../node_modules/@kern-ux/native/dist/fonts/fira-sans");
const to = join(here, "../src/assets/fonts");

// The same ranges as unicode-range in src/app/fonts.css.
export const UNICODE_RANGE = [
  [0x20, 0x7e], // Basic Latin
  [0xa0, 0xff], // Latin-1 Supplement (ä ö ü ß § « » ©)
  [0x131, 0x131], // ı
  [0x152, 0x153], // Œ œ
  [0x160, 0x161], // Š š
  [0x178, 0x178], // Ÿ
  [0x17d, 0x17e], // Ž ž
  [0x1e9e, 0x1e9e], // ẞ
  [0x2010, 0x2027], // dashes, quotes, bullet, ellipsis
  [0x2030, 0x2030], // ‰
  [0x2039, 0x203a], // ‹ ›
  [0x2070, 0x2079], // superscript digits
  [0x20ac, 0x20ac], // €
  [0x2122, 0x2122], // ™
  [0x2190, 0x2195], // arrows
  [0x2212, 0x2212], // minus
];

const faces = ["Regular", "Italic", "Medium", "SemiBold", "Bold"];

const text = UNICODE_RANGE.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => String.fromCodePoint(a + i))).join("");
mkdirSync(to, { recursive: true });
for (const face of faces) {
  const full = readFileSync(join(from, `FiraSans-${face}.woff2`));
  // Kerning and ligatures stay (harfbuzz keeps the layout features by default).
  const sub = await subsetFont(full, text, { targetFormat: "woff2" });
  const out = join(to, `fira-sans-${face.toLowerCase()}-latin.woff2`);
  writeFileSync(out, sub);
  console.log(`${face}: ${full.length} → ${sub.length} bytes (${out})`);
}
