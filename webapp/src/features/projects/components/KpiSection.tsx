// The KPIs (Kennzahlen) of a project on its page: the current figure, the progress towards the target and
// the status — always as text with a shape beside it, never by colour alone — and, for officials of the
// owning department and admins (permissions.manage_kpis), the forms to add a KPI and record a figure.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { formatDate, formatNumber } from "../../../lib/format/format";
import { ErrorAlert, SuccessAlert } from "../../../lib/ui/Form";
import { useLiveTopic } from "../../../lib/useLive";
import { refetchKpis, useProjectKpis, type Kpi } from "../api/kpis";
import type { Project } from "../api/projects";
import { editButtonId, KpiEditForm } from "./KpiEditForm";
import { CreateKpiForm, RecordMeasurementForm } from "./KpiForms";
import { figure } from "./kpiFigure";

/** statusShapes are the shapes beside the status text: distinct without colour. */
const statusShapes: Record<Kpi["status"], string> = {
  reached: "✓",
  on_track: "→",
  behind: "⚠",
  no_data: "○",
};

/** KpiStatus is the status of a KPI as a shape and its text. */
export function KpiStatus({ status }: { status: Kpi["status"] }) {
  const { t } = useTranslation();
  return (
    <span className={`kpi-status kpi-status--${status}`} data-status={status}>
      <span aria-hidden="true" className="kpi-status__shape">
        {statusShapes[status]}
      </span>{" "}
      {t(`projectKpis.status.${status}`)}
    </span>
  );
}

/** KpiSection lists the KPIs of a project; managers get the forms below the list. */
export function KpiSection({ p }: { p: Project }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const q = useProjectKpis(p.slug);
  const qc = useQueryClient();
  useLiveTopic(`project:${p.slug}`, {
    onEvent: (ev) => {
      if (ev.type.startsWith("kpi.")) refetchKpis(qc, p.slug);
    },
    onReset: () => refetchKpis(qc, p.slug),
  });
  const kpis = q.data?.items ?? [];
  const canEdit = kpis.some((k) => k.permissions.edit);
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  const editingKpi = kpis.find((k) => k.id === editing && k.permissions.edit);
  const closeEdit = (id: string, k: Kpi | null) => {
    setEditing(null);
    setSaved(k ? k.name : "");
    setTimeout(() => document.getElementById(editButtonId(id))?.focus());
  };
  return (
    <section aria-labelledby="kpi-heading" className="kpis">
      <h2 id="kpi-heading" className="kern-heading-medium">
        {t("projectKpis.heading")}
      </h2>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : kpis.length === 0 ? (
        <p className="kern-body">{t("projectKpis.none")}</p>
      ) : (
        <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="kpi-heading">
          <table className="kern-table kern-table--small" data-testid="kpi-table">
            <caption className="kern-sr-only">{t("projectKpis.caption", { title: p.title })}</caption>
            <thead className="kern-table__header">
              <tr>
                <th scope="col">{t("projectKpis.name")}</th>
                <th scope="col">{t("projectKpis.latest")}</th>
                <th scope="col">{t("projectKpis.target")}</th>
                <th scope="col">{t("projectKpis.progress")}</th>
                <th scope="col">{t("projectKpis.statusLabel")}</th>
                {canEdit && <th scope="col">{t("projectKpis.edit.column")}</th>}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {kpis.map((k) => (
                <tr key={k.id} data-kpi={k.id}>
                  <th scope="row">
                    <Link to={`/cockpit/kennzahlen/${encodeURIComponent(k.id)}`} className="kern-link">
                      {k.name}
                    </Link>
                  </th>
                  <td>
                    {k.latest
                      ? t("projectKpis.valueAt", { value: figure(lang, k.latest.value, k.unit), date: formatDate(lang, k.latest.measured_at) })
                      : t("projectKpis.noValue")}
                  </td>
                  <td>{t("projectKpis.valueBy", { value: figure(lang, k.target.value, k.unit), date: formatDate(lang, k.target.date) })}</td>
                  <td>{k.progress === null ? t("projectKpis.noValue") : t("projectKpis.percent", { n: formatNumber(lang, Math.round(k.progress)) })}</td>
                  <td>
                    <KpiStatus status={k.status} />
                  </td>
                  {canEdit && (
                    <td>
                      {k.permissions.edit && (
                        <button
                          type="button"
                          id={editButtonId(k.id)}
                          className="kern-btn kern-btn--tertiary kern-btn--x-small"
                          aria-expanded={editing === k.id}
                          onClick={() => {
                            setSaved("");
                            setEditing(k.id);
                          }}
                        >
                          <span className="kern-label">
                            {t("projectKpis.edit.open")}
                            <span className="kern-sr-only"> {k.name}</span>
                          </span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {saved && <SuccessAlert>{t("projectKpis.edit.saved", { name: saved })}</SuccessAlert>}
      {editingKpi && <KpiEditForm key={editingKpi.id} slug={p.slug} kpi={editingKpi} onClose={(k) => closeEdit(editingKpi.id, k)} />}
      {p.permissions.manage_kpis && q.isSuccess && (
        <>
          <CreateKpiForm slug={p.slug} />
          {kpis.length > 0 && <RecordMeasurementForm slug={p.slug} kpis={kpis} />}
        </>
      )}
    </section>
  );
}
