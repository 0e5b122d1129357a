import { useState, type FormEvent, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { formatNumber } from "../../../lib/format/format";
import { ErrorAlert } from "../../../lib/ui/Form";
import { fieldErrors, fieldMessage } from "../../../lib/ui/fields";
import { useLiveTopic } from "../../../lib/useLive";
import { useUser } from "../../../lib/useUser";
import { applyCounts, refetchPolls, resultsVisible, usePollAction, usePollResults, usePolls, useVote, type Poll } from "../api/polls";
import { CreatePollForm } from "./CreatePollForm";

/** PollsSection lists a project's polls with their vote forms and results, live. */
export function PollsSection({ slug, canCreate }: { slug: string; canCreate: boolean }) {
  return <PollList subject={`project:${slug}`} topic={`project:${slug}`} create={canCreate ? <CreatePollForm slug={slug} /> : null} />;
}

/**
 * PollList lists the polls of a subject ("project:<slug>", "agenda_item:<id>") with their vote forms and
 * results, following the live topic their events go to (project:<slug>, session:<id>).
 */
export function PollList({ subject, topic, heading, create }: { subject: string; topic: string; heading?: string; create?: ReactNode }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = usePolls(subject);
  const [announce, setAnnounce] = useState("");
  useLiveTopic(topic, {
    onEvent: (ev) => {
      if (ev.type === "poll.tally" || ev.type === "poll.closed") applyCounts(qc, ev.data);
      if (ev.type === "poll.opened" || ev.type === "poll.closed") {
        refetchPolls(qc, subject);
        setAnnounce(t(ev.type === "poll.opened" ? "polls.announceOpened" : "polls.announceClosed"));
      }
    },
    onReset: () => refetchPolls(qc, subject),
  });
  return (
    <section aria-labelledby="polls-heading" className="polls">
      <h2 id="polls-heading" className="kern-heading-medium">
        {heading ?? t("polls.heading")}
      </h2>
      <p className="kern-sr-only" aria-live="polite">
        {announce}
      </p>
      {q.isPending ? (
        <p role="status">{t("app.loading")}</p>
      ) : q.isError ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="kern-body">{t("polls.none")}</p>
      ) : (
        <ul className="poll-list">
          {q.data.items.map((p) => (
            <PollItem key={p.id} p={p} subject={subject} />
          ))}
        </ul>
      )}
      {create}
    </section>
  );
}

/** optionLabel translates the fixed options of yes/no/abstain polls. */
function optionLabel(t: (k: string) => string, p: Poll, i: number, label: string): string {
  if (p.kind !== "yes_no_abstain") return label;
  return t(["polls.yes", "polls.no", "polls.abstain"][i] ?? "polls.yes") || label;
}

