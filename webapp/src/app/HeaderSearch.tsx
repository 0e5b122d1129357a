import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

/**
 * HeaderSearch is the search field in the header on every page: it opens /suche with the words typed
 * (an empty field opens the search page itself, whose form explains the rules).
 */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const words = q.trim();
    void navigate(words ? `/suche?q=${encodeURIComponent(words)}` : "/suche");
    setQ("");
  };
  return (
    <form role="search" aria-label={t("nav.searchSite")} className="header-search" onSubmit={submit}>
      <label htmlFor="header-search-q" className="kern-sr-only">
        {t("nav.searchWords")}
      </label>
      <input id="header-search-q" type="search" className="kern-form-input__input" value={q} onChange={(e) => setQ(e.target.value)} />
      {/* An icon button (a magnifier) named by its screen-reader text: the header has little room. */}
      <button type="submit" className="kern-btn kern-btn--secondary header-search__button">
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
          <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M15 15l6 6" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
        <span className="kern-sr-only">{t("nav.search")}</span>
      </button>
    </form>
  );
}
