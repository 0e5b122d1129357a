-- +goose Up
-- A user supports a project at most once: the primary key guarantees it, not a read before the write.
-- projects.support_count is kept in the transaction that inserts or deletes a row (only when a row was
-- really inserted or deleted), so lists and sorting by supports need no COUNT.
CREATE TABLE project_supports (
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_supports_user_idx ON project_supports (user_id, project_id);
ALTER TABLE projects ADD COLUMN support_count BIGINT NOT NULL DEFAULT 0;
CREATE INDEX projects_support_count_idx ON projects (support_count DESC, id);

-- +goose Down
DROP INDEX projects_support_count_idx;
ALTER TABLE projects DROP COLUMN support_count;
DROP TABLE project_supports;
