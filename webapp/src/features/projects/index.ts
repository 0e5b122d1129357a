// The public entry of the projects feature, for the pages of other features that show a project.
export { projectQuery, useProject, type Project, type ProjectSummary } from "./api/projects";
export { useNewestProjects } from "./api/newestProjects";
export { ProjectCard } from "./components/ProjectCard";
