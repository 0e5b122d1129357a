import { useEffect, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../../lib/api/client";
import { errorMessage } from "../../../lib/api/problem";
import { formatDate, formatNumber } from "../../../lib/format/format";
import { ErrorAlert, Select, TextArea } from "../../../lib/ui/Form";
import { fieldErrors } from "../../../lib/ui/fields";
import { useLiveTopic } from "../../../lib/useLive";
import { usePageTitle } from "../../../lib/usePageTitle";
import { useUser } from "../../../lib/useUser";
import { NotFoundPage } from "../../errors";
import { CreateAgendaPollForm, PollList } from "../../polls";
import {
  refetchQuestions,
  speechKinds,
  stateKey,
  useQuestionAction,
  useQuestions,
  useRoomAction,
  useSessionState,
  type RoomAction,
  type SessionState,
  type Speaker,
  type SpeechKind,
} from "../api/sessions";
import { canModerateQuestions } from "../api/agenda";
import { Agenda } from "./Agenda";
import { elapsedSeconds, formatClock } from "./clock";
import { AddItemForm, NotesForm, SpeakingTimeForm } from "./ItemForms";
import { Minutes, refetchMinutes } from "./Minutes";

type Act = ReturnType<typeof useRoomAction>;

/** focusHeading keeps the keyboard in place when the button just pressed goes away with the new state. */
function focusHeading(id: string) {
  return { onSuccess: () => document.getElementById(id)?.focus() };
}

/** SessionRoomPage is the live room of a session: agenda, speakers, attendance, and the moderator console. */
export function SessionRoomPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useSessionState(id);
  const notFound = q.error instanceof ApiError && q.error.status === 404;
  // Every session event and every reconnect reset refetches the whole state: nothing can be missed, and
  // the state fetched once the subscription stands covers every event before it.
  const refetch = () => void qc.invalidateQueries({ queryKey: stateKey(id) });
  const ready = useLiveTopic(notFound ? null : `session:${id}`, {
    onEvent: (ev) => {
      if (ev.type.startsWith("session.")) refetch();
      // Approved questions for everyone; pending ones reach moderators only (the server filters).
      if (ev.type === "session.question" || ev.type === "session.question_pending") refetchQuestions(qc, id);
      // Published minutes (a new version): the minutes view loads them again.
      if (ev.type === "session.minutes") refetchMinutes(qc, id);
    },
    onReset: refetch,
  });
  useEffect(() => {
    if (ready) void qc.invalidateQueries({ queryKey: stateKey(id) });
  }, [ready, qc, id]);
  usePageTitle(q.data?.session.title ?? t("sessions.room.title"));
  if (notFound) return <NotFoundPage />;
  if (q.isPending) return <p role="status">{t("app.loading")}</p>;
  if (q.isError) {
    return (
      <>
        <h1 className="kern-heading-x-large">{t("sessions.room.title")}</h1>
        <ErrorAlert error={q.error} />
      </>
    );
  }
  return <Room st={q.data} id={id} />;
}

function Room({ st, id }: { st: SessionState; id: string }) {
  const { t, i18n } = useTranslation();
  const act = useRoomAction(id);
  const s = st.session;
  const p = s.permissions;
  const lang = i18n.language;
  const showConsole = p.start || p.close || p.manage_agenda || p.manage_speakers;
  return (
    <article className="session-room">
      <p className="kern-body breadcrumb">
        <Link to="/sitzungen" className="kern-link">
          {t("sessions.room.back")}
        </Link>
      </p>
      <h1 className="kern-heading-x-large">{s.title}</h1>
      <dl className="session-facts kern-body">
        <dt>{t("sessions.room.stateLabel")}</dt>
        <dd data-testid="session-state">{t(`sessions.state.${s.state}`)}</dd>
        <dt>{t("sessions.room.time")}</dt>
        <dd>{formatDate(lang, s.starts_at, true)}</dd>
        {s.location && (
          <>
            <dt>{t("sessions.room.location")}</dt>
            <dd>{s.location}</dd>
          </>
        )}
        {s.online_url && (
          <>
            <dt>{t("sessions.room.online")}</dt>
            <dd>
              <a href={s.online_url} className="kern-link" rel="noopener noreferrer">
                {t("sessions.room.onlineLink")}
              </a>
            </dd>
          </>
        )}
        {s.visibility === "non_public" && (
          <>
            <dt>{t("sessions.room.visibility")}</dt>
            <dd>{t("sessions.nonPublic")}</dd>
          </>
        )}
      </dl>
      {s.description && <p className="kern-body session-description">{s.description}</p>}
      {act.isError && (
        <p className="kern-error" role="alert">
          {errorMessage(t, act.error)}
        </p>
      )}
      <Attendance st={st} act={act} />
      <Agenda st={st} act={act} />
      <Speakers st={st} act={act} />
      {st.active_item && (
        <PollList
          subject={`agenda_item:${st.active_item.id}`}
          topic={`session:${id}`}
          heading={t("polls.itemHeading", { title: st.active_item.title })}
          create={p.manage_agenda && s.state === "live" ? <CreateAgendaPollForm itemId={st.active_item.id} itemTitle={st.active_item.title} /> : null}
        />
      )}
      {s.visibility === "public" && <Questions st={st} id={id} />}
      <Minutes session={s} />
      {showConsole && <ModeratorConsole st={st} act={act} />}
    </article>
  );
}

