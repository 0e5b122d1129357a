// RouteGuard: one guard for every page that does work only some users may do. It decides from the
// server's answer (the `permissions` of GET /me or of the page's resource), before the page's form or
// editor is shown, and says plainly why not: log in (with the way back), or who may do this.
import { useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { session } from "../api/client";
import { ErrorAlert } from "./Form";

/** RouteGuardProps: `allowed` is the server's answer, undefined while the resource that carries it loads. */
export interface RouteGuardProps {
  /** the page's heading, shown with the message too */
  title: string;
  allowed: boolean | undefined;
  /** a plain statement of who may do this (shown to logged-in users without the right) */
  who: string;
  /** the error of loading the resource that carries the permission */
  error?: unknown;
  /** where to go instead, e.g. the document or project the page belongs to */
  back?: { to: string; label: string };
  children: ReactNode | (() => ReactNode);
}

/** RouteGuard shows children only when the server allows it; otherwise a message instead of the work. */
export function RouteGuard({ title, allowed, who, error, back, children }: RouteGuardProps) {
  const { t } = useTranslation();
  const location = useLocation();
  const user = useSyncExternalStore(session.subscribe, session.getUser);
  const restoring = useSyncExternalStore(session.subscribe, session.isRestoring);
  if (restoring) return <p role="status">{t("app.loading")}</p>;
  if (user === null) {
    // Every guarded action needs an account: no need to wait for the resource.
    const next = location.pathname + location.search + location.hash;
    return (
      <section className="route-guard" aria-labelledby="guard-heading">
        <h1 id="guard-heading" className="kern-heading-x-large">
          {title}
        </h1>
        <p className="kern-body">{t("guard.loginNeeded")}</p>
        <p className="kern-body">{who}</p>
        <p className="kern-body">
          <Link to={`/anmelden?next=${encodeURIComponent(next)}`} className="kern-link">
            {t("guard.login")}
          </Link>
        </p>
      </section>
    );
  }
  if (error) return <ErrorAlert error={error} />;
  if (allowed === undefined) return <p role="status">{t("app.loading")}</p>;
  if (!allowed) {
    return (
      <section className="route-guard" aria-labelledby="guard-heading">
        <h1 id="guard-heading" className="kern-heading-x-large">
          {title}
        </h1>
        <p className="kern-body">{who}</p>
        {!user.email_verified && (
          <p className="kern-body">
            {t("guard.unverified")}{" "}
            <Link to="/konto" className="kern-link">
              {t("nav.account")}
            </Link>
          </p>
        )}
        {back && (
          <p className="kern-body">
            <Link to={back.to} className="kern-link">
              {back.label}
            </Link>
          </p>
        )}
      </section>
    );
  }
  return <>{typeof children === "function" ? children() : children}</>;
}
