/// <reference types="vitest/config" />
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { firstPage } from "./scripts/first-page.mjs";
import { purgeKern } from "./scripts/purge-kern.mjs";

// precompress writes a .gz beside every compressible file of the build, so the Go server can send
// gzip without compressing on every request. Fonts (woff2) are compressed already and are skipped.
function precompress(): Plugin {
  const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/;
  let outDir = "dist";
  return {
    name: "digitalrat-precompress",
    apply: "build",
    configResolved(c) {
      outDir = c.build.outDir;
    },
    writeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const p = join(dir, name);
          if (statSync(p).isDirectory()) walk(p);
          else if (compressible.test(name)) {
            const raw = readFileSync(p);
            const gz = gzipSync(raw, { level: 9 });
            if (gz.length < raw.length) writeFileSync(p + ".gz", gz);
          }
        }
      };
      walk(outDir);
    },
  };
}

// preloadFonts adds <link rel="preload"> for the font faces the first paint of every page needs (body text
// 400, the landing pages' h1 in the shell 500, labels and buttons 600, see src/app/fonts.css), so they load
// alongside the CSS instead of after it, and the shell's text has the size React's will have. The other
// faces load when text uses them (font-display: swap).
function preloadFonts(): Plugin {
  const firstPaint = /^assets\/fira-sans-(regular|medium|semibold)-latin-[\w-]+\.woff2$/;
  return {
    name: "digitalrat-preload-fonts",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const files = Object.keys(ctx.bundle ?? {}).filter((f) => firstPaint.test(f));
        if (files.length !== 3) throw new Error(`preloadFonts: expected 3 first-paint fonts in the bundle, found ${files.length}`);
        return files.sort().map((f) => ({
          tag: "link",
          attrs: { rel: "preload", href: `/${f}`, as: "font", type: "font/woff2", crossorigin: "" },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress(), preloadFonts(), firstPage()],
  // KERN-UX's stylesheet without the components the app does not use (scripts/purge-kern.mjs).
  css: { postcss: { plugins: [purgeKern()] } },
  build: {
    // The CSP allows no data: fonts and no inline scripts: never inline assets, and no preload polyfill.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    target: "es2022",
    // Fewer, larger chunks: every module file costs a request (six at a time over HTTP/1.1, where the
    // signed-in page's token refresh queues behind them) and main-thread time on a slow phone. Everything
    // the entry loads statically is one chunk with it, and the shared code the lazy pages import (src/lib,
    // libraries) one more, so a project page loads 9 files of code instead of 25.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: "app", tags: ["$initial"], priority: 2 },
            { name: "common", test: /node_modules|src[\\/]lib[\\/]/, minShareCount: 2, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080", "/healthz": "http://127.0.0.1:8080" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
});
