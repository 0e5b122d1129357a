import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, Select, SubmitButton, TextArea, TextField } from "../../../lib/ui/Form";
import { fieldErrors } from "../../../lib/ui/fields";
import { useCreatePoll, type PollCreate } from "../api/polls";

/** CreatePollForm drafts a poll on a project (officials of its department, moderators, admins). */
export function CreatePollForm({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [question, setQuestion] = useState("");
  const [kind, setKind] = useState<PollCreate["kind"]>("yes_no_abstain");
  const [options, setOptions] = useState("");
  const [audience, setAudience] = useState<PollCreate["audience"]>("public");
  const [secrecy, setSecrecy] = useState<NonNullable<PollCreate["secrecy"]>>("secret");
  const [results, setResults] = useState<NonNullable<PollCreate["results"]>>("live");
  const [done, setDone] = useState(false);
  const m = useCreatePoll(`project:${slug}`, () => {
    setQuestion("");
    setOptions("");
    setDone(true);
  });
  const fe = fieldErrors(m.error);
  if (!open) {
    return (
      <p>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setOpen(true)}>
          <span className="kern-label">{t("polls.create")}</span>
        </button>
      </p>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    const body: PollCreate = { subject: { type: "project", slug }, question, kind, audience, secrecy, results };
    if (kind !== "yes_no_abstain") body.options = options.split("\n").map((s) => s.trim()).filter(Boolean);
    m.mutate(body);
  };
  return (
    <form onSubmit={submit} className="poll-create" noValidate aria-labelledby="poll-create-heading">
      <h3 id="poll-create-heading" className="kern-heading-small">
        {t("polls.create")}
      </h3>
      {m.isError && !Object.keys(fe).length && <ErrorAlert error={m.error} />}
      {done && (
        <p className="kern-body" role="status">
          {t("polls.created")}
        </p>
      )}
      <TextField id="poll-question" label={t("polls.question")} value={question} onChange={setQuestion} error={fe.question} required />
      <Select
        id="poll-kind"
        label={t("polls.kind")}
        value={kind}
        onChange={(v) => setKind(v as PollCreate["kind"])}
        error={fe.kind}
        options={(["yes_no_abstain", "single_choice", "multiple_choice"] as const).map((k) => ({ value: k, label: t(`polls.kinds.${k}`) }))}
      />
      {kind !== "yes_no_abstain" && (
        <TextArea id="poll-options" label={t("polls.options")} hint={t("polls.optionsHint")} value={options} onChange={setOptions} error={fe.options} />
      )}
      <Select
        id="poll-audience"
        label={t("polls.audienceLabel")}
        value={audience}
        onChange={(v) => setAudience(v as PollCreate["audience"])}
        error={fe.audience}
        options={(["public", "council"] as const).map((k) => ({ value: k, label: t(`polls.audience.${k}`) }))}
      />
      <Select
        id="poll-secrecy"
        label={t("polls.secrecyLabel")}
        value={secrecy}
        onChange={(v) => setSecrecy(v as "secret" | "named")}
        error={fe.secrecy}
        options={(["secret", "named"] as const).map((k) => ({ value: k, label: t(`polls.secrecy.${k}`) }))}
      />
      <Select
        id="poll-results"
        label={t("polls.resultsLabel")}
        value={results}
        onChange={(v) => setResults(v as "live" | "after_close")}
        error={fe.results}
        options={(["live", "after_close"] as const).map((k) => ({ value: k, label: t(`polls.resultsMode.${k}`) }))}
      />
      <SubmitButton pending={m.isPending} label={t("polls.save")} />
    </form>
  );
}
