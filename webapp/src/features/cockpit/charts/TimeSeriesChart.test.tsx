import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusLabel } from "../components/StatusLabel";
import { TimeSeriesChart } from "./TimeSeriesChart";

describe("TimeSeriesChart", () => {
  it("is one image named by its title and summary, with a point per valid measurement", () => {
    const { container } = render(
      <TimeSeriesChart
        input={{
          baseline: { value: 10, date: "2024-01-01" },
          target: { value: 50, date: "2026-12-31" },
          measurements: [
            { id: "1", value: 12, measured_at: "2024-06-30", corrected_by: null },
            { id: "2", value: 99, measured_at: "2024-12-31", corrected_by: "3" },
            { id: "3", value: 19, measured_at: "2024-12-31", corrected_by: null },
          ],
        }}
        texts={{ title: "Verlauf", description: "Zwei gültige Messwerte.", targetDate: "Zieldatum", formatValue: String }}
      />,
    );
    const img = screen.getByRole("img", { name: "Verlauf Zwei gültige Messwerte." });
    expect(img.tagName.toLowerCase()).toBe("svg");
    expect(container.querySelectorAll("circle.chart__point")).toHaveLength(2);
    expect(container.querySelectorAll("path.chart__corrected")).toHaveLength(1);
    expect(container.querySelector("path.chart__expected")).not.toBeNull();
    expect(container.querySelector("path.chart__target-date")).not.toBeNull();
  });
});

describe("StatusLabel", () => {
  it("says the status in text; the shape is decoration", () => {
    const { container } = render(<StatusLabel status="behind" />);
    expect(container.textContent).not.toBe("");
    expect(container.textContent).not.toContain("cockpit.");
    expect(container.querySelector("svg")?.getAttribute("aria-hidden")).toBe("true");
  });
});
