// Links to one comment: the project page, or for a block comment the document page, with #comment-<id>.
// The threads there scroll to the comment, focus it and mark it (features/comments, useLinkedComment).

/** CommentPlace is where a comment is shown: its project and, for a block comment, its document. */
export interface CommentPlace {
  project_slug: string;
  document_id?: string | null;
}

/** commentHref is the address of a comment on the page that shows it. */
export function commentHref(place: CommentPlace, commentId: string): string {
  const page = place.document_id ? `/dokumente/${encodeURIComponent(place.document_id)}` : `/projekte/${encodeURIComponent(place.project_slug)}`;
  return `${page}#comment-${encodeURIComponent(commentId)}`;
}

/** linkedCommentId reads the comment id of a #comment-<id> address (null for any other hash). */
export function linkedCommentId(hash: string): string | null {
  const m = /^#comment-([\w-]+)$/.exec(hash);
  return m ? decodeURIComponent(m[1]!) : null;
}
