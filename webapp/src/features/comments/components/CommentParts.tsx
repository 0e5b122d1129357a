// Parts of a comment that only some comments show (an own hidden comment's appeal, the confirmation of a
// deletion): their mutations are created only when they are shown, not for each of a thread's 1,000 comments.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../lib/api/problem";
import type { Comment } from "../api/cache";
import { useAppeal, useDeleteComment } from "../api/mutations";
import { useCtx } from "./context";

/** Appeal lets the author of a hidden comment ask the moderators once to look again. */
export function Appeal({ id }: { id: string }) {
  const { t } = useTranslation();
  const appeal = useAppeal(id);
  if (appeal.isSuccess)
    return (
      <p className="kern-body" role="status">
        {t("threads.appealed")}
      </p>
    );
  return (
    <p>
      <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-disabled={appeal.isPending || undefined} onClick={() => !appeal.isPending && appeal.mutate()}>
        <span className="kern-label">{t("threads.appeal")}</span>
      </button>
      {appeal.error && (
        <span className="kern-error" role="alert">
          {" "}
          {errorMessage(t, appeal.error)}
        </span>
      )}
    </p>
  );
}

/** DeleteConfirm asks before an own comment is deleted; close ends it (after the deletion too). */
export function DeleteConfirm({ c, close }: { c: Comment; close: () => void }) {
  const { t } = useTranslation();
  const ctx = useCtx();
  const qc = useQueryClient();
  const del = useDeleteComment(qc, ctx.slug, ctx.filter, c, close);
  return (
    <div className="comment__confirm" role="group" aria-label={t("comments.confirmDelete")}>
      <p className="kern-body">{t("comments.confirmDelete")}</p>
      {del.error && <p className="kern-error" role="alert">{errorMessage(t, del.error)}</p>}
      {/* eslint-disable-next-line jsx-a11y/no-autofocus -- the confirmation just opened on the user's click: focus moves into it */}
      <button type="button" className="kern-btn kern-btn--primary kern-btn--small" autoFocus disabled={del.isPending} onClick={() => del.mutate()}>
        <span className="kern-label">{t("comments.deleteConfirm")}</span>
      </button>{" "}
      <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" onClick={close}>
        <span className="kern-label">{t("form.cancel")}</span>
      </button>
    </div>
  );
}
