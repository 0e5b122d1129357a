-- +goose Up
-- KPIs of projects (issue 13) and their dated measurements. Baseline and target are a value and a date
-- (YYYY-MM-DD, stored as text like the project dates); version is the If-Match version of PATCH.
CREATE TABLE kpis (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id     BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    unit           TEXT NOT NULL DEFAULT '',
    direction      TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    baseline_value REAL NOT NULL,
    baseline_date  TEXT NOT NULL,
    target_value   REAL NOT NULL,
    target_date    TEXT NOT NULL,
    principle      TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL,
    CHECK (target_date > baseline_date)
);
CREATE INDEX kpis_project_idx ON kpis (project_id, id);

-- A published measurement is never changed or deleted: a correction is a new row naming the row it
-- corrects. The unique index lets each row be corrected once (a second correction corrects the first
-- correction), so "the current figure" is always the one row of a chain that nothing corrects.
CREATE TABLE kpi_measurements (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kpi_id      BIGINT NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    value       REAL NOT NULL,
    measured_at TEXT NOT NULL,
    source      TEXT NOT NULL,
    source_url  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    corrects    BIGINT REFERENCES kpi_measurements (id) ON DELETE CASCADE,
    created_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX kpi_measurements_kpi_idx ON kpi_measurements (kpi_id, measured_at DESC, id DESC);
CREATE UNIQUE INDEX kpi_measurements_corrects_idx ON kpi_measurements (corrects) WHERE corrects IS NOT NULL;

-- +goose Down
DROP TABLE kpi_measurements;
DROP TABLE kpis;
