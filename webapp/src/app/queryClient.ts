import { QueryClient } from "@tanstack/react-query";
import { session } from "../lib/api/client";
import { ApiError } from "../lib/api/problem";

/** queryClient is the app's one query cache (App provides it; the router's loaders prefetch into it). */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx will not change by asking again; retry network errors and 5xx once.
      retry: (count, err) => count < 1 && !(err instanceof ApiError && err.status >= 400 && err.status < 500),
    },
  },
});

// Resources carry what the current user may do with them (`permissions`): when the user changes (login,
// logout, another account), cached answers are refetched so that no page offers another user's actions.
let cachedFor = session.getUser()?.id ?? null;
session.subscribe(() => {
  const id = session.getUser()?.id ?? null;
  if (id !== cachedFor) {
    cachedFor = id;
    void queryClient.invalidateQueries();
  }
});
