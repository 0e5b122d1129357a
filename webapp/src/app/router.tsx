// Every route of the SPA, German paths (the mailed links keep the server's /verify-email and
// /reset-password), each page loaded lazily.
import { createBrowserRouter, type RouteObject } from "react-router";
import { prefetchProjectThread } from "../features/comments/api/prefetch";
import { prefetchDocumentPage } from "../features/documents/api/prefetch";
import { prefetchHome, prefetchProjectList, prefetchProjectPage } from "../features/projects/api/prefetch";
import { withBundles } from "../i18n";
import { session } from "../lib/api/client";
import { projectOverview } from "../lib/api/firstView";
import { Layout } from "./Layout";
import { queryClient } from "./queryClient";

// The loaders of the pages people land on start their first requests alongside the page's lazy code and
// return at once (the page shows its own loading state). A session of an earlier page is restored first
// (one refresh, shared with main.tsx's), so that the answers carry the user's permissions; anonymous
// readers start at once.
const prefetch = (start: () => void) => {
  void session.restore().then(start, start);
  return null;
};

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // While the first lazy page loads, the static index.html shows nothing yet; that takes milliseconds.
    HydrateFallback: () => null,
    children: [
      { index: true, loader: () => prefetch(() => prefetchHome(queryClient)), lazy: async () => ({ Component: (await withBundles(import("../features/home/components/HomePage"), "home")).HomePage }) },
      { path: "projekte", loader: ({ request }) => prefetch(() => prefetchProjectList(queryClient, new URL(request.url))), lazy: async () => ({ Component: (await withBundles(import("../features/projects/components/ProjectListPage"), "projects")).ProjectListPage }) },
      { path: "projekte/neu", lazy: async () => ({ Component: (await withBundles(import("../features/projects/components/ProjectEditPage"), "projects")).ProjectCreatePage }) },
      { path: "projekte/:slug", loader: ({ params }) => prefetch(() => { const slug = params.slug ?? "", first = projectOverview(slug); prefetchProjectPage(queryClient, slug, first); prefetchProjectThread(queryClient, slug, first); }), lazy: async () => ({ Component: (await withBundles(import("../features/projects/components/ProjectPage"), "projects")).ProjectPage }) },
      {
        path: "projekte/:slug/bearbeiten",
        lazy: async () => ({ Component: (await withBundles(import("../features/projects/components/ProjectEditPage"), "projects")).ProjectEditPage }),
      },
      { path: "dokumente/:id", loader: ({ params, request }) => prefetch(() => prefetchDocumentPage(queryClient, params.id ?? "", new URL(request.url))), lazy: async () => ({ Component: (await withBundles(import("../features/documents/components/DocumentPage"), "documents")).DocumentPage }) },
      {
        path: "dokumente/:id/neue-fassung",
        lazy: async () => ({ Component: (await withBundles(import("../features/documents/components/NewVersionPage"), "documents")).NewVersionPage }),
      },
      { path: "anmelden", lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/LoginPage"), "auth")).LoginPage }) },
      { path: "registrieren", lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/RegisterPage"), "auth")).RegisterPage }) },
      { path: "verify-email", lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/VerifyEmailPage"), "auth")).VerifyEmailPage }) },
      {
        path: "passwort-vergessen",
        lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/PasswordResetPage"), "auth")).PasswordResetRequestPage }),
      },
      { path: "reset-password", lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/PasswordResetPage"), "auth")).PasswordResetPage }) },
      { path: "konto", lazy: async () => ({ Component: (await withBundles(import("../features/auth/components/AccountPage"), "auth")).AccountPage }) },
      { path: "verwaltung/benutzer", lazy: async () => ({ Component: (await withBundles(import("../features/admin/components/UsersPage"), "admin")).UsersPage }) },
      { path: "verwaltung/benutzer/:id", lazy: async () => ({ Component: (await withBundles(import("../features/admin/components/UsersPage"), "admin")).UserEditPage }) },
      { path: "moderation", lazy: async () => ({ Component: (await withBundles(import("../features/moderation/components/ModerationPage"), "moderation")).ModerationPage }) },
      {
        path: "moderation/protokoll",
        lazy: async () => ({ Component: (await withBundles(import("../features/moderation/components/ModerationLogPage"), "moderation")).ModerationLogPage }),
      },
      {
        path: "benachrichtigungen",
        lazy: async () => ({ Component: (await withBundles(import("../features/notifications/components/NotificationsPage"), "notifications")).NotificationsPage }),
      },
      { path: "verwaltung/fragen", lazy: async () => ({ Component: (await withBundles(import("../features/officials/components/QuestionsPage"), "officials")).QuestionsPage }) },
      {
        path: "projekte/:slug/beitrag-erfassen",
        lazy: async () => ({ Component: (await withBundles(import("../features/officials/components/ContributionPage"), "officials")).ContributionPage }),
      },
      {
        path: "antwortzeiten",
        lazy: async () => ({ Component: (await withBundles(import("../features/accountability/components/ResponseTimesPage"), "accountability")).ResponseTimesPage }),
      },
      {
        path: "priorisierung",
        lazy: async () => ({ Component: (await withBundles(import("../features/evaluations/components/PrioritisationPage"), "evaluations")).PrioritisationPage }),
      },
      {
        path: "verwaltung/bewertungsrunden",
        lazy: async () => ({ Component: (await withBundles(import("../features/evaluations/components/CyclesAdminPage"), "evaluations")).CyclesAdminPage }),
      },
      { path: "cockpit", lazy: async () => ({ Component: (await withBundles(import("../features/cockpit/components/CockpitPage"), "cockpit")).CockpitPage }) },
      {
        path: "cockpit/kennzahlen/:id",
        lazy: async () => ({ Component: (await withBundles(import("../features/cockpit/components/KpiPage"), "cockpit")).KpiPage }),
      },
      { path: "suche", lazy: async () => ({ Component: (await withBundles(import("../features/search/components/SearchPage"), "search")).SearchPage }) },
      { path: "sitzungen", lazy: async () => ({ Component: (await withBundles(import("../features/sessions/components/SessionsPage"), "sessions")).SessionsPage }) },
      {
        path: "sitzungen/:id",
        lazy: async () => ({ Component: (await withBundles(import("../features/sessions/components/SessionRoomPage"), "sessions")).SessionRoomPage }),
      },
      { path: "impressum", lazy: async () => ({ Component: (await withBundles(import("../features/legal/components/LegalPages"), "legal")).Impressum }) },
      { path: "datenschutz", lazy: async () => ({ Component: (await withBundles(import("../features/legal/components/LegalPages"), "legal")).Datenschutz }) },
      {
        path: "barrierefreiheit",
        lazy: async () => ({ Component: (await withBundles(import("../features/legal/components/LegalPages"), "legal")).Barrierefreiheit }),
      },
      {
        path: "leichte-sprache",
        lazy: async () => ({ Component: (await withBundles(import("../features/legal/components/LegalPages"), "legal")).LeichteSprache }),
      },
      { path: "*", lazy: async () => ({ Component: (await withBundles(import("../features/errors/components/NotFoundPage"), "errors")).NotFoundPage }) },
    ],
  },
];

let instance: ReturnType<typeof createBrowserRouter> | undefined;

/**
 * getRouter creates the router on first use: creating it starts the first page's navigation (its loaders
 * and their requests), which main.tsx does in a task of its own after the modules have been evaluated, so
 * that a slow phone is not blocked by one long task for both.
 */
export function getRouter(): ReturnType<typeof createBrowserRouter> {
  return (instance ??= createBrowserRouter(routes));
}
