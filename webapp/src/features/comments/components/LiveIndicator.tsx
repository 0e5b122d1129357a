import { useTranslation } from "react-i18next";
import { useLiveAnnouncement, useLiveStatus } from "../../../lib/useLive";

/**
 * LiveIndicator says in text whether live updates arrive, and tells screen readers politely, once each,
 * when the connection is lost and when it is back (not on every retry in between).
 */
export function LiveIndicator() {
  const { t } = useTranslation();
  const s = useLiveStatus();
  const a = useLiveAnnouncement();
  return (
    <>
      <p className={`kern-body kern-body--small live-status live-status--${s}`}>
        <span aria-hidden="true" className="live-status__dot" /> {t("live.label")}: {t(`live.${s}`)}
      </p>
      <div className="kern-sr-only" aria-live="polite" aria-atomic="true" data-testid="live-connection">
        {a.kind ? t(`live.${a.kind}`) : ""}
      </div>
    </>
  );
}