function PollItem({ p, subject }: { p: Poll; subject: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const action = usePollAction(subject);
  const headingId = `poll-${p.id}-q`;
  return (
    <li className="kern-card poll" aria-labelledby={headingId}>
      <div className="kern-card__container">
        <div className="kern-card__header">
          <h3 id={headingId} className="kern-title">
            {p.question}
          </h3>
        </div>
        <div className="kern-card__body">
          <p className="kern-body kern-body--small">
            {t(`polls.state.${p.state}`)} · {t(`polls.audience.${p.audience}`)} · {t(`polls.secrecy.${p.secrecy}`)}
            {p.quorum !== null && <> · {t("polls.quorum", { n: p.quorum })}</>}
            {p.eligible !== null && <> · {t("polls.eligible", { n: p.eligible })}</>}
          </p>
          {p.voted_by_me && (
            <p className="kern-body poll__voted">
              <strong>{t("polls.voted")}</strong>
            </p>
          )}
          {p.permissions.vote ? (
            <VoteForm p={p} subject={subject} />
          ) : (
            p.state === "open" &&
            !p.voted_by_me && (
              <p className="kern-body">
                {p.audience === "council" ? t("polls.councilOnly") : user ? t("polls.verifyFirst") : t("polls.loginToVote")}
              </p>
            )
          )}
          {resultsVisible(p) ? <Results p={p} /> : p.state === "open" && <p className="kern-body">{t("polls.afterClose")}</p>}
          {(p.permissions.open || p.permissions.close) && (
            <p>
              <button
                type="button"
                className="kern-btn kern-btn--secondary"
                disabled={action.isPending}
                onClick={() => action.mutate({ id: p.id, action: p.permissions.open ? "open" : "close" })}
              >
                <span className="kern-label">
                  {t(p.permissions.open ? "polls.open" : "polls.close")}
                  <span className="kern-sr-only">: {p.question}</span>
                </span>
              </button>
            </p>
          )}
          {action.isError && (
            <p className="kern-error" role="alert">
              {errorMessage(t, action.error)}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}

function VoteForm({ p, subject }: { p: Poll; subject: string }) {
  const { t } = useTranslation();
  const vote = useVote(p, subject);
  const [chosen, setChosen] = useState<string[]>([]);
  const multiple = p.kind === "multiple_choice";
  const fe = fieldErrors(vote.error);
  const err = fieldMessage(t, fe.choices);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    vote.mutate(chosen);
  };
  const errId = `poll-${p.id}-error`;
  return (
    <form onSubmit={submit} className="poll__form" noValidate>
      <fieldset className={`kern-fieldset${err ? " kern-fieldset--error" : ""}`} aria-describedby={err ? errId : undefined}>
        <legend className="kern-label">
          {p.question}
          {multiple && <span className="kern-hint"> {t("polls.maxChoices", { n: p.max_choices })}</span>}
        </legend>
        {err && (
          <p className="kern-error" id={errId}>
            {err}
          </p>
        )}
        <div className="kern-fieldset__body">
          {p.options.map((o, i) => {
            const id = `poll-${p.id}-o-${o.id}`;
            return (
              <div key={o.id} className={multiple ? "kern-form-check" : "kern-form-check"}>
                <input
                  id={id}
                  name={`poll-${p.id}`}
                  type={multiple ? "checkbox" : "radio"}
                  className={multiple ? "kern-form-check__checkbox" : "kern-form-check__radio"}
                  value={o.id}
                  checked={chosen.includes(o.id)}
                  onChange={(e) =>
                    setChosen((c) => (multiple ? (e.target.checked ? [...c, o.id] : c.filter((x) => x !== o.id)) : [o.id]))
                  }
                />
                <label className="kern-label" htmlFor={id}>
                  {optionLabel(t, p, i, o.label)}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
      {vote.isError && !err && (
        <p className="kern-error" role="alert">
          {errorMessage(t, vote.error)}
        </p>
      )}
      <button type="submit" className="kern-btn kern-btn--primary" disabled={vote.isPending}>
        <span className="kern-label">{t("polls.submit")}</span>
      </button>
    </form>
  );
}

function Results({ p }: { p: Poll }) {
  const { t, i18n } = useTranslation();
  const q = usePollResults(p);
  if (q.isPending) return <p role="status">{t("app.loading")}</p>;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const r = q.data;
  const lang = i18n.language;
  const total = r.total_ballots;
  const pct = (n: number) => (total > 0 ? Math.round((n / total) * 1000) / 10 : 0);
  const captionId = `poll-${p.id}-results`;
  const label = (id: string, l: string) => optionLabel(t, p, p.options.findIndex((o) => o.id === id), l);
  return (
    <div className="poll__results">
      <h4 id={captionId} className="kern-title kern-title--small">
        {t(r.state === "closed" ? "polls.resultFinal" : "polls.resultLive")}
      </h4>
      <p className="kern-body" aria-live="polite">
        {t("polls.total", { count: total, n: formatNumber(lang, total) })}
        {r.quorum !== null && <> · {t(r.quorum_reached ? "polls.quorumReached" : "polls.quorumMissed", { n: r.quorum })}</>}
      </p>
      <div className="poll__chart-and-table">
        {/* The bars repeat the table for sighted readers; the table is the accessible view. */}
        <div className="poll__bars" aria-hidden="true">
          {r.options.map((o) => (
            <div key={o.id} className="poll__bar">
              <span className="kern-body kern-body--small">{label(o.id, o.label)}</span>
              <progress max={Math.max(total, 1)} value={o.count} />
            </div>
          ))}
        </div>
        <div className="kern-table-responsive" tabIndex={0} role="region" aria-labelledby={captionId}>
          <table className="kern-table kern-table--small">
            <caption className="kern-sr-only">
              {t(r.state === "closed" ? "polls.resultFinal" : "polls.resultLive")}: {p.question}
            </caption>
            <thead className="kern-table__header">
              <tr>
                <th scope="col">{t("polls.option")}</th>
                <th scope="col">{t("polls.votes")}</th>
                <th scope="col">{t("polls.share")}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {r.options.map((o) => (
                <tr key={o.id}>
                  <th scope="row">{label(o.id, o.label)}</th>
                  <td>{formatNumber(lang, o.count)}</td>
                  <td>{t("polls.percent", { n: formatNumber(lang, pct(o.count)) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      {r.votes && r.votes.length > 0 && (
        <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={t("polls.namedVotes")}>
          <table className="kern-table kern-table--small">
            <caption className="kern-title kern-title--small">{t("polls.namedVotes")}</caption>
            <thead className="kern-table__header">
              <tr>
                <th scope="col">{t("polls.member")}</th>
                <th scope="col">{t("polls.choice")}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {r.votes.map((v, i) => (
                <tr key={i}>
                  <th scope="row">{v.display_name ?? t("polls.deletedAccount")}</th>
                  <td>{v.choices.map((c) => label(c, r.options.find((o) => o.id === c)?.label ?? c)).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
