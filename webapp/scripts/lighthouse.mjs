// `make lighthouse`: Lighthouse (mobile preset: a mid-range phone on slow 4G, 4× CPU slowdown) against
// bin/digitalrat with the demo data on a temporary SQLite directory, for the start page, the project list,
// one project page and one document page. Prints performance and accessibility scores (0–100), the
// largest contentful paint and the bytes transferred per page. Not part of `make test`: the scores
// depend on the machine's load, so they are figures to read, not assertions.
//
// DIGITALRAT_BIN (default bin/digitalrat), CHROMIUM_PATH (default /usr/bin/chromium), LIGHTHOUSE_RUNS (default 1: the median of N runs per page
// is printed), LIGHTHOUSE_JSON (a file for the printed figures as JSON), LIGHTHOUSE_REPORTS (a directory for
// Lighthouse's full JSON report of every run, to see what an audit found).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const binary = process.env.DIGITALRAT_BIN || join(repo, "bin/digitalrat");
const chromePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS || 1));

if (!existsSync(binary)) throw new Error(`${binary} is missing (run make build)`);
if (!existsSync(chromePath)) throw new Error(`chromium not found at ${chromePath}`);

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startServer() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "digitalrat-lighthouse-"));
  const env = {
    ...process.env,
    DATABASE_URL: "",
    DATA_DIR: dataDir,
    HTTP_ADDR: `127.0.0.1:${port}`,
    PUBLIC_URL: base,
    DEMO_DATA: "true",
    LOG_LEVEL: "info",
  };
  const proc = spawn(binary, ["serve"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  const exited = new Promise((res) => proc.once("exit", res));
  const stop = async () => {
    proc.kill("SIGTERM");
    const t = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server not ready within 60 s:\n${log}`);
    }
    await sleep(200);
  }
  // The demo seed runs after /readyz: wait for its end, so every page shows its full data.
  for (let i = 0; i < 600 && !/demo data (created|skipped)/.test(log); i++) await sleep(100);
  return { base, stop };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
};

const server = await startServer();
let chrome;
try {
  // A project with documents, and its document with the most versions (what the e2e tests use too).
  const projects = await (await fetch(`${server.base}/api/v1/projects?limit=100`)).json();
  let project = null;
  let doc = null;
  for (const p of projects.items) {
    const docs = await (await fetch(`${server.base}/api/v1/projects/${p.slug}/documents`)).json();
    const d = [...docs.items].sort((a, b) => b.latest_version - a.latest_version)[0];
    if (d && (!doc || d.latest_version > doc.latest_version)) {
      project = p;
      doc = d;
    }
  }
  if (!project || !doc) throw new Error("the demo data has no project with a document");
  const pages = [
    { name: "start", path: "/" },
    { name: "projects", path: "/projekte" },
    { name: "project", path: `/projekte/${project.slug}` },
    { name: "document", path: `/dokumente/${doc.id}` },
  ];

  chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  const results = [];
  for (const page of pages) {
    const samples = [];
    for (let i = 0; i < runs; i++) {
      // A loaded machine sometimes loses the trace (NO_NAVSTART, NO_FCP): such a run is repeated, twice at most.
      let r;
      for (let attempt = 1; ; attempt++) {
        r = await lighthouse(
          server.base + page.path,
          { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] },
          undefined, // the default config is the mobile preset
        );
        if (!r.lhr.runtimeError || attempt === 3) break;
        console.error(`${page.path}: ${r.lhr.runtimeError.code}, again`);
      }
      const lhr = r.lhr;
      if (process.env.LIGHTHOUSE_REPORTS) {
        mkdirSync(process.env.LIGHTHOUSE_REPORTS, { recursive: true });
        writeFileSync(join(process.env.LIGHTHOUSE_REPORTS, `${page.name}-${i + 1}.json`), r.report);
      }
      if (lhr.runtimeError) throw new Error(`${page.path}: ${lhr.runtimeError.message}`);
      samples.push({
        performance: Math.round(lhr.categories.performance.score * 100),
        accessibility: Math.round(lhr.categories.accessibility.score * 100),
        lcp: lhr.audits["largest-contentful-paint"].numericValue,
        fcp: lhr.audits["first-contentful-paint"].numericValue,
        tbt: lhr.audits["total-blocking-time"].numericValue,
        cls: lhr.audits["cumulative-layout-shift"].numericValue,
        bytes: lhr.audits["total-byte-weight"].numericValue,
        failedA11y: Object.values(lhr.audits)
          .filter((a) => lhr.categories.accessibility.auditRefs.some((ref) => ref.id === a.id && ref.weight > 0) && a.score === 0)
          .map((a) => a.id),
      });
    }
    const pick = (k) => median(samples.map((s) => s[k]));
    results.push({
      page: page.name,
      path: page.path,
      performance: pick("performance"),
      accessibility: pick("accessibility"),
      lcp_ms: Math.round(pick("lcp")),
      fcp_ms: Math.round(pick("fcp")),
      tbt_ms: Math.round(pick("tbt")),
      cls: Number(pick("cls").toFixed(3)),
      kb: Math.round(pick("bytes") / 1024),
      failed_a11y: [...new Set(samples.flatMap((s) => s.failedA11y))],
    });
  }
  console.log(`Lighthouse ${(await import("lighthouse/package.json", { with: { type: "json" } })).default.version}, mobile preset, ${runs} run(s) per page (median)`);
  console.log("page      performance  accessibility  LCP ms  FCP ms  TBT ms    CLS     KB  path");
  for (const r of results) {
    console.log(
      `${r.page.padEnd(9)} ${String(r.performance).padStart(11)}  ${String(r.accessibility).padStart(13)}  ${String(r.lcp_ms).padStart(6)}  ${String(r.fcp_ms).padStart(6)}  ${String(r.tbt_ms).padStart(6)}  ${r.cls.toFixed(3).padStart(5)}  ${String(r.kb).padStart(5)}  ${r.path}`,
    );
    if (r.failed_a11y.length) console.log(`          accessibility audits failed: ${r.failed_a11y.join(", ")}`);
  }
  if (process.env.LIGHTHOUSE_JSON) writeFileSync(process.env.LIGHTHOUSE_JSON, JSON.stringify(results, null, 2));
} finally {
  if (chrome) await chrome.kill();
  await server.stop();
}
