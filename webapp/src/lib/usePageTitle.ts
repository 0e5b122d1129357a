import { useEffect } from "react";

/** usePageTitle sets the document title to "<title> – Digitalrat". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title === "Digitalrat" ? title : `${title} – Digitalrat`;
  }, [title]);
}
