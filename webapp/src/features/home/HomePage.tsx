import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../app/usePageTitle";
import { useNewestProjects } from "../projects/api/newestProjects";

/** HomePage says what Digitalrat is and lists the newest projects. */
export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t("home.title"));
  const intro = t("home.intro", { returnObjects: true }) as string[];
  return (
    <>
      <h1 className="kern-heading-x-large">{t("home.title")}</h1>
      <p className="kern-body kern-body--large">{t("home.lead")}</p>
      {intro.map((p) => (
        <p key={p} className="kern-body">
          {p}
        </p>
      ))}
      <NewestProjects />
    </>
  );
}

function NewestProjects() {
  const { t } = useTranslation();
  const { data, isPending, isError } = useNewestProjects();
  return (
    <section aria-labelledby="newest-heading" className="newest">
      <h2 id="newest-heading" className="kern-heading-large">
        {t("home.newest")}
      </h2>
      {isPending ? (
        <p className="kern-body" role="status">
          {t("home.newestLoading")}
        </p>
      ) : isError ? (
        <p className="kern-body" role="status">
          {t("home.newestError")}
        </p>
      ) : data.items.length === 0 ? (
        <p className="kern-body">{t("home.newestEmpty")}</p>
      ) : (
        <ul className="project-list">
          {data.items.map((p) => (
            <li key={p.slug} className="kern-card project-card">
              <div className="kern-card__container">
                <div className="kern-card__header">
                  <h3 className="kern-title">
                    <Link to={`/projekte/${encodeURIComponent(p.slug)}`} className="kern-link">
                      {p.title}
                    </Link>
                  </h3>
                </div>
                <div className="kern-card__body">
                  <p className="kern-body">{p.summary}</p>
                  <p className="kern-body kern-body--small">
                    {t("home.status", { status: t(`projectStatus.${p.status}`, { defaultValue: p.status }) })}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
