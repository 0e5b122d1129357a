import type { PluginCreator } from "postcss";

/** purgeKern is the PostCSS plugin of scripts/purge-kern.mjs. */
export const purgeKern: PluginCreator<string>;
/** usedKernClasses scans files and directories for kern-* words. */
export function usedKernClasses(paths: string[]): Set<string>;
/** keepsSelector reports whether every kern-* class of selector is used. */
export function keepsSelector(selector: string, used: Set<string>, prefixes: string[]): boolean;
