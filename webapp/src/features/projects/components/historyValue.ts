import type { TFunction } from "i18next";

/**
 * historyValue renders a stored history value readably: status and principles through their labels,
 * booleans as yes/no, a KPI's direction and principle (stored as "<KPI name>: <code>") through their labels;
 * everything else as stored.
 */
export function historyValue(t: TFunction, field: string, value: string): string {
  if (value === "") return "";
  switch (field) {
    case "status":
      return t(`projectStatus.${value}`, { defaultValue: value });
    case "principles":
      return value
        .split(",")
        .map((p) => t(`principle.${p}`, { defaultValue: p }))
        .join(", ");
    case "comments_open":
    case "pre_moderation":
      return value === "true" ? t("history.yes") : value === "false" ? t("history.no") : value;
    case "kpi.direction":
    case "kpi.principle": {
      const at = value.lastIndexOf(": ");
      const name = at < 0 ? "" : value.slice(0, at + 2);
      const code = at < 0 ? value : value.slice(at + 2);
      if (code === "") return value;
      const key = field === "kpi.direction" ? `projectKpis.direction.${code}` : `principle.${code}`;
      return name + t(key, { defaultValue: code });
    }
  }
  return value;
}
