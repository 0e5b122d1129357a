-- +goose NO TRANSACTION
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
    updated_at DATETIME NOT NULL
);

CREATE TABLE session_minutes_versions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id        BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    number            INTEGER NOT NULL,
    public_markdown   TEXT NOT NULL,
    public_html       TEXT NOT NULL,
    internal_markdown TEXT NOT NULL,
    internal_html     TEXT NOT NULL,
    published_by      BIGINT REFERENCES users (id) ON DELETE SET NULL,
    published_at      DATETIME NOT NULL,
    UNIQUE (session_id, number)
);

-- The statements of the Digitalrat on projects: the decision of an agenda item that links a project
-- becomes a comment of kind council_decision once per distinct decision text.
CREATE TABLE council_decisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id    BIGINT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    comment_id BIGINT REFERENCES comments (id) ON DELETE SET NULL,
    decision   TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX council_decisions_item_idx ON council_decisions (item_id, project_id, id);

-- SQLite cannot change a CHECK constraint: the comments table is rebuilt (the documented procedure:
-- foreign keys off, new table, copy, drop, rename, indexes, foreign keys on), which is why this
-- migration runs outside a transaction (PRAGMA foreign_keys is a no-op inside one).
PRAGMA foreign_keys = OFF;
CREATE TABLE comments_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_id      BIGINT REFERENCES documents (id) ON DELETE CASCADE,
    document_version INTEGER,
    block_id         TEXT,
    parent_id        BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    depth            INTEGER NOT NULL DEFAULT 0,
    author_id        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body             TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    stance           TEXT CHECK (stance IN ('pro', 'contra', 'neutral')),
    kind             TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'question', 'official_response', 'council_decision')),
    channel          TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'letter', 'phone', 'in_person')),
    submitter_name   TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'hidden', 'removed')),
    edited_at        DATETIME,
    deleted_at       DATETIME,
    up_count         INTEGER NOT NULL DEFAULT 0,
    down_count       INTEGER NOT NULL DEFAULT 0,
    reply_count      INTEGER NOT NULL DEFAULT 0,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    hidden_reason    TEXT,
    department       TEXT,
    question_status  TEXT CHECK (question_status IN ('open', 'in_progress', 'answered')),
    taken_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    taken_at         DATETIME,
    first_response_at DATETIME,
    appealed_at      DATETIME,
    received_at      TEXT
);
INSERT INTO comments_new (id, project_id, document_id, document_version, block_id, parent_id, depth, author_id, body, body_html, stance, kind, channel, submitter_name, status, edited_at, deleted_at, up_count, down_count, reply_count, created_at, updated_at, hidden_reason, department, question_status, taken_by, taken_at, first_response_at, appealed_at, received_at) SELECT id, project_id, document_id, document_version, block_id, parent_id, depth, author_id, body, body_html, stance, kind, channel, submitter_name, status, edited_at, deleted_at, up_count, down_count, reply_count, created_at, updated_at, hidden_reason, department, question_status, taken_by, taken_at, first_response_at, appealed_at, received_at FROM comments;
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
CREATE INDEX comments_project_top_idx ON comments (project_id, id) WHERE parent_id IS NULL;
CREATE INDEX comments_project_score_idx ON comments (project_id, (up_count - down_count) DESC, id) WHERE parent_id IS NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, id);
CREATE INDEX comments_block_idx ON comments (document_id, block_id, id);
CREATE INDEX comments_author_idx ON comments (author_id);
CREATE INDEX comments_questions_idx ON comments (kind, question_status, id);
CREATE INDEX comments_project_status_idx ON comments (project_id, status);
PRAGMA foreign_keys = ON;

-- +goose Down
DROP TABLE council_decisions;
DROP TABLE session_minutes_versions;
DROP TABLE session_minutes_drafts;
PRAGMA foreign_keys = OFF;
CREATE TABLE comments_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    document_id      BIGINT REFERENCES documents (id) ON DELETE CASCADE,
    document_version INTEGER,
    block_id         TEXT,
    parent_id        BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    depth            INTEGER NOT NULL DEFAULT 0,
    author_id        BIGINT REFERENCES users (id) ON DELETE SET NULL,
    body             TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    stance           TEXT CHECK (stance IN ('pro', 'contra', 'neutral')),
    kind             TEXT NOT NULL DEFAULT 'comment' CHECK (kind IN ('comment', 'question', 'official_response')),
    channel          TEXT NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'letter', 'phone', 'in_person')),
    submitter_name   TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'pending', 'hidden', 'removed')),
    edited_at        DATETIME,
    deleted_at       DATETIME,
    up_count         INTEGER NOT NULL DEFAULT 0,
    down_count       INTEGER NOT NULL DEFAULT 0,
    reply_count      INTEGER NOT NULL DEFAULT 0,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL,
    hidden_reason    TEXT,
    department       TEXT,
    question_status  TEXT CHECK (question_status IN ('open', 'in_progress', 'answered')),
    taken_by         BIGINT REFERENCES users (id) ON DELETE SET NULL,
    taken_at         DATETIME,
    first_response_at DATETIME,
    appealed_at      DATETIME,
    received_at      TEXT
);
INSERT INTO comments_new (id, project_id, document_id, document_version, block_id, parent_id, depth, author_id, body, body_html, stance, kind, channel, submitter_name, status, edited_at, deleted_at, up_count, down_count, reply_count, created_at, updated_at, hidden_reason, department, question_status, taken_by, taken_at, first_response_at, appealed_at, received_at) SELECT id, project_id, document_id, document_version, block_id, parent_id, depth, author_id, body, body_html, stance, kind, channel, submitter_name, status, edited_at, deleted_at, up_count, down_count, reply_count, created_at, updated_at, hidden_reason, department, question_status, taken_by, taken_at, first_response_at, appealed_at, received_at FROM comments WHERE kind <> 'council_decision';
DROP TABLE comments;
ALTER TABLE comments_new RENAME TO comments;
CREATE INDEX comments_project_top_idx ON comments (project_id, id) WHERE parent_id IS NULL;
CREATE INDEX comments_project_score_idx ON comments (project_id, (up_count - down_count) DESC, id) WHERE parent_id IS NULL;
CREATE INDEX comments_parent_idx ON comments (parent_id, id);
CREATE INDEX comments_block_idx ON comments (document_id, block_id, id);
CREATE INDEX comments_author_idx ON comments (author_id);
CREATE INDEX comments_questions_idx ON comments (kind, question_status, id);
CREATE INDEX comments_project_status_idx ON comments (project_id, status);
PRAGMA foreign_keys = ON;
