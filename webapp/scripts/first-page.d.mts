import type { Plugin } from "vite";

/** firstPage is the Vite plugin of scripts/first-page.mjs: the shell in two languages and first-page.json. */
export function firstPage(root?: string): Plugin;
/** fillShell replaces every {{key}} of html by the text at that dotted path of texts. */
export function fillShell(html: string, texts: Record<string, unknown>, lang: string, year?: number): string;
/** readBundleDeps reads bundleDeps from the source of src/i18n/index.ts. */
export function readBundleDeps(source: string): Record<string, string[]>;
