// The public entry of the polls feature: the project page shows a project's polls.
export { PollsSection } from "./components/PollsSection";
