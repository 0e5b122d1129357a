// A KPI status as text with a shape in front of it: never colour alone. The shape is decoration
// (aria-hidden); the text says the status.
import { useTranslation } from "react-i18next";
import type { KpiStatus } from "../api/cockpit";

export function StatusIcon({ status }: { status: KpiStatus }) {
  return (
    <svg className={`status-icon status-icon--${status}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {status === "reached" && (
        <>
          <circle cx={8} cy={8} r={7} />
          <path d="M4.5,8.5 L7,11 L11.5,5.5" className="status-icon__mark" />
        </>
      )}
      {status === "on_track" && <path d="M8,1.5 L14.5,14 L1.5,14 Z" />}
      {status === "behind" && (
        <>
          <rect x={1.5} y={1.5} width={13} height={13} />
          <path d="M8,4 L8,9.5 M8,11.5 L8,12.5" className="status-icon__mark" />
        </>
      )}
      {status === "no_data" && <circle cx={8} cy={8} r={6} className="status-icon__hollow" />}
    </svg>
  );
}

export function StatusLabel({ status }: { status: KpiStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-label status-label--${status}`}>
      <StatusIcon status={status} />
      <span>{t(`cockpit.kpiStatus.${status}`)}</span>
    </span>
  );
}
