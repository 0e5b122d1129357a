// The public roles of a comment's author, in text next to the name (never colour alone): the one place
// that decides how they read, for threads, notifications and the moderation queue.
import { useTranslation } from "react-i18next";
import type { components } from "../api/schema.gen";

/** RoleBadge is one public role of an author as the server sends it. */
export type RoleBadge = components["schemas"]["RoleBadge"];

/** roleBadgeText reads a badge: "Digitalrat · Wissenschaft", "Verwaltung · Bürgeramt", "Moderation". */
export function roleBadgeText(t: (key: string, o?: Record<string, string>) => string, b: RoleBadge): string {
  if (b.role === "council") return b.affiliation ? t("badge.councilWith", { affiliation: t(`affiliation.${b.affiliation}`) }) : t("badge.council");
  if (b.role === "official") return b.department ? t("badge.officialWith", { department: b.department }) : t("badge.official");
  return t("badge.moderator");
}

/** RoleBadges shows the badges of an author after the name; nothing for authors without a public role. */
export function RoleBadges({ badges }: { badges?: RoleBadge[] | null }) {
  const { t } = useTranslation();
  if (!badges?.length) return null;
  return (
    <>
      {badges.map((b) => (
        <span key={b.role} className={`role-badge role-badge--${b.role}`}>
          {roleBadgeText(t, b)}
        </span>
      ))}
    </>
  );
}
