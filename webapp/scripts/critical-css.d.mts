/** criticalCss returns the rules of css that may apply to html, with the custom properties they use. */
export function criticalCss(css: string, html: string): string;
/** shellVocabulary lists the classes and element names of html. */
export function shellVocabulary(html: string): { classes: Set<string>; elements: Set<string> };
