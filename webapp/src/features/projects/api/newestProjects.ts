import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

/** useNewestProjects loads the newest projects for the start page. */
export function useNewestProjects(limit = 6) {
  return useQuery({
    queryKey: ["projects", "newest", limit],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/projects", { params: { query: { sort: "newest", limit } }, signal })),
  });
}
