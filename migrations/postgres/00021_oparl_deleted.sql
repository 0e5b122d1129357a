-- +goose Up
-- OParl (issue 12): a main object that was once served and is gone must still answer, with deleted: true,
-- modified = the time it went and nothing else (OParl 1.1, "Gelöschte Objekte"). This table remembers
-- them. Triggers write it, so that every way a session turns non-public or a council member disappears
-- (consent withdrawn, council role taken, account disabled or deleted) is caught, whichever service
-- made the change; and an object that becomes visible again loses its entry. Only what was visible
-- before is recorded: a session that was never public leaves no trace.
-- kind: meeting, file (a published minutes version of the meeting) or person.
CREATE TABLE oparl_deleted (
    kind       TEXT        NOT NULL,
    object_id  BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, object_id)
);
CREATE INDEX oparl_deleted_kind_deleted_at ON oparl_deleted (kind, deleted_at);

-- +goose StatementBegin
CREATE FUNCTION oparl_session_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.visibility = 'public' AND NEW.visibility <> 'public' THEN
        INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
        VALUES ('meeting', NEW.id, NEW.created_at, NEW.updated_at)
        ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
        INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
        SELECT 'file', id, published_at, NEW.updated_at FROM session_minutes_versions WHERE session_id = NEW.id
        ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
    ELSIF OLD.visibility <> 'public' AND NEW.visibility = 'public' THEN
        DELETE FROM oparl_deleted WHERE (kind = 'meeting' AND object_id = NEW.id)
            OR (kind = 'file' AND object_id IN (SELECT id FROM session_minutes_versions WHERE session_id = NEW.id));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER oparl_session_visibility AFTER UPDATE OF visibility ON sessions
    FOR EACH ROW EXECUTE FUNCTION oparl_session_visibility();

-- A person is visible while they agreed, are enabled and hold the council role (roles is a
-- comma-separated list; no role name contains another) — the same rule as store.OParl.persons.
-- The account deletion sets updated_at to the time of deletion just before it deletes the row.
-- +goose StatementBegin
CREATE FUNCTION oparl_person_visibility() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := OLD.oparl_consent AND OLD.disabled_at IS NULL AND OLD.roles LIKE '%council%';
    now_visible BOOLEAN := FALSE;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        now_visible := NEW.oparl_consent AND NEW.disabled_at IS NULL AND NEW.roles LIKE '%council%';
    END IF;
    IF was AND NOT now_visible THEN
        INSERT INTO oparl_deleted (kind, object_id, created_at, deleted_at)
        VALUES ('person', OLD.id, OLD.created_at, CASE WHEN TG_OP = 'UPDATE' THEN NEW.updated_at ELSE OLD.updated_at END)
        ON CONFLICT (kind, object_id) DO UPDATE SET deleted_at = excluded.deleted_at;
    ELSIF now_visible AND NOT was THEN
        DELETE FROM oparl_deleted WHERE kind = 'person' AND object_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER oparl_person_visibility AFTER UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION oparl_person_visibility();

-- +goose Down
DROP TRIGGER oparl_person_visibility ON users;
DROP FUNCTION oparl_person_visibility();
DROP TRIGGER oparl_session_visibility ON sessions;
DROP FUNCTION oparl_session_visibility();
DROP TABLE oparl_deleted;
