import { useQuery } from "@tanstack/react-query";
import { getJSON } from "../../../lib/api/client";

/** ProjectSummary is the part of a project the lists show. */
export interface ProjectSummary {
  slug: string;
  title: string;
  summary: string;
  status: string;
}

interface ProjectList {
  items: ProjectSummary[];
  next_cursor: string | null;
}

/** useNewestProjects loads the newest projects for the start page. */
export function useNewestProjects(limit = 6) {
  return useQuery({
    queryKey: ["projects", "newest", limit],
    queryFn: ({ signal }) => getJSON<ProjectList>(`/api/v1/projects?sort=newest&limit=${limit}`, signal),
  });
}
