// The public entry of the evaluations feature: the project page shows the evaluation of the current cycle.
export { EvaluationSection } from "./components/EvaluationSection";
