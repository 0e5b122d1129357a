// Prints the gzip size of the JavaScript every page loads (the entry script and its modules, as
// first-page.json lists them for the server and index.html's loader) and fails when it exceeds the
// budget. Lazy route chunks are not counted: they load per page.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgetKB = 150;
const dist = new URL("../dist/", import.meta.url).pathname;
let entry;
try {
  entry = JSON.parse(readFileSync(join(dist, "first-page.json"), "utf8")).entry;
} catch {
  console.error("size: no dist/first-page.json — is dist/ built?");
  process.exit(1);
}
const files = [entry.src, ...entry.modules].map((f) => f.replace(/^\//, ""));
let total = 0;
for (const f of files) {
  const gz = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += gz;
  console.log(`  ${f.padEnd(44)} ${(gz / 1024).toFixed(1).padStart(7)} KB gzip`);
}
const kb = total / 1024;
console.log(`SPA initial-load JavaScript (gzip): ${kb.toFixed(1)} KB of ${budgetKB} KB budget, ${files.length} files`);
if (kb > budgetKB) {
  console.error(`size: over budget by ${(kb - budgetKB).toFixed(1)} KB`);
  process.exit(1);
}
