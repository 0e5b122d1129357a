// Every route of the SPA, German paths (the mailed links keep the server's /verify-email and
// /reset-password), each page loaded lazily.
import { createBrowserRouter, type RouteObject } from "react-router";
import { Layout } from "./Layout";

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // While the first lazy page loads, the static index.html shows nothing yet; that takes milliseconds.
    HydrateFallback: () => null,
    children: [
      { index: true, lazy: async () => ({ Component: (await import("../features/home/HomePage")).HomePage }) },
      { path: "projekte", lazy: async () => ({ Component: (await import("../features/projects/ProjectListPage")).ProjectListPage }) },
      { path: "projekte/neu", lazy: async () => ({ Component: (await import("../features/projects/ProjectEditPage")).ProjectCreatePage }) },
      { path: "projekte/:slug", lazy: async () => ({ Component: (await import("../features/projects/ProjectPage")).ProjectPage }) },
      {
        path: "projekte/:slug/bearbeiten",
        lazy: async () => ({ Component: (await import("../features/projects/ProjectEditPage")).ProjectEditPage }),
      },
      { path: "dokumente/:id", lazy: async () => ({ Component: (await import("../features/documents/DocumentPage")).DocumentPage }) },
      {
        path: "dokumente/:id/neue-fassung",
        lazy: async () => ({ Component: (await import("../features/documents/NewVersionPage")).NewVersionPage }),
      },
      { path: "anmelden", lazy: async () => ({ Component: (await import("../features/auth/LoginPage")).LoginPage }) },
      { path: "registrieren", lazy: async () => ({ Component: (await import("../features/auth/RegisterPage")).RegisterPage }) },
      { path: "verify-email", lazy: async () => ({ Component: (await import("../features/auth/VerifyEmailPage")).VerifyEmailPage }) },
      {
        path: "passwort-vergessen",
        lazy: async () => ({ Component: (await import("../features/auth/PasswordResetPage")).PasswordResetRequestPage }),
      },
      { path: "reset-password", lazy: async () => ({ Component: (await import("../features/auth/PasswordResetPage")).PasswordResetPage }) },
      { path: "konto", lazy: async () => ({ Component: (await import("../features/auth/AccountPage")).AccountPage }) },
      { path: "verwaltung/benutzer", lazy: async () => ({ Component: (await import("../features/admin/UsersPage")).UsersPage }) },
      { path: "verwaltung/benutzer/:id", lazy: async () => ({ Component: (await import("../features/admin/UsersPage")).UserEditPage }) },
      { path: "moderation", lazy: async () => ({ Component: (await import("../features/moderation/ModerationPage")).ModerationPage }) },
      {
        path: "moderation/protokoll",
        lazy: async () => ({ Component: (await import("../features/moderation/ModerationLogPage")).ModerationLogPage }),
      },
      {
        path: "benachrichtigungen",
        lazy: async () => ({ Component: (await import("../features/notifications/NotificationsPage")).NotificationsPage }),
      },
      { path: "verwaltung/fragen", lazy: async () => ({ Component: (await import("../features/officials/QuestionsPage")).QuestionsPage }) },
      {
        path: "projekte/:slug/beitrag-erfassen",
        lazy: async () => ({ Component: (await import("../features/officials/ContributionPage")).ContributionPage }),
      },
      { path: "impressum", lazy: async () => ({ Component: (await import("../features/legal/LegalPages")).Impressum }) },
      { path: "datenschutz", lazy: async () => ({ Component: (await import("../features/legal/LegalPages")).Datenschutz }) },
      {
        path: "barrierefreiheit",
        lazy: async () => ({ Component: (await import("../features/legal/LegalPages")).Barrierefreiheit }),
      },
      {
        path: "leichte-sprache",
        lazy: async () => ({ Component: (await import("../features/legal/LegalPages")).LeichteSprache }),
      },
      { path: "*", lazy: async () => ({ Component: (await import("../features/errors/NotFoundPage")).NotFoundPage }) },
    ],
  },
];

export const router = createBrowserRouter(routes);
