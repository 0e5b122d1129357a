import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { ErrorAlert, Select, TextField } from "../../../lib/ui/Form";
import { useProjectList, useProjectOwners } from "../api/projects";
import { ProjectCard } from "./ProjectCard";
import { filtersToParams, parseFilters, principles, sorts, statuses, type Filters } from "../api/filters";
import { useUser, canCreateProject } from "../../../lib/useUser";

/** ProjectListPage lists projects with filters and sort kept in the URL, and "load more". */
export function ProjectListPage() {
  const { t } = useTranslation();
  usePageTitle(t("projects.title"));
  const [sp, setSp] = useSearchParams();
  const filters = parseFilters(sp);
  const list = useProjectList(filters);
  const user = useUser();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <h1 className="kern-heading-x-large">{t("projects.title")}</h1>
      <p className="kern-body">{t("projects.intro")}</p>
      {canCreateProject(user) && (
        <p className="kern-body">
          <Link to="/projekte/neu" className="kern-link">
            {t("projects.create")}
          </Link>
        </p>
      )}
      {/* key: a new URL (back button, shared link) resets the form to it */}
      <FilterForm key={sp.toString()} initial={filters} onApply={(f) => setSp(filtersToParams(f))} />
      <section aria-labelledby="results-heading">
        <h2 id="results-heading" className="kern-heading-medium">
          {t("projects.results")}
        </h2>
        {list.isPending ? (
          <p className="kern-body" role="status">
            {t("app.loading")}
          </p>
        ) : list.isError ? (
          <ErrorAlert error={list.error} />
        ) : (
          <>
            <p className="kern-body" role="status" aria-live="polite">
              {items.length === 0 ? t("projects.none") : t("projects.shown", { count: items.length })}
            </p>
            <ul className="project-list">
              {items.map((p) => (
                <ProjectCard key={p.slug} p={p} headingLevel={3} />
              ))}
            </ul>
            {list.hasNextPage && (
              <p className="load-more">
                <button
                  type="button"
                  className="kern-btn kern-btn--secondary"
                  disabled={list.isFetchingNextPage}
                  onClick={() => void list.fetchNextPage()}
                >
                  <span className="kern-label">{list.isFetchingNextPage ? t("app.loading") : t("projects.loadMore")}</span>
                </button>
              </p>
            )}
          </>
        )}
      </section>
    </>
  );
}

function FilterForm({ initial, onApply }: { initial: Filters; onApply: (f: Filters) => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState<Filters>(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  const any = t("projects.filter.any");
  const owners = useProjectOwners().data?.items ?? [];
  // A shared link may name an owner the list does not hold (yet): keep it selectable.
  const ownerOptions = owners.map((o) => ({ value: o.owner_unit, label: t("projects.filter.ownerOption", { owner: o.owner_unit, count: o.projects }) }));
  if (f.owner && !owners.some((o) => o.owner_unit === f.owner)) ownerOptions.push({ value: f.owner, label: f.owner });
  return (
    <form className="filter-form" role="search" aria-label={t("projects.filter.label")} onSubmit={submit}>
      <TextField id="filter-q" label={t("projects.filter.q")} value={f.q ?? ""} onChange={(q) => setF({ ...f, q })} type="search" />
      <Select
        id="filter-status"
        label={t("projects.filter.status")}
        value={f.status ?? ""}
        onChange={(v) => setF({ ...f, status: (v || undefined) as Filters["status"] })}
        options={[{ value: "", label: any }, ...statuses.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))]}
      />
      <Select
        id="filter-principle"
        label={t("projects.filter.principle")}
        value={f.principle ?? ""}
        onChange={(v) => setF({ ...f, principle: (v || undefined) as Filters["principle"] })}
        options={[{ value: "", label: any }, ...principles.map((s) => ({ value: s, label: t(`principle.${s}`) }))]}
      />
      <Select
        id="filter-owner"
        label={t("projects.filter.owner")}
        value={f.owner ?? ""}
        onChange={(v) => setF({ ...f, owner: v || undefined })}
        options={[{ value: "", label: any }, ...ownerOptions]}
      />
      <Select
        id="filter-sort"
        label={t("projects.filter.sort")}
        value={f.sort}
        onChange={(v) => setF({ ...f, sort: v as Filters["sort"] })}
        options={sorts.map((s) => ({ value: s, label: t(`projects.sort.${s}`) }))}
      />
      <div className="form-actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t("projects.filter.apply")}</span>
        </button>
        <Link to="/projekte" className="kern-link">
          {t("projects.filter.reset")}
        </Link>
      </div>
    </form>
  );
}

