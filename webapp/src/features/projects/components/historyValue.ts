import type { TFunction } from "i18next";

/**
 * historyValue renders a stored history value readably: status and principles through their labels,
 * booleans as yes/no; everything else as stored.
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
  }
  return value;
}
