import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../../lib/api/problem";
import { formatNumber } from "../../../lib/format/format";
import { useUser } from "../../../lib/useUser";
import type { ProjectSummary } from "../api/projects";
import { useSupport } from "../api/supports";

/**
 * SupportButton is a toggle (aria-pressed) with the project's number of supports; readers who may not
 * support see the number only (anonymous ones with a link to log in).
 */
export function SupportButton({ p }: { p: ProjectSummary }) {
  const { t, i18n } = useTranslation();
  const m = useSupport(p);
  const user = useUser();
  const countId = useId();
  const count = (
    <span id={countId} className="kern-body support__count">
      {t("support.count", { count: p.support_count, n: formatNumber(i18n.language, p.support_count) })}
    </span>
  );
  return (
    <div className="support">
      {p.permissions.support ? (
        <button
          type="button"
          className={`kern-btn kern-btn--${p.supported_by_me ? "primary" : "secondary"} support__button`}
          aria-pressed={p.supported_by_me}
          aria-describedby={countId}
          disabled={m.isPending}
          onClick={() => m.mutate(!p.supported_by_me)}
        >
          <span className="kern-label">
            {t("support.button")}
            <span className="kern-sr-only"> – {p.title}</span>
          </span>
        </button>
      ) : null}
      {count}
      {p.supported_by_me && <span className="kern-body kern-body--small">{t("support.mine")}</span>}
      {!user && (
        <Link to="/anmelden" className="kern-link kern-body--small">
          {t("support.login")}
        </Link>
      )}
      {m.isError && (
        <p className="kern-error" role="alert">
          {errorMessage(t, m.error)}
        </p>
      )}
    </div>
  );
}
