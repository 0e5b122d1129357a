import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../../lib/format/format";
import { Checkbox, ErrorAlert, Fieldset, SuccessAlert, TextField } from "../../../lib/ui/Form";
import { fieldErrors } from "../../../lib/ui/fields";
import { usePageTitle } from "../../../lib/usePageTitle";
import { hasRole, useUser } from "../../../lib/useUser";
import { criteria, useCreateCycle, useCycles, type Criterion } from "../api/evaluations";

/** CyclesAdminPage lists the evaluation cycles and creates new ones (admins). */
export function CyclesAdminPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("cycles.title"));
  const me = useUser();
  const cycles = useCycles();
  if (!hasRole(me, "admin")) {
    return (
      <>
        <h1 className="kern-heading-x-large">{t("cycles.title")}</h1>
        <p className="kern-body">{t("cycles.onlyAdmins")}</p>
      </>
    );
  }
  return (
    <>
      <h1 className="kern-heading-x-large">{t("cycles.title")}</h1>
      <section aria-labelledby="cycles-list-heading">
        <h2 id="cycles-list-heading" className="kern-heading-medium">
          {t("cycles.list")}
        </h2>
        {cycles.isPending && <p role="status">{t("app.loading")}</p>}
        {cycles.isError && <ErrorAlert error={cycles.error} />}
        {cycles.data && cycles.data.items.length === 0 && <p className="kern-body">{t("cycles.none")}</p>}
        {cycles.data && cycles.data.items.length > 0 && (
          <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby="cycles-list-heading">
            <table className="kern-table kern-table--small">
              <caption className="kern-sr-only">{t("cycles.list")}</caption>
              <thead className="kern-table__header">
                <tr>
                  <th scope="col">{t("cycles.name")}</th>
                  <th scope="col">{t("cycles.opensAt")}</th>
                  <th scope="col">{t("cycles.closesAt")}</th>
                  <th scope="col">{t("cycles.state")}</th>
                  <th scope="col">{t("cycles.projects")}</th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {cycles.data.items.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.title}</th>
                    <td>{formatDate(i18n.language, c.opens_at)}</td>
                    <td>{formatDate(i18n.language, c.closes_at)}</td>
                    <td>{t(`cycles.states.${c.state}`)}</td>
                    <td>{c.all_projects ? t("cycles.allProjects") : c.projects.join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateCycleForm />
    </>
  );
}

function CreateCycleForm() {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [opens, setOpens] = useState("");
  const [closes, setCloses] = useState("");
  const [chosen, setChosen] = useState<Criterion[]>(criteria);
  const create = useCreateCycle();
  const errs = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { title, opens_at: opens ? `${opens}T00:00:00Z` : "", closes_at: closes ? `${closes}T00:00:00Z` : "", criteria: chosen },
      {
        onSuccess: () => {
          setTitle("");
          setOpens("");
          setCloses("");
        },
      },
    );
  };
  return (
    <section aria-labelledby="cycle-create-heading">
      <h2 id="cycle-create-heading" className="kern-heading-medium">
        {t("cycles.create")}
      </h2>
      {create.isSuccess && <SuccessAlert>{t("cycles.created", { title: create.data.title })}</SuccessAlert>}
      {create.isError && <ErrorAlert error={create.error} />}
      <form className="stack-form" onSubmit={submit} noValidate>
        <TextField id="cycle-title" label={t("cycles.name")} value={title} onChange={setTitle} required error={errs.title} />
        <TextField id="cycle-opens" label={t("cycles.opensAt")} type="date" value={opens} onChange={setOpens} required error={errs.opens_at} />
        <TextField id="cycle-closes" label={t("cycles.closesAt")} type="date" value={closes} onChange={setCloses} required error={errs.closes_at} />
        <Fieldset id="cycle-criteria" legend={t("cycles.criteria")} error={errs.criteria}>
          {criteria.map((c) => (
            <Checkbox
              key={c}
              id={`cycle-criterion-${c}`}
              label={t(`evaluations.criteria.${c}`)}
              checked={chosen.includes(c)}
              onChange={(on) => setChosen((s) => (on ? criteria.filter((x) => x === c || s.includes(x)) : s.filter((x) => x !== c)))}
            />
          ))}
        </Fieldset>
        <p className="kern-body">{t("cycles.allProjectsNote")}</p>
        <p>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={create.isPending}>
            <span className="kern-label">{create.isPending ? t("form.saving") : t("cycles.submit")}</span>
          </button>
        </p>
      </form>
    </section>
  );
}
