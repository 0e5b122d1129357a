-- +goose Up
-- Cached project lists and project pages (internal/projects, issue 14) show the priority score, which
-- the evaluations of the current cycle move; evaluations append no event, so these triggers move the
-- 'evaluations' version instead, in the transaction of the change, whichever code made it (one bump
-- per statement). Which cycle is current is read with the version itself (store.ProjectsVersion).
INSERT INTO content_versions (scope, version) VALUES ('evaluations', 0);

-- +goose StatementBegin
CREATE FUNCTION content_versions_evaluations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'evaluations';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER content_versions_evaluations AFTER INSERT OR UPDATE OR DELETE ON evaluations
    FOR EACH STATEMENT EXECUTE FUNCTION content_versions_evaluations();
CREATE TRIGGER content_versions_evaluation_scores AFTER INSERT OR UPDATE OR DELETE ON evaluation_scores
    FOR EACH STATEMENT EXECUTE FUNCTION content_versions_evaluations();

-- +goose Down
DROP TRIGGER content_versions_evaluation_scores ON evaluation_scores;
DROP TRIGGER content_versions_evaluations ON evaluations;
DROP FUNCTION content_versions_evaluations();
DELETE FROM content_versions WHERE scope = 'evaluations';
