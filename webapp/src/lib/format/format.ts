// Formatting of dates, money and numbers in the UI language.

/** formatDate shows a date (YYYY-MM-DD or RFC 3339) in the language's long form. */
export function formatDate(lang: string, v: string | null | undefined, withTime = false): string {
  if (!v) return "";
  const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return new Intl.DateTimeFormat(lang, {
    dateStyle: "long",
    ...(withTime ? { timeStyle: "short", timeZone: "Europe/Berlin" } : { timeZone: "UTC" }),
  }).format(d);
}

/** formatEUR shows an amount in euros without cents. */
export function formatEUR(lang: string, v: number): string {
  return new Intl.NumberFormat(lang, { style: "currency", currency: "EUR", maximumFractionDigits: 0 }).format(v);
}

/** formatNumber shows an integer with grouping. */
export function formatNumber(lang: string, v: number): string {
  return new Intl.NumberFormat(lang).format(v);
}
