-- +goose Up
-- See migrations/postgres/00023_content_versions.sql: account changes that show on comment pages move
-- the 'authors' version that cached pages are checked against.
CREATE TABLE content_versions (
    scope   TEXT    PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO content_versions (scope, version) VALUES ('authors', 0);

-- +goose StatementBegin
CREATE TRIGGER content_versions_authors_update AFTER UPDATE OF display_name, roles, affiliation, department ON users
    FOR EACH ROW WHEN OLD.display_name IS NOT NEW.display_name OR OLD.roles IS NOT NEW.roles
        OR OLD.affiliation IS NOT NEW.affiliation OR OLD.department IS NOT NEW.department
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'authors';
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER content_versions_authors_delete AFTER DELETE ON users
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'authors';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER content_versions_authors_delete;
DROP TRIGGER content_versions_authors_update;
DROP TABLE content_versions;
