import { describe, expect, it } from "vitest";
import { commentHref, linkedCommentId } from "./comment";

describe("comment links", () => {
  it("points at the project or the document page", () => {
    expect(commentHref({ project_slug: "a-b" }, "12")).toBe("/projekte/a-b#comment-12");
    expect(commentHref({ project_slug: "a-b", document_id: "7" }, "12")).toBe("/dokumente/7#comment-12");
  });
  it("reads the id back", () => {
    expect(linkedCommentId("#comment-12")).toBe("12");
    expect(linkedCommentId("#block-x")).toBeNull();
    expect(linkedCommentId("")).toBeNull();
  });
});
