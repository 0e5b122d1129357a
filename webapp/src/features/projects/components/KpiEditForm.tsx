// Editing a KPI (officials of the owning department, admins): the form opens prefilled below the table
// with the focus on its first field, sends only what changed with If-Match, shows the server's field
// errors at their fields, and on a 412 (someone else changed the KPI meanwhile) reloads the KPI, keeps
// what the user typed on top of the new state and says so. Closing returns the focus to the row's button.
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../../lib/api/problem";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, Fieldset, Select, SubmitButton, TextArea, TextField } from "../../../lib/ui/Form";
import { fetchKpi, parseFigure, useUpdateKpi, type Kpi } from "../api/kpis";
import { changed, rebase, toPatch, toValues, type KpiField, type KpiValues } from "./kpiEdit";

const principles = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency"] as const;

/** numberError is the local error of a typed figure that is not a number (empty is the server's call). */
function numberError(s: string): string | undefined {
  return s.trim() !== "" && parseFigure(s) === null ? "type" : undefined;
}

/** editButtonId is the id of a row's edit button, where the focus returns on close. */
export const editButtonId = (id: string) => `kpi-edit-open-${id}`;

export interface KpiEditFormProps {
  slug: string;
  kpi: Kpi;
  /** onClose is called after a save (with the saved KPI) or a cancel (with null). */
  onClose: (saved: Kpi | null) => void;
  /** load fetches the KPI's current state after a 412 (a parameter for tests). */
  load?: (id: string) => Promise<Kpi>;
}

export function KpiEditForm({ slug, kpi, onClose, load = fetchKpi }: KpiEditFormProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [base, setBase] = useState<KpiValues>(() => toValues(kpi, lang));
  const [version, setVersion] = useState(kpi.version);
  const [form, setForm] = useState<KpiValues>(base);
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [conflict, setConflict] = useState<{ theirs: KpiField[]; version: number } | null>(null);
  const [reloadError, setReloadError] = useState<unknown>(null);
  const m = useUpdateKpi(slug, (k) => onClose(k));

  useEffect(() => {
    document.getElementById("kpi-edit-name")?.focus();
  }, []);

  // A 412: reload the KPI and rebase what the user typed on it; the next save goes on the new version.
  const err = m.error;
  const stale = err instanceof ApiError && err.status === 412;
  useEffect(() => {
    if (!stale) return;
    let gone = false;
    load(kpi.id).then(
      (current) => {
        if (gone) return;
        const next = toValues(current, lang);
        const r = rebase(base, form, next);
        setBase(next);
        setVersion(current.version);
        setForm(r.form);
        setConflict({ theirs: r.theirs, version: current.version });
        m.reset();
      },
      (e: unknown) => !gone && setReloadError(e),
    );
    return () => {
      gone = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per 412, with the form as it was then
  }, [stale]);

  const set =
    <K extends keyof KpiValues>(k: K) =>
    (v: string) =>
      setForm((f) => ({ ...f, [k]: v }));
  const fe = { ...(stale ? {} : fieldErrors(err)), ...Object.fromEntries(Object.entries(local).filter(([, v]) => v)) } as Record<string, string | undefined>;
  const hasFieldErrors = Object.values(fe).some(Boolean);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = { "baseline.value": numberError(form.baselineValue), "target.value": numberError(form.targetValue) };
    setLocal(errs);
    if (errs["baseline.value"] || errs["target.value"]) return;
    if (changed(base, form).length === 0) {
      onClose(null);
      return;
    }
    m.mutate({ id: kpi.id, version, patch: toPatch(base, form) });
  };

  return (
    <form onSubmit={submit} className="stack-form kpi-edit" noValidate aria-labelledby="kpi-edit-heading" data-kpi={kpi.id}>
      <h3 id="kpi-edit-heading" className="kern-heading-small">
        {t("projectKpis.edit.heading", { name: kpi.name })}
      </h3>
      {conflict && (
        <div className="kern-alert kern-alert--warning" role="alert" data-testid="kpi-edit-conflict">
          <div className="kern-alert__body">
            <p className="kern-body">{t("projectKpis.edit.conflict", { version: conflict.version })}</p>
            {conflict.theirs.length > 0 && (
              <p className="kern-body">
                {t("projectKpis.edit.theirs", { fields: conflict.theirs.map((f) => t(`projectKpis.edit.field.${f}`)).join(", ") })}
              </p>
            )}
          </div>
        </div>
      )}
      {reloadError !== null && <ErrorAlert error={reloadError} />}
      {m.isError && !stale && !hasFieldErrors && <ErrorAlert error={m.error} />}
      <TextField id="kpi-edit-name" label={t("projectKpis.form.name")} value={form.name} onChange={set("name")} error={fe.name} required />
      <TextArea id="kpi-edit-description" label={t("projectKpis.form.description")} optional rows={3} value={form.description} onChange={set("description")} error={fe.description} />
      <TextField id="kpi-edit-unit" label={t("projectKpis.form.unit")} hint={t("projectKpis.form.unitHint")} optional value={form.unit} onChange={set("unit")} error={fe.unit} />
      <Select
        id="kpi-edit-direction"
        label={t("projectKpis.form.direction")}
        value={form.direction}
        onChange={set("direction")}
        error={fe.direction}
        options={(["increase", "decrease"] as const).map((d) => ({ value: d, label: t(`projectKpis.direction.${d}`) }))}
      />
      <Fieldset id="kpi-edit-baseline" legend={t("projectKpis.form.baseline")} error={fe.baseline}>
        <TextField id="kpi-edit-baseline-value" label={t("projectKpis.form.value")} hint={t("projectKpis.form.valueHint")} value={form.baselineValue} onChange={set("baselineValue")} error={fe["baseline.value"]} />
        <TextField id="kpi-edit-baseline-date" type="date" label={t("projectKpis.form.date")} value={form.baselineDate} onChange={set("baselineDate")} error={fe["baseline.date"]} />
      </Fieldset>
      <Fieldset id="kpi-edit-target" legend={t("projectKpis.form.target")} error={fe.target}>
        <TextField id="kpi-edit-target-value" label={t("projectKpis.form.value")} hint={t("projectKpis.form.valueHint")} value={form.targetValue} onChange={set("targetValue")} error={fe["target.value"]} />
        <TextField id="kpi-edit-target-date" type="date" label={t("projectKpis.form.date")} value={form.targetDate} onChange={set("targetDate")} error={fe["target.date"]} />
      </Fieldset>
      <Select
        id="kpi-edit-principle"
        label={t("projectKpis.form.principle")}
        optional
        value={form.principle}
        onChange={set("principle")}
        error={fe.principle}
        options={[{ value: "", label: t("projectKpis.form.noPrinciple") }, ...principles.map((x) => ({ value: x, label: t(`principle.${x}`) }))]}
      />
      <div className="form-actions">
        <SubmitButton pending={m.isPending} label={t("projectKpis.edit.save")} />{" "}
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => onClose(null)}>
          <span className="kern-label">{t("form.cancel")}</span>
        </button>
      </div>
    </form>
  );
}
