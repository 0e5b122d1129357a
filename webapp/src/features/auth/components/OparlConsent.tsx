import { useTranslation } from "react-i18next";
import type { User } from "../../../lib/api/client";
import { ErrorAlert } from "../../../lib/ui/Form";
import { useOparlConsent } from "../api/auth";

/**
 * OparlConsent is the switch with which a council member agrees to appear in the city's council information
 * system feed (OParl: display name and affiliation only). It saves at once and says so politely; while a
 * change is on its way the switch shows the new value and stays focusable.
 */
export function OparlConsent({ u }: { u: User }) {
  const { t } = useTranslation();
  const save = useOparlConsent();
  const checked = save.isPending && save.variables !== undefined ? save.variables : u.oparl_consent;
  return (
    <section aria-labelledby="oparl-heading">
      <h2 id="oparl-heading" className="kern-heading-medium">
        {t("account.oparl.title")}
      </h2>
      {save.isError && <ErrorAlert error={save.error} />}
      <div className="kern-form-check">
        <input
          id="oparl-consent"
          name="oparl-consent"
          type="checkbox"
          role="switch"
          className="kern-form-check__checkbox"
          aria-describedby="oparl-consent-hint"
          checked={checked}
          onChange={(e) => !save.isPending && save.mutate(e.target.checked)}
        />
        <label className="kern-label" htmlFor="oparl-consent">
          {t("account.oparl.label")}
        </label>
      </div>
      <p className="kern-hint" id="oparl-consent-hint">
        {t("account.oparl.hint")}
      </p>
      <p className="kern-body" role="status" data-testid="oparl-status">
        {save.isSuccess ? t(u.oparl_consent ? "account.oparl.on" : "account.oparl.off") : ""}
      </p>
    </section>
  );
}
