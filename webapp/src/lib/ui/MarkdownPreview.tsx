// A preview of Markdown exactly as the server renders and sanitises it (POST /markdown/preview, logged-in
// users only). It asks again only when the text changed since the last preview.
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client";
import { errorMessage } from "../api/problem";

/** MarkdownPreview shows the server's rendering of markdown. */
export function MarkdownPreview({ markdown }: { markdown: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ["markdownPreview", markdown],
    queryFn: ({ signal }) => unwrap(api.POST("/api/v1/markdown/preview", { body: { markdown }, signal })),
    enabled: markdown.trim() !== "",
    staleTime: Infinity,
    gcTime: 60_000,
  });
  if (markdown.trim() === "") return <p className="kern-body">{t("preview.empty")}</p>;
  if (q.isPending) return <p className="kern-body">{t("app.loading")}</p>;
  if (q.isError) return <p className="kern-body">{errorMessage(t, q.error)}</p>;
  // sanitised on the server (goldmark + bluemonday)
  return <div className="rich-text" dangerouslySetInnerHTML={{ __html: q.data.html }} />;
}
