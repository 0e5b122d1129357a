// The public entry of the errors feature: other pages show the not-found page for a 404 of their resource.
export { NotFoundPage } from "./components/NotFoundPage";
