// The agenda of the live room, with the moderator's controls on each item: call it up (live), move it up or
// down (the new position is announced politely and the keyboard stays on the moved item), and edit it.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import { formatNumber } from "../../../lib/format/format";
import { isStale, moved, useReorder } from "../api/agenda";
import type { SessionState, useRoomAction } from "../api/sessions";
import { EditItemForm } from "./ItemForms";

type Act = ReturnType<typeof useRoomAction>;
type Dir = "up" | "down";

const moveId = (dir: Dir, item: string) => `agenda-move-${dir}-${item}`;
const editId = (item: string) => `agenda-edit-${item}`;

/** Agenda lists the items with the one in discussion marked (text and aria-current). */
export function Agenda({ st, act }: { st: SessionState; act: Act }) {
  const { t, i18n } = useTranslation();
  const s = st.session;
  const canActivate = s.permissions.manage_agenda && s.state === "live";
  const canEdit = s.permissions.manage_agenda && s.state !== "closed";
  const reorder = useReorder(s.id);
  const [announce, setAnnounce] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState("");
  // Where the keyboard goes once the agenda has rendered anew (the moved item's button, or the edit button).
  const focusNext = useRef<string[] | null>(null);
  useEffect(() => {
    const ids = focusNext.current;
    if (!ids) return;
    focusNext.current = null;
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) return el.focus();
    }
  });

  const move = (item: string, title: string, dir: Dir) => {
    const ids = moved(
      st.agenda.map((x) => x.id),
      item,
      dir,
    );
    // The buttons stay enabled while a move is on its way (a disabled button would drop the keyboard focus).
    if (!ids || reorder.isPending) return;
    setAnnounce("");
    reorder.mutate(
      { version: s.version, ids, moved: item, dir },
      {
        onSuccess: (a) => {
          const pos = a.items.findIndex((x) => x.id === item) + 1;
          const n = (v: number) => formatNumber(i18n.language, v);
          setAnnounce(t("sessions.console.movedTo", { title, position: n(pos), total: n(a.items.length) }));
          focusNext.current = [moveId(dir, item), moveId(dir === "up" ? "down" : "up", item)];
        },
        onError: () => {
          focusNext.current = [moveId(dir, item), moveId(dir === "up" ? "down" : "up", item)];
        },
      },
    );
  };
  const closeEdit = (item: string) => (didSave: boolean, title: string) => {
    setEditing(null);
    setSaved(didSave ? t("sessions.console.itemSaved", { title }) : "");
    focusNext.current = [editId(item)];
  };

  return (
    <section aria-labelledby="agenda-heading" className="session-agenda">
      <h2 id="agenda-heading" className="kern-heading-medium" tabIndex={-1}>
        {t("sessions.room.agenda")}
      </h2>
      <p className="kern-sr-only" aria-live="polite" data-testid="agenda-announcement">
        {announce}
      </p>
      {saved && (
        <p className="kern-body" role="status">
          {saved}
        </p>
      )}
      {reorder.isError && (
        <p className="kern-error" role="alert">
          {isStale(reorder.error) ? t("sessions.console.stale") : errorMessage(t, reorder.error)}
        </p>
      )}
      {st.agenda.length === 0 ? (
        <p className="kern-body">{t("sessions.room.noAgenda")}</p>
      ) : (
        <ol className="session-agenda__list">
          {st.agenda.map((it, i) => {
            const active = it.id === s.active_item_id;
            return (
              <li key={it.id} className={`kern-body session-agenda__item${active ? " session-agenda__item--active" : ""}`} aria-current={active ? "true" : undefined}>
                <span className="session-agenda__title">{it.title}</span> <span>({t(`sessions.itemState.${it.state}`)})</span>
                {active && <strong className="session-agenda__badge"> {t("sessions.room.activeItem")}</strong>}
                {it.confidential && <span> · {t("sessions.room.confidential")}</span>}
                {it.description && <p className="kern-body kern-body--small">{it.description}</p>}
                {it.decision && (
                  <p className="kern-body kern-body--small">
                    <strong>{t("sessions.console.decision")}:</strong> {it.decision}
                  </p>
                )}
                {(canActivate || canEdit) && (
                  <p className="session-agenda__controls">
                    {canActivate && !active && (
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary kern-btn--small"
                        disabled={act.isPending}
                        onClick={() => act.mutate({ type: "activate", item: it.id }, { onSuccess: () => document.getElementById("agenda-heading")?.focus() })}
                      >
                        <span className="kern-label">{t("sessions.console.activate", { title: it.title })}</span>
                      </button>
                    )}
                    {canEdit && i > 0 && (
                      <button id={moveId("up", it.id)} type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => move(it.id, it.title, "up")}>
                        <span className="kern-label">
                          {t("sessions.console.moveUp")}
                          <span className="kern-sr-only">: {it.title}</span>
                        </span>
                      </button>
                    )}
                    {canEdit && i < st.agenda.length - 1 && (
                      <button id={moveId("down", it.id)} type="button" className="kern-btn kern-btn--tertiary kern-btn--small" onClick={() => move(it.id, it.title, "down")}>
                        <span className="kern-label">
                          {t("sessions.console.moveDown")}
                          <span className="kern-sr-only">: {it.title}</span>
                        </span>
                      </button>
                    )}
                    {canEdit && editing !== it.id && (
                      <button
                        id={editId(it.id)}
                        type="button"
                        className="kern-btn kern-btn--tertiary kern-btn--small"
                        onClick={() => {
                          setSaved("");
                          setEditing(it.id);
                          focusNext.current = [`edit-${it.id}-title`];
                        }}
                      >
                        <span className="kern-label">
                          {t("sessions.console.edit")}
                          <span className="kern-sr-only">: {it.title}</span>
                        </span>
                      </button>
                    )}
                  </p>
                )}
                {canEdit && editing === it.id && <EditItemForm sessionId={s.id} item={it} done={closeEdit(it.id)} />}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
