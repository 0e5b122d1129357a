// The forms of the KPI section: add a KPI, record a measurement (or a correction of one). Both send an
// Idempotency-Key per input, show the server's field errors at their fields and keep the input on errors.
import { useMemo, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../lib/format/format";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, Fieldset, Select, SubmitButton, SuccessAlert, TextArea, TextField } from "../../../lib/ui/Form";
import {
  IdempotencyKeys,
  parseFigure,
  useCreateKpi,
  useKpiMeasurements,
  useRecordMeasurement,
  type Kpi,
  type KpiCreate,
  type MeasurementCreate,
} from "../api/kpis";
import { figure } from "./kpiFigure";

const principles = ["citizen_centred", "efficiency", "inclusion", "once_only", "transparency"] as const;

/** today is the local date as YYYY-MM-DD. */
function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** numberError is the local error of a typed figure that is not a number (empty is the server's call). */
function numberError(s: string): string | undefined {
  return s.trim() !== "" && parseFigure(s) === null ? "type" : undefined;
}

/** OpenButton opens a form and moves the focus to its first field (the button itself goes away). */
function OpenButton({ label, onOpen, first }: { label: string; onOpen: () => void; first: string }) {
  const open = () => {
    onOpen();
    setTimeout(() => document.getElementById(first)?.focus());
  };
  return (
    <p>
      <button type="button" className="kern-btn kern-btn--secondary" onClick={open}>
        <span className="kern-label">{label}</span>
      </button>
    </p>
  );
}

/** CreateKpiForm adds a KPI to the project. */
export function CreateKpiForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [unit, setUnit] = useState("");
  const [direction, setDirection] = useState<KpiCreate["direction"]>("increase");
  const [baseValue, setBaseValue] = useState("");
  const [baseDate, setBaseDate] = useState(today());
  const [targetValue, setTargetValue] = useState("");
  const [targetDate, setTargetDate] = useState("");
  const [principle, setPrinciple] = useState("");
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [created, setCreated] = useState("");
  const keys = useRef(new IdempotencyKeys());
  const success = useRef<HTMLDivElement>(null);
  const m = useCreateKpi(slug, () => {
    keys.current.done();
    setCreated(name.trim());
    for (const set of [setName, setDescription, setUnit, setBaseValue, setTargetValue, setTargetDate, setPrinciple]) set("");
    setTimeout(() => success.current?.focus());
  });
  if (!open) return <OpenButton label={t("projectKpis.create")} onOpen={() => setOpen(true)} first="kpi-name" />;
  const fe = { ...fieldErrors(m.error), ...Object.fromEntries(Object.entries(local).filter(([, v]) => v)) } as Record<string, string | undefined>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated("");
    const errs = { "baseline.value": numberError(baseValue), "target.value": numberError(targetValue) };
    setLocal(errs);
    if (errs["baseline.value"] || errs["target.value"]) return;
    const body: KpiCreate = {
      name,
      description,
      unit,
      direction,
      // an empty figure goes as null: the server names the field that is missing
      baseline: { value: parseFigure(baseValue) as number, date: baseDate },
      target: { value: parseFigure(targetValue) as number, date: targetDate },
      principle: principle === "" ? null : (principle as (typeof principles)[number]),
    };
    m.mutate({ key: keys.current.keyFor(body), body });
  };
  const hasFieldErrors = Object.values(fe).some(Boolean);
  return (
    <form onSubmit={submit} className="stack-form kpi-create" noValidate aria-labelledby="kpi-create-heading">
      <h3 id="kpi-create-heading" className="kern-heading-small">
        {t("projectKpis.create")}
      </h3>
      {created && (
        <div ref={success} tabIndex={-1}>
          <SuccessAlert>{t("projectKpis.created", { name: created })}</SuccessAlert>
        </div>
      )}
      {m.isError && !hasFieldErrors && <ErrorAlert error={m.error} />}
      <TextField id="kpi-name" label={t("projectKpis.form.name")} value={name} onChange={setName} error={fe.name} required />
      <TextArea id="kpi-description" label={t("projectKpis.form.description")} optional rows={3} value={description} onChange={setDescription} error={fe.description} />
      <TextField id="kpi-unit" label={t("projectKpis.form.unit")} hint={t("projectKpis.form.unitHint")} optional value={unit} onChange={setUnit} error={fe.unit} />
      <Select
        id="kpi-direction"
        label={t("projectKpis.form.direction")}
        value={direction}
        onChange={(v) => setDirection(v as KpiCreate["direction"])}
        error={fe.direction}
        options={(["increase", "decrease"] as const).map((d) => ({ value: d, label: t(`projectKpis.direction.${d}`) }))}
      />
      <Fieldset id="kpi-baseline" legend={t("projectKpis.form.baseline")} error={fe.baseline}>
        <TextField id="kpi-baseline-value" label={t("projectKpis.form.value")} hint={t("projectKpis.form.valueHint")} value={baseValue} onChange={setBaseValue} error={fe["baseline.value"]} />
        <TextField id="kpi-baseline-date" type="date" label={t("projectKpis.form.date")} value={baseDate} onChange={setBaseDate} error={fe["baseline.date"]} />
      </Fieldset>
      <Fieldset id="kpi-target" legend={t("projectKpis.form.target")} error={fe.target}>
        <TextField id="kpi-target-value" label={t("projectKpis.form.value")} hint={t("projectKpis.form.valueHint")} value={targetValue} onChange={setTargetValue} error={fe["target.value"]} />
        <TextField id="kpi-target-date" type="date" label={t("projectKpis.form.date")} value={targetDate} onChange={setTargetDate} error={fe["target.date"]} />
      </Fieldset>
      <Select
        id="kpi-principle"
        label={t("projectKpis.form.principle")}
        optional
        value={principle}
        onChange={setPrinciple}
        error={fe.principle}
        options={[{ value: "", label: t("projectKpis.form.noPrinciple") }, ...principles.map((x) => ({ value: x, label: t(`principle.${x}`) }))]}
      />
      <SubmitButton pending={m.isPending} label={t("projectKpis.form.save")} />
    </form>
  );
}

