import { cleanup } from "@testing-library/react";
import { afterEach, beforeAll } from "vitest";
import { loadBundles } from "./i18n";

// Component tests render parts of any feature: every feature's texts are there (i18n.test.tsx checks
// that each feature's pages get theirs through the router).
const features = Object.keys(import.meta.glob("./features/*/i18n/de.json")).map((p) => p.split("/")[2]!);
beforeAll(() => loadBundles(...features));

afterEach(() => cleanup());
