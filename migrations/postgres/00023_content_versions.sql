-- +goose Up
-- Cached comment pages (internal/comments, issue 14) are checked against the outbox: every write that
-- changes what a page shows appends an event on the page's topics. Changes to an account show on every
-- page with a comment of it (its display name, the badges of its roles, affiliation and department; a
-- deleted account shows no author) and append no event, so these triggers move a version instead, in
-- the transaction of the change, whichever code made it.
CREATE TABLE content_versions (
    scope   TEXT   PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO content_versions (scope, version) VALUES ('authors', 0);

-- +goose StatementBegin
CREATE FUNCTION content_versions_authors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_versions SET version = version + 1 WHERE scope = 'authors';
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER content_versions_authors_update AFTER UPDATE OF display_name, roles, affiliation, department ON users
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.roles IS DISTINCT FROM NEW.roles
        OR OLD.affiliation IS DISTINCT FROM NEW.affiliation OR OLD.department IS DISTINCT FROM NEW.department)
    EXECUTE FUNCTION content_versions_authors();
CREATE TRIGGER content_versions_authors_delete AFTER DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION content_versions_authors();

-- +goose Down
DROP TRIGGER content_versions_authors_delete ON users;
DROP TRIGGER content_versions_authors_update ON users;
DROP FUNCTION content_versions_authors();
DROP TABLE content_versions;
