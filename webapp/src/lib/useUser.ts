import { useSyncExternalStore } from "react";
import { session, type User } from "./api/client";

/** useUser is the logged-in user or null; it follows login, logout and profile changes. */
export function useUser(): User | null {
  return useSyncExternalStore(session.subscribe, session.getUser);
}

/** hasRole says whether the user has a role. */
export function hasRole(u: User | null, role: User["roles"][number]): boolean {
  return u !== null && u.roles.includes(role);
}

/** canCreateProject: the server's answer for the logged-in user (`permissions.create_project`). */
export function canCreateProject(u: User | null): boolean {
  return u?.permissions?.create_project === true;
}

/** UserPermission names what GET /me says a user may do beyond a single resource. */
export type UserPermission = keyof NonNullable<User["permissions"]>;

/** may is the server's answer for the logged-in user (`permissions` of GET /me and login). */
export function may(u: User | null, p: UserPermission): boolean {
  return u?.permissions?.[p] === true;
}
