// "Diskussionen zu Absätzen": the commented paragraphs of a project's documents, with their comment counts,
// linking to the paragraph on the document page. The counts are one request (comment-counts); the
// paragraph texts come from the newest version of each commented document (few per project).
import { useQueries } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../../lib/api/client";
import { useCommentCounts } from "../../comments";
import { useProjectDocuments } from "../api/projects";

/** excerptOf is the text of a block's HTML, shortened to about n characters. */
export function excerptOf(html: string, n = 90): string {
  const text = (new DOMParser().parseFromString(html, "text/html").body.textContent ?? "").replace(/\s+/g, " ").trim();
  return text.length > n ? `${text.slice(0, n).replace(/\s+\S*$/, "")} …` : text;
}

/** ParagraphDiscussions lists the commented paragraphs of a project's documents. */
export function ParagraphDiscussions({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const counts = useCommentCounts(slug);
  const docs = useProjectDocuments(slug);
  const blocks = counts.data?.blocks ?? [];
  const docIds = [...new Set(blocks.map((b) => b.document_id))];
  // The same key as the document page's query of the newest version, so that either fills the other's cache.
  const versions = useQueries({
    queries: docIds.map((id) => ({
      queryKey: ["documents", id, "latest"],
      queryFn: ({ signal }: { signal?: AbortSignal }) => unwrap(api.GET("/api/v1/documents/{id}", { params: { path: { id }, query: {} }, signal })),
    })),
  });
  if (counts.isPending || docs.isPending) return null;
  const rows = blocks.map((b) => {
    const doc = versions[docIds.indexOf(b.document_id)]?.data;
    const i = doc ? doc.blocks.findIndex((x) => x.block_id === b.block_id) : -1;
    const title = doc?.title ?? docs.data?.items.find((d) => d.id === b.document_id)?.title ?? "";
    return { ...b, title, index: i, excerpt: doc && i >= 0 ? excerptOf(doc.blocks[i]!.html) : "" };
  });
  // In document order: by document as listed, then by paragraph.
  const order = (id: string) => docs.data?.items.findIndex((d) => d.id === id) ?? 0;
  rows.sort((a, b) => order(a.document_id) - order(b.document_id) || (a.index < 0 ? 1e9 : a.index) - (b.index < 0 ? 1e9 : b.index));
  return (
    <section aria-labelledby="paragraph-discussions-heading" className="paragraph-discussions">
      <h2 id="paragraph-discussions-heading" className="kern-heading-medium">
        {t("discussions.heading")}
      </h2>
      {rows.length === 0 ? (
        <p className="kern-body">{t("discussions.none")}</p>
      ) : (
        <>
          <p className="kern-body">{t("discussions.intro")}</p>
          <ul className="kern-list">
            {rows.map((r) => (
              <li key={`${r.document_id}/${r.block_id}`}>
                <Link to={`/dokumente/${encodeURIComponent(r.document_id)}#block-${r.block_id}`} className="kern-link">
                  {r.excerpt
                    ? t("discussions.link", {
                        document: r.title,
                        paragraph: t("discussions.paragraph", { n: r.index + 1 }),
                        excerpt: r.excerpt,
                        interpolation: { escapeValue: false },
                      })
                    : `${r.title}, ${t("discussions.earlier")}`}
                </Link>{" "}
                <span className="kern-body--small">({t("discussions.commentCount", { count: r.count })})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
