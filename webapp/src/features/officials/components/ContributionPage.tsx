// Record an analogue contribution (letter, phone, in person) on behalf of a resident: officials of the
// owning department and admins. Sent with an Idempotency-Key, so a retry after a lost answer is safe.
import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { fieldErrors } from "../../../lib/ui/fields";
import { ErrorAlert, Select, SubmitButton, SuccessAlert, TextArea, TextField } from "../../../lib/ui/Form";
import { RouteGuard } from "../../../lib/ui/RouteGuard";
import { useProject } from "../../projects";
import { useRecordContribution, type ContributionCreate } from "../api/officials";

const channels = ["letter", "phone", "in_person"] as const;
const kinds = ["comment", "question"] as const;

/** today is the local date as YYYY-MM-DD. */
export function today(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export function ContributionPage() {
  const { slug = "" } = useParams();
  const { t } = useTranslation();
  usePageTitle(t("officials.contribution.title"));
  const project = useProject(slug);
  return (
    <RouteGuard
      title={t("officials.contribution.title")}
      allowed={project.data?.permissions.record_contribution}
      error={project.error}
      who={t("officials.contribution.onlyOwners")}
      back={project.data ? { to: `/projekte/${encodeURIComponent(slug)}`, label: project.data.title } : undefined}
    >
      {() =>
        project.data && (
          <>
            <h1 className="kern-heading-x-large">{t("officials.contribution.title")}</h1>
            <ContributionForm slug={slug} title={project.data.title} />
          </>
        )
      }
    </RouteGuard>
  );
}

function ContributionForm({ slug, title }: { slug: string; title: string }) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const [channel, setChannel] = useState<ContributionCreate["channel"]>("letter");
  const [name, setName] = useState("");
  const [received, setReceived] = useState(today());
  const [kind, setKind] = useState<NonNullable<ContributionCreate["kind"]>>("comment");
  const key = useRef(newKey());
  const success = useRef<HTMLDivElement>(null);
  const save = useRecordContribution(slug, () => {
    key.current = newKey(); // the next contribution is a new request
    setBody("");
    setName("");
    setTimeout(() => success.current?.focus());
  });
  const fe = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ key: key.current, body: { body, channel, submitter_name: name.trim(), received_at: received, kind } });
  };
  const back = `/projekte/${encodeURIComponent(slug)}`;
  return (
    <>
      <p className="kern-body">{t("officials.contribution.forProject", { title })}</p>
      {save.isSuccess && (
        <div ref={success} tabIndex={-1}>
          <SuccessAlert>
            {t("officials.contribution.success")}{" "}
            <Link to={back} className="kern-link">
              {t("officials.contribution.back")}
            </Link>
          </SuccessAlert>
        </div>
      )}
      {save.isError && <ErrorAlert error={save.error} />}
      <form className="stack-form stack-form--wide" onSubmit={submit} noValidate>
        <TextArea
          id="c-body"
          label={t("officials.contribution.body")}
          hint={t("officials.contribution.bodyHint")}
          rows={8}
          value={body}
          onChange={setBody}
          error={fe.body}
        />
        <Select
          id="c-channel"
          label={t("officials.contribution.channel")}
          value={channel}
          onChange={(v) => setChannel(v as ContributionCreate["channel"])}
          error={fe.channel}
          options={channels.map((c) => ({ value: c, label: t(`officials.contribution.channels.${c}`) }))}
        />
        <TextField
          id="c-name"
          label={t("officials.contribution.submitter")}
          hint={t("officials.contribution.submitterHint")}
          optional
          value={name}
          onChange={setName}
          error={fe.submitter_name}
        />
        <TextField
          id="c-received"
          type="date"
          label={t("officials.contribution.receivedAt")}
          hint={t("officials.contribution.receivedHint")}
          value={received}
          onChange={setReceived}
          error={fe.received_at}
        />
        <Select
          id="c-kind"
          label={t("officials.contribution.kind")}
          value={kind}
          onChange={(v) => setKind(v as NonNullable<ContributionCreate["kind"]>)}
          error={fe.kind}
          options={kinds.map((k) => ({ value: k, label: t(`officials.contribution.kinds.${k}`) }))}
        />
        <div className="form-actions">
          <SubmitButton pending={save.isPending} label={t("officials.contribution.submit")} pendingLabel={t("officials.contribution.saving")} />
          <Link to={back} className="kern-link">
            {t("officials.contribution.back")}
          </Link>
        </div>
      </form>
    </>
  );
}
