import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, Select, SubmitButton, TextField } from "../../../lib/ui/Form";
import { fieldErrors } from "../../../lib/ui/fields";
import { useCreatePoll } from "../api/polls";

/**
 * CreateAgendaPollForm opens a council vote (yes / no / abstain) on an agenda item at once: the voters are
 * the members present now. For the moderators' console of the session room.
 */
export function CreateAgendaPollForm({ itemId, itemTitle }: { itemId: string; itemTitle: string }) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState("");
  const [secrecy, setSecrecy] = useState<"secret" | "named">("named");
  const m = useCreatePoll(`agenda_item:${itemId}`, () => setQuestion(""), true);
  const fe = fieldErrors(m.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ subject: { type: "agenda_item", id: itemId }, question, kind: "yes_no_abstain", audience: "council", secrecy, results: "live" });
  };
  return (
    <form onSubmit={submit} className="poll-create" noValidate aria-labelledby="agenda-poll-heading">
      <h3 id="agenda-poll-heading" className="kern-heading-small">
        {t("polls.createForItem", { title: itemTitle })}
      </h3>
      <p className="kern-body kern-body--small">{t("polls.createForItemHint")}</p>
      {m.isError && !Object.keys(fe).length && <ErrorAlert error={m.error} />}
      <TextField id="agenda-poll-question" label={t("polls.question")} value={question} onChange={setQuestion} error={fe.question} required />
      <Select
        id="agenda-poll-secrecy"
        label={t("polls.secrecyLabel")}
        value={secrecy}
        onChange={(v) => setSecrecy(v as "secret" | "named")}
        error={fe.secrecy}
        options={(["named", "secret"] as const).map((k) => ({ value: k, label: t(`polls.secrecy.${k}`) }))}
      />
      <SubmitButton pending={m.isPending} label={t("polls.openNow")} />
    </form>
  );
}
