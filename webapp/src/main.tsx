import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./app/styles.css";
import { ready } from "./i18n";
import { App } from "./app/App";
import { session } from "./lib/api/client";

void session.restore();
// English texts load first when English is the language; German ones are in this bundle already.
void ready.then(() =>
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
