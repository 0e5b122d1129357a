// User administration: search, one user, roles and state.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type User } from "../../../lib/api/client";

export const affiliations = ["politics", "science", "business", "civil_society"] as const;

/** useUserSearch pages through the users matching q (admins only: enabled says whether to ask). */
export function useUserSearch(q: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ["users", q],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/users", { params: { query: { q: q || undefined, limit: 50, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useUserDetail loads one user. */
export function useUserDetail(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ["users", "one", id],
    enabled,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/users/{id}", { params: { path: { id } }, signal })),
  });
}

/** useUpdateUser sets a user's roles, affiliation, department and state. */
export function useUpdateUser(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { roles: User["roles"]; affiliation: (typeof affiliations)[number] | ""; department: string; disabled: boolean }) =>
      unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body: v })),
    onSuccess: (nu) => {
      qc.setQueryData(["users", "one", id], nu);
      void qc.invalidateQueries({ queryKey: ["users"] });
    },
  });
}