/** RecordMeasurementForm records a figure of one of the project's KPIs, optionally as a correction. */
export function RecordMeasurementForm({ slug, kpis }: { slug: string; kpis: Kpi[] }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [kpiId, setKpiId] = useState(kpis[0]?.id ?? "");
  const [value, setValue] = useState("");
  const [measuredAt, setMeasuredAt] = useState(today());
  const [source, setSource] = useState("");
  const [sourceUrl, setSourceUrl] = useState("");
  const [note, setNote] = useState("");
  const [corrects, setCorrects] = useState("");
  const [local, setLocal] = useState<string | undefined>();
  const [recorded, setRecorded] = useState(false);
  const keys = useRef(new IdempotencyKeys());
  const success = useRef<HTMLDivElement>(null);
  const kpi = kpis.find((k) => k.id === kpiId) ?? kpis[0];
  const ms = useKpiMeasurements(kpi?.id ?? "", open && kpi !== undefined);
  const m = useRecordMeasurement(slug, kpi?.id ?? "", () => {
    keys.current.done();
    setRecorded(true);
    for (const set of [setValue, setSource, setSourceUrl, setNote, setCorrects]) set("");
    setTimeout(() => success.current?.focus());
  });
  const correctable = useMemo(() => (ms.data?.items ?? []).filter((x) => x.corrected_by === null), [ms.data]);
  if (!open || !kpi) return <OpenButton label={t("projectKpis.record")} onOpen={() => setOpen(true)} first="m-kpi" />;
  const fe: Record<string, string | undefined> = { ...fieldErrors(m.error), ...(local ? { value: local } : {}) };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setRecorded(false);
    const err = numberError(value);
    setLocal(err);
    if (err) return;
    const body: MeasurementCreate = {
      value: parseFigure(value) as number,
      measured_at: measuredAt,
      source,
      source_url: sourceUrl.trim() === "" ? null : sourceUrl.trim(),
      note,
      corrects: corrects === "" ? null : corrects,
    };
    m.mutate({ key: keys.current.keyFor([kpi.id, body]), body });
  };
  const lang = i18n.language;
  return (
    <form onSubmit={submit} className="stack-form kpi-record" noValidate aria-labelledby="kpi-record-heading">
      <h3 id="kpi-record-heading" className="kern-heading-small">
        {t("projectKpis.record")}
      </h3>
      {recorded && (
        <div ref={success} tabIndex={-1}>
          <SuccessAlert>{t("projectKpis.recorded", { name: kpi.name })}</SuccessAlert>
        </div>
      )}
      {m.isError && !Object.values(fe).some(Boolean) && <ErrorAlert error={m.error} />}
      <Select
        id="m-kpi"
        label={t("projectKpis.form.kpi")}
        value={kpi.id}
        onChange={(v) => {
          setKpiId(v);
          setCorrects("");
        }}
        options={kpis.map((k) => ({ value: k.id, label: k.name }))}
      />
      <TextField
        id="m-value"
        label={kpi.unit ? t("projectKpis.form.valueIn", { unit: kpi.unit }) : t("projectKpis.form.value")}
        hint={t("projectKpis.form.valueHint")}
        value={value}
        onChange={setValue}
        error={fe.value}
        required
      />
      <TextField id="m-measured-at" type="date" label={t("projectKpis.form.measuredAt")} hint={t("projectKpis.form.measuredAtHint")} value={measuredAt} onChange={setMeasuredAt} error={fe.measured_at} />
      <TextField id="m-source" label={t("projectKpis.form.source")} hint={t("projectKpis.form.sourceHint")} value={source} onChange={setSource} error={fe.source} required />
      <TextField id="m-source-url" type="url" label={t("projectKpis.form.sourceUrl")} hint={t("projectKpis.form.sourceUrlHint")} optional value={sourceUrl} onChange={setSourceUrl} error={fe.source_url} />
      <TextArea id="m-note" label={t("projectKpis.form.note")} optional rows={3} value={note} onChange={setNote} error={fe.note} />
      <Select
        id="m-corrects"
        label={t("projectKpis.form.corrects")}
        hint={t("projectKpis.form.correctsHint")}
        optional
        value={corrects}
        onChange={setCorrects}
        error={fe.corrects}
        options={[
          { value: "", label: t("projectKpis.form.noCorrection") },
          ...correctable.map((x) => ({
            value: x.id,
            label: t("projectKpis.form.correctsOption", { value: figure(lang, x.value, kpi.unit), date: formatDate(lang, x.measured_at), source: x.source }),
          })),
        ]}
      />
      <SubmitButton pending={m.isPending} label={t("projectKpis.form.saveMeasurement")} />
    </form>
  );
}
