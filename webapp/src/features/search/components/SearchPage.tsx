import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { usePageTitle } from "../../../lib/usePageTitle";
import { Checkbox, ErrorAlert, Fieldset, TextField } from "../../../lib/ui/Form";
import { searchTypes, useSearch, type SearchResult, type SearchType } from "../api/search";

/** parseTypes reads the type filter of the address (?type=a,b), keeping known types only. */
export function parseTypes(v: string | null): SearchType[] {
  const parts = (v ?? "").split(",");
  return searchTypes.filter((t) => parts.includes(t));
}

/** SearchPage is the full-text search: the query and type filter live in the address (/suche?q=&type=). */
export function SearchPage() {
  const { t } = useTranslation();
  usePageTitle(t("search.title"));
  const [sp, setSp] = useSearchParams();
  const q = sp.get("q") ?? "";
  const types = parseTypes(sp.get("type"));
  const apply = (nq: string, nt: SearchType[]) => {
    const next = new URLSearchParams();
    if (nq.trim()) next.set("q", nq.trim());
    if (nt.length) next.set("type", nt.join(","));
    setSp(next);
  };
  return (
    <>
      <h1 className="kern-heading-x-large">{t("search.title")}</h1>
      <p className="kern-body">{t("search.intro")}</p>
      {/* key: a new address (back button, shared link) resets the form to it */}
      <SearchForm key={sp.toString()} q={q} types={types} onApply={apply} />
      {q.trim().length >= 2 && <Results q={q.trim()} types={types} />}
    </>
  );
}

function SearchForm({ q, types, onApply }: { q: string; types: SearchType[]; onApply: (q: string, t: SearchType[]) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(q);
  const [chosen, setChosen] = useState<SearchType[]>(types);
  const [tooShort, setTooShort] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const short = text.trim().length < 2;
    setTooShort(short);
    if (!short) onApply(text, chosen);
  };
  return (
    <form className="filter-form search-form" role="search" aria-label={t("search.formLabel")} onSubmit={submit} noValidate>
      <TextField
        id="search-q"
        label={t("search.q")}
        hint={t("search.qHint")}
        value={text}
        onChange={setText}
        type="search"
        error={tooShort ? "search_q_short" : undefined}
      />
      <Fieldset id="search-types" legend={t("search.types")}>
        {searchTypes.map((ty) => (
          <Checkbox
            key={ty}
            id={`search-type-${ty}`}
            label={t(`search.type.${ty}`)}
            checked={chosen.includes(ty)}
            onChange={(on) => setChosen(on ? searchTypes.filter((x) => x === ty || chosen.includes(x)) : chosen.filter((x) => x !== ty))}
          />
        ))}
      </Fieldset>
      <div className="form-actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{t("search.submit")}</span>
        </button>
      </div>
    </form>
  );
}

function Results({ q, types }: { q: string; types: SearchType[] }) {
  const { t } = useTranslation();
  const list = useSearch(q, types);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="search-results-heading">
      <h2 id="search-results-heading" className="kern-heading-medium">
        {t("search.results")}
      </h2>
      {/* The count is announced politely whenever a search or "more" finishes. */}
      <p className="kern-body" role="status" aria-live="polite" data-testid="search-count">
        {list.isPending ? t("app.loading") : list.isError ? "" : items.length === 0 ? t("search.none", { q }) : t("search.shown", { count: items.length, q })}
      </p>
      {list.isError && <ErrorAlert error={list.error} />}
      {items.length > 0 && (
        <ol className="search-results">
          {items.map((r) => (
            <Hit key={`${r.type}-${r.id}`} r={r} />
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <p className="load-more">
          <button type="button" className="kern-btn kern-btn--secondary" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            <span className="kern-label">{list.isFetchingNextPage ? t("app.loading") : t("search.more")}</span>
          </button>
        </p>
      )}
    </section>
  );
}

function Hit({ r }: { r: SearchResult }) {
  const { t } = useTranslation();
  const label = r.type === "comment" && r.kind && r.kind !== "comment" ? t(`search.kind.${r.kind}`) : t(`search.type.${r.type}`);
  return (
    <li className="search-result">
      <p className="search-result__type kern-body kern-body--small">{label}</p>
      <h3 className="kern-heading-small">
        <Link to={r.url} className="kern-link">
          {r.type === "comment" ? t("search.commentOn", { title: r.title }) : r.title}
        </Link>
      </h3>
      {/* The server escapes the text; the only markup in a snippet is <mark> around the matches. */}
      <p className="kern-body search-result__snippet" dangerouslySetInnerHTML={{ __html: r.snippet }} />
    </li>
  );
}
