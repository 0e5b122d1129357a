-- +goose Up
-- Minutes of sessions (issue 12). The editable draft of a session is one row: its sections (JSON: one
-- per agenda item plus the session's header, keyed "header" and "item:<id>") with a version for
-- If-Match. Every publication is a new, never changed row of session_minutes_versions holding both
-- renderings: the public one (confidential items reduced to their title, generated from the sections)
-- and the internal one (council, moderators, officials, admins).
CREATE TABLE session_minutes_drafts (
    session_id BIGINT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    sections   TEXT NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE session_minutes_versions (
    id                BIGSERIAL PRIMARY KEY,
    session_id        BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    public_markdown   TEXT NOT NULL,
    public_html       TEXT NOT NULL,
    internal_markdown TEXT NOT NULL,
    internal_html     TEXT NOT NULL,
    published_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (session_id, number)
);

-- The statements of the Digitalrat on projects: the decision of an agenda item that links a project
-- becomes a comment of kind council_decision once per distinct decision text.
CREATE TABLE council_decisions (
    id         BIGSERIAL PRIMARY KEY,
    item_id    BIGINT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE SET NULL,
    decision   TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX council_decisions_item_idx ON council_decisions (item_id, project_id, id);

ALTER TABLE comments DROP CONSTRAINT comments_kind_check;
ALTER TABLE comments ADD CONSTRAINT comments_kind_check
    CHECK (kind IN ('comment', 'question', 'official_response', 'council_decision'));

-- +goose Down
ALTER TABLE comments DROP CONSTRAINT comments_kind_check;
DELETE FROM comments WHERE kind = 'council_decision';
ALTER TABLE comments ADD CONSTRAINT comments_kind_check CHECK (kind IN ('comment', 'question', 'official_response'));
DROP TABLE council_decisions;
DROP TABLE session_minutes_versions;
DROP TABLE session_minutes_drafts;
