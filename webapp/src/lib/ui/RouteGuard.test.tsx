import { render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../i18n";
import { session, type User } from "../api/client";
import { RouteGuard } from "./RouteGuard";

const resident: User = {
  id: "7",
  display_name: "Rita",
  roles: ["resident"],
  email: "rita@example.org",
  email_verified: true,
  affiliation: null,
  department: null,
  disabled: false,
  oparl_consent: false,
  created_at: "2026-01-01T00:00:00Z",
  permissions: { create_project: false, moderate: false, answer_questions: false, administer_users: false },
};

function show(allowed: boolean | undefined) {
  const router = createMemoryRouter(
    [
      {
        path: "/projekte/neu",
        element: (
          <RouteGuard title="Neues Vorhaben" allowed={allowed} who="Nur die Verwaltung.">
            <form aria-label="work" />
          </RouteGuard>
        ),
      },
    ],
    { initialEntries: ["/projekte/neu?x=1"] },
  );
  render(<RouterProvider router={router} />);
}

afterEach(() => session.clear());

describe("RouteGuard", () => {
  it("asks an anonymous visitor to log in, with the way back, and shows no work", async () => {
    await setLanguage("de");
    show(false);
    expect(screen.getByRole("heading", { level: 1, name: "Neues Vorhaben" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Anmelden und hierher zurückkehren" }).getAttribute("href")).toBe("/anmelden?next=%2Fprojekte%2Fneu%3Fx%3D1");
    expect(screen.queryByRole("form", { name: "work" })).toBeNull();
  });

  it("tells a logged-in user without the right who may do this", async () => {
    await setLanguage("de");
    session.setUser(resident);
    show(false);
    expect(screen.getByText("Nur die Verwaltung.")).toBeTruthy();
    expect(screen.queryByRole("link", { name: /Anmelden/ })).toBeNull();
    expect(screen.queryByRole("form", { name: "work" })).toBeNull();
  });

  it("waits for the server's answer, then shows the work", async () => {
    await setLanguage("de");
    session.setUser(resident);
    show(undefined);
    expect(screen.getByRole("status").textContent).toMatch(/lade/i);
    session.setUser(resident);
    show(true);
    expect(screen.getByRole("form", { name: "work" })).toBeTruthy();
  });
});
