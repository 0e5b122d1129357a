-- +goose Up
-- Comment counts per project (project lists, the project page, GET /comment-counts) filter by project and
-- status; the older indexes cover only top-level comments or one document block.
CREATE INDEX comments_project_status_idx ON comments (project_id, status);

-- +goose Down
DROP INDEX comments_project_status_idx;
