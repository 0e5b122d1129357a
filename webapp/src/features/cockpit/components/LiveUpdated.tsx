// A polite status for screen readers: "Aktualisiert um 14:02:05" once per live refetch, never a focus
// change. The region is always in the page, so that assistive technology notices its text changing.
import { useTranslation } from "react-i18next";
import { dateTimeFormat } from "../../../lib/format/format";

export function LiveUpdated({ at }: { at: Date | null }) {
  const { t, i18n } = useTranslation();
  const time = at ? dateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(at) : "";
  return (
    <p role="status" className="kern-sr-only" data-testid="cockpit-live-status">
      {at ? t("cockpit.live.updated", { time }) : ""}
    </p>
  );
}
