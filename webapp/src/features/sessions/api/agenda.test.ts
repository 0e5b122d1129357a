import { describe, expect, it } from "vitest";
import { canModerateQuestions, moved } from "./agenda";
import { parseSeconds } from "../components/ItemForms";

describe("moved", () => {
  it("moves an item one place up or down", () => {
    expect(moved(["a", "b", "c"], "c", "up")).toEqual(["a", "c", "b"]);
    expect(moved(["a", "b", "c"], "a", "down")).toEqual(["b", "a", "c"]);
  });
  it("answers null at the edges and for an unknown item", () => {
    expect(moved(["a", "b"], "a", "up")).toBeNull();
    expect(moved(["a", "b"], "b", "down")).toBeNull();
    expect(moved(["a", "b"], "x", "up")).toBeNull();
  });
});

describe("parseSeconds", () => {
  it("reads empty as none, digits as seconds, the rest as invalid", () => {
    expect(parseSeconds(" ")).toBeNull();
    expect(parseSeconds("180")).toBe(180);
    expect(parseSeconds("3 min")).toBeUndefined();
    expect(parseSeconds("-5")).toBeUndefined();
  });
});

describe("canModerateQuestions", () => {
  const base = { edit: true, start: true, close: true, manage_agenda: true, manage_speakers: true, mark_attendance: true, check_in: false, request_speech: false };
  it("follows moderate_questions, not manage_agenda", () => {
    expect(canModerateQuestions({ ...base, moderate_questions: false })).toBe(false);
    expect(canModerateQuestions({ ...base, manage_agenda: false, moderate_questions: true })).toBe(true);
  });
});
