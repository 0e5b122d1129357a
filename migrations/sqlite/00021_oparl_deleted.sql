-- +goose Up
-- OParl (issue 12): a main object that was once served and is gone must still answer, with deleted: true,
-- modified = the time it went and nothing else (OParl 1.1, "Gelöschte Objekte"). This table remembers
-- them. Triggers write it, so that every way a session turns non-public or a council member disappears
-- (consent withdrawn, council role taken, account disabled or deleted) is caught, whichever service
-- made the change; and an object that becomes visible again loses its entry. Only what was visible
-- before is recorded: a session that was never public leaves no trace.
-- kind: meeting, file (a published minutes version of the meeting) or person.
CREATE TABLE oparl_deleted (
    kind       TEXT     NOT NULL,
    object_id  INTEGER  NOT NULL,
    created_at DATETIME NOT NULL,
    deleted_at DATETIME NOT NULL,
    PRIMARY KEY (kind, object_id)
);
CREATE INDEX oparl_deleted_kind_deleted_at ON oparl_deleted (kind, deleted_at);

-- +goose StatementBegin
CREATE TRIGGER oparl_session_hidden AFTER UPDATE OF visibility ON sessions
WHEN OLD.visibility = 'public' AND NEW.visibility <> 'public'
BEGIN
    INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
    VALUES ('meeting', NEW.id, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
    INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
    SELECT 'file', id, published_at, NEW.updated_at FROM session_minutes_versions WHERE session_id = NEW.id
    ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER oparl_session_shown AFTER UPDATE OF visibility ON sessions
WHEN OLD.visibility <> 'public' AND NEW.visibility = 'public'
BEGIN
    DELETE FROM oparl_deleted WHERE (kind = 'meeting' AND object_id = NEW.id)
        OR (kind = 'file' AND object_id IN (SELECT id FROM session_minutes_versions WHERE session_id = NEW.id));
END;
-- +goose StatementEnd

-- A person is visible while they agreed, are enabled and hold the council role (roles is a
-- comma-separated list; no role name contains another) — the same rule as store.OParl.persons.
-- +goose StatementBegin
CREATE TRIGGER oparl_person_hidden AFTER UPDATE ON users
WHEN (OLD.oparl_consent AND OLD.disabled_at IS NULL AND OLD.roles LIKE '%council%')
    AND NOT (NEW.oparl_consent AND NEW.disabled_at IS NULL AND NEW.roles LIKE '%council%')
BEGIN
    INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
    VALUES ('person', NEW.id, NEW.created_at, NEW.updated_at)
    ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER oparl_person_shown AFTER UPDATE ON users
WHEN NOT (OLD.oparl_consent AND OLD.disabled_at IS NULL AND OLD.roles LIKE '%council%')
    AND (NEW.oparl_consent AND NEW.disabled_at IS NULL AND NEW.roles LIKE '%council%')
BEGIN
    DELETE FROM oparl_deleted WHERE kind = 'person' AND object_id = NEW.id;
END;
-- +goose StatementEnd

-- The account deletion sets updated_at to the time of deletion just before it deletes the row.
-- +goose StatementBegin
CREATE TRIGGER oparl_person_removed AFTER DELETE ON users
WHEN OLD.oparl_consent AND OLD.disabled_at IS NULL AND OLD.roles LIKE '%council%'
BEGIN
    INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
    VALUES ('person', OLD.id, OLD.created_at, OLD.updated_at)
    ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER oparl_person_removed;
DROP TRIGGER oparl_person_shown;
DROP TRIGGER oparl_person_hidden;
DROP TRIGGER oparl_session_shown;
DROP TRIGGER oparl_session_hidden;
DROP TABLE oparl_deleted;
