// The public entry of the polls feature: the project page shows a project's polls, the session room the
// polls of the active agenda item; CreateAgendaPollForm lets the room's moderators open one.
export { PollList, PollsSection } from "./components/PollsSection";
export { CreateAgendaPollForm } from "./components/CreateAgendaPollForm";
