-- +goose Up
-- Evaluation cycles (issue 11). A cycle has open and close times and criteria (comma-joined, e.g. the five
-- principles and "overall"); it covers every project (all_projects) or those listed in
-- evaluation_cycle_projects. One evaluation per cycle, project and user (the unique key is what the upsert
-- of PUT …/evaluation conflicts on, so parallel writes of one user leave one row). grp (public | council)
-- and affiliation are snapshotted when the evaluation is written: results stay as they were given even
-- when a role changes later. Deleting an account deletes its evaluations (like its votes).
CREATE TABLE evaluation_cycles (
    id           BIGSERIAL PRIMARY KEY,
    title        TEXT NOT NULL,
    opens_at     TIMESTAMPTZ NOT NULL,
    closes_at    TIMESTAMPTZ NOT NULL,
    criteria     TEXT NOT NULL,
    all_projects BOOLEAN NOT NULL DEFAULT TRUE,
    created_by   BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    CHECK (opens_at < closes_at)
);
CREATE INDEX evaluation_cycles_opens_idx ON evaluation_cycles (opens_at DESC, id DESC);

CREATE TABLE evaluation_cycle_projects (
    cycle_id   BIGINT NOT NULL REFERENCES evaluation_cycles (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    PRIMARY KEY (cycle_id, project_id)
);

CREATE TABLE evaluations (
    id          BIGSERIAL PRIMARY KEY,
    cycle_id    BIGINT NOT NULL REFERENCES evaluation_cycles (id) ON DELETE CASCADE,
    project_id  BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    grp         TEXT NOT NULL CHECK (grp IN ('public', 'council')),
    affiliation TEXT NOT NULL DEFAULT '',
    comment     TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (cycle_id, project_id, user_id)
);
CREATE INDEX evaluations_project_idx ON evaluations (cycle_id, project_id, grp);

CREATE TABLE evaluation_scores (
    evaluation_id BIGINT NOT NULL REFERENCES evaluations (id) ON DELETE CASCADE,
    criterion     TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    PRIMARY KEY (evaluation_id, criterion)
);

-- +goose Down
DROP TABLE evaluation_scores;
DROP TABLE evaluations;
DROP TABLE evaluation_cycle_projects;
DROP TABLE evaluation_cycles;
