// The legally required pages. The operator provides them as Markdown files (LEGAL_DIR on the server);
// until then each page says plainly that the operator has to fill it in and shows a template.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../lib/format/format";
import { usePageTitle } from "../../../lib/usePageTitle";
import { useLegalPage, type LegalPageData, type PageName } from "../api/pages";

interface Section {
  heading: string;
  text: string;
}

/** barrierMail receives barrier reports; the operator replaces it. */
export const barrierMail = "barrierefreiheit@example.org";

function DraftNotice({ name }: { name: PageName }) {
  const { t } = useTranslation();
  return (
    <div className="kern-alert kern-alert--warning draft-notice">
      <div className="kern-alert__header">
        <p className="kern-title">{t("app.draft")}</p>
      </div>
      <div className="kern-alert__body">
        <p className="kern-body">{t("app.draftNote", { file: `${name}.md` })}</p>
      </div>
    </div>
  );
}

/** operatorHTML keeps the operator's headings below the page's h1. */
function operatorHTML(html: string): string {
  return html.replace(/<(\/?)h1(\s|>)/g, "<$1h2$2");
}

function LegalPage({ page, name, children }: { page: string; name: PageName; children?: (data?: LegalPageData) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const q = useLegalPage(name);
  const own = q.data && !q.data.placeholder ? q.data : null;
  const title = own ? own.title : t(`legal.${page}.title`);
  usePageTitle(title);
  const sections = t(`legal.${page}.sections`, { returnObjects: true }) as Section[];
  return (
    <article>
      <h1 className="kern-heading-x-large" lang={own ? "de" : undefined}>
        {title}
      </h1>
      {q.isPending && (
        <p className="kern-body" role="status">
          {t("legal.loading")}
        </p>
      )}
      {q.isError && (
        <p className="kern-body" role="alert">
          {t("legal.loadError")}
        </p>
      )}
      {own && (
        <>
          {own.updated && <p className="kern-body legal-updated">{t("legal.updated", { date: formatDate(i18n.language, own.updated) })}</p>}
          <div className="rich-text" lang="de" dangerouslySetInnerHTML={{ __html: operatorHTML(own.html) }} />
        </>
      )}
      {q.data?.placeholder && (
        <>
          <DraftNotice name={name} />
          {sections.map((s) => (
            <section key={s.heading}>
              <h2 className="kern-heading-medium">{s.heading}</h2>
              <p className="kern-body">{s.text}</p>
            </section>
          ))}
        </>
      )}
      {children?.(q.data)}
    </article>
  );
}

/** CheckResults shows the result of the automated accessibility checks, or says that there is none. */
function CheckResults({ data }: { data?: LegalPageData }) {
  const { t, i18n } = useTranslation();
  if (!data) return null;
  const c = data.accessibility_check;
  return (
    <section>
      <h2 className="kern-heading-medium">{t("legal.barrierefreiheit.checkHeading")}</h2>
      {c ? (
        <p className="kern-body">
          {t("legal.barrierefreiheit.checkResult", {
            date: formatDate(i18n.language, c.date),
            checks: c.checks,
            tool: c.tool,
            standard: c.standard,
            count: c.violations,
            languages: c.languages.join(", "),
          })}
        </p>
      ) : (
        <p className="kern-body">{t("legal.barrierefreiheit.checkNone")}</p>
      )}
    </section>
  );
}

/** Impressum is the legal notice. */
export function Impressum() {
  return <LegalPage page="impressum" name="impressum" />;
}

/** Datenschutz is the privacy policy. */
export function Datenschutz() {
  return <LegalPage page="datenschutz" name="datenschutz" />;
}

/** Barrierefreiheit is the accessibility statement with a way to report barriers. */
export function Barrierefreiheit() {
  const { t } = useTranslation();
  const href = `mailto:${barrierMail}?subject=${encodeURIComponent(t("legal.barrierefreiheit.feedbackSubject"))}`;
  return (
    <LegalPage page="barrierefreiheit" name="barrierefreiheit">
      {(data) => (
        <>
          <CheckResults data={data} />
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
        </>
      )}
    </LegalPage>
  );
}

/** LeichteSprache explains the platform in plain language. */
export function LeichteSprache() {
  return <LegalPage page="leichteSprache" name="leichte-sprache" />;
}
