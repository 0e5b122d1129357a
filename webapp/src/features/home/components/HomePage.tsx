import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { ProjectCard, useNewestProjects } from "../../projects";

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
            <ProjectCard key={p.slug} p={p} headingLevel={3} />
          ))}
        </ul>
      )}
      <p className="kern-body">
        <Link to="/projekte" className="kern-link">
          {t("home.allProjects")}
        </Link>
      </p>
    </section>
  );
}
