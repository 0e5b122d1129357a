import { useTranslation } from "react-i18next";
import { useLiveStatus } from "../../../lib/useLive";

/** LiveIndicator says in text whether live updates arrive. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const s = useLiveStatus();
  return (
    <p className={`kern-body kern-body--small live-status live-status--${s}`}>
      <span aria-hidden="true" className="live-status__dot" /> {t("live.label")}: {t(`live.${s}`)}
    </p>
  );
}
