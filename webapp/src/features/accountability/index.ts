// The public entry of the accountability feature: the project page shows a project's response times.
export { ProjectResponseTimes } from "./components/ProjectResponseTimes";
