// Account queries and writes: login, registration, verification, password reset, the own profile.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, session, unwrap, type TokenResponse } from "../../../lib/api/client";

/** useLogin logs in; the session keeps the tokens. */
export function useLogin() {
  return useMutation({ mutationFn: (v: { email: string; password: string }) => session.login(v.email.trim(), v.password) });
}

/** useRegister creates an account (the verification mail goes out). */
export function useRegister() {
  return useMutation({
    mutationFn: (v: { email: string; name: string; password: string }) =>
      unwrap(api.POST("/api/v1/auth/register", { body: { email: v.email.trim(), display_name: v.name.trim(), password: v.password } })),
  });
}

/** useVerifyEmail confirms the mailed token and marks the logged-in user verified. */
export function useVerifyEmail() {
  return useMutation({
    mutationFn: (token: string) => unwrap(api.POST("/api/v1/auth/verify-email", { body: { token } })),
    onSuccess: () => {
      const u = session.getUser();
      if (u) session.setUser({ ...u, email_verified: true });
    },
  });
}

/** useResendVerification mails a new verification link. */
export function useResendVerification() {
  return useMutation({ mutationFn: () => unwrap(api.POST("/api/v1/auth/verify-email/resend")) });
}

/** useRequestPasswordReset asks for a reset mail (always accepted). */
export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (email: string) => unwrap(api.POST("/api/v1/auth/password-reset", { body: { email: email.trim() } })) });
}

/** useConfirmPasswordReset sets a new password with the mailed token. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (v: { token: string; password: string }) => unwrap(api.POST("/api/v1/auth/password-reset/confirm", { body: v })),
  });
}

/** useMe loads the own profile with everything the account page shows. */
export function useMe(userId: string | undefined) {
  return useQuery({
    queryKey: ["me", userId],
    enabled: userId !== undefined,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me", { signal })),
  });
}

/** useChangeName changes the display name; the session's user follows. */
export function useChangeName() {
  return useMutation({
    mutationFn: (name: string) => unwrap(api.PATCH("/api/v1/me", { body: { display_name: name.trim() } })),
    onSuccess: (u) => session.setUser("access_token" in u ? u.user : u),
  });
}

/**
 * useOparlConsent agrees (true) or no longer agrees (false) to appear as an OParl Person while a council
 * member; the profile and the session's user follow the answer.
 */
export function useOparlConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (consent: boolean) => unwrap(api.PATCH("/api/v1/me", { body: { oparl_consent: consent } })),
    onSuccess: (r) => {
      const u = "access_token" in r ? r.user : r;
      session.setUser(u);
      qc.setQueryData(["me", u.id], u);
    },
  });
}

/** useChangePassword changes the password; it ends every session and answers a fresh login for this one. */
export function useChangePassword(onSuccess: () => void) {
  return useMutation({
    mutationFn: (v: { current: string; next: string }) => unwrap(api.PATCH("/api/v1/me", { body: { current_password: v.current, new_password: v.next } })),
    onSuccess: (r) => {
      if ("access_token" in r) session.set(r as TokenResponse);
      onSuccess();
    },
  });
}

/**
 * useExportMe downloads everything stored about the user (GET /me/export, sent with the bearer token like
 * every API call) and saves it as a JSON file.
 */
export function useExportMe() {
  return useMutation({
    mutationFn: async () => {
      const blob = await unwrap(api.GET("/api/v1/me/export", { parseAs: "blob" }));
      const url = URL.createObjectURL(new Blob([blob], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `digitalrat-export-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  });
}

/** useDeleteMe deletes the account after the password check; on success the session here ends too. */
export function useDeleteMe(onDeleted: () => void) {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.DELETE("/api/v1/me", { body: { password } })),
    onSuccess: () => {
      session.clear(); // the server cleared the refresh cookie and every token of the account is void
      onDeleted();
    },
  });
}
