// Every route of the SPA, German paths, each page loaded lazily.
import { createBrowserRouter, type RouteObject } from "react-router";
import { Layout } from "./Layout";

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // While the first lazy page loads, the static index.html shows nothing yet; that takes milliseconds.
    HydrateFallback: () => null,
    children: [
      { index: true, lazy: async () => ({ Component: (await import("../features/home/HomePage")).HomePage }) },
      { path: "anmelden", lazy: async () => ({ Component: (await import("../features/auth/LoginPage")).LoginPage }) },
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
