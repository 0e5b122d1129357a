import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { ProjectSummary } from "../api/projects";
import { SupportButton } from "./SupportButton";

/** ProjectCard is a project in a list: title (link), summary, status, owner, number of comments. */
export function ProjectCard({ p, headingLevel = 2 }: { p: ProjectSummary; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="kern-card project-card">
      <div className="kern-card__container">
        <div className="kern-card__header">
          <H className="kern-title">
            <Link to={`/projekte/${encodeURIComponent(p.slug)}`} className="kern-link">
              {p.title}
            </Link>
          </H>
        </div>
        <div className="kern-card__body">
          <p className="kern-body">{p.summary}</p>
          <p className="kern-body kern-body--small">
            {t("home.status", { status: t(`projectStatus.${p.status}`, { defaultValue: p.status }) })}
            <br />
            {t("project.ownerShort", { owner: p.owner_unit })}
            <br />
            <span className="project-card__comments">{t("discussions.commentCount", { count: p.comment_count })}</span>
          </p>
          <SupportButton p={p} />
        </div>
      </div>
    </li>
  );
}
