import { createContext, useContext } from "react";
import type { User } from "../../../lib/api/client";
import type { Comment, Filter } from "../api/cache";
import type { Target } from "../api/mutations";

/** Ctx is what every comment of a thread needs from its section. */
export interface Ctx {
  slug: string;
  filter: Filter;
  target: Target;
  user: User | null;
  canWrite: boolean;
  idp: string;
  /** linkedId is the comment the address links to (#comment-<id>); it is marked */
  linkedId?: string | null;
  /** created places an own new comment at once (and says so in the live region). */
  created: (c: Comment) => void;
}

/** CommentsCtx carries a thread's settings to its comments (exported for tests). */
export const CommentsCtx = createContext<Ctx | null>(null);

/** useCtx is the thread's Ctx; comments are only rendered inside a CommentsCtx provider. */
export const useCtx = () => useContext(CommentsCtx)!;

/** editWindowMs is how long an author may edit a comment (the server checks again). */
export const editWindowMs = 15 * 60_000;
