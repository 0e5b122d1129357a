// Formatting of dates, money and numbers in the UI language.

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * numberFormat is a shared Intl.NumberFormat for the language and options: building one costs about a
 * hundred times more than formatting with it (on a slow phone a page of figures spent more time building
 * formatters than rendering), so each is built once.
 */
export function numberFormat(lang: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = lang + JSON.stringify(options);
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** dateTimeFormat is a shared Intl.DateTimeFormat for the language and options (see numberFormat). */
export function dateTimeFormat(lang: string, options: Intl.DateTimeFormatOptions = {}): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, options);
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** formatDate shows a date (YYYY-MM-DD or RFC 3339) in the language's long form. */
export function formatDate(lang: string, v: string | null | undefined, withTime = false): string {
  if (!v) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return dateTimeFormat(lang, withTime ? { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Berlin" } : { dateStyle: "long", timeZone: "UTC" }).format(d);
}

/** formatEUR shows an amount in euros without cents. */
export function formatEUR(lang: string, v: number): string {
  return numberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(v);
}

/** formatNumber shows an integer with grouping. */
export function formatNumber(lang: string, v: number): string {
  return numberFormat(lang).format(v);
}