function Attendance({ st, act }: { st: SessionState; act: Act }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const a = st.attendance;
  const present = user !== null && a.members.some((m) => m.user_id === user.id);
  const n = (v: number) => formatNumber(i18n.language, v);
  return (
    <section aria-labelledby="attendance-heading" className="session-attendance">
      <h2 id="attendance-heading" className="kern-heading-medium" tabIndex={-1}>
        {t("sessions.room.attendance")}
      </h2>
      <p className="kern-body" data-testid="session-attendance">
        {t("sessions.room.present", { present: n(a.present), size: n(a.council_size) })}{" "}
        <strong>{t(a.quorum_reached ? "sessions.room.quorumReached" : "sessions.room.quorumMissed", { required: n(a.quorum_required) })}</strong>
      </p>
      {a.members.length > 0 && (
        <ul className="session-attendance__members kern-body">
          {a.members.map((m) => (
            <li key={m.user_id}>{m.display_name}</li>
          ))}
        </ul>
      )}
      {present ? (
        <p className="kern-body">{t("sessions.room.youArePresent")}</p>
      ) : (
        st.session.permissions.check_in &&
        st.session.state !== "closed" && (
          <p>
            <button type="button" className="kern-btn kern-btn--primary" disabled={act.isPending} onClick={() => act.mutate({ type: "checkIn" }, focusHeading("attendance-heading"))}>
              <span className="kern-label">{t("sessions.room.checkIn")}</span>
            </button>
          </p>
        )
      )}
    </section>
  );
}

function speakerName(t: (k: string) => string, s: Speaker): string {
  return s.display_name ?? t("sessions.room.deletedAccount");
}

