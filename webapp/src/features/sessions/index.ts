// The public entry of the sessions feature: its pages are routes of their own (see app/router.tsx).
export { SessionsPage } from "./components/SessionsPage";
export { SessionRoomPage } from "./components/SessionRoomPage";
