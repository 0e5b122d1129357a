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
      { index: true, lazy: async () => ({ Component: (await import("../features/home/components/HomePage")).HomePage }) },
      { path: "projekte", lazy: async () => ({ Component: (await import("../features/projects/components/ProjectListPage")).ProjectListPage }) },
      { path: "projekte/neu", lazy: async () => ({ Component: (await import("../features/projects/components/ProjectEditPage")).ProjectCreatePage }) },
      { path: "projekte/:slug", lazy: async () => ({ Component: (await import("../features/projects/components/ProjectPage")).ProjectPage }) },
      {
        path: "projekte/:slug/bearbeiten",
        lazy: async () => ({ Component: (await import("../features/projects/components/ProjectEditPage")).ProjectEditPage }),
      },
      { path: "dokumente/:id", lazy: async () => ({ Component: (await import("../features/documents/components/DocumentPage")).DocumentPage }) },
      {
        path: "dokumente/:id/neue-fassung",
        lazy: async () => ({ Component: (await import("../features/documents/components/NewVersionPage")).NewVersionPage }),
      },
      { path: "anmelden", lazy: async () => ({ Component: (await import("../features/auth/components/LoginPage")).LoginPage }) },
      { path: "registrieren", lazy: async () => ({ Component: (await import("../features/auth/components/RegisterPage")).RegisterPage }) },
      { path: "verify-email", lazy: async () => ({ Component: (await import("../features/auth/components/VerifyEmailPage")).VerifyEmailPage }) },
      {
        path: "passwort-vergessen",
        lazy: async () => ({ Component: (await import("../features/auth/components/PasswordResetPage")).PasswordResetRequestPage }),
      },
      { path: "reset-password", lazy: async () => ({ Component: (await import("../features/auth/components/PasswordResetPage")).PasswordResetPage }) },
      { path: "konto", lazy: async () => ({ Component: (await import("../features/auth/components/AccountPage")).AccountPage }) },
      { path: "verwaltung/benutzer", lazy: async () => ({ Component: (await import("../features/admin/components/UsersPage")).UsersPage }) },
      { path: "verwaltung/benutzer/:id", lazy: async () => ({ Component: (await import("../features/admin/components/UsersPage")).UserEditPage }) },
      { path: "moderation", lazy: async () => ({ Component: (await import("../features/moderation/components/ModerationPage")).ModerationPage }) },
      {
        path: "moderation/protokoll",
        lazy: async () => ({ Component: (await import("../features/moderation/components/ModerationLogPage")).ModerationLogPage }),
      },
      {
        path: "benachrichtigungen",
        lazy: async () => ({ Component: (await import("../features/notifications/components/NotificationsPage")).NotificationsPage }),
      },
      { path: "verwaltung/fragen", lazy: async () => ({ Component: (await import("../features/officials/components/QuestionsPage")).QuestionsPage }) },
      {
        path: "projekte/:slug/beitrag-erfassen",
        lazy: async () => ({ Component: (await import("../features/officials/components/ContributionPage")).ContributionPage }),
      },
      { path: "impressum", lazy: async () => ({ Component: (await import("../features/legal/components/LegalPages")).Impressum }) },
      { path: "datenschutz", lazy: async () => ({ Component: (await import("../features/legal/components/LegalPages")).Datenschutz }) },
      {
        path: "barrierefreiheit",
        lazy: async () => ({ Component: (await import("../features/legal/components/LegalPages")).Barrierefreiheit }),
      },
      {
        path: "leichte-sprache",
        lazy: async () => ({ Component: (await import("../features/legal/components/LegalPages")).LeichteSprache }),
      },
      { path: "*", lazy: async () => ({ Component: (await import("../features/errors/components/NotFoundPage")).NotFoundPage }) },
    ],
  },
];

export const router = createBrowserRouter(routes);
