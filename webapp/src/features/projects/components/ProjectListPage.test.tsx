import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLanguage } from "../../../i18n";
import { ProjectListPage } from "./ProjectListPage";

afterEach(() => vi.unstubAllGlobals());

describe("ProjectListPage", () => {
  it("starts from the URL's filters, sends them to the API and writes new ones back to the URL", async () => {
    await setLanguage("de");
    const seen: URL[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (req: Request) => {
        const url = new URL(req.url);
        const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } });
        if (url.pathname === "/api/v1/project-owners") return json({ items: [{ owner_unit: "Bürgeramt", projects: 5 }] });
        seen.push(url);
        return json({ items: [], next_cursor: null });
      }),
    );
    const router = createMemoryRouter([{ path: "/projekte", Component: ProjectListPage }], { initialEntries: ["/projekte?status=done&q=Termin"] });
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={qc}>
        <RouterProvider router={router} />
      </QueryClientProvider>,
    );
    await screen.findByText("Keine Vorhaben passen zu diesen Filtern.");
    expect(seen[0]?.searchParams.get("status")).toBe("done");
    expect(seen[0]?.searchParams.get("q")).toBe("Termin");
    expect((screen.getByLabelText("Stand") as HTMLSelectElement).value).toBe("done");

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText("Grundsatz"), "inclusion");
    await user.selectOptions(screen.getByLabelText("Sortierung"), "newest");
    await screen.findByRole("option", { name: "Bürgeramt (5)" });
    await user.selectOptions(screen.getByLabelText("Verantwortliche Stelle"), "Bürgeramt");
    await user.click(screen.getByRole("button", { name: "Filter anwenden" }));
    expect(router.state.location.search).toBe("?q=Termin&status=done&principle=inclusion&owner=B%C3%BCrgeramt&sort=newest");
    await vi.waitFor(() => expect(seen.at(-1)?.searchParams.get("principle")).toBe("inclusion"));
  });
});
