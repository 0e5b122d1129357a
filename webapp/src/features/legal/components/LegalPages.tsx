// The legally required pages. Their texts are drafts until the operator completes them.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../../../lib/usePageTitle";

interface Section {
  heading: string;
  text: string;
}

/** barrierMail receives barrier reports; the operator replaces it. */
export const barrierMail = "barrierefreiheit@example.org";

function DraftNotice() {
  const { t } = useTranslation();
  return (
    <div className="kern-alert kern-alert--warning draft-notice">
      <div className="kern-alert__header">
        <p className="kern-title">{t("app.draft")}</p>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t("app.draftNote")}</p>
      </div>
    </div>
  );
}

function LegalPage({ page, children }: { page: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const title = t(`legal.${page}.title`);
  usePageTitle(title);
  const sections = t(`legal.${page}.sections`, { returnObjects: true }) as Section[];
  return (
    <article>
      <h1 className="kern-heading-x-large">{title}</h1>
      <DraftNotice />
      {sections.map((s) => (
        <section key={s.heading}>
          <h2 className="kern-heading-medium">{s.heading}</h2>
          <p className="kern-body">{s.text}</p>
        </section>
      ))}
      {children}
    </article>
  );
}

/** Impressum is the legal notice. */
export function Impressum() {
  return <LegalPage page="impressum" />;
}

/** Datenschutz is the privacy policy. */
export function Datenschutz() {
  return <LegalPage page="datenschutz" />;
}

/** Barrierefreiheit is the accessibility statement with a way to report barriers. */
export function Barrierefreiheit() {
  const { t } = useTranslation();
  const href = `mailto:${barrierMail}?subject=${encodeURIComponent(t("legal.barrierefreiheit.feedbackSubject"))}`;
  return (
    <LegalPage page="barrierefreiheit">
      <section>
        <h2 className="kern-heading-medium">{t("legal.barrierefreiheit.feedbackHeading")}</h2>
        <p className="kern-body">{t("legal.barrierefreiheit.feedbackText")}</p>
        <p className="kern-body">
          <a className="kern-link" href={href}>
            {t("legal.barrierefreiheit.feedbackLink")}
          </a>{" "}
          ({barrierMail})
        </p>
      </section>
      <section>
        <h2 className="kern-heading-medium">{t("legal.barrierefreiheit.enforcementHeading")}</h2>
        <p className="kern-body">{t("legal.barrierefreiheit.enforcementText")}</p>
      </section>
    </LegalPage>
  );
}

/** LeichteSprache explains the platform in plain language. */
export function LeichteSprache() {
  return <LegalPage page="leichteSprache" />;
}
