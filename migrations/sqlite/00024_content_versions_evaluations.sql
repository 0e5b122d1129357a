-- +goose Up
-- See migrations/postgres/00024_content_versions_evaluations.sql: evaluations move the 'evaluations'
-- version that cached project lists and pages are checked against.
INSERT INTO content_versions (scope, version) VALUES ('evaluations', 0);

-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluations_insert AFTER INSERT ON evaluations
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluations_update AFTER UPDATE ON evaluations
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluations_delete AFTER DELETE ON evaluations
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluation_scores_insert AFTER INSERT ON evaluation_scores
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluation_scores_update AFTER UPDATE ON evaluation_scores
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_evaluation_scores_delete AFTER DELETE ON evaluation_scores
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER content_versions_evaluations_insert;
DROP TRIGGER content_versions_evaluations_update;
DROP TRIGGER content_versions_evaluations_delete;
DROP TRIGGER content_versions_evaluation_scores_insert;
DROP TRIGGER content_versions_evaluation_scores_update;
DROP TRIGGER content_versions_evaluation_scores_delete;
DELETE FROM content_versions WHERE scope = 'evaluations';
