// The public response-time figures: of one project, and per project and per department in one request each.
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";

/** useProjectResponseTimes loads the figures of one project. */
export function useProjectResponseTimes(slug: string) {
  return useQuery({
    queryKey: ["response-times", slug],
    enabled: slug !== "",
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/response-times", { params: { query: { project: slug } }, signal })),
  });
}

/** useResponseTimesOverall loads the figures of all projects together. */
export function useResponseTimesOverall() {
  return useQuery({
    queryKey: ["response-times", ""],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/response-times", { params: { query: {} }, signal })),
  });
}

/** useResponseTimesByProject loads the figures of every project with questions. */
export function useResponseTimesByProject() {
  return useQuery({
    queryKey: ["response-times", "by-project"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/response-times/projects", { signal })),
  });
}

/** useResponseTimesByDepartment loads the figures per department. */
export function useResponseTimesByDepartment() {
  return useQuery({
    queryKey: ["response-times", "by-department"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/response-times/departments", { signal })),
  });
}
