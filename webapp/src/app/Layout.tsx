import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, useLocation, useNavigation } from "react-router";
import { withBundles } from "../i18n";
import { session } from "../lib/api/client";
import { may } from "../lib/useUser";
import { HeaderSearch } from "./HeaderSearch";
import { LanguageSwitch } from "./LanguageSwitch";

// The notifications entry brings the websocket client: loaded lazily, outside the initial JavaScript.
const NotificationsNavLink = lazy(() => withBundles(import("../features/notifications/components/NotificationsNavLink"), "notifications"));

/** Layout is the frame of every page: skip link, header with navigation, main landmark, footer. */
export function Layout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigation = useNavigation();
  const user = useSyncExternalStore(session.subscribe, session.getUser);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // Below 48em the navigation and the language switch fold behind a menu button (a disclosure). The menu
  // is open for the page it was opened on: following a link closes it.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const menuOpen = openAt === location.pathname;
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpenAt(null);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  // After a client-side navigation, move focus to the new page's content so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  // Printed pages show each link's full address (CSS prints data-print-url after the link).
  useEffect(() => {
    const mark = () => {
      for (const a of document.querySelectorAll<HTMLAnchorElement>("main a[href]")) {
        if (!a.getAttribute("href")?.startsWith("#")) a.setAttribute("data-print-url", a.href);
      }
    };
    window.addEventListener("beforeprint", mark);
    return () => window.removeEventListener("beforeprint", mark);
  }, []);

  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    main.current?.focus();
    main.current?.scrollIntoView();
  };

  return (
    <div className="app">
      <a className="skip-link kern-link" href="#main" onClick={skip}>
        {t("app.skipLink")}
      </a>
      <header className="site-header">
        <div className="kern-container site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__name">{t("app.name")}</span>
            <span className="brand__tagline">{t("app.tagline")}</span>
          </Link>
          <button
            type="button"
            ref={menuButton}
            className="kern-btn kern-btn--secondary menu-button"
            aria-expanded={menuOpen}
            aria-controls="site-menu"
            onClick={() => setOpenAt(menuOpen ? null : location.pathname)}
          >
            <span className="menu-button__icon" aria-hidden="true" />
            <span className="kern-label">{t("nav.menu")}</span>
          </button>
          <div id="site-menu" className={`site-menu${menuOpen ? " site-menu--open" : ""}`}>
            <nav aria-label={t("app.mainNav")} className="main-nav">
              <ul className="nav-list">
                <li>
                  <NavLink to="/" end className="kern-link">
                    {t("nav.home")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/projekte" className="kern-link">
                    {t("nav.projects")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/priorisierung" className="kern-link">
                    {t("nav.prioritisation")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/cockpit" className="kern-link">
                    {t("nav.cockpit")}
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/sitzungen" className="kern-link">
                    {t("nav.sessions")}
                  </NavLink>
                </li>
                {may(user, "moderate") && (
                  <li>
                    <NavLink to="/moderation" end className="kern-link">
                      {t("moderation.nav")}
                    </NavLink>
                  </li>
                )}
                {may(user, "answer_questions") && (
                  <li>
                    <NavLink to="/verwaltung/fragen" className="kern-link">
                      {t("officials.nav")}
                    </NavLink>
                  </li>
                )}
                {may(user, "administer_users") && (
                  <li>
                    <NavLink to="/verwaltung/benutzer" className="kern-link">
                      {t("nav.users")}
                    </NavLink>
                  </li>
                )}
                {may(user, "administer_users") && (
                  <li>
                    <NavLink to="/verwaltung/bewertungsrunden" className="kern-link">
                      {t("nav.cycles")}
                    </NavLink>
                  </li>
                )}
                {user === null ? (
                  <>
                    <li>
                      <NavLink to="/anmelden" className="kern-link">
                        {t("nav.login")}
                      </NavLink>
                    </li>
                    <li>
                      <NavLink to="/registrieren" className="kern-link">
                        {t("nav.register")}
                      </NavLink>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <Suspense
                        fallback={
                          <NavLink to="/benachrichtigungen" className="kern-link">
                            {t("notifications.nav")}
                          </NavLink>
                        }
                      >
                        <NotificationsNavLink userId={user.id} />
                      </Suspense>
                    </li>
                    <li className="nav-user">
                      <NavLink to="/konto" className="kern-link nav-user__name" title={user.display_name}>
                        {t("nav.signedInAs", { name: user.display_name })}
                      </NavLink>{" "}
                      <button type="button" className="kern-btn kern-btn--tertiary kern-btn--x-small" onClick={() => void session.logout()}>
                        <span className="kern-label">{t("nav.logout")}</span>
                      </button>
                    </li>
                  </>
                )}
              </ul>
            </nav>
            {/* The language switch over the search field: one narrow column at the end of the line. */}
            <div className="header-tools">
              <LanguageSwitch />
              <HeaderSearch />
            </div>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="kern-container site-main" aria-busy={navigation.state === "loading"}>
        <Suspense fallback={<p>{t("app.loading")}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="kern-container">
          <nav aria-label={t("app.legalNav")}>
            <ul className="nav-list">
              <li>
                <Link to="/impressum" className="kern-link">
                  {t("footer.impressum")}
                </Link>
              </li>
              <li>
                <Link to="/datenschutz" className="kern-link">
                  {t("footer.datenschutz")}
                </Link>
              </li>
              <li>
                <Link to="/barrierefreiheit" className="kern-link">
                  {t("footer.barrierefreiheit")}
                </Link>
              </li>
              <li>
                <Link to="/leichte-sprache" className="kern-link">
                  {t("footer.leichteSprache")}
                </Link>
              </li>
              <li>
                <Link to="/moderation/protokoll" className="kern-link">
                  {t("moderation.log.nav")}
                </Link>
              </li>
              <li>
                <Link to="/antwortzeiten" className="kern-link">
                  {t("footer.responseTimes")}
                </Link>
              </li>
            </ul>
          </nav>
          <p className="kern-body kern-body--small">© {new Date().getFullYear()} Digitalrat</p>
        </div>
      </footer>
    </div>
  );
}
