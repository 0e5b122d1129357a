import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./app/styles.css";
import "./i18n";
import { App } from "./app/App";
import { session } from "./lib/api/client";

void session.restore();
createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
