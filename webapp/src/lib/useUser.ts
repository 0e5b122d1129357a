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

/** canCreateProject: verified officials and admins (the server checks again). */
export function canCreateProject(u: User | null): boolean {
  return u !== null && (hasRole(u, "admin") || hasRole(u, "official"));
}

/** canEditProject: admins, and officials of the owning department. */
export function canEditProject(u: User | null, ownerUnit: string): boolean {
  return u !== null && (hasRole(u, "admin") || (hasRole(u, "official") && u.department === ownerUnit));
}
