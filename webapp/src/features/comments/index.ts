// The public entry of the comments feature: the project and document pages show its threads.
export { CommentsSection } from "./components/CommentsSection";
export { LiveIndicator } from "./components/LiveIndicator";
export { useCommentCounts } from "./api/comments";
export { countsKey } from "./api/mutations";
export { useLinkedCommentPlace } from "./hooks/useLinkedComment";
