import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDate } from "../../../lib/format/format";
import { ErrorAlert, TextArea } from "../../../lib/ui/Form";
import { fieldErrors, fieldMessage } from "../../../lib/ui/fields";
import { errorMessage } from "../../../lib/api/problem";
import { useUser } from "../../../lib/useUser";
import { cycleFor, useCycles, useMyEvaluation, usePutEvaluation, useResults, type Cycle, type Evaluation, type Stats } from "../api/evaluations";
import { formatMean } from "./format";

/** EvaluationSection shows on a project page the evaluation of the current cycle: the form while it is open, and the results. */
export function EvaluationSection({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const cycles = useCycles();
  if (!cycles.data) return null;
  const cycle = cycleFor(cycles.data.items, slug);
  if (!cycle) return null;
  return (
    <section aria-labelledby="evaluation-heading" className="evaluation">
      <h2 id="evaluation-heading" className="kern-heading-medium">
        {t("evaluations.heading")}
      </h2>
      <p className="kern-body">
        {cycle.title}:{" "}
        {cycle.state === "open"
          ? t("evaluations.openUntil", { date: formatDate(i18n.language, cycle.closes_at) })
          : t("evaluations.closedOn", { date: formatDate(i18n.language, cycle.closes_at) })}
      </p>
      {cycle.permissions.evaluate ? (
        <EvaluationForm cycle={cycle} slug={slug} />
      ) : (
        cycle.state === "open" &&
        (user === null ? (
          <p className="kern-body">
            <Link to="/anmelden" className="kern-link">
              {t("evaluations.loginToEvaluate")}
            </Link>
          </p>
        ) : (
          <p className="kern-body">{t("evaluations.verifyToEvaluate")}</p>
        ))
      )}
      <ResultsView cycleId={cycle.id} slug={slug} />
    </section>
  );
}

function EvaluationForm({ cycle, slug }: { cycle: Cycle; slug: string }) {
  const mine = useMyEvaluation(cycle.id, slug, true);
  if (mine.isPending) return null;
  if (mine.isError) return <ErrorAlert error={mine.error} />;
  return <EvaluationFormBody key={mine.data?.updated_at ?? "new"} cycle={cycle} slug={slug} saved={mine.data} />;
}

function EvaluationFormBody({ cycle, slug, saved }: { cycle: Cycle; slug: string; saved: Evaluation | null }) {
  const { t, i18n } = useTranslation();
  const [scores, setScores] = useState<Record<string, number>>(saved?.scores ?? {});
  const [comment, setComment] = useState(saved?.comment ?? "");
  const [missing, setMissing] = useState<string[]>([]);
  const put = usePutEvaluation(cycle.id, slug);
  const errs = fieldErrors(put.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const open = cycle.criteria.filter((c) => !scores[c]);
    setMissing(open);
    if (open.length > 0) {
      document.getElementById(`ev-${open[0]}-1`)?.focus();
      return;
    }
    put.mutate({ scores, comment });
  };

  return (
    <form className="evaluation-form" onSubmit={submit} noValidate aria-labelledby="evaluation-form-heading">
      <h3 id="evaluation-form-heading" className="kern-heading-small">
        {t("evaluations.yourEvaluation")}
      </h3>
      <p className="kern-body" role="status">
        {saved
          ? t(saved.group === "council" ? "evaluations.savedCouncil" : "evaluations.savedPublic", {
              date: formatDate(i18n.language, saved.updated_at, true),
            })
          : t("evaluations.notYet")}
      </p>
      {put.isError && !Object.keys(errs).length && <ErrorAlert error={put.error} />}
      {cycle.criteria.map((c) => {
        const err = missing.includes(c) ? "required" : errs[`scores.${c}`];
        return (
          <fieldset
            key={c}
            className={`kern-fieldset evaluation-criterion${err ? " kern-fieldset--error" : ""}`}
            aria-describedby={err ? `ev-${c}-error` : undefined}
          >
            <legend className="kern-label">{t(`evaluations.criteria.${c}`)}</legend>
            {err && (
              <p className="kern-error" id={`ev-${c}-error`}>
                {fieldMessage(t, err)}
              </p>
            )}
            <div className="kern-fieldset__body score-scale">
              {[1, 2, 3, 4, 5].map((v) => (
                <div className="kern-form-check" key={v}>
                  <input
                    className="kern-form-check__radio"
                    type="radio"
                    id={`ev-${c}-${v}`}
                    name={`ev-${c}`}
                    checked={scores[c] === v}
                    onChange={() => {
                      setScores((s) => ({ ...s, [c]: v }));
                      setMissing((m) => m.filter((x) => x !== c));
                    }}
                  />
                  <label className="kern-label" htmlFor={`ev-${c}-${v}`}>
                    {t(`evaluations.scale.${v}`)}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        );
      })}
      <TextArea id="ev-comment" label={t("evaluations.comment")} optional value={comment} onChange={setComment} rows={3} error={errs.comment} />
      <p>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={put.isPending}>
          <span className="kern-label">{put.isPending ? t("form.saving") : t("evaluations.save")}</span>
        </button>
      </p>
      {put.isError && Object.keys(errs).length > 0 && (
        <p className="kern-error" role="alert">
          {errorMessage(t, put.error)}
        </p>
      )}
    </form>
  );
}

function StatsText({ s }: { s: Stats }) {
  const { t, i18n } = useTranslation();
  if (s.fewer_than_3) return <>{t("evaluations.fewerThan3")}</>;
  if (!s.count) return <>{t("evaluations.none")}</>;
  return (
    <>
      {t("evaluations.mean")} {formatMean(i18n.language, s.mean)} · {t("evaluations.median")} {formatMean(i18n.language, s.median)} ·{" "}
      {t("evaluations.count", { count: s.count })}
    </>
  );
}

function ResultsView({ cycleId, slug }: { cycleId: string; slug: string }) {
  const { t, i18n } = useTranslation();
  const q = useResults(cycleId, slug);
  if (q.isPending) return null;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const r = q.data;
  const overall = r.criteria.find((c) => c.criterion === "overall");
  return (
    <div className="evaluation-results">
      <h3 className="kern-heading-small" id="evaluation-results-heading">
        {t("evaluations.results")}
      </h3>
      <p className="kern-body">{t("evaluations.resultsNote")}</p>
      <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="evaluation-results-heading">
        <table className="kern-table kern-table--small">
          <caption className="kern-sr-only">{t("evaluations.results")}</caption>
          <thead className="kern-table__header">
            <tr>
              <th scope="col">{t("evaluations.criterion")}</th>
              <th scope="col">{t("evaluations.public")}</th>
              <th scope="col">{t("evaluations.council")}</th>
              <th scope="col">{t("evaluations.divergence")}</th>
              {r.previous_cycle && <th scope="col">{t("evaluations.previous", { title: r.previous_cycle.title })}</th>}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {r.criteria.map((c) => (
              <tr key={c.criterion}>
                <th scope="row">{t(`evaluations.criteria.${c.criterion}`)}</th>
                <td>
                  <StatsText s={c.public} />
                </td>
                <td>
                  <StatsText s={c.council} />
                </td>
                <td>{c.divergence ? <strong className="divergence">{t("evaluations.diverges")}</strong> : t("evaluations.noDivergence")}</td>
                {r.previous_cycle && (
                  <td>
                    {t("evaluations.public")} {formatMean(i18n.language, c.previous?.public_mean)} · {t("evaluations.council")}{" "}
                    {formatMean(i18n.language, c.previous?.council_mean)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {overall && (
        <>
          <h4 className="kern-heading-x-small" id="evaluation-affiliations-heading">
            {t("evaluations.byAffiliation")}
          </h4>
          <ul className="kern-list" aria-labelledby="evaluation-affiliations-heading">
            {overall.council_affiliations.map((a) => (
              <li key={a.affiliation}>
                {t(`affiliation.${a.affiliation}`)}: <StatsText s={a} />
              </li>
            ))}
          </ul>
          <h4 className="kern-heading-x-small" id="evaluation-distribution-heading">
            {t("evaluations.distribution")}
          </h4>
          <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="evaluation-distribution-heading">
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">{t("evaluations.distribution")}</caption>
              <thead className="kern-table__header">
                <tr>
                  <th scope="col">{t("evaluations.score")}</th>
                  <th scope="col">{t("evaluations.public")}</th>
                  <th scope="col">{t("evaluations.council")}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {[1, 2, 3, 4, 5].map((v) => (
                  <tr key={v}>
                    <th scope="row">{t(`evaluations.scale.${v}`)}</th>
                    <td>{overall.public.distribution?.[v - 1] ?? 0}</td>
                    <td>{overall.council.distribution?.[v - 1] ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