function Speakers({ st, act }: { st: SessionState; act: Act }) {
  const { t } = useTranslation();
  const user = useUser();
  const sp = st.speakers;
  const item = st.active_item;
  const current = sp?.current ?? null;
  const currentId = current?.id ?? null;
  // The live region speaks when the speaker changes, never with the timer: adjust the state during render.
  const [seen, setSeen] = useState(currentId);
  const [announce, setAnnounce] = useState("");
  if (seen !== currentId) {
    setSeen(currentId);
    setAnnounce(current ? t("sessions.room.nowSpeaking", { name: speakerName(t, current), kind: t(`sessions.kind.${current.kind}`) }) : t("sessions.room.speechEnded"));
  }
  const p = st.session.permissions;
  const live = st.session.state === "live";
  const mine = user !== null && sp !== null && sp.waiting.some((w) => w.user_id === user.id);
  return (
    <section aria-labelledby="speakers-heading" className="session-speakers">
      <h2 id="speakers-heading" className="kern-heading-medium" tabIndex={-1}>
        {item ? t("sessions.room.speakersOf", { title: item.title }) : t("sessions.room.speakers")}
      </h2>
      <p className="kern-sr-only" aria-live="polite" data-testid="speaker-announcement">
        {announce}
      </p>
      {!item || !sp ? (
        <p className="kern-body">{t("sessions.room.noActiveItem")}</p>
      ) : (
        <>
          <div className="kern-body session-speakers__current" data-testid="current-speaker">
            {current ? (
              <>
                <p className="kern-body">
                  {t("sessions.room.currentSpeaker")}: <strong>{speakerName(t, current)}</strong> ({t(`sessions.kind.${current.kind}`)})
                </p>
                <SpeechTimer startedAt={current.started_at} limit={sp.speaking_time_seconds} />
              </>
            ) : (
              <p className="kern-body">{t("sessions.room.nobodySpeaking")}</p>
            )}
          </div>
          <h3 id="waiting-heading" className="kern-heading-small">
            {t("sessions.room.waiting")}
          </h3>
          {sp.waiting.length === 0 ? (
            <p className="kern-body">{t("sessions.room.noneWaiting")}</p>
          ) : (
            <ol className="kern-body session-speakers__waiting" aria-labelledby="waiting-heading">
              {sp.waiting.map((w) => (
                <li key={w.id}>
                  {speakerName(t, w)} ({t(`sessions.kind.${w.kind}`)})
                </li>
              ))}
            </ol>
          )}
          {sp.done.length > 0 && (
            <>
              <h3 id="done-heading" className="kern-heading-small">
                {t("sessions.room.done")}
              </h3>
              <ol className="kern-body session-speakers__done" aria-labelledby="done-heading">
                {sp.done.map((d) => (
                  <li key={d.id}>
                    {speakerName(t, d)} ({t(`sessions.kind.${d.kind}`)}){d.duration_seconds !== null && <> · {formatClock(d.duration_seconds)}</>}
                  </li>
                ))}
              </ol>
            </>
          )}
          {live && p.request_speech && item.state !== "done" && (mine ? <Withdraw item={item.id} act={act} /> : <RequestForm item={item.id} act={act} />)}
          {live && p.manage_speakers && (
            <div className="session-speakers__console" role="group" aria-label={t("sessions.console.speakersGroup")}>
              {/* Not disabled while pending: the keyboard stays on it for the next call. */}
              <button type="button" className="kern-btn kern-btn--primary" onClick={() => !act.isPending && act.mutate({ type: "next", item: item.id, current: currentId })}>
                <span className="kern-label">{t("sessions.console.next")}</span>
              </button>{" "}
              {current && (
                <button type="button" className="kern-btn kern-btn--secondary" disabled={act.isPending} onClick={() => act.mutate({ type: "end", item: item.id }, focusHeading("speakers-heading"))}>
                  <span className="kern-label">{t("sessions.console.end", { name: speakerName(t, current) })}</span>
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function SpeechTimer({ startedAt, limit }: { startedAt: string | null; limit: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  const elapsed = elapsedSeconds(startedAt, now);
  const over = elapsed > limit;
  return (
    <p className={`kern-body session-timer${over ? " session-timer--over" : ""}`} data-testid="speech-timer">
      {t("sessions.room.timer", { elapsed: formatClock(elapsed), limit: formatClock(limit) })}
      {over && <strong> {t("sessions.room.overTime")}</strong>}
    </p>
  );
}

function RequestForm({ item, act }: { item: string; act: Act }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<SpeechKind>("speech");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    act.mutate({ type: "request", item, kind }, focusHeading("speakers-heading"));
  };
  return (
    <form onSubmit={submit} className="session-request" noValidate aria-labelledby="request-heading">
      <h3 id="request-heading" className="kern-heading-small">
        {t("sessions.room.requestHeading")}
      </h3>
      <Select
        id="speech-kind"
        label={t("sessions.room.kindLabel")}
        value={kind}
        onChange={(v) => setKind(v as SpeechKind)}
        options={speechKinds.map((k) => ({ value: k, label: t(`sessions.kind.${k}`) }))}
      />
      <button type="submit" className="kern-btn kern-btn--primary" disabled={act.isPending}>
        <span className="kern-label">{t("sessions.room.request")}</span>
      </button>
    </form>
  );
}

function Withdraw({ item, act }: { item: string; act: Act }) {
  const { t } = useTranslation();
  return (
    <p>
      <span className="kern-body">{t("sessions.room.youWait")}</span>{" "}
      <button type="button" className="kern-btn kern-btn--secondary" disabled={act.isPending} onClick={() => act.mutate({ type: "withdraw", item }, focusHeading("speakers-heading"))}>
        <span className="kern-label">{t("sessions.room.withdraw")}</span>
      </button>
    </p>
  );
}

// Closing takes the console away (nothing is left to run): the keyboard goes on to the minutes.
function ModeratorConsole({ st, act }: { st: SessionState; act: Act }) {
  const { t } = useTranslation();
  const s = st.session;
  const p = s.permissions;
  const run = (a: RoomAction, o: { onSuccess: () => void }) => act.mutate(a, o);
  return (
    <section aria-labelledby="console-heading" className="session-console">
      <h2 id="console-heading" className="kern-heading-medium" tabIndex={-1}>
        {t("sessions.console.heading")}
      </h2>
      <p className="kern-body">{t("sessions.console.intro")}</p>
      <p>
        {p.start && s.state === "scheduled" && (
          <button type="button" className="kern-btn kern-btn--primary" disabled={act.isPending} onClick={() => run({ type: "start" }, focusHeading("console-heading"))}>
            <span className="kern-label">{t("sessions.console.start")}</span>
          </button>
        )}
        {p.close && s.state === "live" && (
          <button type="button" className="kern-btn kern-btn--secondary" disabled={act.isPending} onClick={() => run({ type: "close" }, focusHeading("minutes-heading"))}>
            <span className="kern-label">{t("sessions.console.close")}</span>
          </button>
        )}
      </p>
      {p.manage_agenda && st.active_item && <NotesForm key={st.active_item.id} sessionId={s.id} item={st.active_item} />}
      {p.manage_agenda && s.state !== "closed" && <AddItemForm sessionId={s.id} />}
      {p.edit && s.state !== "closed" && <SpeakingTimeForm session={s} />}
    </section>
  );
}

function Questions({ st, id }: { st: SessionState; id: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const s = st.session;
  // Deciding on questions: moderate_questions where the server sends it, else who runs the agenda; the
  // server checks again.
  const moderator = canModerateQuestions(s.permissions);
  const q = useQuestions(id, user !== null);
  const act = useQuestionAction(id);
  const [body, setBody] = useState("");
  const [sent, setSent] = useState(false);
  const fe = act.variables?.type === "ask" ? fieldErrors(act.error) : {};
  const waiting = (q.data?.items ?? []).filter((x) => x.state === "pending");
  const canAsk = user !== null && user.email_verified && s.state !== "closed";
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(false);
    act.mutate(
      { type: "ask", body },
      {
        onSuccess: () => {
          setBody("");
          setSent(true);
        },
      },
    );
  };
  return (
    <section aria-labelledby="questions-heading" className="session-questions">
      <h2 id="questions-heading" className="kern-heading-medium" tabIndex={-1}>
        {t("sessions.questions.heading")}
      </h2>
      {st.questions.length === 0 ? (
        <p className="kern-body">{t("sessions.questions.none")}</p>
      ) : (
        <ul className="kern-body session-questions__list" data-testid="approved-questions">
          {st.questions.map((x) => (
            <li key={x.id}>
              <strong>{x.display_name ?? t("sessions.room.deletedAccount")}:</strong> {x.body}{" "}
              <span>({t(x.answered_at ? "sessions.questions.answered" : "sessions.questions.open")})</span>
              {moderator && !x.answered_at && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="kern-btn kern-btn--tertiary kern-btn--small"
                    disabled={act.isPending}
                    onClick={() => act.mutate({ type: "answered", qid: x.id }, focusHeading("questions-heading"))}
                  >
                    <span className="kern-label">{t("sessions.questions.markAnswered", { name: x.display_name ?? "" })}</span>
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <>
          <h3 id="pending-questions-heading" className="kern-heading-small">
            {t(moderator ? "sessions.questions.pending" : "sessions.questions.yoursPending")}
          </h3>
          <ul className="kern-body session-questions__pending" aria-labelledby="pending-questions-heading">
            {waiting.map((x) => (
              <li key={x.id}>
                {x.display_name && <strong>{x.display_name}: </strong>}
                {x.body}
                {moderator && (
                  <span className="session-questions__actions">
                    {" "}
                    <button
                      type="button"
                      className="kern-btn kern-btn--secondary kern-btn--small"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ type: "approve", qid: x.id }, focusHeading("questions-heading"))}
                    >
                      <span className="kern-label">{t("sessions.questions.approve", { name: x.display_name ?? "" })}</span>
                    </button>{" "}
                    <button
                      type="button"
                      className="kern-btn kern-btn--tertiary kern-btn--small"
                      disabled={act.isPending}
                      onClick={() => act.mutate({ type: "reject", qid: x.id }, focusHeading("questions-heading"))}
                    >
                      <span className="kern-label">{t("sessions.questions.reject", { name: x.display_name ?? "" })}</span>
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {act.isError && !fe.body && (
        <p className="kern-error" role="alert">
          {errorMessage(t, act.error)}
        </p>
      )}
      {canAsk && (
        <form onSubmit={submit} className="session-ask" noValidate aria-labelledby="ask-heading">
          <h3 id="ask-heading" className="kern-heading-small">
            {t("sessions.questions.ask")}
          </h3>
          <TextArea id="session-question" label={t("sessions.questions.yourQuestion")} value={body} onChange={setBody} error={fe.body} rows={3} />
          {sent && (
            <p className="kern-body" role="status">
              {t("sessions.questions.sent")}
            </p>
          )}
          <button type="submit" className="kern-btn kern-btn--primary" disabled={act.isPending}>
            <span className="kern-label">{t("sessions.questions.submit")}</span>
          </button>
        </form>
      )}
      {user === null && s.state !== "closed" && <p className="kern-body">{t("sessions.questions.loginToAsk")}</p>}
    </section>
  );
}
