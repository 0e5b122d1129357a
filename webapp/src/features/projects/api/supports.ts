import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { projectQuery, type Project, type ProjectSummary } from "./projects";

/** setSupportCount writes a project's count (from project.supports) into every cached copy of it. */
export function setSupportCount(qc: QueryClient, slug: string, count: number, mine?: boolean) {
  const patch = <T extends ProjectSummary>(p: T): T =>
    p.slug === slug ? { ...p, support_count: count, ...(mine === undefined ? {} : { supported_by_me: mine }) } : p;
  qc.setQueryData<Project>(projectQuery(slug).queryKey, (p) => (p ? patch(p) : p));
  qc.setQueriesData<{ pages: { items: ProjectSummary[] }[] }>({ queryKey: ["projects", "list"] }, (d) =>
    d ? { ...d, pages: d.pages.map((pg) => ({ ...pg, items: pg.items.map(patch) })) } : d,
  );
  qc.setQueriesData<{ items: ProjectSummary[] }>({ queryKey: ["projects", "newest"] }, (d) =>
    d && Array.isArray(d.items) ? { ...d, items: d.items.map(patch) } : d,
  );
}

/** useSupport supports a project (on) or takes the support back; the count follows from the server. */
export function useSupport(p: ProjectSummary) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (on: boolean) => {
      const params = { params: { path: { slug: p.slug } } };
      await unwrap(on ? api.PUT("/api/v1/projects/{slug}/support", params) : api.DELETE("/api/v1/projects/{slug}/support", params));
      return on;
    },
    onSuccess: (on) => {
      // Optimistic until the live count or the refetch arrives (repeating is harmless on the server).
      if (on !== p.supported_by_me) setSupportCount(qc, p.slug, p.support_count + (on ? 1 : -1), on);
      void qc.invalidateQueries({ queryKey: ["projects", "one", p.slug] });
    },
  });
}
