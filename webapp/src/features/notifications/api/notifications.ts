// Notification queries and writes: the list, the unread count, marking read.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, unwrap } from "../../../lib/api/client";
import { markRead, unreadQueryKey, type NotificationPage } from "./unread";

/** listKey is the query key of a user's notification list (live events update it in place). */
export const listKey = (userId: string) => ["notifications", "list", userId];

/** useNotifications pages through a user's notifications, newest first. */
export function useNotifications(userId: string) {
  return useInfiniteQuery({
    queryKey: listKey(userId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => unwrap(api.GET("/api/v1/notifications", { params: { query: { limit: 20, cursor: pageParam } }, signal })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** useUnreadCount loads a user's unread count. */
export function useUnreadCount(userId: string) {
  return useQuery({
    queryKey: unreadQueryKey(userId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/notifications/unread-count", { signal })),
    staleTime: 60_000,
  });
}

/** useMarkRead marks some or all notifications read and updates the list and the count. */
export function useMarkRead(userId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[] | "all") => unwrap(api.POST("/api/v1/notifications/read", { body: ids === "all" ? { all: true } : { ids } })),
    onSuccess: (r, ids) => {
      qc.setQueryData(unreadQueryKey(userId), r);
      qc.setQueryData<InfiniteData<NotificationPage>>(listKey(userId), (d) => (d ? { ...d, pages: markRead(d.pages, ids) } : d));
    },
  });
}
