import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

/** newestProjectsQuery is the newest projects, for the start page. */
export function newestProjectsQuery(limit = 6) {
  return queryOptions({
    queryKey: ["projects", "newest", limit],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/projects", { params: { query: { sort: "newest", limit } }, signal })),
  });
}

/** useNewestProjects loads the newest projects for the start page. */
export function useNewestProjects(limit = 6) {
  return useQuery(newestProjectsQuery(limit));
}
